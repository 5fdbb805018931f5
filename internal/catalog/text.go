package catalog

import (
	"slices"
	"strings"
)

// Text is a string given in one or more languages, keyed by language.
type Text map[Lang]string

// Langs lists the languages the text exists in, in Languages order.
func (t Text) Langs() []Lang {
	var out []Lang
	for _, l := range Languages {
		if t[l] != "" {
			out = append(out, l)
		}
	}
	return out
}

// normalize trims every value and drops empty ones.
func (t Text) normalize() Text {
	if len(t) == 0 {
		return nil
	}
	out := make(Text, len(t))
	for l, s := range t {
		if s = strings.TrimSpace(s); s != "" {
			out[l] = s
		}
	}
	return out
}

// validate checks the language keys and, if required, that there is at
// least one non-empty value.
func (t Text) validate(v *validator, field string, required bool, max int) {
	keys := make([]string, 0, len(t))
	for l := range t {
		keys = append(keys, string(l))
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !Lang(k).Valid() {
			v.add(field+"."+k, CodeUnknownLanguage, "unknown language %q (want one of %s)", k, languageList())
			continue
		}
		if max > 0 && len(t[Lang(k)]) > max {
			v.add(field+"."+k, CodeTooLong, "longer than %d bytes", max)
		}
	}
	if required && len(t) == 0 {
		v.add(field, CodeRequired, "required in at least one language")
	}
}
