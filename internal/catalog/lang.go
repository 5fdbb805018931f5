package catalog

import "strings"

// Lang is a content and interface language: one of the six official
// languages of the United Nations plus Portuguese.
type Lang string

// The seven languages, with their ISO 639-1 codes.
const (
	Arabic     Lang = "ar"
	Chinese    Lang = "zh"
	English    Lang = "en"
	French     Lang = "fr"
	Russian    Lang = "ru"
	Spanish    Lang = "es"
	Portuguese Lang = "pt"
)

// Languages lists the seven languages in United Nations order (the six
// official languages in English alphabetical order, then Portuguese).
var Languages = []Lang{Arabic, Chinese, English, French, Russian, Spanish, Portuguese}

var langInfo = map[Lang]struct {
	letter, native, english string
}{
	Arabic:     {"A", "العربية", "Arabic"},
	Chinese:    {"C", "中文", "Chinese"},
	English:    {"E", "English", "English"},
	French:     {"F", "Français", "French"},
	Russian:    {"R", "Русский", "Russian"},
	Spanish:    {"S", "Español", "Spanish"},
	Portuguese: {"P", "Português", "Portuguese"},
}

// ParseLang returns the language for a code such as "fr", "FR", "zh-Hans"
// or "pt-BR": the language subtag decides. It reports false for anything
// that is not one of the seven languages.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s, _, _ = strings.Cut(s, "-")
	l := Lang(s)
	if _, ok := langInfo[l]; !ok {
		return "", false
	}
	return l, true
}

// Valid reports whether l is one of the seven languages.
func (l Lang) Valid() bool {
	_, ok := langInfo[l]
	return ok
}

// RTL reports whether the language is written right to left.
func (l Lang) RTL() bool { return l == Arabic }

// Letter is the one-letter abbreviation used in UN language tables
// (A, C, E, F, R, S, and P for Portuguese).
func (l Lang) Letter() string { return langInfo[l].letter }

// Native is the name of the language in that language.
func (l Lang) Native() string { return langInfo[l].native }

// EnglishName is the name of the language in English.
func (l Lang) EnglishName() string { return langInfo[l].english }

// Official reports whether the language is an official language of the
// United Nations (Portuguese versions are translations, not official texts).
func (l Lang) Official() bool { return l.Valid() && l != Portuguese }

// Index is the position of l in Languages, or len(Languages) if l is not valid.
func (l Lang) Index() int {
	for i, x := range Languages {
		if x == l {
			return i
		}
	}
	return len(Languages)
}

func languageList() string {
	codes := make([]string, len(Languages))
	for i, l := range Languages {
		codes[i] = string(l)
	}
	return strings.Join(codes, ", ")
}
