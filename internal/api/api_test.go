package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/readmodel"
	"plenary/internal/search/bleveindex"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// portal is the real engine on a real embedded database, with the read
// model synced from the change feed.
type portal struct {
	t        *testing.T
	st       *mongostore.Store
	blobs    store.Blobs
	follower *changefeed.Follower
	indexer  *changefeed.Follower // keeps the search index current
	handler  http.Handler
	ready    bool
}

// june1 is the day the tests are run on: before the twelfth session.
var june1 = time.Date(2022, 6, 1, 9, 0, 0, 0, time.UTC)

func newPortal(t *testing.T, now time.Time) *portal {
	t.Helper()
	st := testutil.Store(t)
	blobs, err := blobdir.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := &portal{t: t, st: st, blobs: blobs, ready: true}
	model := readmodel.New()
	p.follower = changefeed.New(st, model, changefeed.Options{Logger: testutil.Quiet()})
	index, err := bleveindex.Open(bleveindex.Options{Dir: t.TempDir(), Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	p.indexer = changefeed.New(st, index, changefeed.Options{WithText: true, Logger: testutil.Quiet()})
	handler, err := web.New(web.Deps{
		Model: model, Store: st, Blobs: blobs, Search: index, SearchReady: index.Ready, Logger: testutil.Quiet(),
		CatalogReady: func() bool { return p.ready && p.follower.Ready() },
		Now:          func() time.Time { return now },
	})
	if err != nil {
		t.Fatal(err)
	}
	p.handler = handler
	return p
}

// seed stores entities and syncs the read model.
func (p *portal) seed(entities ...catalog.Entity) {
	p.t.Helper()
	for _, e := range entities {
		e.Normalize()
		if err := e.Validate(); err != nil {
			p.t.Fatalf("fixture %q: %v", e.Key(), err)
		}
	}
	if _, err := p.st.Put(context.Background(), entities...); err != nil {
		p.t.Fatal(err)
	}
	if err := p.follower.Sync(context.Background()); err != nil {
		p.t.Fatal(err)
	}
	if err := p.indexer.Sync(context.Background()); err != nil {
		p.t.Fatal(err)
	}
}

func (p *portal) do(method, target string, header ...string) *httptest.ResponseRecorder {
	p.t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	return rec
}

// get requests target and decodes the JSON answer, checking the status.
func (p *portal) get(target string, status int) map[string]any {
	p.t.Helper()
	rec := p.do(http.MethodGet, target)
	if rec.Code != status {
		p.t.Fatalf("GET %s: status %d, want %d; body %s", target, rec.Code, status, rec.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		p.t.Fatalf("GET %s: not JSON: %v: %s", target, err, rec.Body)
	}
	return out
}

// standard seeds the fixtures: a public background paper with a file, a
// draft, a restricted note, a withdrawn paper and two recommendations, one
// of them in the draft.
func (p *portal) standard() {
	p.t.Helper()
	info, err := p.blobs.Put(context.Background(), strings.NewReader("%PDF-1.7 the paper"))
	if err != nil {
		p.t.Fatal(err)
	}
	paper := testutil.DocumentWG4_2022_2()
	paper.Versions[1].File = &catalog.File{Name: "V2202.pdf", MediaType: "application/pdf", Size: info.Size, SHA256: info.SHA256}
	withdrawn := testutil.DocumentWG4_2022_2()
	withdrawn.ID, withdrawn.Symbol, withdrawn.Status = "CTOC/COP/WG.4/2022/4", "CTOC/COP/WG.4/2022/4", catalog.Withdrawn
	hidden := testutil.RecommendationWG4_12_3()
	hidden.ID, hidden.Document, hidden.Number = "", "CTOC/COP/WG.4/2022/3", "1"
	p.seed(testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), paper,
		testutil.DocumentDraft(), testutil.DocumentRestricted(), withdrawn,
		testutil.RecommendationWG4_12_3(), hidden)
}

func problem(status int, title, detail, instance string, param ...string) map[string]any {
	m := map[string]any{"type": "about:blank", "title": title, "status": float64(status), "detail": detail, "instance": instance}
	if len(param) > 0 {
		m["param"] = param[0]
	}
	return m
}

func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		t.Errorf("%s:\n got  %s\n want %s", what, gj, wj)
	}
}

