package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
	"plenary/internal/upload"
)

// paperID is the document the write tests create.
const paperID = "CTOC/COP/WG.4/2022/5"

// newPaper is the JSON of a new background paper of the twelfth session,
// without versions' files.
func newPaper() map[string]any {
	return map[string]any{
		"symbol": paperID, "type": "background-paper", "session": "CTOC/COP/WG.4/12",
		"agenda_items": []string{"3"}, "date": "2022-05-20",
		"versions": []map[string]any{{"lang": "en", "title": "Transparency in public procurement"}},
	}
}

// writeRoutes is every write route with a body it would accept.
var writeRoutes = []struct{ method, target, contentType, body string }{
	{"POST", "/api/v1/bodies", "application/json", `{"code":"X","name":{"en":"X"},"category":"event"}`},
	{"PUT", "/api/v1/bodies/CTOC/COP", "application/json", `{"name":{"en":"X"},"category":"event"}`},
	{"POST", "/api/v1/sessions", "application/json", `{}`},
	{"PUT", "/api/v1/sessions/CTOC/COP/WG.4/12", "application/json", `{}`},
	{"POST", "/api/v1/documents", "application/json", `{}`},
	{"PUT", "/api/v1/documents/CTOC/COP/WG.4/2022/2", "application/json", `{}`},
	{"PUT", "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/fr", "application/json", `{"title":"Titre"}`},
	{"POST", "/api/v1/documents/CTOC/COP/WG.4/2022/2/publish", "", ``},
	{"POST", "/api/v1/documents/CTOC/COP/WG.4/2022/2/withdraw", "", ``},
	{"POST", "/api/v1/recommendations", "application/json", `{}`},
	{"PUT", "/api/v1/recommendations/CTOC%2FCOP%2FWG.4%2F2022%2F2%233", "application/json", `{}`},
	{"POST", "/api/v1/import", "application/x-ndjson", `{"kind":"body","code":"X","name":{"en":"X"},"category":"event"}`},
}

func TestWritesNeedAnEditor(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), testutil.DocumentWG4_2022_2(), testutil.RecommendationWG4_12_3())
	before := map[catalog.Kind]string{
		catalog.KindBody:     p.stored(catalog.KindBody, "CTOC/COP").Hash,
		catalog.KindDocument: p.stored(catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Hash,
	}
	for _, r := range writeRoutes {
		for _, c := range []struct {
			role   string
			status int
			detail string
		}{
			{"", 401, "sign in, or send an API token as Authorization: Bearer <token>, to change the catalogue"},
			{"disabled-editor", 401, "the API token is not valid"},
			{"participant", 403, "a participant may not change the catalogue; editors and administrators may"},
		} {
			t.Run(r.method+" "+r.target+" as "+c.role, func(t *testing.T) {
				rec := p.request(r.method, r.target, c.role, r.contentType, []byte(r.body))
				got := decodeAnswer(t, r.method+" "+r.target, rec, c.status)
				same(t, "problem", got, problem(c.status, http.StatusText(c.status), c.detail, r.target))
				if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q", ct)
				}
				if c.status == 401 && !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), `Bearer realm="plenary"`) {
					t.Errorf("challenge %q", rec.Header().Get("WWW-Authenticate"))
				}
			})
		}
	}
	same(t, "body unchanged", p.stored(catalog.KindBody, "CTOC/COP").Hash, before[catalog.KindBody])
	same(t, "document unchanged", p.stored(catalog.KindDocument, "CTOC/COP/WG.4/2022/2").Hash, before[catalog.KindDocument])
	if _, err := p.st.Get(context.Background(), catalog.KindBody, "X"); err == nil {
		t.Error("a refused import stored a body")
	}
	same(t, "audit", p.actions(), []string(nil))
}

func TestWritesWithoutAServiceAnswer503(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{noService: true})
	rec := p.request("POST", "/api/v1/sessions", "editor", "application/json", []byte(`{}`))
	got := decodeAnswer(t, "POST /api/v1/sessions", rec, 503)
	same(t, "detail", got["detail"], "this server does not accept changes")
	same(t, "Retry-After", rec.Header().Get("Retry-After"), "5")
}

