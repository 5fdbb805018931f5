package bleveindex

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/search"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

// The benchmarks run on a synthetic catalogue made of real sentences: the
// Universal Declaration of Human Rights in the seven languages, cut into
// sentences and dealt out at random (with a fixed seed) into documents of
// 3 to 7 language versions with about 2 KB of text each.
//
//	go test -run '^$' -bench '^Benchmark(IndexRebuild(Baseline)?|Search)$' -benchtime 1x -timeout 60m ./internal/search/bleveindex/
//
// PLENARY_BENCH_VERSIONS sets the size of the catalogue in language
// versions (default 100,000, about 20,000 documents); a quick run can use
// fewer.

const (
	// benchDefaultVersions is the catalogue size without PLENARY_BENCH_VERSIONS.
	benchDefaultVersions = 100_000
	// benchSeed seeds the catalogue generator.
	benchSeed = 20260101
	// benchTextLen is the length of a version's text, in bytes (at least).
	benchTextLen = 2000
	// benchApplyChunk is how many updates the change-feed follower hands
	// to Apply at a time during a rebuild (changefeed's chunk).
	benchApplyChunk = 500
	// benchBaselineBatch is the baseline's batch size, in language versions.
	benchBaselineBatch = 1000
	// benchQueries is how many searches a search benchmark times per
	// iteration (b.N), cycling through its queries.
	benchQueries = 500
	// benchDeepHit is how deep the deep-page searches start, in hits.
	benchDeepHit = 10_000
	// benchSettleTimeout bounds the wait for an index's background
	// persisting and merging to finish.
	benchSettleTimeout = 10 * time.Minute
)

// The values documents are dealt.
var (
	benchBodies   = []string{"CTOC/COP/WG.4", "CTOC/COP/WG.7", "E/CN.15", "A"}
	benchSubjects = []string{
		"trafficking-in-persons", "smuggling-of-migrants", "human-rights", "firearms",
		"corruption", "cybercrime", "international-cooperation", "crime-prevention",
	}
)

// benchCorpus is the synthetic catalogue.
type benchCorpus struct {
	docs []*catalog.Document
	// updates are the documents as the change-feed follower hands them to
	// the index during a rebuild.
	updates  []changefeed.Update
	versions int
	// rawBytes counts the bytes of the titles and texts.
	rawBytes int64
}

var benchCorpusCache struct {
	sync.Mutex
	corpus *benchCorpus
}

// loadBenchCorpus returns the catalogue, generating it on first use; the
// benchmarks of a run share it.
func loadBenchCorpus(b *testing.B) *benchCorpus {
	b.Helper()
	benchCorpusCache.Lock()
	defer benchCorpusCache.Unlock()
	if benchCorpusCache.corpus == nil {
		n := benchDefaultVersions
		if s := os.Getenv("PLENARY_BENCH_VERSIONS"); s != "" {
			var err error
			if n, err = strconv.Atoi(s); err != nil || n < 3 {
				b.Fatalf("PLENARY_BENCH_VERSIONS=%q: want a number of versions, at least 3", s)
			}
		}
		benchCorpusCache.corpus = newBenchCorpus(b, n)
	}
	return benchCorpusCache.corpus
}

// newBenchCorpus deals out documents until they have n language versions
// in all. Every document is published; one in twenty is of limited
// distribution, one in ten has no symbol (its id is a slug). A symbol is
// the body, the year (the session, for the General Assembly) and a serial
// number: CTOC/COP/WG.4/2021/3, A/76/12.
func newBenchCorpus(b *testing.B, n int) *benchCorpus {
	b.Helper()
	pools := map[catalog.Lang][]string{}
	for _, l := range catalog.Languages {
		articles := udhrArticles(b, l)
		for k := range len(articles) {
			pools[l] = append(pools[l], testutil.Sentences(articles[k])...)
		}
	}
	r := rand.New(rand.NewPCG(benchSeed, 0))
	c := &benchCorpus{}
	serial := map[string]int{}
	for i := 0; c.versions < n; i++ {
		body := benchBodies[r.IntN(len(benchBodies))]
		year := 2010 + r.IntN(17)
		d := &catalog.Document{
			Type:         catalog.DocTypes[r.IntN(len(catalog.DocTypes))],
			Body:         body,
			Session:      fmt.Sprintf("%s/%d", body, year-2009),
			Date:         catalog.Date(fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))),
			Status:       catalog.Published,
			Distribution: catalog.General,
		}
		if r.IntN(20) == 0 {
			d.Distribution = catalog.Limited
		}
		if r.IntN(10) == 0 {
			d.ID = fmt.Sprintf("note-%06d", i)
		} else {
			series := fmt.Sprintf("%s/%d", body, year)
			if body == "A" {
				series = fmt.Sprintf("A/%d", year-1945)
			}
			serial[series]++
			d.Symbol = fmt.Sprintf("%s/%d", series, serial[series])
		}
		for _, k := range r.Perm(len(benchSubjects))[:1+r.IntN(3)] {
			d.Subjects = append(d.Subjects, benchSubjects[k])
		}
		for _, k := range r.Perm(len(catalog.Languages))[:min(3+r.IntN(5), n-c.versions)] {
			l := catalog.Languages[k]
			v := catalog.Version{Lang: l, Title: testutil.Title(r, pools[l], l), Text: testutil.Text(r, pools[l], l, benchTextLen)}
			d.Versions = append(d.Versions, v)
			c.rawBytes += int64(len(v.Title) + len(v.Text))
		}
		c.versions += len(d.Versions)
		d.Normalize()
		if err := d.Validate(); err != nil {
			b.Fatalf("generated document %s: %v", d.ID, err)
		}
		c.docs = append(c.docs, d)
		c.updates = append(c.updates, changefeed.Update{Kind: catalog.KindDocument, ID: d.ID, Record: store.Record{Entity: d}})
	}
	return c
}

