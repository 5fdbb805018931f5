package catalog_test

import (
	"strings"
	"testing"

	"plenary/internal/catalog"
)

func validBody() *catalog.Body {
	return &catalog.Body{
		Code:     "CTOC/COP/WG.4",
		Name:     catalog.Text{"en": "Working Group on Trafficking in Persons", "fr": "Groupe de travail sur la traite des personnes"},
		Parent:   "CTOC/COP",
		Category: catalog.CategoryWorkingGroup,
	}
}

func TestBodyValid(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *catalog.Body)
	}{
		{"as given", func(b *catalog.Body) {}},
		{"lower-case codes", func(b *catalog.Body) { b.Code, b.Parent = " ctoc/cop/wg.4 ", "ctoc/cop" }},
		{"no parent", func(b *catalog.Body) { b.Parent = "" }},
		{"short name and description", func(b *catalog.Body) {
			b.ShortName = catalog.Text{"en": "WG on TIP"}
			b.Description = catalog.Text{"en": strings.Repeat("Long description. ", 1000)}
		}},
		{"dash in code", func(b *catalog.Body) { b.Code = "A/ES-10" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := validBody()
			tc.edit(b)
			checkImport(t, b)
		})
	}
}

func TestBodyNormalize(t *testing.T) {
	b := validBody()
	b.Code, b.Parent = " ctoc/cop/wg.4 ", "ctoc/cop"
	b.Name = catalog.Text{"en": "  Working Group  ", "fr": "   "}
	b.Normalize()
	if b.Code != "CTOC/COP/WG.4" || b.Parent != "CTOC/COP" || b.Key() != "CTOC/COP/WG.4" {
		t.Errorf("code, parent, key = %q, %q, %q", b.Code, b.Parent, b.Key())
	}
	if len(b.Name) != 1 || b.Name["en"] != "Working Group" {
		t.Errorf("name = %q, want only en \"Working Group\"", b.Name)
	}
}

func TestBodyInvalid(t *testing.T) {
	tests := []struct {
		name string
		edit func(b *catalog.Body)
		want []string
	}{
		{"no code", func(b *catalog.Body) { b.Code = " " }, []string{"code required"}},
		{"space in code", func(b *catalog.Body) { b.Code = "CTOC COP" }, []string{"code invalid"}},
		{"empty element in code", func(b *catalog.Body) { b.Code = "CTOC//COP" }, []string{"code invalid"}},
		{"code too long", func(b *catalog.Body) { b.Code = strings.Repeat("A", 121) }, []string{"code too_long"}},
		{"no name", func(b *catalog.Body) { b.Name = nil }, []string{"name required"}},
		{"blank name", func(b *catalog.Body) { b.Name = catalog.Text{"en": "  "} }, []string{"name required"}},
		{"unknown language in name", func(b *catalog.Body) { b.Name["xx"] = "Groupe" }, []string{"name.xx unknown_language"}},
		{"upper-case language key", func(b *catalog.Body) { b.Name = catalog.Text{"EN": "Working Group"} }, []string{"name.EN unknown_language"}},
		{"name too long", func(b *catalog.Body) { b.Name["en"] = strings.Repeat("n", 501) }, []string{"name.en too_long"}},
		{"unknown language in short name", func(b *catalog.Body) { b.ShortName = catalog.Text{"de": "AG"} }, []string{"short_name.de unknown_language"}},
		{"unknown language in description", func(b *catalog.Body) { b.Description = catalog.Text{"it": "Gruppo"} }, []string{"description.it unknown_language"}},
		{"own parent", func(b *catalog.Body) { b.Parent = "ctoc/cop/wg.4" }, []string{"parent invalid"}},
		{"bad parent", func(b *catalog.Body) { b.Parent = "CTOC/COP/" }, []string{"parent invalid"}},
		{"no category", func(b *catalog.Body) { b.Category = "" }, []string{"category required"}},
		{"unknown category", func(b *catalog.Body) { b.Category = "committee" }, []string{"category invalid"}},
		{"several problems", func(b *catalog.Body) {
			b.Code, b.Name, b.Category = "", catalog.Text{"en": "x", "zz": "y"}, "x"
		}, []string{"code required", "name.zz unknown_language", "category invalid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := validBody()
			tc.edit(b)
			checkImport(t, b, tc.want...)
		})
	}
}
