package bleveindex

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/standard"

	"plenary/internal/catalog"
	"plenary/internal/search"
)

// minMRR is the mean reciprocal rank each language must reach on the
// relevance set (the Universal Declaration of Human Rights in the seven
// languages, with queries in inflected forms): the right article first
// scores 1, second 1/2, and so on; not in the first 10 scores 0.
const minMRR = 0.95

// udhrArticles reads testdata/udhr/<lang>.txt: blocks of "Article N" and
// the article's text.
func udhrArticles(t testing.TB, lang catalog.Lang) map[int]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "udhr", string(lang)+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for _, block := range strings.Split(strings.TrimSpace(string(data)), "\n\n") {
		head, text, _ := strings.Cut(block, "\n")
		n, err := strconv.Atoi(strings.TrimPrefix(head, "Article "))
		if err != nil {
			t.Fatalf("%s: bad block head %q", lang, head)
		}
		out[n] = text
	}
	return out
}

// udhrJSONL is the declaration as an import: one document per article,
// with a version in each language.
func udhrJSONL(t testing.TB) string {
	t.Helper()
	texts := map[catalog.Lang]map[int]string{}
	for _, l := range catalog.Languages {
		texts[l] = udhrArticles(t, l)
	}
	var b strings.Builder
	for n := 0; n <= 30; n++ {
		var versions []map[string]string
		for _, l := range catalog.Languages {
			versions = append(versions, map[string]string{"lang": string(l), "title": fmt.Sprintf("UDHR %d", n), "text": texts[l][n]})
		}
		line, _ := json.Marshal(map[string]any{
			"kind": "document", "id": fmt.Sprintf("udhr-%d", n), "type": "other",
			"date": "1948-12-10", "versions": versions,
		})
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

type relevanceQuery struct {
	lang    catalog.Lang
	article int
	query   string
}

func udhrQueries(t testing.TB) []relevanceQuery {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "udhr", "queries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []relevanceQuery
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			continue
		}
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			t.Fatalf("queries.tsv: %q", sc.Text())
		}
		out = append(out, relevanceQuery{catalog.Lang(cols[0]), n, cols[2]})
	}
	return out
}

// TestRelevance imports the declaration through the importer, lets the
// index follow the change feed, and measures the mean reciprocal rank of
// the right article per language, searching in that language.
func TestRelevance(t *testing.T) {
	f := newFixture(t)
	f.importLines(t, udhrJSONL(t))
	sum := map[catalog.Lang]float64{}
	count := map[catalog.Lang]int{}
	for _, q := range udhrQueries(t) {
		res := f.search(t, q.query, search.Request{Lang: q.lang, Size: 10})
		want := fmt.Sprintf("udhr-%d", q.article)
		rr := 0.0
		for i, id := range ids(res) {
			if id == want {
				rr = 1 / float64(i+1)
				break
			}
		}
		if rr < 1 {
			t.Logf("%s %q: want %s, got %v", q.lang, q.query, want, ids(res))
		}
		sum[q.lang] += rr
		count[q.lang]++
	}
	for _, l := range catalog.Languages {
		if count[l] == 0 {
			t.Errorf("%s: no queries", l)
			continue
		}
		mrr := sum[l] / float64(count[l])
		t.Logf("%s: MRR %.3f over %d queries", l, mrr, count[l])
		if mrr < minMRR {
			t.Errorf("%s: MRR %.3f is below %.2f", l, mrr, minMRR)
		}
	}
}

// TestRelevanceBeatsStockAnalysis measures, on the same set, a plain bleve
// index with the standard analyzer and one with bleve's own analyzer per
// language (one entry per language version, queries as match queries),
// and checks that this index ranks at least as well in every language.
func TestRelevanceBeatsStockAnalysis(t *testing.T) {
	f := newFixture(t)
	f.importLines(t, udhrJSONL(t))
	queries := udhrQueries(t)
	ours := mrrByLang(queries, func(q relevanceQuery) []string {
		return ids(f.search(t, q.query, search.Request{Lang: q.lang, Size: 10}))
	})
	baselines := map[string]func(catalog.Lang) string{
		"standard":           func(catalog.Lang) string { return standard.Name },
		"bleve per language": func(l catalog.Lang) string { return stockAnalyzers[l] },
	}
	for _, name := range []string{"standard", "bleve per language"} {
		analyzerOf := baselines[name]
		m := bleve.NewIndexMapping()
		doc := bleve.NewDocumentStaticMapping()
		for _, l := range catalog.Languages {
			fm := bleve.NewTextFieldMapping()
			fm.Analyzer = analyzerOf(l)
			doc.AddFieldMappingsAt("text_"+string(l), fm)
		}
		m.DefaultMapping = doc
		idx, err := bleve.NewMemOnly(m)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range catalog.Languages {
			for n, text := range udhrArticles(t, l) {
				if err := idx.Index(fmt.Sprintf("udhr-%d/%s", n, l), map[string]any{"text_" + string(l): text}); err != nil {
					t.Fatal(err)
				}
			}
		}
		theirs := mrrByLang(queries, func(q relevanceQuery) []string {
			mq := bleve.NewMatchQuery(q.query)
			mq.SetField("text_" + string(q.lang))
			res, err := idx.Search(bleve.NewSearchRequestOptions(mq, 10, 0, false))
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, h := range res.Hits {
				id, _, _ := strings.Cut(h.ID, "/")
				out = append(out, id)
			}
			return out
		})
		for _, l := range catalog.Languages {
			t.Logf("%s: MRR %.3f here, %.3f with %s analysis", l, ours[l], theirs[l], name)
			if ours[l] < theirs[l] {
				t.Errorf("%s: MRR %.3f is below the %.3f of %s analysis", l, ours[l], theirs[l], name)
			}
		}
		idx.Close()
	}
}

// mrrByLang is the mean reciprocal rank per language of the right
// article among the ids that search returns for each query.
func mrrByLang(queries []relevanceQuery, search func(relevanceQuery) []string) map[catalog.Lang]float64 {
	sum := map[catalog.Lang]float64{}
	n := map[catalog.Lang]int{}
	for _, q := range queries {
		want := fmt.Sprintf("udhr-%d", q.article)
		for i, id := range search(q) {
			if id == want {
				sum[q.lang] += 1 / float64(i+1)
				break
			}
		}
		n[q.lang]++
	}
	out := map[catalog.Lang]float64{}
	for l, s := range sum {
		out[l] = s / float64(n[l])
	}
	return out
}
