package bleveindex

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/importer"
	"plenary/internal/search"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

// stockAnalyzers are bleve's own analyzers of the seven languages, which
// the relevance test and the rebuild benchmark measure against.
var stockAnalyzers = map[catalog.Lang]string{
	catalog.Arabic: ar.AnalyzerName, catalog.Chinese: cjk.AnalyzerName, catalog.English: en.AnalyzerName,
	catalog.French: fr.AnalyzerName, catalog.Russian: ru.AnalyzerName, catalog.Spanish: es.AnalyzerName,
	catalog.Portuguese: pt.AnalyzerName,
}

// scratchIndex opens an empty index in a temporary folder, for tests of
// its analysis.
func scratchIndex(t testing.TB) *Index {
	t.Helper()
	x, err := Open(Options{Dir: t.TempDir(), Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// fixture is an index that follows a store on the embedded database.
type fixture struct {
	store    store.Store
	index    *Index
	follower *changefeed.Follower
	dir      string
}

// newFixture opens an index in a temporary folder on a fresh embedded
// database, with the glossary.
func newFixture(t testing.TB) *fixture {
	t.Helper()
	st := testutil.Store(t)
	dir := filepath.Join(t.TempDir(), "search")
	g, err := search.LoadGlossary()
	if err != nil {
		t.Fatal(err)
	}
	x, err := Open(Options{Dir: dir, Logger: testutil.Quiet(), Glossary: g})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return &fixture{store: st, index: x, dir: dir, follower: newFollower(st, x)}
}

// newFollower feeds x from st as the server does.
func newFollower(st store.Store, x *Index) *changefeed.Follower {
	return changefeed.New(st, x, changefeed.Options{Start: x.Position(), WithText: true, Logger: testutil.Quiet()})
}

// importLines imports JSON Lines through the importer and brings the
// index up to date.
func (f *fixture) importLines(t testing.TB, jsonl string) {
	t.Helper()
	f.importReader(t, strings.NewReader(jsonl))
}

func (f *fixture) importReader(t testing.TB, r io.Reader) {
	t.Helper()
	rep, err := (&importer.Importer{Store: f.store}).Import(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Fatalf("import: %v", rep.Errors)
	}
	f.sync(t)
}

func (f *fixture) sync(t testing.TB) {
	t.Helper()
	if err := f.follower.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// search runs q (in the query language) with the request's other fields.
func (f *fixture) search(t testing.TB, q string, req search.Request) *search.Result {
	t.Helper()
	parsed, err := search.Parse(q)
	if err != nil {
		t.Fatalf("parse %q: %v", q, err)
	}
	req.Query = parsed
	res, err := f.index.Search(context.Background(), req)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return res
}

// ids lists the ids of the hits.
func ids(res *search.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}
