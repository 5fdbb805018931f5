package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/demo"
	"plenary/internal/embeddb"
	"plenary/internal/readmodel"
	"plenary/internal/search"
	"plenary/internal/search/bleveindex"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// portal is the real engine on a real embedded database holding the demo
// content, with the read model and the search index synced from the
// change feed.
type portal struct {
	t        testing.TB
	db       *embeddb.Server
	st       *mongostore.Store
	blobs    store.Blobs
	follower *changefeed.Follower
	indexer  *changefeed.Follower
	handler  http.Handler
	// deps are what the handler was built with, for variants of it.
	deps web.Deps
}

// may2022 is the day the tests are run on: the working groups of June
// 2022 are upcoming, those of 2021 are past.
var may2022 = time.Date(2022, 5, 20, 9, 0, 0, 0, time.UTC)

// demoData is a database holding the demo content, with its files, made
// once and copied for each test.
var demoData = testutil.NewTemplate(func(ctx context.Context, st *mongostore.Store, dir string) error {
	blobs, err := blobdir.New(filepath.Join(dir, "files"))
	if err != nil {
		return err
	}
	rep, _, err := demo.LoadIfEmpty(ctx, st, blobs)
	if err == nil && len(rep.Errors) > 0 {
		err = fmt.Errorf("demo content: %v", rep.Errors)
	}
	return err
})

func TestMain(m *testing.M) {
	code := m.Run()
	demoData.Remove()
	os.Exit(code)
}

// newDemoPortal starts a portal on the demo content, as of now.
func newDemoPortal(t testing.TB, now time.Time) *portal {
	t.Helper()
	db, dir := demoData.Copy(t)
	st := testutil.StoreOn(t, db)
	blobs, err := blobdir.New(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	p := &portal{t: t, db: db, st: st, blobs: blobs}
	model := readmodel.New()
	p.follower = changefeed.New(st, model, changefeed.Options{Logger: testutil.Quiet()})
	g, err := search.LoadGlossary()
	if err != nil {
		t.Fatal(err)
	}
	index, err := bleveindex.Open(bleveindex.Options{Dir: t.TempDir(), Logger: testutil.Quiet(), Glossary: g})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { index.Close() })
	p.indexer = changefeed.New(st, index, changefeed.Options{WithText: true, Logger: testutil.Quiet()})
	p.sync()
	p.deps = web.Deps{
		Model: model, Store: st, Blobs: blobs, Search: index, SearchReady: index.Ready,
		CatalogReady: p.follower.Ready, Logger: testutil.Quiet(), Now: func() time.Time { return now },
	}
	p.handler, err = web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// sync brings the read model and the index up to date with the database.
func (p *portal) sync() {
	p.t.Helper()
	for _, f := range []*changefeed.Follower{p.follower, p.indexer} {
		if err := f.Sync(context.Background()); err != nil {
			p.t.Fatal(err)
		}
	}
}

// seed stores entities and syncs.
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
	p.sync()
}

// serve starts a real HTTP server on the portal, for the browser.
func (p *portal) serve() *httptest.Server {
	srv := httptest.NewServer(p.handler)
	p.t.Cleanup(srv.Close)
	return srv
}

// get requests target with optional header pairs and returns the answer
// with its body read.
func (p *portal) get(target string, header ...string) (*http.Response, string) {
	p.t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	p.handler.ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// page requests target and checks the status and that it is an HTML page.
func (p *portal) page(target string, status int, header ...string) string {
	p.t.Helper()
	return p.pageIn(p.t, target, status, header...)
}

// pageIn is page for a subtest: a failure stops t.
func (p *portal) pageIn(t testing.TB, target string, status int, header ...string) string {
	t.Helper()
	res, body := p.get(target, header...)
	if res.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d\n%.600s", target, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET %s: Content-Type %q, want an HTML page", target, ct)
	}
	return body
}
