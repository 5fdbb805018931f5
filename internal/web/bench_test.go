package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/readmodel"
	"plenary/internal/search"
	"plenary/internal/search/bleveindex"
	"plenary/internal/store"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// BenchmarkPages measures the server time of the home, session, document
// and search pages, served through the handler (no network), on the demo
// content and on a synthetic catalogue of 100,000 document versions, each
// next to a baseline of the same run: /healthz for the home page, the JSON
// API answer for the same session, document or search for the others.
//
//	go test -run '^$' -bench '^BenchmarkPages$' -benchtime 1x -timeout 30m ./internal/web/
//
// The open-data answers are measured too: the first page of OAI-PMH
// lists, the feeds, the calendar of every session, the sitemap index and
// its first file.
//
// Each case makes benchPageRequests requests per iteration (a sitemap
// file, 20), cycling
// through its targets, and reports the median and 99th percentile of
// their times (p50-ms, p99-ms), their mean (ns/op), the mean size of an
// answer (page-KB), what a request allocates (alloc-KB) and, for the
// API's searches, the mean number of documents a query finds (found). Every
// answer must be 200. The 100k catalogue is built once, before its cases, and
// its build/ sub-benchmark reports what building it took.
func BenchmarkPages(b *testing.B) {
	b.Run("demo", func(b *testing.B) {
		p := newDemoPortal(b, may2022)
		benchPageCases(b, p.handler, benchTargets{
			sessions:  []string{"CTOC/COP/WG.4/11", "CTOC/COP/WG.7/8", "CTOC/COP/WG.4/12", "CTOC/COP/WG.7/9", "E/CN.15/30"},
			documents: []string{"CTOC/COP/WG.4/2021/4", "CTOC/COP/WG.7/2021/1", "E/CN.15/2021/L.3", "CTOC/COP/2022/1", "A/RES/76/7"},
			words:     []string{"procurement", "gender", "children", "labour", "technology", "pandemic"},
			prefixes:  []string{"CTOC/COP/WG.4/2021", "CTOC/COP/WG.7/2022", "E/CN.15/2021", "CTOC/COP/2022"},
		})
	})
	b.Run("100k", func(b *testing.B) {
		big := newBigPortal(b)
		b.Run("build", func(b *testing.B) {
			for _, m := range big.metrics {
				b.ReportMetric(m.value, m.unit)
			}
		})
		benchPageCases(b, big.handler, big.targets)
	})
}

// benchPageRequests is how many requests a case makes per iteration.
const benchPageRequests = 500

// benchTargets are the objects the cases of one catalogue ask for: the
// ids of sessions and documents, words of a typical search (found in a few
// per cent to a quarter of the documents) and symbol prefixes.
type benchTargets struct {
	sessions, documents, words, prefixes []string
}

// benchPageCases runs each page next to its baseline.
func benchPageCases(b *testing.B, h http.Handler, t benchTargets) {
	paths := func(format string, ids []string) []string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = fmt.Sprintf(format, id)
		}
		return out
	}
	queries := func(format string, qs []string) []string {
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = fmt.Sprintf(format, url.QueryEscape(q))
		}
		return out
	}
	cases := []struct {
		name    string
		targets []string
	}{
		{"home", []string{"/en/"}},
		{"healthz", []string{"/healthz"}},
		{"session", paths("/en/sessions/%s", t.sessions)},
		{"session-api", paths("/api/v1/sessions/%s", t.sessions)},
		{"document", paths("/en/documents/%s", t.documents)},
		{"document-api", paths("/api/v1/documents/%s", t.documents)},
		{"search-word", queries("/en/search?q=%s", t.words)},
		{"search-word-api", queries("/api/v1/search?q=%s", t.words)},
		{"search-prefix", queries("/en/search?q=%s", t.prefixes)},
		{"search-prefix-api", queries("/api/v1/search?q=%s", t.prefixes)},
		{"oai-list-records", []string{"/oai?verb=ListRecords&metadataPrefix=oai_dc"}},
		{"oai-list-identifiers", []string{"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"}},
		{"feed-documents", []string{"/feeds/documents.atom"}},
		{"feed-document", paths("/feeds/documents/%s.atom", t.documents)},
		{"calendar", []string{"/calendar.ics"}},
		{"sitemap-index", []string{"/sitemap.xml"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) { benchRequests(b, h, c.targets, benchPageRequests) })
	}
	// A sitemap file holds up to 20,000 addresses (tens of MB at 100k):
	// fewer requests.
	b.Run("sitemap-file", func(b *testing.B) { benchRequests(b, h, []string{"/sitemaps/1.xml"}, 20) })
}

