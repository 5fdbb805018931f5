package bleveindex

import (
	"strings"

	"plenary/internal/catalog"
	"plenary/internal/symbol"
)

// The values of the audience field.
const (
	audiencePublic      = "public"      // published, not restricted
	audienceParticipant = "participant" // published and restricted
	audienceStaff       = "staff"       // drafts and withdrawn documents
)

// audienceOf says who may find d in search: anyone when it is published
// and not restricted; participants when it is published and restricted;
// staff only otherwise (drafts; withdrawn documents keep their page but
// leave search).
func audienceOf(d *catalog.Document) string {
	switch {
	case d.Status != catalog.Published:
		return audienceStaff
	case d.Distribution == catalog.Restricted:
		return audienceParticipant
	}
	return audiencePublic
}

// hiddenFrom lists the audience values a may not find. (Excluding the
// few hidden documents costs less than requiring the many public ones.)
func hiddenFrom(a catalog.Audience) []string {
	switch {
	case a >= catalog.Staff:
		return nil
	case a >= catalog.Participant:
		return []string{audienceStaff}
	}
	return []string{audienceParticipant, audienceStaff}
}

// entry is what the index holds of d.
func entry(d *catalog.Document) map[string]any {
	e := map[string]any{
		fType:         string(d.Type),
		fDate:         string(d.Date),
		fDistribution: string(d.Distribution),
		fAudience:     audienceOf(d),
	}
	set := func(name, v string) {
		if v != "" {
			e[name] = v
		}
	}
	set(fBody, d.Body)
	set(fSession, d.Session)
	if len(d.Date) >= 4 {
		e[fYear] = string(d.Date)[:4]
	}
	if len(d.Subjects) > 0 {
		e[fSubject] = d.Subjects
	}
	if sym, err := symbol.Parse(d.Symbol); err == nil {
		e[fSymbol] = sym.String()
		e[fSymbolPrefix] = sym.Prefixes()
	}
	langs := make([]string, 0, len(d.Versions))
	for _, v := range d.Versions {
		langs = append(langs, string(v.Lang))
		set(fTitle(v.Lang), v.Title)
		set(fText(v.Lang), strings.TrimSpace(v.Abstract+"\n\n"+v.Text))
	}
	e[fLang] = langs
	return e
}
