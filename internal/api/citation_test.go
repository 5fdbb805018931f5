package api_test

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

// readCitation parses a citation file with citation-js (npm), which reads
// BibTeX, RIS and CSL-JSON, and returns the CSL-JSON items it read. The
// node modules are at $PLENARY_NODE_MODULES, else in the repository's
// .cache/npm (where `make test-deps` installs them). Without node or
// citation-js the test fails, unless it runs with -short.
func readCitation(t *testing.T, text string) []map[string]any {
	t.Helper()
	node, err := exec.LookPath("node")
	modules := os.Getenv("PLENARY_NODE_MODULES")
	if modules == "" {
		modules, _ = filepath.Abs("../../.cache/npm/node_modules")
	}
	if err == nil {
		_, err = os.Stat(filepath.Join(modules, "citation-js"))
	}
	if err != nil {
		if testing.Short() {
			t.Skipf("no node or citation-js (-short): %v", err)
		}
		t.Fatalf("the citation tests need node and citation-js in %s: %v (run `make test-deps`)", modules, err)
	}
	const script = `const Cite = require('citation-js');
let s = ''; process.stdin.on('data', d => s += d);
process.stdin.on('end', () => {
  const items = new Cite(s).data.map(({_graph, ...item}) => item);
  process.stdout.write(JSON.stringify(items));
});`
	cmd := exec.Command(node, "-e", script)
	cmd.Env = append(os.Environ(), "NODE_PATH="+modules)
	cmd.Stdin = strings.NewReader(text)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("citation-js: %v\n%s\ninput:\n%s", err, stderr.String(), text)
	}
	var items []map[string]any
	if err := json.Unmarshal(out, &items); err != nil {
		t.Fatalf("citation-js answer: %v: %s", err, out)
	}
	return items
}

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
				items := readCitation(t, rec.Body.String())
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