// benchRequests serves n GET requests per iteration,
// cycling through targets, after one untimed request to each (which, for
// the API's searches, reads how many documents each finds), and reports
// their times.
func benchRequests(b *testing.B, h http.Handler, targets []string, n int) {
	serve := func(target string) (time.Duration, *httptest.ResponseRecorder) {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took := time.Since(start)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s: status %d, want 200\n%.600s", target, rec.Code, rec.Body.String())
		}
		return took, rec
	}
	var found uint64 // documents found by the API's searches
	for _, target := range targets {
		_, rec := serve(target)
		if strings.HasPrefix(target, "/api/v1/search?") {
			var res struct{ Total uint64 }
			if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil || res.Total == 0 {
				b.Fatalf("GET %s: %v, %d found", target, err, res.Total)
			}
			found += res.Total
		}
	}
	lat := make([]time.Duration, 0, b.N*n)
	var size int
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for range b.N {
		for i := range n {
			took, rec := serve(targets[i%len(targets)])
			lat = append(lat, took)
			size += rec.Body.Len()
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	pct := func(p int) float64 { return lat[(len(lat)*p+99)/100-1].Seconds() * 1000 }
	count := float64(len(lat))
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
	b.ReportMetric(float64(sum.Nanoseconds())/count, "ns/op")
	b.ReportMetric(float64(size)/count/1024, "page-KB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/count/1024, "alloc-KB")
	if found > 0 {
		b.ReportMetric(float64(found)/float64(len(targets)), "found")
	}
}

// The synthetic catalogue: bigSessions sessions of five bodies, one every
// three weeks up to a few months after the benchmark's day, each with
// bigDocsPerSession documents in five of the seven languages (so 100,000
// versions) and three recommendations. Versions are made as those of the
// search index's benchmarks (internal/search/bleveindex/bench_test.go):
// sentences of the Universal Declaration of Human Rights dealt out with a
// fixed seed, a title and about 2 KB of text each.
const (
	bigSessions       = 400
	bigDocsPerSession = 50
	bigLangsPerDoc    = 5
	bigUpcoming       = 12 // sessions from the benchmark's day on
	bigTextLen        = 2000
	bigSeed           = 20260101
)

var (
	bigBodies = []*catalog.Body{
		{Code: "CTOC/COP", Name: catalog.Text{"en": "Conference of the Parties"}, Category: catalog.CategoryConference},
		{Code: "CTOC/COP/WG.4", Name: catalog.Text{"en": "Working Group on Trafficking in Persons"}, Parent: "CTOC/COP", Category: catalog.CategoryWorkingGroup},
		{Code: "CTOC/COP/WG.7", Name: catalog.Text{"en": "Working Group on the Smuggling of Migrants"}, Parent: "CTOC/COP", Category: catalog.CategoryWorkingGroup},
		{Code: "E/CN.15", Name: catalog.Text{"en": "Commission on Crime Prevention and Criminal Justice"}, Category: catalog.CategoryCommission},
		{Code: "E/CN.7", Name: catalog.Text{"en": "Commission on Narcotic Drugs"}, Category: catalog.CategoryCommission},
	}
	bigAgenda   = []string{"Organizational matters", "Thematic discussion", "Review of implementation", "Technical assistance", "Other matters", "Adoption of the report"}
	bigSubjects = []string{"trafficking-in-persons", "smuggling-of-migrants", "human-rights", "firearms", "corruption", "cybercrime", "international-cooperation", "crime-prevention"}
	// bigWords are words of one sentence of the declaration, in several
	// languages, as BenchmarkSearch's typical words.
	bigWords = []string{"torture", "asylum", "leisure", "asile", "tortura", "vacaciones", "убежище", "التعذيب", "酷刑"}
)

// bigPortal is the portal on the synthetic catalogue, with the targets
// of its cases and what building it took.
type bigPortal struct {
	handler http.Handler
	targets benchTargets
	metrics []benchMetric
}

type benchMetric struct {
	value float64
	unit  string
}

// newBigPortal generates the catalogue, stores it in a fresh embedded
// database, and syncs a read model and a search index from the change
// feed as the server does (one after the other, to time each); it waits
// until the index has finished merging in the background, so that the
// cases do not compete with it. Its metrics: the whole build (ns/op), the
// versions, the seconds to store them, to sync the read model, to build
// the index and to wait for it to settle; the live heap that the read
// model adds (model-heap-MB) and the live heap of the process once built
// (heap-MB: the read model, the search index's caches, the database
// engine's), both after a collection.
func newBigPortal(b *testing.B) *bigPortal {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	st := testutil.Store(b)
	targets, versions, storeTook := bigStore(b, st)

	model := readmodel.New()
	follower := changefeed.New(st, model, changefeed.Options{Logger: testutil.Quiet()})
	heapBefore := benchHeap()
	t0 := time.Now()
	if err := follower.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	modelTook := time.Since(t0)
	modelHeap := benchHeap() - heapBefore

	g, err := search.LoadGlossary()
	if err != nil {
		b.Fatal(err)
	}
	index, err := bleveindex.Open(bleveindex.Options{Dir: b.TempDir(), Logger: testutil.Quiet(), Glossary: g})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { index.Close() })
	indexer := changefeed.New(st, index, changefeed.Options{WithText: true, Logger: testutil.Quiet()})
	t0 = time.Now()
	if err := indexer.Sync(ctx); err != nil {
		b.Fatal(err)
	}
	indexTook := time.Since(t0)
	settle := benchWaitIdle(b)

	h, err := web.New(web.Deps{
		Model: model, Store: st, Search: index, SearchReady: index.Ready,
		CatalogReady: follower.Ready, Logger: testutil.Quiet(), Now: func() time.Time { return may2022 },
	})
	if err != nil {
		b.Fatal(err)
	}
	const mb = 1 << 20
	heap := benchHeap()
	return &bigPortal{handler: h, targets: targets, metrics: []benchMetric{
		{float64(time.Since(start).Nanoseconds()), "ns/op"},
		{float64(versions), "versions"},
		{storeTook.Seconds(), "store-s"},
		{modelTook.Seconds(), "model-s"},
		{indexTook.Seconds(), "index-s"},
		{settle.Seconds(), "settle-s"},
		{float64(modelHeap) / mb, "model-heap-MB"},
		{float64(heap) / mb, "heap-MB"},
	}}
}

// bigStore generates the catalogue and stores it; it returns the targets
// of the cases, the number of versions, and how long storing took.
func bigStore(b *testing.B, st store.Catalog) (benchTargets, int, time.Duration) {
	b.Helper()
	entities, targets, versions := bigCatalogue(b)
	start := time.Now()
	if _, err := st.Put(context.Background(), entities...); err != nil {
		b.Fatal(err)
	}
	return targets, versions, time.Since(start)
}

// bigCatalogue generates the catalogue's records (validated), the
// targets of the cases, and the number of versions.
func bigCatalogue(b *testing.B) ([]catalog.Entity, benchTargets, int) {
	b.Helper()
	pools := map[catalog.Lang][]string{}
	for _, l := range catalog.Languages {
		pools[l] = udhrSentences(b, l)
	}
	r := rand.New(rand.NewPCG(bigSeed, 0))
	var out []catalog.Entity
	var t benchTargets
	versions := 0
	for _, body := range bigBodies {
		out = append(out, body)
	}
	serial := map[string]int{} // symbol series (body/year) → last number
	for i := range bigSessions {
		body := bigBodies[i%len(bigBodies)].Code
		day := may2022.AddDate(0, 0, 21*(i-(bigSessions-bigUpcoming)))
		s := &catalog.Session{
			ID: fmt.Sprintf("%s/%d", body, i/len(bigBodies)+1), Body: body, Number: i/len(bigBodies) + 1,
			Title: catalog.Text{"en": fmt.Sprintf("Session %d", i/len(bigBodies)+1)},
			Start: catalog.DateOf(day), End: catalog.DateOf(day.AddDate(0, 0, 2)),
			Venue: catalog.Venue{City: "Vienna", Mode: catalog.Hybrid},
		}
		for k, title := range bigAgenda {
			s.Agenda = append(s.Agenda, catalog.AgendaItem{Item: fmt.Sprint(k + 1), Title: catalog.Text{"en": title}})
		}
		out = append(out, s)
		series := fmt.Sprintf("%s/%d", body, day.Year())
		if i%19 == 7 {
			t.sessions = append(t.sessions, s.ID)
			t.prefixes = append(t.prefixes, series)
		}
		for j := range bigDocsPerSession {
			serial[series]++
			d := &catalog.Document{
				Symbol: fmt.Sprintf("%s/%d", series, serial[series]), Type: catalog.DocTypes[r.IntN(len(catalog.DocTypes))],
				Body: body, Session: s.ID, Date: catalog.DateOf(day.AddDate(0, 0, -r.IntN(60))),
				Status: catalog.Published, Distribution: catalog.General,
			}
			if r.IntN(10) > 0 {
				d.AgendaItems = []string{fmt.Sprint(1 + r.IntN(len(bigAgenda)))}
			}
			for _, k := range r.Perm(len(bigSubjects))[:1+r.IntN(3)] {
				d.Subjects = append(d.Subjects, bigSubjects[k])
			}
			for _, k := range r.Perm(len(catalog.Languages))[:bigLangsPerDoc] {
				l := catalog.Languages[k]
				d.Versions = append(d.Versions, catalog.Version{
					Lang: l, Title: testutil.Title(r, pools[l], l), Abstract: pools[l][r.IntN(len(pools[l]))], Text: testutil.Text(r, pools[l], l, bigTextLen),
				})
			}
			versions += len(d.Versions)
			out = append(out, d)
			if i%19 == 7 && j%20 == 3 {
				t.documents = append(t.documents, d.Symbol)
			}
			if j == 0 {
				for n := 1; n <= 3; n++ {
					out = append(out, &catalog.Recommendation{
						ID: fmt.Sprintf("%s#%d", d.Symbol, n), Session: s.ID, Document: d.Symbol, Number: fmt.Sprint(n),
						Text: catalog.Text{"en": pools[catalog.English][r.IntN(len(pools[catalog.English]))]},
					})
				}
			}
		}
	}
	for _, e := range out {
		e.Normalize()
		if err := e.Validate(); err != nil {
			b.Fatalf("generated %s %s: %v", e.EntityKind(), e.Key(), err)
		}
	}
	t.words = bigWords
	return out, t, versions
}

// udhrSentences returns the sentences of the declaration in l.
func udhrSentences(b *testing.B, l catalog.Lang) []string {
	b.Helper()
	data, err := os.ReadFile(filepath.Join("..", "search", "testdata", "udhr", string(l)+".txt"))
	if err != nil {
		b.Fatal(err)
	}
	return testutil.Sentences(string(data))
}

// benchHeap is the live heap after a collection, in bytes.
func benchHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// benchWaitIdle waits until the process has used less than a tenth of a
// core over a second (the search index has finished persisting and
// merging in the background), at most ten minutes, and returns how long
// that took.
func benchWaitIdle(b *testing.B) time.Duration {
	b.Helper()
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := time.Now()
	for time.Since(start) < 10*time.Minute {
		before := cpu()
		time.Sleep(time.Second)
		if cpu()-before < 100*time.Millisecond {
			return time.Since(start)
		}
	}
	b.Log("the process is still busy after 10 minutes; measuring anyway")
	return time.Since(start)
}