// An editor creates a session and a draft, uploads an Arabic and a Chinese
// PDF; their texts are extracted in the background and found by search,
// by staff only until the document is published; then it is withdrawn.
func TestCreateUploadExtractSearchPublish(t *testing.T) {
	arabicHTML := `<!doctype html><html lang="ar" dir="rtl"><meta charset="utf-8">
<body style="font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', serif"><h1>الشفافية في المشتريات العامة</h1>
<p>ينبغي للدول أن تعزز الشفافية في سلاسل الإمداد.</p></body></html>`
	chineseHTML := `<!doctype html><html lang="zh"><meta charset="utf-8">
<body style="font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif"><h1>公共采购的透明度</h1>
<p>各国应提高供应链的透明度，防止人口贩运。</p></body></html>`
	arabicFile, chineseFile, ext, mediaType := testutil.PrintPDF(t, arabicHTML), testutil.PrintPDF(t, chineseHTML), ".pdf", upload.PDF

	p := newWritePortal(t, june1, writeOptions{extractor: true})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4())

	session := testutil.SessionWG4_12()
	created := p.request("POST", "/api/v1/sessions", "editor", "application/json", mustJSON(t, session))
	got := decodeAnswer(t, "POST /api/v1/sessions", created, 201)
	same(t, "Location", created.Header().Get("Location"), "/api/v1/sessions/CTOC/COP/WG.4/12")
	same(t, "session id", got["id"], "CTOC/COP/WG.4/12")
	same(t, "conflict", p.send("POST", "/api/v1/sessions", "admin", session, 409)["detail"],
		`a session with id "CTOC/COP/WG.4/12" already exists`)

	created = p.request("POST", "/api/v1/documents", "editor", "application/json", mustJSON(t, newPaper()))
	doc := decodeAnswer(t, "POST /api/v1/documents", created, 201)
	same(t, "Location", created.Header().Get("Location"), "/api/v1/documents/"+paperID)
	same(t, "a new document is a draft", doc["status"], "draft")
	same(t, "body from the session", doc["body"], "CTOC/COP/WG.4")

	docURL := "/api/v1/documents/" + paperID
	for _, up := range []struct {
		lang, title, name string
		pdf               []byte
	}{
		{"ar", "الشفافية في المشتريات العامة", "شفافية" + ext, arabicFile},
		{"zh", "公共采购的透明度", "透明度" + ext, chineseFile},
	} {
		rec := p.upload(docURL+"/versions/"+up.lang, "editor", map[string]string{"title": up.title}, up.name, up.pdf)
		got := decodeAnswer(t, "PUT version "+up.lang, rec, 200)
		v := versionOf(t, got, up.lang)
		same(t, up.lang+" extraction", v["extraction"], "pending")
		same(t, up.lang+" file", v["file"].(map[string]any)["media_type"], mediaType)
		same(t, up.lang+" file name", v["file"].(map[string]any)["name"], up.name)
	}
	if n := p.extract(); n != 2 {
		t.Fatalf("extracted %d versions, want 2", n)
	}
	stored := p.storedDoc(paperID)
	for _, lang := range []catalog.Lang{catalog.Arabic, catalog.Chinese} {
		v, _ := stored.Version(lang)
		if v.Extraction != "" || v.Text == "" {
			t.Fatalf("%s: extraction %q (%s), text %q", lang, v.Extraction, v.ExtractionError, v.Text)
		}
	}
	if v, _ := stored.Version(catalog.Arabic); !strings.Contains(v.Text, "الشفافية") {
		t.Errorf("Arabic text %q", v.Text)
	}
	if v, _ := stored.Version(catalog.Chinese); !strings.Contains(v.Text, "透明度") {
		t.Errorf("Chinese text %q", v.Text)
	}

	arSearch := "/api/v1/search?lang=ar&q=" + url.QueryEscape("الشفافية")
	zhSearch := "/api/v1/search?lang=zh&q=" + url.QueryEscape("透明度")
	hidden := func(role string) {
		t.Helper()
		for _, target := range []string{arSearch, zhSearch} {
			if hits := p.get(target, role, 200)["hits"].([]any); len(hits) != 0 {
				t.Errorf("%s as %q: a draft is found: %v", target, role, hits)
			}
		}
		for _, target := range []string{docURL, docURL + "/versions/ar", docURL + "/versions/ar/file"} {
			p.get(target, role, 404)
		}
	}
	visible := func(role string) {
		t.Helper()
		for _, target := range []string{arSearch, zhSearch} {
			same(t, target+" as "+role, ids(p.get(target, role, 200)["hits"], "id"), []string{paperID})
		}
		p.get(docURL, role, 200)
		rec := p.request("GET", docURL+"/versions/zh/file", role, "", nil)
		if rec.Code != 200 || rec.Body.Len() == 0 {
			t.Errorf("file as %q: status %d, %d bytes", role, rec.Code, rec.Body.Len())
		}
	}
	hidden("")
	hidden("participant")
	visible("editor")

	pub := p.send("POST", docURL+"/publish", "editor", nil, 200)
	same(t, "published", pub["status"], "published")
	p.sync()
	visible("")

	wd := p.send("POST", docURL+"/withdraw", "admin", nil, 200)
	same(t, "withdrawn", wd["status"], "withdrawn")
	p.sync()
	same(t, "withdrawn, still shown", p.get(docURL, "", 200)["status"], "withdrawn")

	same(t, "audit", p.actions(), []string{
		"editor@example.org session.create CTOC/COP/WG.4/12 true",
		"admin@example.org session.create CTOC/COP/WG.4/12 false",
		"editor@example.org document.create " + paperID + " true",
		"editor@example.org version.upload " + paperID + " true",
		"editor@example.org version.upload " + paperID + " true",
		"editor@example.org document.publish " + paperID + " true",
		"admin@example.org document.withdraw " + paperID + " true",
	})
}