// benchRebuild builds the index of c in dir through the consumer
// interface, as the change-feed follower rebuilds it: Reset, Apply in
// chunks with a zero position, then a last Apply with the position
// reached, which swaps the new index in.
func benchRebuild(b *testing.B, c *benchCorpus, dir string) *Index {
	b.Helper()
	ctx := context.Background()
	x, err := Open(Options{Dir: dir, Logger: testutil.Quiet()})
	if err != nil {
		b.Fatal(err)
	}
	if err := x.Reset(ctx); err != nil {
		b.Fatal(err)
	}
	for start := 0; start < len(c.updates); start += benchApplyChunk {
		chunk := c.updates[start:min(start+benchApplyChunk, len(c.updates))]
		if err := x.Apply(ctx, chunk, changefeed.Position{}); err != nil {
			b.Fatal(err)
		}
	}
	if err := x.Apply(ctx, nil, changefeed.Position{Next: int64(len(c.updates) + 1)}); err != nil {
		b.Fatal(err)
	}
	return x
}

// BenchmarkIndexRebuild measures a full rebuild of the index of the
// catalogue, as the change-feed follower does it (see benchRebuild).
func BenchmarkIndexRebuild(b *testing.B) {
	c := loadBenchCorpus(b)
	benchBuild(b, c, func(dir string) (bleve.Index, func()) {
		x := benchRebuild(b, c, dir)
		return x.idx, func() { x.Close() }
	})
}

