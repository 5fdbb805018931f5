package api_test

import (
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

// chineseReport is a report with a Chinese and an English version.
func chineseReport() *catalog.Document {
	d := testutil.DocumentWG4_2022_2()
	d.ID, d.Symbol, d.Type, d.Date = "CTOC/COP/WG.4/2022/5", "CTOC/COP/WG.4/2022/5", catalog.TypeReport, "2022-07-15"
	d.Versions = []catalog.Version{
		{Lang: catalog.Chinese, Title: "打击贩运人口问题工作组第十二届会议报告"},
		{Lang: catalog.English, Title: "Report on the twelfth session"},
	}
	return d
}

const wg4en = "Working Group on Trafficking in Persons"

func TestCitationFormats(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	p.seed(chineseReport())
	formats := []struct {
		format, mediaType, ext string
	}{
		{"bibtex", "application/x-bibtex", "bib"},
		{"ris", "application/x-research-info-systems", "ris"},
		{"csl-json", "application/vnd.citationstyles.csl+json", "json"},
	}
	docs := []struct {
		id, lang, title, year string
		// titleLang is the language the title is in: the version asked
		// for, else the one the pages would show.
		titleLang string
		// body is the body's name in lang, else in English.
		body string
	}{
		{"CTOC/COP/WG.4/2022/2", "en", "Preventing trafficking in persons in public procurement", "2022", "en", wg4en},
		{"CTOC/COP/WG.4/2022/2", "ar", "منع الاتجار بالأشخاص في المشتريات العامة", "2022", "ar", wg4en},
		{"CTOC/COP/WG.4/2022/2", "fr", "Preventing trafficking in persons in public procurement", "2022", "en", "Groupe de travail sur la traite des personnes"},
		{"CTOC/COP/WG.4/2022/5", "zh", "打击贩运人口问题工作组第十二届会议报告", "2022", "zh", wg4en},
	}
	for _, d := range docs {
		for _, f := range formats {
			target := "/api/v1/documents/" + d.id + "/citation?format=" + f.format + "&lang=" + d.lang
			t.Run(target, func(t *testing.T) {
				rec := p.do(http.MethodGet, target)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				if mt, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type")); err != nil || mt != f.mediaType {
					t.Errorf("Content-Type %q, want %s", rec.Header().Get("Content-Type"), f.mediaType)
				}
				disp, params, err := mime.ParseMediaType(rec.Header().Get("Content-Disposition"))
				wantName := strings.ReplaceAll(d.id, "/", "_") + "." + d.titleLang + "." + f.ext
				if err != nil || disp != "attachment" || params["filename"] != wantName {
					t.Errorf("Content-Disposition %q, want an attachment named %s", rec.Header().Get("Content-Disposition"), wantName)
				}
				items := testutil.CitationJS(t, rec.Body.String())
				if len(items) != 1 {
					t.Fatalf("citation-js read %d items, want 1:\n%s", len(items), rec.Body)
				}
				it := items[0]
				for field, want := range map[string]any{
					"type":      "report",
					"title":     d.title,
					"number":    d.id,
					"language":  d.titleLang,
					"publisher": d.body,
					"URL":       "http://example.com/" + d.lang + "/documents/" + d.id,
				} {
					if it[field] != want {
						t.Errorf("%s: %v, want %v\n%s", field, it[field], want, rec.Body)
					}
				}
				issued, _ := json.Marshal(it["issued"])
				if !strings.Contains(string(issued), `[[`+d.year) {
					t.Errorf("issued %s, want the year %s", issued, d.year)
				}
			})
		}
	}
}

func TestCitationOfHiddenDocumentsIsNotFound(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	// A draft, a restricted and a withdrawn document: citations are open
	// data, of published documents for everyone only.
	for _, id := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1", "CTOC/COP/WG.4/2022/4", "no/such/document"} {
		target := "/api/v1/documents/" + id + "/citation?format=bibtex&lang=en"
		// The same answer as for a document that does not exist.
		same(t, target, p.get(target, 404), problem(404, "Not Found", `no document with id "`+id+`"`, target))
	}
}

func TestCitationBadParameters(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	const doc = "/api/v1/documents/CTOC/COP/WG.4/2022/2/citation"
	for _, tc := range []struct{ query, param, detail string }{
		{"", "format", `format: must be bibtex, ris or csl-json, not ""`},
		{"?format=endnote", "format", `format: must be bibtex, ris or csl-json, not "endnote"`},
		{"?format=ris&lang=de", "lang", `lang: unknown language "de" (want one of ar, zh, en, fr, ru, es, pt)`},
	} {
		target := doc + tc.query
		t.Run(target, func(t *testing.T) {
			same(t, "problem", p.get(target, 400), problem(400, "Bad Request", tc.detail, target, tc.param))
		})
	}
}

func TestADocumentWhoseIDEndsInCitationIsStillServed(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	d := testutil.DocumentWG4_2022_2()
	d.ID, d.Symbol = "notes/citation", ""
	p.seed(d)
	same(t, "id", p.get("/api/v1/documents/notes/citation", 200)["id"], "notes/citation")
	rec := p.do(http.MethodGet, "/api/v1/documents/notes/citation/citation?format=ris")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "UR  - http://example.com/en/documents/notes/citation\r\n") {
		t.Errorf("citation of notes/citation: %d\n%s", rec.Code, rec.Body)
	}
}