func TestScheduledPublication(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12())
	p.send("POST", "/api/v1/documents", "editor", newPaper(), 201)
	docURL := "/api/v1/documents/" + paperID

	at := june1.Add(2 * time.Hour)
	got := p.send("POST", docURL+"/publish", "editor", map[string]string{"at": at.Format(time.RFC3339)}, 200)
	same(t, "still a draft", got["status"], "draft")
	same(t, "publish_at", got["publish_at"], "2022-06-01T11:00:00Z")
	same(t, "bad time", errorsOf(t, p.send("POST", docURL+"/publish", "editor", map[string]string{"at": "tomorrow"}, 422)),
		[]string{`at invalid: want a time such as 2022-06-27T09:00:00Z (RFC 3339), not "tomorrow"`})
	p.sync()

	p.clock.Add(time.Hour)
	if n, err := p.svc.PublishDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("an hour early: published %d, %v", n, err)
	}
	p.sync()
	p.get(docURL, "", 404)

	p.clock.Add(time.Hour)
	if n, err := p.svc.PublishDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("when due: published %d, %v", n, err)
	}
	d := p.storedDoc(paperID)
	if d.Status != catalog.Published || d.PublishAt != nil {
		t.Errorf("status %q, publish_at %v", d.Status, d.PublishAt)
	}
	// A second replica, or a second run, finds nothing more to do.
	if n, err := p.svc.PublishDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("again: published %d, %v", n, err)
	}
	p.sync()
	same(t, "public", p.get(docURL, "", 200)["status"], "published")
	same(t, "audit", p.actions(), []string{
		"editor@example.org document.create " + paperID + " true",
		"editor@example.org document.schedule " + paperID + " true",
		"scheduler document.publish " + paperID + " true",
	})
	same(t, "a published document cannot be scheduled",
		errorsOf(t, p.send("POST", docURL+"/publish", "editor", map[string]string{"at": p.clock.Now().Add(time.Hour).Format(time.RFC3339)}, 422)),
		[]string{"at invalid: only a draft can be scheduled for publication; this document is published"})
}

func TestRevisionIsLinkedToItsBase(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), testutil.DocumentWG4_2022_2())
	rev := map[string]any{
		"symbol": "ctoc/cop/wg.4/2022/2/rev.1", "type": "background-paper", "session": "CTOC/COP/WG.4/12",
		"date": "2022-05-02", "status": "published",
		"versions": []map[string]any{{"lang": "en", "title": "Preventing trafficking in persons in public procurement (revised)"}},
	}
	got := p.send("POST", "/api/v1/documents", "editor", rev, 201)
	same(t, "id", got["id"], "CTOC/COP/WG.4/2022/2/Rev.1")
	same(t, "relations", got["relations"], []any{map[string]any{"type": "revises", "target": "CTOC/COP/WG.4/2022/2"}})
	p.sync()
	same(t, "stored relation", p.get("/api/v1/documents/CTOC/COP/WG.4/2022/2/Rev.1", "", 200)["relations"],
		[]any{map[string]any{"type": "revises", "target": "CTOC/COP/WG.4/2022/2"}})
	if related := p.model.RelatedTo("CTOC/COP/WG.4/2022/2", catalog.Public); len(related) != 1 || related[0].ID != "CTOC/COP/WG.4/2022/2/Rev.1" {
		t.Errorf("the base does not know its revision: %v", related)
	}
}

