package web_test

import (
	"encoding/json"
	"html"
	"strings"
	"testing"

	"plenary/docs"
	"plenary/internal/catalog"
)

// TestAPIPageDescribesEveryOperation renders /{lang}/api in every
// language and checks what a reader would look for: every operation of
// the OpenAPI description with its method and path, the link to the
// description itself, the interface in the page's language (no message
// id shows), the English descriptions marked as English, and the
// footer's link to the page.
func TestAPIPageDescribesEveryOperation(t *testing.T) {
	var d struct {
		Paths map[string]map[string]struct {
			Summary string `json:"summary"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(docs.OpenAPI, &d); err != nil {
		t.Fatal(err)
	}
	p := newDemoPortal(t, may2022)
	titles := map[string]bool{}
	for _, lang := range catalog.Languages {
		t.Run(string(lang), func(t *testing.T) {
			page := html.UnescapeString(p.pageIn(t, "/"+string(lang)+"/api", 200))
			if !strings.Contains(page, `<html lang="`+string(lang)+`"`) {
				t.Errorf("the page is not in %s", lang)
			}
			if strings.Contains(page, "apidoc.") {
				i := strings.Index(page, "apidoc.")
				t.Errorf("a message id shows: %q", page[max(0, i-40):min(len(page), i+60)])
			}
			for _, want := range []string{
				`href="/api/v1/openapi.json"`,
				`<a href="/` + string(lang) + `/api" aria-current="page">`,
				`<pre dir="ltr"><code>Authorization: Bearer plenary_…</code></pre>`,
			} {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
			for path, ops := range d.Paths {
				for method, op := range ops {
					heading := `<code dir="ltr">` + strings.ToUpper(method) + " " + path + `</code>`
					if !strings.Contains(page, heading) {
						t.Errorf("the page lacks %s %s", strings.ToUpper(method), path)
					}
					if !strings.Contains(page, `<p lang="en" dir="ltr"><strong>`+op.Summary+`</strong>`) {
						t.Errorf("%s %s: the summary %q is not shown as English", method, path, op.Summary)
					}
				}
			}
			_, title, _ := strings.Cut(page, "<h1>")
			title, _, _ = strings.Cut(title, "</h1>")
			titles[title] = true
		})
	}
	if len(titles) < 6 {
		t.Errorf("the page has %d different titles in 7 languages: %v", len(titles), titles)
	}
	t.Run("footer", func(t *testing.T) {
		page := p.page("/fr/meetings", 200)
		if !strings.Contains(page, `<a href="/fr/api">`) {
			t.Errorf("the footer does not link to the API page")
		}
	})
}