func ids(items any, key string) []string {
	var out []string
	for _, it := range items.([]any) {
		out = append(out, it.(map[string]any)[key].(string))
	}
	return out
}

func TestBodies(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	got := p.get("/api/v1/bodies", 200)
	same(t, "codes", ids(got["items"], "code"), []string{"CTOC/COP", "CTOC/COP/WG.4"})
	same(t, "total", got["total"], float64(2))

	wg4 := p.get("/api/v1/bodies/CTOC/COP/WG.4", 200)
	same(t, "body", wg4, map[string]any{
		"code": "CTOC/COP/WG.4", "parent": "CTOC/COP", "category": "working-group",
		"name": map[string]any{"en": "Working Group on Trafficking in Persons", "fr": "Groupe de travail sur la traite des personnes"},
	})
	same(t, "unknown body", p.get("/api/v1/bodies/CTOC/COP/WG.9", 404),
		problem(404, "Not Found", `no body with code "CTOC/COP/WG.9"`, "/api/v1/bodies/CTOC/COP/WG.9"))
}

func TestSessionsList(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	cases := []struct {
		query string
		want  []string
	}{
		{"", []string{"CTOC/COP/WG.4/12"}},
		{"?upcoming=true", []string{"CTOC/COP/WG.4/12"}},
		{"?upcoming=false", nil},
		{"?status=past", nil},
		{"?year=2022", []string{"CTOC/COP/WG.4/12"}},
		{"?year=2021", nil},
		{"?body=CTOC/COP/WG.4", []string{"CTOC/COP/WG.4/12"}},
		{"?body=CTOC/COP", nil},
		{"?page=2&size=1", nil},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			got := p.get("/api/v1/sessions"+c.query, 200)
			var gotIDs []string
			if items := got["items"].([]any); len(items) > 0 {
				gotIDs = ids(items, "id")
			}
			same(t, "ids", gotIDs, c.want)
		})
	}
	first := p.get("/api/v1/sessions", 200)["items"].([]any)[0].(map[string]any)
	same(t, "status on 1 June 2022", first["status"], "upcoming")
	same(t, "venue", first["venue"], map[string]any{"city": "Vienna", "mode": "hybrid"})

	during := newPortal(t, time.Date(2022, 6, 30, 12, 0, 0, 0, time.UTC))
	during.standard()
	for _, q := range []string{"?status=ongoing", "?upcoming=false", "?upcoming=false&status=ongoing"} {
		same(t, "on its last day, "+q, ids(during.get("/api/v1/sessions"+q, 200)["items"], "id"), []string{"CTOC/COP/WG.4/12"})
	}
	same(t, "not upcoming on its last day", during.get("/api/v1/sessions?upcoming=true", 200)["total"], float64(0))
}

func TestSessionsListBadParameters(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	cases := []struct{ query, param, detail string }{
		{"?year=abc", "year", `year: must be a whole number from 1900 to 2200, not "abc"`},
		{"?year=99999", "year", `year: must be a whole number from 1900 to 2200, not "99999"`},
		{"?size=0", "size", `size: must be a whole number from 1 to 100, not "0"`},
		{"?size=101", "size", `size: must be a whole number from 1 to 100, not "101"`},
		{"?page=-1", "page", `page: must be a whole number from 1 to 1000000, not "-1"`},
		{"?upcoming=maybe", "upcoming", `upcoming: must be true or false, not "maybe"`},
		{"?status=soon", "status", `status: must be upcoming, ongoing or past, not "soon"`},
		{"?upcoming=true&status=past", "status", `status: "past" contradicts upcoming=true`},
		{"?upcoming=false&status=upcoming", "status", `status: "upcoming" contradicts upcoming=false`},
		{"?body=NOPE", "body", `body: no body with code "NOPE"`},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			same(t, "problem", p.get("/api/v1/sessions"+c.query, 400),
				problem(400, "Bad Request", c.detail, "/api/v1/sessions"+c.query, c.param))
		})
	}
}