func TestRefusedFilesChangeNothing(t *testing.T) {
	const limit = 64 << 10
	p := newWritePortal(t, june1, writeOptions{
		limits:    upload.Limits{MaxSize: limit, MaxDOCXUncompressed: 1 << 20, MaxDOCXEntries: 100},
		maxUpload: limit,
	})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), testutil.DocumentWG4_2022_2())
	const id = "CTOC/COP/WG.4/2022/2"
	before := p.stored(catalog.KindDocument, id).Hash
	target := "/api/v1/documents/" + id + "/versions/en"
	cases := []struct {
		name   string
		file   []byte
		status int
		id     string
		detail string
	}{
		// How the bomb is told (its size or its ratio) is upload's business.
		{"bomb.docx", docxBomb(t, 2<<20), 422, "upload.docx_bomb", "The Word document unpacks to more than is safe: "},
		{"page.pdf", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>"), 415, "upload.type_mismatch", "The file is named .pdf but its content is HTML."},
		{"big.txt", []byte(strings.Repeat("a", limit+1)), 413, "upload.too_large", "The file is 64 KiB; the largest accepted is 64 KiB."},
		{"huge.txt", []byte(strings.Repeat("a", limit+2<<20)), 413, "upload.too_large", "the upload is larger than the limit: a file may be at most 64 KiB"},
		{"empty.pdf", nil, 422, "upload.empty", "The file is empty."},
		{"tool.exe", []byte("MZ"), 415, "upload.type_unsupported", "Files named .exe are not accepted; upload a PDF, Word (.docx), HTML or text file."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := p.upload(target, "editor", map[string]string{"title": "New title"}, c.name, c.file)
			got := decodeAnswer(t, c.name, rec, c.status)
			if detail := got["detail"].(string); detail != c.detail && !(strings.HasSuffix(c.detail, ": ") && strings.HasPrefix(detail, c.detail)) {
				t.Errorf("detail %q, want %q", detail, c.detail)
			}
			same(t, "param", got["param"], "file")
			same(t, "hash", p.stored(catalog.KindDocument, id).Hash, before)
		})
	}
	ok := p.upload(target, "editor", nil, "paper.html", []byte(`<p>Clean <b>text</b><script>steal()</script><img src=x onerror="steal()"></p>`))
	decodeAnswer(t, "HTML upload", ok, 200)
	v, _ := p.storedDoc(id).Version(catalog.English)
	rc, _, err := p.blobs.Open(context.Background(), v.File.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	stored := new(strings.Builder)
	if _, err := io.Copy(stored, rc); err != nil {
		t.Fatal(err)
	}
	if s := stored.String(); strings.Contains(s, "script") || strings.Contains(s, "onerror") || !strings.Contains(s, "Clean") {
		t.Errorf("stored HTML not sanitised: %q", s)
	}
	if v.Title != testutil.DocumentWG4_2022_2().Versions[1].Title {
		t.Errorf("a file alone changed the title to %q", v.Title)
	}
}

