package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/audit"
	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/extract"
	"plenary/internal/publish"
	"plenary/internal/readmodel"
	"plenary/internal/search/bleveindex"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
	"plenary/internal/upload"
	"plenary/internal/web"
)

// writePortal is the real engine (web.New) with its writes on a real
// embedded database, a real search index, real accounts and a real
// publishing service, with a clock the test moves. Requests are signed in
// as a role by the header X-Test-Role, which the wrapping handler turns
// into that role's API token (Authorization: Bearer), so they go through
// the web middleware's authentication as a client's would.
type writePortal struct {
	t        testing.TB
	st       *mongostore.Store
	blobs    store.Blobs
	model    *readmodel.Model
	follower *changefeed.Follower
	indexer  *changefeed.Follower
	svc      *publish.Service
	clock    *clock
	handler  http.Handler
}

// writeOptions tune a writePortal.
type writeOptions struct {
	limits    upload.Limits
	maxUpload int64
	extractor bool // start a real extractor
	noService bool // no publishing service: writes answer 503
}

// The roles a test request may be signed in as; "disabled-editor" is an
// editor whose account is disabled.
var testRoles = []string{"admin", "editor", "participant", "disabled-editor"}

func newWritePortal(t testing.TB, now time.Time, o writeOptions) *writePortal {
	t.Helper()
	st := testutil.Store(t)
	blobs, err := blobdir.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := &writePortal{t: t, st: st, blobs: blobs, model: readmodel.New(), clock: &clock{now: now}}
	p.follower = changefeed.New(st, p.model, changefeed.Options{Logger: testutil.Quiet()})
	index, err := bleveindex.Open(bleveindex.Options{Dir: t.TempDir(), Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	p.indexer = changefeed.New(st, index, changefeed.Options{WithText: true, Logger: testutil.Quiet()})
	var x *extract.Extractor
	if o.extractor {
		lim := extract.DefaultLimits()
		lim.Interpreter = raceDetector // compiling the PDF engine takes minutes under the race detector
		x = extract.New(lim)
		t.Cleanup(func() { x.Close() })
	}
	if !o.noService {
		p.svc = publish.New(publish.Deps{
			Store: st, Blobs: blobs, Model: p.model, Audit: st, Extractor: x,
			Limits: o.limits, Now: p.clock.Now, Logger: testutil.Quiet(),
		})
	}
	accounts := auth.New(st, auth.Options{})
	tokens := map[string]string{}
	ctx := context.Background()
	for _, role := range testRoles {
		r := auth.Role(strings.TrimPrefix(role, "disabled-"))
		email := role + "@example.org"
		if _, err := accounts.AddUser(ctx, email, r, "a long test password for "+role); err != nil {
			t.Fatal(err)
		}
		plain, _, err := accounts.CreateToken(ctx, email, "tests")
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = plain
		if role != string(r) {
			if err := accounts.SetDisabled(ctx, email, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	engine, err := web.New(web.Deps{
		Model: p.model, Store: st, Blobs: blobs, Search: index, SearchReady: index.Ready, Logger: testutil.Quiet(),
		Now: p.clock.Now, Auth: accounts, Audit: st, Publish: p.svc, MaxUpload: o.maxUpload,
	})
	if err != nil {
		t.Fatal(err)
	}
	p.handler = signIn(engine, tokens)
	p.sync()
	return p
}

// signIn gives a request marked X-Test-Role the API token of that role.
func signIn(next http.Handler, tokens map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if role := r.Header.Get("X-Test-Role"); role != "" {
			r.Header.Del("X-Test-Role")
			r.Header.Set("Authorization", "Bearer "+tokens[role])
		}
		next.ServeHTTP(w, r)
	})
}

// sync brings the read model and the search index up to date.
func (p *writePortal) sync() {
	p.t.Helper()
	if err := p.follower.Sync(context.Background()); err != nil {
		p.t.Fatal(err)
	}
	if err := p.indexer.Sync(context.Background()); err != nil {
		p.t.Fatal(err)
	}
}

// seed stores fixtures directly, as an import would.
func (p *writePortal) seed(entities ...catalog.Entity) {
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
	p.sync()
}

// request sends a request as role ("" for anonymous).
func (p *writePortal) request(method, target, role, contentType string, body []byte) *httptest.ResponseRecorder {
	p.t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if role != "" {
		req.Header.Set("X-Test-Role", role)
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	return rec
}

// send sends body (marshalled to JSON unless it is []byte or a string) as
// role and decodes the JSON answer, checking the status.
func (p *writePortal) send(method, target, role string, body any, status int) map[string]any {
	p.t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	case string:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(body); err != nil {
			p.t.Fatal(err)
		}
	}
	ct := ""
	if data != nil {
		ct = "application/json"
	}
	return decodeAnswer(p.t, method+" "+target, p.request(method, target, role, ct, data), status)
}

func (p *writePortal) get(target, role string, status int) map[string]any {
	p.t.Helper()
	return p.send(http.MethodGet, target, role, nil, status)
}

func decodeAnswer(t testing.TB, what string, rec *httptest.ResponseRecorder, status int) map[string]any {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("%s: status %d, want %d; body %s", what, rec.Code, status, rec.Body)
	}
	var out map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("%s: not JSON: %v: %s", what, err, rec.Body)
	}
	return out
}

// upload sends a version as a multipart form: the file (if name is not
// empty) and the given fields.
func (p *writePortal) upload(target, role string, fields map[string]string, name string, file []byte) *httptest.ResponseRecorder {
	p.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			p.t.Fatal(err)
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			p.t.Fatal(err)
		}
		fw.Write(file)
	}
	mw.Close()
	return p.request(http.MethodPut, target, role, mw.FormDataContentType(), buf.Bytes())
}