func TestSessionShowListsOnlyVisibleDocuments(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	got := p.get("/api/v1/sessions/CTOC/COP/WG.4/12", 200)
	same(t, "documents", ids(got["documents"], "id"), []string{"CTOC/COP/WG.4/2022/2", "CTOC/COP/WG.4/2022/4"})
	doc := got["documents"].([]any)[0].(map[string]any)
	same(t, "summary", doc, map[string]any{
		"id": "CTOC/COP/WG.4/2022/2", "symbol": "CTOC/COP/WG.4/2022/2", "type": "background-paper",
		"date": "2022-04-12", "status": "published", "distribution": "general", "agenda_items": []any{"3"},
		"languages": []any{"ar", "en"},
		"titles": map[string]any{
			"ar": "منع الاتجار بالأشخاص في المشتريات العامة",
			"en": "Preventing trafficking in persons in public procurement",
		},
		"url": "/api/v1/documents/CTOC/COP/WG.4/2022/2",
	})
	same(t, "agenda", len(got["agenda"].([]any)), 2)
	same(t, "unknown session", p.get("/api/v1/sessions/CTOC/COP/WG.4/99", 404),
		problem(404, "Not Found", `no session with id "CTOC/COP/WG.4/99"`, "/api/v1/sessions/CTOC/COP/WG.4/99"))
}

func TestDocumentShow(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	for _, target := range []string{
		"/api/v1/documents/CTOC/COP/WG.4/2022/2",
		"/api/v1/documents/CTOC%2FCOP%2FWG.4%2F2022%2F2",
	} {
		t.Run(target, func(t *testing.T) {
			got := p.get(target, 200)
			same(t, "id", got["id"], "CTOC/COP/WG.4/2022/2")
			same(t, "languages", got["languages"], []any{"ar", "en"})
			versions := got["versions"].([]any)
			en := versions[1].(map[string]any)
			same(t, "English version", en, map[string]any{
				"lang": "en", "title": "Preventing trafficking in persons in public procurement",
				"abstract": "How States can keep trafficking out of supply chains.",
				"url":      "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/en",
				"file": map[string]any{
					"name": "V2202.pdf", "media_type": "application/pdf", "size": float64(18),
					"sha256": en["file"].(map[string]any)["sha256"],
					"url":    "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/en/file",
				},
			})
			if _, ok := versions[0].(map[string]any)["text"]; ok {
				t.Error("the document answer carries full texts")
			}
		})
	}
	withdrawn := p.get("/api/v1/documents/CTOC/COP/WG.4/2022/4", 200)
	same(t, "withdrawn status", withdrawn["status"], "withdrawn")
}

func TestUnpublishedAndRestrictedDocumentsAreInvisible(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	for _, id := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1"} {
		for _, suffix := range []string{"", "/versions/en", "/versions/en/file"} {
			target := "/api/v1/documents/" + id + suffix
			t.Run(target, func(t *testing.T) {
				// The same answer as for a document that does not exist.
				same(t, "problem", p.get(target, 404), problem(404, "Not Found", `no document with id "`+id+`"`, target))
			})
		}
	}
	got := p.get("/api/v1/recommendations", 200)
	same(t, "recommendations", ids(got["items"], "id"), []string{"CTOC/COP/WG.4/2022/2#3"})
	p.get("/api/v1/recommendations/CTOC%2FCOP%2FWG.4%2F2022%2F3%231", 404)
}

func TestVersionShow(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	got := p.get("/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/ar", 200)
	same(t, "Arabic version", got, map[string]any{
		"document": "CTOC/COP/WG.4/2022/2", "symbol": "CTOC/COP/WG.4/2022/2", "lang": "ar",
		"title": "منع الاتجار بالأشخاص في المشتريات العامة", "text": "نص الورقة.",
		"url": "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/ar",
	})
	same(t, "missing language", p.get("/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/fr", 404),
		problem(404, "Not Found", `document "CTOC/COP/WG.4/2022/2" has no French version`, "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/fr"))
	same(t, "unknown language", p.get("/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/xx", 400),
		problem(400, "Bad Request", `lang: unknown language "xx" (want one of ar, zh, en, fr, ru, es, pt)`, "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/xx", "lang"))
}

