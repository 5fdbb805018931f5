package web_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"plenary/internal/catalog"
	"plenary/internal/web"
	"plenary/locales"
)

// messages maps each language to its messages by id.
func messages(t *testing.T) map[catalog.Lang]map[string]*i18n.Message {
	t.Helper()
	files, err := web.MessageFiles()
	if err != nil {
		t.Fatal(err)
	}
	out := map[catalog.Lang]map[string]*i18n.Message{}
	for lang, mf := range files {
		out[lang] = map[string]*i18n.Message{}
		for _, m := range mf.Messages {
			out[lang][m.ID] = m
		}
	}
	return out
}

// TestEveryLanguageHasEveryMessage fails when a locale lacks a message that
// English has, or has one that English does not.
func TestEveryLanguageHasEveryMessage(t *testing.T) {
	all := messages(t)
	en := all[catalog.English]
	if len(en) < 100 {
		t.Fatalf("English has only %d messages", len(en))
	}
	for _, lang := range catalog.Languages {
		t.Run(string(lang), func(t *testing.T) {
			for id := range en {
				if m, ok := all[lang][id]; !ok || m.Other == "" {
					t.Errorf("active.%s.toml lacks %q", lang, id)
				}
			}
			for id := range all[lang] {
				if _, ok := en[id]; !ok {
					t.Errorf("active.%s.toml has %q, which English does not", lang, id)
				}
			}
		})
	}
}

// TestPluralFormsFollowCLDR fails when a plural message lacks a form that
// the language's plural rules use (Arabic has six, Russian four).
func TestPluralFormsFollowCLDR(t *testing.T) {
	all := messages(t)
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	for _, lang := range catalog.Languages {
		if _, err := b.LoadMessageFileFS(locales.FS, "active."+string(lang)+".toml"); err != nil {
			t.Fatal(err)
		}
	}
	counts := []any{0, 1, 2, 3, 5, 11, 21, 100, 101, 1_000_000, "1.5"}
	for id, m := range all[catalog.English] {
		if m.One == "" {
			continue // not a plural message
		}
		for _, lang := range catalog.Languages {
			loc := i18n.NewLocalizer(b, string(lang))
			for _, n := range counts {
				if _, err := loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}}); err != nil {
					t.Errorf("%s %s, count %v: %v", lang, id, n, err)
				}
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// TestTranslationsKeepPlaceholders fails when a translation drops or
// misspells a value that the English message fills in.
func TestTranslationsKeepPlaceholders(t *testing.T) {
	all := messages(t)
	names := func(s string) []string {
		var out []string
		for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
		slices.Sort(out)
		return out
	}
	for id, m := range all[catalog.English] {
		if strings.HasPrefix(id, "date.") {
			continue // a date may be written with the month's name or its number
		}
		want := names(m.Other)
		for _, lang := range catalog.Languages {
			tr, ok := all[lang][id]
			if !ok {
				continue // reported by TestEveryLanguageHasEveryMessage
			}
			for _, form := range []string{tr.Zero, tr.One, tr.Two, tr.Few, tr.Many, tr.Other} {
				if form == "" {
					continue
				}
				got := names(form)
				if m.One != "" && len(got) == 0 && len(want) == 1 && want[0] == "Count" {
					continue // "one document" may spell the number out
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s %s: %q fills in %v, English fills in %v", lang, id, form, got, want)
				}
			}
		}
	}
}