// stored returns a record as the database holds it.
func (p *writePortal) stored(kind catalog.Kind, id string) store.Record {
	p.t.Helper()
	rec, err := p.st.Get(context.Background(), kind, id)
	if err != nil {
		p.t.Fatalf("get %s %q: %v", kind, id, err)
	}
	return rec
}

func (p *writePortal) storedDoc(id string) *catalog.Document {
	p.t.Helper()
	return p.stored(catalog.KindDocument, id).Entity.(*catalog.Document)
}

// extract runs the service's extraction of pending versions and syncs.
func (p *writePortal) extract() int {
	p.t.Helper()
	n, err := p.svc.ExtractPending(context.Background())
	if err != nil {
		p.t.Fatal(err)
	}
	p.sync()
	return n
}

// clock is a time the test sets.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// actions lists "actor action target ok" for every entry of the audit
// log, oldest first.
func (p *writePortal) actions() []string {
	p.t.Helper()
	entries, err := p.st.List(context.Background(), audit.Filter{Limit: audit.MaxLimit})
	if err != nil {
		p.t.Fatal(err)
	}
	var out []string
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		out = append(out, e.Actor+" "+e.Action+" "+e.Target+" "+strconv.FormatBool(e.OK))
	}
	return out
}

// zipOf makes a ZIP archive of the named contents, in the order given.
func zipOf(t testing.TB, files ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[i+1])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxBomb is a Word document whose text unpacks to size bytes of spaces.
func docxBomb(t testing.TB, size int) []byte {
	t.Helper()
	return zipOf(t,
		"[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml", `<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>`+strings.Repeat(" ", size)+`</w:t></w:r></w:p></w:body></w:document>`,
	)
}

func jsonLines(t testing.TB, records ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, r := range records {
		data, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(data)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func errorsOf(t testing.TB, problem map[string]any) []string {
	t.Helper()
	list, ok := problem["errors"].([]any)
	if !ok {
		t.Fatalf("no errors in %v", problem)
	}
	var out []string
	for _, e := range list {
		m := e.(map[string]any)
		out = append(out, fmt.Sprintf("%s %s: %s", m["field"], m["code"], m["reason"]))
	}
	return out
}