// BenchmarkIndexRebuildBaseline is the baseline of BenchmarkIndexRebuild:
// the same catalogue in a plain bleve index, as the bleve documentation
// would have it. The mapping is bleve.NewIndexMapping() with its defaults
// (dynamic fields, stored, with term vectors and doc values, in _all),
// and one document mapping per language whose default analyzer is bleve's
// stock analyzer of the language; each language version is one bleve
// document, indexed in batches of benchBaselineBatch with scorch's
// default configuration (each batch waits until it is on disk).
func BenchmarkIndexRebuildBaseline(b *testing.B) {
	c := loadBenchCorpus(b)
	benchBuild(b, c, func(dir string) (bleve.Index, func()) {
		idx, err := bleve.New(filepath.Join(dir, "baseline.bleve"), benchBaselineMapping())
		if err != nil {
			b.Fatal(err)
		}
		batch := idx.NewBatch()
		flush := func() {
			if err := idx.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
		for _, d := range c.docs {
			for _, v := range d.Versions {
				doc := map[string]any{
					"id": d.ID, "lang": string(v.Lang), "title": v.Title, "text": v.Text,
					"type": string(d.Type), "body": d.Body, "date": string(d.Date),
				}
				if d.Symbol != "" {
					doc["symbol"] = d.Symbol
				}
				if err := batch.Index(d.ID+"#"+string(v.Lang), doc); err != nil {
					b.Fatal(err)
				}
				if batch.Size() == benchBaselineBatch {
					flush()
				}
			}
		}
		if batch.Size() > 0 {
			flush()
		}
		return idx, func() { idx.Close() }
	})
}

// benchBaselineMapping is the baseline's mapping: bleve's defaults, with
// the lang field choosing a document mapping whose analyzer is bleve's
// stock analyzer of that language.
func benchBaselineMapping() *mapping.IndexMappingImpl {
	m := bleve.NewIndexMapping()
	m.TypeField = "lang"
	for _, l := range catalog.Languages {
		dm := bleve.NewDocumentMapping()
		dm.DefaultAnalyzer = stockAnalyzers[l]
		m.AddDocumentMapping(string(l), dm)
	}
	return m
}

// benchBuild times build, which builds an index of c in a fresh folder
// and returns it (with a function that closes it), and reports:
//
//   - docs: the documents of the catalogue;
//   - versions/s: language versions indexed per second, until build
//     returns (for our index, when the rebuild is swapped in and searches
//     see it);
//   - settle-s: how long the index then takes to finish persisting and
//     merging in the background;
//   - index-MB and size/raw: its size on disk once settled, and that size
//     over the bytes of the titles and texts (raw-MB);
//   - corpus-rss-MB: the process's resident memory before the build,
//     mostly the catalogue held in memory; rss-MB: the resident memory
//     when build returns; peak-rss-MB: the highest resident memory during
//     the build and the settling (the high-water mark is reset before the
//     build).
func benchBuild(b *testing.B, c *benchCorpus, build func(dir string) (bleve.Index, func())) {
	var took, settle time.Duration
	var size int64
	var before, rss, peak uint64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		runtime.GC()
		debug.FreeOSMemory()
		benchResetPeakRSS(b)
		before, _ = benchRSS(b)
		b.StartTimer()
		start := time.Now()
		idx, closeIdx := build(dir)
		took += time.Since(start)
		b.StopTimer()
		rss, _ = benchRSS(b)
		settle += benchSettle(b, idx)
		_, peak = benchRSS(b)
		size = benchDirSize(b, dir)
		closeIdx()
		b.StartTimer()
	}
	b.StopTimer()
	const mb = 1 << 20
	b.ReportMetric(float64(len(c.docs)), "docs")
	b.ReportMetric(float64(c.versions)*float64(b.N)/took.Seconds(), "versions/s")
	b.ReportMetric(settle.Seconds()/float64(b.N), "settle-s")
	b.ReportMetric(float64(size)/mb, "index-MB")
	b.ReportMetric(float64(c.rawBytes)/mb, "raw-MB")
	b.ReportMetric(float64(size)/float64(c.rawBytes), "size/raw")
	b.ReportMetric(float64(before)/mb, "corpus-rss-MB")
	b.ReportMetric(float64(rss)/mb, "rss-MB")
	b.ReportMetric(float64(peak)/mb, "peak-rss-MB")
}

// benchSettle waits until idx has persisted and merged everything it
// holds, and returns how long that took.
func benchSettle(b *testing.B, idx bleve.Index) time.Duration {
	b.Helper()
	start := time.Now()
	for time.Since(start) < benchSettleTimeout {
		stats, _ := idx.StatsMap()["index"].(map[string]any)
		if active, ok := stats["index_bgthreads_active"].(bool); ok && !active {
			return time.Since(start)
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Logf("the index is still persisting or merging after %v; its size is measured anyway", benchSettleTimeout)
	return time.Since(start)
}

// benchDirSize is the size of the files under dir, in bytes.
func benchDirSize(b *testing.B, dir string) int64 {
	b.Helper()
	var size int64
	err := filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		info, err := e.Info()
		if err == nil {
			size += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return size
}

// benchRSS reads the resident memory of the process and its high-water
// mark (VmRSS and VmHWM in /proc/self/status), in bytes.
func benchRSS(b *testing.B) (rss, peak uint64) {
	b.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), ":")
		kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(value), " kB"), 10, 64)
		switch {
		case err != nil:
		case name == "VmRSS":
			rss = kb << 10
		case name == "VmHWM":
			peak = kb << 10
		}
	}
	if rss == 0 || peak == 0 {
		b.Fatal("no VmRSS or VmHWM in /proc/self/status")
	}
	return rss, peak
}

// benchResetPeakRSS resets the resident memory high-water mark (VmHWM)
// to the current resident memory.
func benchResetPeakRSS(b *testing.B) {
	b.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		b.Fatalf("reset the peak RSS: %v", err)
	}
}

// benchQuery is a query in the query language and the language of its
// words.
type benchQuery struct {
	lang catalog.Lang
	text string
}