func TestFieldErrors(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), testutil.DocumentWG4_2022_2())
	cases := []struct {
		name, method, target string
		body                 any
		want                 []string
	}{
		{"bad fields", "POST", "/api/v1/documents", map[string]any{
			"id": "a-study", "type": "memo", "date": "2022-13-01", "session": "CTOC/COP/WG.4/99",
			"versions": []map[string]any{{"lang": "xx", "title": ""}},
		}, []string{
			`type invalid: "memo" is not allowed (want one of agenda, annotated-agenda, background-paper, report, recommendations, resolution, decision, draft-resolution, conference-room-paper, information-note, statement, guide, publication, political-declaration, other)`,
			`date invalid_date: "2022-13-01" is not a date (want YYYY-MM-DD)`,
			`versions[0].lang unknown_language: unknown language "xx" (want one of ar, zh, en, fr, ru, es, pt)`,
			`versions[0].title required: required`,
			`session invalid: no session "CTOC/COP/WG.4/99"`,
		}},
		{"unknown field", "POST", "/api/v1/documents", map[string]any{"id": "a-study", "colour": "red"},
			[]string{"colour invalid: unknown field"}},
		{"wrong type", "POST", "/api/v1/sessions", map[string]any{"id": "S/1", "number": "twelve"},
			[]string{"number invalid: want a whole number, got a JSON string"}},
		{"agenda item", "POST", "/api/v1/documents", map[string]any{
			"id": "a-study", "type": "other", "date": "2022-05-01", "session": "CTOC/COP/WG.4/12", "agenda_items": []string{"9"},
			"versions": []map[string]any{{"lang": "en", "title": "A study"}},
		}, []string{`agenda_items[0] invalid: session "CTOC/COP/WG.4/12" has no agenda item "9"`}},
		{"a file is uploaded, not given", "POST", "/api/v1/documents", map[string]any{
			"id": "a-study", "type": "other", "date": "2022-05-01",
			"versions": []map[string]any{{"lang": "en", "title": "A study", "file": map[string]any{"name": "a.pdf", "media_type": "application/pdf", "size": 1, "sha256": strings.Repeat("a", 64)}}},
		}, []string{"versions[0].file invalid: upload the file with PUT /api/v1/documents/{id}/versions/{lang}"}},
		{"unknown parent", "POST", "/api/v1/bodies", map[string]any{"code": "X", "name": map[string]string{"en": "X"}, "category": "event", "parent": "NOPE"},
			[]string{`parent invalid: no body "NOPE"`}},
		{"id not the address's", "PUT", "/api/v1/sessions/CTOC/COP/WG.4/12", map[string]any{"id": "CTOC/COP/WG.4/13"},
			[]string{`id invalid: "CTOC/COP/WG.4/13" does not match the address, which names "CTOC/COP/WG.4/12"`}},
		{"new version without a title", "PUT", "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/fr", map[string]any{"abstract": "Résumé"},
			[]string{`title required: document "CTOC/COP/WG.4/2022/2" has no French version yet: a new version needs a title`}},
		{"withdraw a draft", "POST", "/api/v1/documents/a-draft/withdraw", nil,
			[]string{"status invalid: a draft cannot be withdrawn: it was never published"}},
	}
	p.send("POST", "/api/v1/documents", "editor", map[string]any{"id": "a-draft", "type": "other", "date": "2022-05-01",
		"versions": []map[string]any{{"lang": "en", "title": "A draft"}}}, 201)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := p.send(c.method, c.target, "editor", c.body, 422)
			same(t, "errors", errorsOf(t, got), c.want)
			same(t, "status", got["status"], float64(422))
			same(t, "title", got["title"], "Unprocessable Entity")
		})
	}
	same(t, "not found", p.send("PUT", "/api/v1/documents/nothing-here", "editor", map[string]any{"type": "other"}, 404)["detail"],
		`no document with id "nothing-here"`)
	if _, err := p.st.Get(context.Background(), catalog.KindDocument, "a-study"); err == nil {
		t.Error("a refused document was stored")
	}
}

// A replacement keeps the stored file and text of a language it still has.
func TestDocumentUpdateKeepsFiles(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12())
	p.send("POST", "/api/v1/documents", "editor", newPaper(), 201)
	docURL := "/api/v1/documents/" + paperID
	decodeAnswer(t, "upload", p.upload(docURL+"/versions/en", "editor", nil, "paper.txt", []byte("Transparency matters.")), 200)
	file := p.storedDoc(paperID).Versions[0].File

	update := newPaper()
	update["subjects"] = []string{"Public procurement"}
	update["versions"] = []map[string]any{{"lang": "en", "title": "Transparency in procurement"}, {"lang": "fr", "title": "La transparence"}}
	got := p.send("PUT", docURL, "editor", update, 200)
	same(t, "subjects", got["subjects"], []any{"public-procurement"})
	same(t, "status kept", got["status"], "draft")
	d := p.storedDoc(paperID)
	en, _ := d.Version(catalog.English)
	if en.File == nil || *en.File != *file || en.Extraction != catalog.ExtractionPending || en.Title != "Transparency in procurement" {
		t.Errorf("English version after the update: %+v", en)
	}
	if _, ok := d.Version(catalog.French); !ok {
		t.Error("no French version")
	}

	// The file may be named by its hash, but its name and type stay as
	// they were stored: a text file does not become HTML.
	update["versions"] = []map[string]any{{"lang": "en", "title": "Transparency in procurement",
		"file": map[string]any{"sha256": file.SHA256, "size": file.Size, "name": "paper.html", "media_type": "text/html"}}}
	p.send("PUT", docURL, "editor", update, 200)
	if en, _ := p.storedDoc(paperID).Version(catalog.English); en.File == nil || *en.File != *file {
		t.Errorf("after naming the file with another type: %+v, want %+v", en.File, file)
	}
}

