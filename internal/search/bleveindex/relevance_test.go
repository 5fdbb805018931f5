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