// The queries of BenchmarkSearch, in every language; each one has hits.
var (
	// benchWords are single words common in the declaration, so found in
	// more than half of the documents: the worst case.
	benchWords = []benchQuery{
		{"en", "rights"}, {"en", "freedom"}, {"en", "education"}, {"en", "family"},
		{"fr", "liberté"}, {"fr", "droit"}, {"fr", "travail"},
		{"es", "derecho"}, {"es", "libertad"}, {"es", "educación"},
		{"pt", "direito"}, {"pt", "liberdade"}, {"pt", "trabalho"},
		{"ru", "право"}, {"ru", "свободу"}, {"ru", "образование"},
		{"ar", "الحق"}, {"ar", "حرية"}, {"ar", "التعليم"},
		{"zh", "权利"}, {"zh", "自由"}, {"zh", "教育"},
	}
	// benchTypicalWords are words of one sentence of the declaration, so
	// found in a few per cent of the documents, as most words of a real
	// catalogue are.
	benchTypicalWords = []benchQuery{
		{"en", "torture"}, {"en", "asylum"}, {"en", "secret"}, {"en", "leisure"},
		{"fr", "torture"}, {"fr", "asile"}, {"fr", "secret"},
		{"es", "tortura"}, {"es", "asilo"}, {"es", "vacaciones"},
		{"pt", "tortura"}, {"pt", "asilo"}, {"pt", "lazeres"},
		{"ru", "пыткам"}, {"ru", "убежище"}, {"ru", "отдых"},
		{"ar", "التعذيب"}, {"ar", "يلجأ"}, {"ar", "الراحة"},
		{"zh", "酷刑"}, {"zh", "庇护"}, {"zh", "休息"},
	}
	// benchMultiWords are two or three words of one language.
	benchMultiWords = []benchQuery{
		{"en", "freedom expression"}, {"en", "equal protection law"},
		{"fr", "liberté opinion"}, {"fr", "droit travail éducation"},
		{"es", "libertad expresión"}, {"es", "derecho trabajo"},
		{"pt", "liberdade expressão"}, {"pt", "direito trabalho educação"},
		{"ru", "право свободу"}, {"ru", "образование бесплатным"},
		{"ar", "حرية الرأي"}, {"ar", "حق العمل"},
		{"zh", "教育 免费"}, {"zh", "自由 权利"},
	}
	// benchPhrases are quoted phrases of the declaration.
	benchPhrases = []benchQuery{
		{"en", `"human rights"`}, {"en", `"fundamental freedoms"`}, {"en", `"equal pay"`},
		{"fr", `"Nations Unies"`}, {"fr", `"libertés fondamentales"`},
		{"es", `"derechos humanos"`}, {"es", `"libertades fundamentales"`},
		{"pt", `"direitos humanos"`}, {"pt", `"liberdades fundamentais"`},
		{"ru", `"права человека"`}, {"ru", `"основных свобод"`},
		{"ar", `"حقوق الإنسان"`}, {"ar", `"الأمم المتحدة"`},
		{"zh", `"基本自由"`}, {"zh", `"联合国"`},
	}
	// benchFaceted are words with filters.
	benchFaceted = []benchQuery{
		{"en", "rights type:report year:2015..2020"},
		{"fr", "droit type:resolution year:2012..2018"},
		{"es", "libertad body:E/CN.15 year:2019..2024"},
		{"pt", "direito subject:human-rights year:2010..2016"},
		{"ru", "право type:decision year:2016..2026"},
		{"ar", "الحق body:CTOC/COP/WG.4 year:2014..2022"},
		{"zh", "权利 subject:firearms year:2011..2021"},
	}
	// benchDeepWords are words with more than benchDeepHit hits.
	benchDeepWords = []benchQuery{{"en", "rights"}, {"es", "derecho"}, {"pt", "direito"}}
)