func TestImportJSONLines(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4())
	input := jsonLines(t,
		map[string]any{"kind": "session", "id": "CTOC/COP/WG.4/12", "body": "CTOC/COP/WG.4", "number": 12,
			"title": map[string]string{"en": "Twelfth session"}, "start": "2022-06-29", "end": "2022-06-30", "venue": "Vienna"},
		map[string]any{"kind": "document", "symbol": "CTOC/COP/WG.4/2022/9", "type": "report", "session": "CTOC/COP/WG.4/99",
			"date": "2022-07-01", "versions": []map[string]any{{"lang": "en", "title": "Report"}}},
	)
	dry := decodeAnswer(t, "dry run", p.request("POST", "/api/v1/import?dry_run=1", "editor", "application/x-ndjson", input), 200)
	same(t, "dry run", dry, map[string]any{
		"lines": float64(2), "valid": map[string]any{"session": float64(1)},
		"stored": map[string]any{"created": float64(0), "updated": float64(0), "unchanged": float64(0)},
		"errors": []any{map[string]any{"line": float64(2), "field": "session", "reason": `unknown session "CTOC/COP/WG.4/99" (not in this input nor in the catalogue)`}},
	})
	if _, err := p.st.Get(context.Background(), catalog.KindSession, "CTOC/COP/WG.4/12"); err == nil {
		t.Fatal("a dry run stored a session")
	}
	got := decodeAnswer(t, "import", p.request("POST", "/api/v1/import", "editor", "application/jsonl", input), 200)
	same(t, "stored", got["stored"], map[string]any{"created": float64(1), "updated": float64(0), "unchanged": float64(0)})
	same(t, "errors", len(got["errors"].([]any)), 1)
	p.stored(catalog.KindSession, "CTOC/COP/WG.4/12")
	same(t, "audit", p.actions(), []string{"editor@example.org import  true"})
	same(t, "not JSON Lines", p.send("POST", "/api/v1/import", "editor", "{}", 415)["detail"],
		"send JSON Lines as application/x-ndjson (or application/jsonl), or a ZIP archive as application/zip")
}

