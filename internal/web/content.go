package web

import (
	"strings"

	"plenary/internal/catalog"
)

// Shown is a piece of content in the language it is shown in, which may
// differ from the interface language when no version in that exists.
type Shown struct {
	Text string
	Lang catalog.Lang
	// Other says the content is not in the interface language: the
	// template marks it with lang and isolates it.
	Other bool
}

// fallbackOrder is the order in which languages stand in for a missing one.
var fallbackOrder = []catalog.Lang{catalog.English, catalog.French, catalog.Spanish, catalog.Russian, catalog.Chinese, catalog.Arabic, catalog.Portuguese}

// Pick returns the text in the interface language, else in the first of
// English, French, Spanish, … that it has.
func (t *T) Pick(tx catalog.Text) Shown {
	if s, ok := tx[t.Lang]; ok && s != "" {
		return Shown{Text: s, Lang: t.Lang}
	}
	for _, l := range fallbackOrder {
		if s, ok := tx[l]; ok && s != "" {
			return Shown{Text: s, Lang: l, Other: true}
		}
	}
	return Shown{Lang: t.Lang}
}

// Version returns the version of d to show: in the interface language if
// it exists, else as Pick chooses.
func (t *T) Version(d *catalog.Document) *catalog.Version {
	if v, ok := d.Version(t.Lang); ok {
		return v
	}
	for _, l := range fallbackOrder {
		if v, ok := d.Version(l); ok {
			return v
		}
	}
	return nil
}

// Title is the title of d to show.
func (t *T) Title(d *catalog.Document) Shown {
	v := t.Version(d)
	if v == nil {
		return Shown{Text: d.ID, Lang: t.Lang}
	}
	return Shown{Text: v.Title, Lang: v.Lang, Other: v.Lang != t.Lang}
}

// Label returns the name of a value from one of the catalogue's lists
// (kind "doctype", "status", "category", "distribution", "relation",
// "mode", "session_status", "subject"). A value the interface does not
// know, such as a new subject, shows as written, dashes as spaces.
func (t *T) Label(kind, value string) string {
	id := kind + "." + value
	if s := t.S(id); s != id {
		return s
	}
	return strings.ReplaceAll(value, "-", " ")
}

// BodyName is a body's short name if it has one, else its name.
func (t *T) BodyName(b *catalog.Body) Shown {
	if b == nil {
		return Shown{}
	}
	if s := t.Pick(b.ShortName); s.Text != "" && !s.Other {
		return s
	}
	return t.Pick(b.Name)
}

// FileURL is the address of the file of a document's version, always
// served as a download.
func (t *T) FileURL(id string, l catalog.Lang) string {
	return "/api/v1/documents/" + joinPath(id) + "/versions/" + string(l) + "/file"
}

// VersionIn returns d's version in l, or nil.
func (t *T) VersionIn(d *catalog.Document, l catalog.Lang) *catalog.Version {
	v, _ := d.Version(l)
	return v
}

// Shown returns a version's title as content in its language.
func (t *T) Shown(v *catalog.Version) Shown {
	return Shown{Text: v.Title, Lang: v.Lang, Other: v.Lang != t.Lang}
}

// LangName is the name of the language with code s, or s itself.
func (t *T) LangName(s string) string {
	if l, ok := catalog.ParseLang(s); ok {
		return t.Name(l)
	}
	return s
}

// LangNames names languages in the interface language, joined by commas.
func (t *T) LangNames(ls []catalog.Lang) string {
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = t.Name(l)
	}
	return strings.Join(names, t.S("list.sep"))
}
