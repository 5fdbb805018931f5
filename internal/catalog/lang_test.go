package catalog_test

import (
	"testing"

	"plenary/internal/catalog"
)

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want catalog.Lang
		ok   bool
	}{
		{"fr", catalog.French, true},
		{"FR", catalog.French, true},
		{" en ", catalog.English, true},
		{"ar", catalog.Arabic, true},
		{"ru", catalog.Russian, true},
		{"es", catalog.Spanish, true},
		{"zh", catalog.Chinese, true},
		{"zh-Hans", catalog.Chinese, true},
		{"zh-Hant", catalog.Chinese, true},
		{"pt", catalog.Portuguese, true},
		{"pt-BR", catalog.Portuguese, true},
		{"pt-PT", catalog.Portuguese, true},
		// The language subtag decides.
		{"en-US", catalog.English, true},
		{"fr-CA", catalog.French, true},
		{"es-419", catalog.Spanish, true},
		{"de-CH", "", false},
		{"xx", "", false},
		{"de", "", false},
		{"eng", "", false},
		{"zh_Hans", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := catalog.ParseLang(tc.in)
			if ok != tc.ok || (ok && got != tc.want) {
				t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestLangProperties(t *testing.T) {
	tests := []struct {
		lang     catalog.Lang
		letter   string
		native   string
		english  string
		rtl      bool
		official bool
		index    int
	}{
		{catalog.Arabic, "A", "العربية", "Arabic", true, true, 0},
		{catalog.Chinese, "C", "中文", "Chinese", false, true, 1},
		{catalog.English, "E", "English", "English", false, true, 2},
		{catalog.French, "F", "Français", "French", false, true, 3},
		{catalog.Russian, "R", "Русский", "Russian", false, true, 4},
		{catalog.Spanish, "S", "Español", "Spanish", false, true, 5},
		{catalog.Portuguese, "P", "Português", "Portuguese", false, false, 6},
		{"xx", "", "", "", false, false, 7},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			l := tc.lang
			if l.Letter() != tc.letter || l.Native() != tc.native || l.EnglishName() != tc.english {
				t.Errorf("names = %q %q %q, want %q %q %q", l.Letter(), l.Native(), l.EnglishName(), tc.letter, tc.native, tc.english)
			}
			if l.RTL() != tc.rtl {
				t.Errorf("RTL() = %v, want %v", l.RTL(), tc.rtl)
			}
			if l.Official() != tc.official {
				t.Errorf("Official() = %v, want %v", l.Official(), tc.official)
			}
			if l.Index() != tc.index {
				t.Errorf("Index() = %d, want %d", l.Index(), tc.index)
			}
			if l.Valid() != (tc.index < 7) {
				t.Errorf("Valid() = %v", l.Valid())
			}
		})
	}
}