func TestImportZIP(t *testing.T) {
	p := newWritePortal(t, june1, writeOptions{extractor: true})
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12())
	manifest := jsonLines(t,
		map[string]any{"kind": "document", "symbol": "CTOC/COP/WG.4/2022/7", "type": "report", "session": "CTOC/COP/WG.4/12",
			"date": "2022-07-01", "versions": []map[string]any{{"lang": "en", "title": "Report", "file": "files/report.html"}}},
		map[string]any{"kind": "document", "symbol": "CTOC/COP/WG.4/2022/8", "type": "report", "session": "CTOC/COP/WG.4/12",
			"date": "2022-07-01", "versions": []map[string]any{
				{"lang": "en", "title": "Report", "text": "Some text."},
				{"lang": "fr", "title": "Rapport", "file": "files/rapport.pdf"},
			}},
	)
	archive := zipOf(t,
		"manifest.jsonl", string(manifest),
		"files/report.html", `<html><body><h1>Report on supply chains</h1><script>x()</script></body></html>`,
		"files/rapport.pdf", `<html><body>not a PDF</body></html>`,
	)
	got := decodeAnswer(t, "zip import", p.request("POST", "/api/v1/import", "editor", "application/zip", archive), 200)
	same(t, "report", got, map[string]any{
		"lines": float64(2), "valid": map[string]any{"document": float64(1)},
		"stored": map[string]any{"created": float64(1), "updated": float64(0), "unchanged": float64(0)},
		"errors": []any{map[string]any{"line": float64(2), "field": "versions[1].file", "reason": "The file is named .pdf but its content is HTML."}},
	})
	d := p.storedDoc("CTOC/COP/WG.4/2022/7")
	v, _ := d.Version(catalog.English)
	if v.File == nil || v.File.MediaType != upload.HTML || v.Extraction != catalog.ExtractionPending {
		t.Fatalf("imported version: %+v", v)
	}
	p.sync()
	if n := p.extract(); n != 1 {
		t.Fatalf("extracted %d, want 1", n)
	}
	v, _ = p.storedDoc("CTOC/COP/WG.4/2022/7").Version(catalog.English)
	if !strings.Contains(v.Text, "Report on supply chains") || strings.Contains(v.Text, "x()") {
		t.Errorf("text %q", v.Text)
	}
	// The same archive again changes nothing: the extracted text is kept.
	again := decodeAnswer(t, "zip import again", p.request("POST", "/api/v1/import", "editor", "application/zip", archive), 200)
	same(t, "again", again["stored"], map[string]any{"created": float64(0), "updated": float64(0), "unchanged": float64(1)})

	noManifest := zipOf(t, "data.jsonl", string(manifest))
	same(t, "no manifest", p.send("POST", "/api/v1/import", "editor", nil, 415)["status"], float64(415))
	rec := p.request("POST", "/api/v1/import", "editor", "application/zip", noManifest)
	same(t, "no manifest", decodeAnswer(t, "no manifest", rec, 422)["detail"], "the ZIP archive has no manifest.jsonl at its root")
	rec = p.request("POST", "/api/v1/import", "editor", "application/zip", []byte("not a zip"))
	if got := decodeAnswer(t, "not a zip", rec, 422)["detail"].(string); !strings.HasPrefix(got, "not a ZIP archive") {
		t.Errorf("detail %q", got)
	}

	// A line naming a file outside the archive's folder, or a DOCX bomb
	// inside it, fails alone; an archive that unpacks to more than 2 GiB
	// is refused before anything is read.
	var docx bytes.Buffer
	zw := zip.NewWriter(&docx)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, `<?xml version="1.0"?><Types/>`)
	testutil.WriteZeroBomb(t, zw, "word/document.xml", 300)
	zw.Close()
	escape := jsonLines(t,
		map[string]any{"kind": "document", "symbol": "CTOC/COP/WG.4/2022/9", "type": "report", "session": "CTOC/COP/WG.4/12",
			"date": "2022-07-01", "versions": []map[string]any{{"lang": "en", "title": "Escape", "file": "../etc/passwd"}}},
		map[string]any{"kind": "document", "symbol": "CTOC/COP/WG.4/2022/10", "type": "report", "session": "CTOC/COP/WG.4/12",
			"date": "2022-07-01", "versions": []map[string]any{{"lang": "en", "title": "Bomb", "file": "bomb.docx"}}},
	)
	got = decodeAnswer(t, "bad files", p.request("POST", "/api/v1/import", "editor", "application/zip",
		zipOf(t, "manifest.jsonl", string(escape), "bomb.docx", docx.String())), 200)
	if errs := errorsOf(t, got); len(errs) != 2 || !strings.HasPrefix(errs[0], "versions[0].file") || !strings.HasPrefix(errs[1], "versions[0].file") {
		t.Errorf("errors %q", errs)
	}
	for _, id := range []string{"CTOC/COP/WG.4/2022/9", "CTOC/COP/WG.4/2022/10"} {
		if _, err := p.st.Get(context.Background(), catalog.KindDocument, id); err == nil {
			t.Errorf("%s was stored", id)
		}
	}
	var big bytes.Buffer
	zw = zip.NewWriter(&big)
	w, _ = zw.Create("manifest.jsonl")
	w.Write(escape)
	testutil.WriteZeroBomb(t, zw, "huge.txt", 2100)
	zw.Close()
	rec = p.request("POST", "/api/v1/import", "editor", "application/zip", big.Bytes())
	if got := decodeAnswer(t, "2 GiB", rec, 413)["detail"].(string); !strings.Contains(got, "2 GiB") {
		t.Errorf("detail %q", got)
	}
}

func versionOf(t testing.TB, doc map[string]any, lang string) map[string]any {
	t.Helper()
	for _, v := range doc["versions"].([]any) {
		if m := v.(map[string]any); m["lang"] == lang {
			return m
		}
	}
	t.Fatalf("no %s version in %v", lang, doc)
	return nil
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	return jsonLines(t, v)
}