func TestVersionFile(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	target := "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/en/file"
	rec := p.do(http.MethodGet, target)
	if rec.Code != 200 || rec.Body.String() != "%PDF-1.7 the paper" {
		t.Fatalf("status %d, body %q", rec.Code, rec.Body)
	}
	for header, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Length":         "18",
		"Content-Disposition":    "attachment; filename=V2202.pdf",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := rec.Header().Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	etag := rec.Header().Get("ETag")
	if again := p.do(http.MethodGet, target, "If-None-Match", etag); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
		t.Errorf("conditional request: status %d, %d bytes", again.Code, again.Body.Len())
	}
	same(t, "version without a file", p.get("/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/ar/file", 404),
		problem(404, "Not Found", `the Arabic version of "CTOC/COP/WG.4/2022/2" has no file`, "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/ar/file"))
}

func TestRecommendations(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	for _, q := range []string{"", "?theme=procurement", "?session=CTOC/COP/WG.4/12", "?body=CTOC/COP/WG.4", "?document=CTOC/COP/WG.4/2022/2"} {
		same(t, q, ids(p.get("/api/v1/recommendations"+q, 200)["items"], "id"), []string{"CTOC/COP/WG.4/2022/2#3"})
	}
	same(t, "other theme", p.get("/api/v1/recommendations?theme=gender", 200)["total"], float64(0))
	same(t, "unknown session", p.get("/api/v1/recommendations?session=X/1", 400),
		problem(400, "Bad Request", `session: no session with id "X/1"`, "/api/v1/recommendations?session=X/1", "session"))
	got := p.get("/api/v1/recommendations/CTOC%2FCOP%2FWG.4%2F2022%2F2%233", 200)
	same(t, "recommendation", got, map[string]any{
		"id": "CTOC/COP/WG.4/2022/2#3", "session": "CTOC/COP/WG.4/12", "document": "CTOC/COP/WG.4/2022/2",
		"number": "3", "themes": []any{"procurement"},
		"text": map[string]any{"en": "States parties should screen suppliers for forced labour.", "es": "Los Estados partes deberían examinar a los proveedores."},
	})
}