// BenchmarkSearch measures searches of several kinds on the index of the
// catalogue, built once before the timing starts. Each sub-benchmark runs
// benchQueries searches per iteration, cycling through its queries, and
// reports the median and 99th percentile of their latencies (p50-ms,
// p99-ms) and the mean number of documents found (hits/query); ns/op is
// the mean time of a search. A query's "any-lang"
// variant searches every language (one hit per document), its "lang"
// variant only the versions in the query's language. Queries are parsed
// before timing.
func BenchmarkSearch(b *testing.B) {
	c := loadBenchCorpus(b)
	x := benchRebuild(b, c, b.TempDir())
	defer x.Close()
	benchSettle(b, x.idx)

	requests := func(qs []benchQuery, withLang, facets bool) []search.Request {
		out := make([]search.Request, len(qs))
		for i, q := range qs {
			parsed, err := search.Parse(q.text)
			if err != nil {
				b.Fatalf("parse %q: %v", q.text, err)
			}
			out[i] = search.Request{Query: parsed, Facets: facets}
			if withLang {
				out[i].Lang = q.lang
			}
		}
		return out
	}
	symbols, prefixes := benchSymbols(c)
	deepCursor, deepPage := benchDeepPages(b, x, requests(benchDeepWords, false, false))

	kinds := []struct {
		name string
		reqs []search.Request
	}{
		{"typical-word/any-lang", requests(benchTypicalWords, false, false)},
		{"typical-word/lang", requests(benchTypicalWords, true, false)},
		{"typical-word-facets/any-lang", requests(benchTypicalWords, false, true)},
		{"one-word/any-lang", requests(benchWords, false, false)},
		{"one-word/lang", requests(benchWords, true, false)},
		{"multi-word/any-lang", requests(benchMultiWords, false, false)},
		{"multi-word/lang", requests(benchMultiWords, true, false)},
		{"phrase/any-lang", requests(benchPhrases, false, false)},
		{"phrase/lang", requests(benchPhrases, true, false)},
		{"symbol/exact", requests(symbols, false, false)},
		{"symbol/prefix", requests(prefixes, false, false)},
		{"faceted/any-lang", requests(benchFaceted, false, true)},
		{"faceted/lang", requests(benchFaceted, true, true)},
		{"common-word-facets/any-lang", requests(benchWords, false, true)},
		{"deep-page/cursor", deepCursor},
		{"deep-page/from", deepPage},
	}
	for _, k := range kinds {
		for _, req := range k.reqs {
			res, err := x.Search(context.Background(), req)
			if err != nil {
				b.Fatalf("%s: %v", k.name, err)
			}
			if len(res.Hits) == 0 {
				b.Fatalf("%s: no hits for %+v", k.name, req.Query)
			}
		}
		b.Run(k.name, func(b *testing.B) { benchSearches(b, x, k.reqs) })
	}
}

// benchSymbols picks symbols of the catalogue: 50 whole symbols, and 50
// prefixes that name a body and year (CTOC/COP/WG.4/2021) or session
// (A/76).
func benchSymbols(c *benchCorpus) (symbols, prefixes []benchQuery) {
	seen := map[string]bool{}
	for i, d := range c.docs {
		if d.Symbol == "" {
			continue
		}
		if len(symbols) < 50 && i%7 == 0 {
			symbols = append(symbols, benchQuery{text: d.Symbol})
		}
		prefix := d.Symbol[:strings.LastIndex(d.Symbol, "/")]
		if len(prefixes) < 50 && !seen[prefix] {
			seen[prefix] = true
			prefixes = append(prefixes, benchQuery{text: prefix})
		}
	}
	return symbols, prefixes
}

// benchDeepPages turns each request into two for the page of 100 hits
// after hit benchDeepHit (or as deep as the hits go): one with the cursor
// of the page before it, got by paging through the hits 100 at a time,
// and one with Page and Size.
func benchDeepPages(b *testing.B, x *Index, reqs []search.Request) (cursor, page []search.Request) {
	b.Helper()
	ctx := context.Background()
	for _, req := range reqs {
		req.Size = search.MaxSize
		res, err := x.Search(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		pages := min(benchDeepHit, int(res.Total)-1) / req.Size
		if pages < 1 {
			b.Fatalf("%+v: only %d hits", req.Query, res.Total)
		}
		deep := req
		for range pages - 1 {
			deep.After = res.Next
			if res, err = x.Search(ctx, deep); err != nil {
				b.Fatal(err)
			}
		}
		deep.After = res.Next
		cursor = append(cursor, deep)
		req.Page = pages + 1
		page = append(page, req)
		b.Logf("deep page: %d hits, the page after hit %d", res.Total, pages*req.Size)
	}
	return cursor, page
}

// benchSearches runs benchQueries searches per iteration, cycling through
// reqs, and reports the median and 99th percentile latency of a search,
// its mean as ns/op, and the mean number of documents found (hits/query).
func benchSearches(b *testing.B, x *Index, reqs []search.Request) {
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N*benchQueries)
	var hits uint64
	b.ResetTimer()
	for range b.N {
		for i := range benchQueries {
			start := time.Now()
			res, err := x.Search(ctx, reqs[i%len(reqs)])
			lat = append(lat, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += res.Total
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	pct := func(p int) float64 { return lat[(len(lat)*p+99)/100-1].Seconds() * 1000 }
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(99), "p99-ms")
	b.ReportMetric(float64(sum.Nanoseconds())/float64(len(lat)), "ns/op")
	b.ReportMetric(float64(hits)/float64(len(lat)), "hits/query")
}