func TestRoutingErrors(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	same(t, "unknown route", p.get("/api/v1/meetings", 404), problem(404, "Not Found", "no page at /api/v1/meetings", "/api/v1/meetings"))
	rec := p.do(http.MethodDelete, "/api/v1/sessions")
	if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("DELETE: status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

func TestHealthAndReadiness(t *testing.T) {
	p := newPortal(t, june1)
	same(t, "healthz", p.get("/healthz", 200), map[string]any{"status": "ok"})
	// Before the first sync the catalogue is not loaded.
	got := p.get("/readyz", 503)
	same(t, "readyz before load", got, map[string]any{"status": "not ready", "checks": map[string]any{"database": "ok", "catalog": "loading", "search": "building"}})
	rec := p.do(http.MethodGet, "/api/v1/bodies")
	if rec.Code != 503 || rec.Header().Get("Retry-After") != "5" {
		t.Errorf("API before load: status %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	p.standard()
	same(t, "readyz", p.get("/readyz", 200), map[string]any{"status": "ready", "checks": map[string]any{"database": "ok", "catalog": "ready", "search": "ready"}})
	p.st.Close(context.Background())
	same(t, "readyz without database", p.get("/readyz", 503)["checks"], map[string]any{"database": "unreachable", "catalog": "ready", "search": "ready"})
}

func TestAWriteIsServedAfterTheFollowerSyncs(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	p.get("/api/v1/documents/new-study", 404)
	doc := &catalog.Document{ID: "new-study", Type: catalog.TypePublication, Date: "2022-05-01", Status: catalog.Published,
		Versions: []catalog.Version{{Lang: catalog.Portuguese, Title: "Novo estudo"}}}
	p.seed(doc)
	got := p.get("/api/v1/documents/new-study", 200)
	same(t, "title", got["versions"].([]any)[0].(map[string]any)["title"], "Novo estudo")
	if !bytes.Contains(p.do(http.MethodGet, "/api/v1/documents/new-study").Body.Bytes(), []byte(`"languages":["pt"]`)) {
		t.Error("languages missing")
	}
}

// No answer names a draft or restricted document, not even as the target
// of another document's relation or of a recommendation's follow-up.
func TestHiddenDocumentsAreNotNamedAnywhere(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	linker := testutil.DocumentWG4_2022_2()
	linker.ID, linker.Symbol = "CTOC/COP/WG.4/2022/6", "CTOC/COP/WG.4/2022/6"
	linker.Relations = []catalog.Relation{
		{Type: catalog.Supersedes, Target: "CTOC/COP/WG.4/2022/3"},
		{Type: catalog.Supersedes, Target: "CTOC/COP/WG.4/2022/INF/1"},
		{Type: catalog.Supersedes, Target: "A/76/1"}, // published elsewhere: kept
	}
	rec := testutil.RecommendationWG4_12_3()
	rec.ID, rec.Number = "", "4"
	rec.FollowUp = []catalog.FollowUp{
		{Document: "CTOC/COP/WG.4/2022/3", Note: catalog.Text{"en": "taken up in the draft"}},
		{Document: "CTOC/COP/WG.4/2022/INF/1"},
		{Document: "CTOC/COP/WG.4/2022/2", Note: catalog.Text{"en": "the public paper"}},
	}
	p.seed(linker, rec)

	for _, target := range []string{
		"/api/v1/documents/CTOC/COP/WG.4/2022/6",
		"/api/v1/recommendations",
		"/api/v1/recommendations/CTOC%2FCOP%2FWG.4%2F2022%2F2%234",
		"/api/v1/sessions/CTOC/COP/WG.4/12",
		"/api/v1/sessions",
	} {
		rec := p.do(http.MethodGet, target)
		if rec.Code != 200 {
			t.Fatalf("GET %s: %d", target, rec.Code)
		}
		for _, hidden := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1", "taken up in the draft", "List of participants"} {
			if strings.Contains(rec.Body.String(), hidden) {
				t.Errorf("GET %s names %q", target, hidden)
			}
		}
	}
	got := p.get("/api/v1/documents/CTOC/COP/WG.4/2022/6", 200)
	same(t, "relations kept", got["relations"], []any{map[string]any{"type": "supersedes", "target": "A/76/1"}})
	r := p.get("/api/v1/recommendations/CTOC%2FCOP%2FWG.4%2F2022%2F2%234", 200)
	same(t, "follow-ups kept", r["follow_up"], []any{map[string]any{"document": "CTOC/COP/WG.4/2022/2", "note": map[string]any{"en": "the public paper"}}})
}

func TestLanguages(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	got := p.get("/api/v1/languages", 200)
	same(t, "codes", ids(got["items"], "code"), []string{"ar", "zh", "en", "fr", "ru", "es", "pt"})
	same(t, "Arabic", got["items"].([]any)[0], map[string]any{"code": "ar", "letter": "A", "name": "العربية", "english": "Arabic", "rtl": true, "official": true})
	same(t, "Portuguese", got["items"].([]any)[6], map[string]any{"code": "pt", "letter": "P", "name": "Português", "english": "Portuguese", "rtl": false, "official": false})
}

func TestHeadRequests(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	for _, target := range []string{"/healthz", "/readyz", "/api/v1/sessions", "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/en/file"} {
		if rec := p.do(http.MethodHead, target); rec.Code != 200 {
			t.Errorf("HEAD %s: %d", target, rec.Code)
		}
	}
}

// A file is served only if the database, not just the read model, says the
// document may be seen: a document made a draft a moment ago is not.
func TestAFileAsksTheDatabase(t *testing.T) {
	p := newPortal(t, june1)
	p.standard()
	target := "/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/en/file"
	if rec := p.do(http.MethodGet, target); rec.Code != 200 {
		t.Fatalf("before: %d", rec.Code)
	}
	rec, err := p.st.Get(context.Background(), catalog.KindDocument, "CTOC/COP/WG.4/2022/2")
	if err != nil {
		t.Fatal(err)
	}
	d := rec.Entity.(*catalog.Document)
	d.Status = catalog.Draft
	if _, err := p.st.Put(context.Background(), d); err != nil { // the follower has not synced
		t.Fatal(err)
	}
	same(t, "after", p.get(target, 404), problem(404, "Not Found", `no document with id "CTOC/COP/WG.4/2022/2"`, target))
}
