package importer_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/demo"
	"plenary/internal/importer"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

// The benchmark input: benchDocs documents in each of benchLangs, so
// 10,000 language versions, under a few bodies and sessions.
const benchDocs = 2000

var benchLangs = []catalog.Lang{catalog.Arabic, catalog.Chinese, catalog.English, catalog.French, catalog.Spanish}

// benchRecords is how many records the input holds besides its documents.
const benchRecords = 3 + 4

var benchInput = sync.OnceValues(buildBenchInput)

// benchPool is what the demo data says in one language: its document
// titles and the sentences of its abstracts and texts.
type benchPool struct {
	titles, sentences []string
	// sep goes between sentences: a space, none in Chinese.
	sep string
}

func benchPools() (map[catalog.Lang]*benchPool, error) {
	pools := map[catalog.Lang]*benchPool{}
	for _, l := range benchLangs {
		pools[l] = &benchPool{sep: " "}
	}
	pools[catalog.Chinese].sep = ""
	sc := bufio.NewScanner(bytes.NewReader(demo.Data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Kind     string `json:"kind"`
			Versions []struct {
				Lang     catalog.Lang `json:"lang"`
				Title    string       `json:"title"`
				Abstract string       `json:"abstract"`
				Text     string       `json:"text"`
			} `json:"versions"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, err
		}
		for _, v := range rec.Versions {
			p := pools[v.Lang]
			if p == nil {
				continue
			}
			p.titles = append(p.titles, v.Title)
			p.sentences = append(p.sentences, sentences(v.Abstract+"\n"+v.Text)...)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	for l, p := range pools {
		if len(p.titles) < 10 || len(p.sentences) < 30 {
			return nil, fmt.Errorf("demo data has only %d titles and %d sentences in %s", len(p.titles), len(p.sentences), l)
		}
	}
	return pools, nil
}

// sentences splits prose into its sentences, leaving out headings, list
// items and fragments. A sentence ends with "。", or with "." before a
// space or the end of its paragraph (not the one in "E/CN.15").
func sentences(s string) []string {
	var out []string
	for para := range strings.SplitSeq(s, "\n") {
		start := 0
		for i, r := range para {
			end := -1
			switch {
			case r == '。':
				end = i + len("。")
			case r == '.' && (i+1 == len(para) || para[i+1] == ' '):
				end = i + 1
			}
			if end < 0 {
				continue
			}
			if sent := strings.TrimSpace(para[start:end]); len(sent) >= 40 {
				out = append(out, sent)
			}
			start = end
		}
	}
	return out
}

// pick returns n sentences of p, chosen by r.
func (p *benchPool) pick(r *rand.Rand, n int) []string {
	out := make([]string, n)
	for k := range out {
		out[k] = p.sentences[r.IntN(len(p.sentences))]
	}
	return out
}

// text returns about size bytes of sentences of p chosen by r, in
// paragraphs of four sentences.
func (p *benchPool) text(r *rand.Rand, size int) string {
	var b strings.Builder
	for k := 0; b.Len() < size; k++ {
		if k > 0 {
			if k%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(p.sep)
			}
		}
		b.WriteString(p.sentences[r.IntN(len(p.sentences))])
	}
	return b.String()
}

func buildBenchInput() ([]byte, error) {
	pools, err := benchPools()
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	// Three bodies and four sessions, each with five agenda items.
	head := []string{
		bodyCOP,
		bodyWG4,
		`{"kind":"body","code":"CTOC/COP/WG.7","parent":"CTOC/COP","name":{"en":"Working Group on the Smuggling of Migrants","fr":"Groupe de travail sur le trafic illicite de migrants"},"category":"working-group"}`,
	}
	type session struct{ id, body, start, end string }
	sessions := []session{
		{"CTOC/COP/WG.4/11", "CTOC/COP/WG.4", "2021-04-13", "2021-04-15"},
		{"CTOC/COP/WG.4/12", "CTOC/COP/WG.4", "2022-06-29", "2022-06-30"},
		{"CTOC/COP/WG.7/8", "CTOC/COP/WG.7", "2021-04-16", "2021-04-17"},
		{"CTOC/COP/WG.7/9", "CTOC/COP/WG.7", "2022-07-04", "2022-07-05"},
	}
	for _, s := range sessions {
		head = append(head, fmt.Sprintf(`{"kind":"session","id":%q,"body":%q,"title":{"en":"Session %s"},"start":%q,"end":%q,"venue":{"city":"Vienna","country":"Austria","mode":"hybrid"},"agenda":[{"item":"1","title":{"en":"Organizational matters"}},{"item":"2","title":{"en":"Status of the review mechanism"}},{"item":"3","title":{"en":"Thematic discussion"}},{"item":"4","title":{"en":"Other matters"}},{"item":"5","title":{"en":"Adoption of the report"}}]}`, s.id, s.body, s.id, s.start, s.end))
	}
	if len(head) != benchRecords {
		return nil, fmt.Errorf("%d records besides documents, want %d", len(head), benchRecords)
	}
	for _, l := range head {
		buf.WriteString(l + "\n")
	}

	type version struct {
		Lang     catalog.Lang `json:"lang"`
		Title    string       `json:"title"`
		Abstract string       `json:"abstract"`
		Text     string       `json:"text"`
	}
	type document struct {
		Kind        string    `json:"kind"`
		Symbol      string    `json:"symbol"`
		Type        string    `json:"type"`
		Session     string    `json:"session"`
		AgendaItems []string  `json:"agenda_items"`
		Date        string    `json:"date"`
		Subjects    []string  `json:"subjects"`
		Versions    []version `json:"versions"`
	}
	types := []string{"background-paper", "report", "conference-room-paper", "information-note", "statement"}
	subjects := []string{"trafficking-in-persons", "smuggling-of-migrants", "human-rights", "international-cooperation", "procurement"}
	for i := range benchDocs {
		s := sessions[i%len(sessions)]
		d := document{
			Kind:        "document",
			Symbol:      fmt.Sprintf("%s/%s/CRP.%d", s.body, s.start[:4], i+1),
			Type:        types[i%len(types)],
			Session:     s.id,
			AgendaItems: []string{fmt.Sprint(2 + i%3)},
			Date:        fmt.Sprintf("%s-%02d-%02d", s.start[:4], 1+i%3, 1+i%28),
			Subjects:    []string{subjects[i%len(subjects)], subjects[(i/5)%len(subjects)]},
		}
		for k, l := range benchLangs {
			p := pools[l]
			r := rand.New(rand.NewPCG(uint64(i), uint64(k)))
			d.Versions = append(d.Versions, version{
				Lang:     l,
				Title:    fmt.Sprintf("%s (%d)", p.titles[(i+k)%len(p.titles)], i+1),
				Abstract: strings.Join(p.pick(r, 2+i%2), p.sep),
				Text:     p.text(r, 1536+r.IntN(384)),
			})
		}
		if err := enc.Encode(d); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func benchData(b *testing.B) []byte {
	b.Helper()
	data, err := benchInput()
	if err != nil {
		b.Fatalf("build input: %v", err)
	}
	return data
}

func benchImport(b *testing.B, st store.Catalog, data []byte, want store.PutResult) time.Duration {
	b.Helper()
	im := importer.Importer{Store: st}
	start := time.Now()
	rep, err := im.Import(context.Background(), bytes.NewReader(data))
	elapsed := time.Since(start)
	if err != nil {
		b.Fatalf("Import: %v", err)
	}
	if len(rep.Errors) > 0 {
		b.Fatalf("import reported %d errors, the first %v", len(rep.Errors), rep.Errors[0])
	}
	if rep.Stored != want {
		b.Fatalf("Stored = %+v, want %+v", rep.Stored, want)
	}
	return elapsed
}

func reportImportMetrics(b *testing.B, total time.Duration) {
	perImport := total.Seconds() / float64(b.N)
	b.ReportMetric(perImport, "s/import")
	b.ReportMetric(float64(benchDocs*len(benchLangs))/perImport, "versions/s")
}

// BenchmarkImport10kVersions imports 10,000 document versions into an
// empty embedded database. The requirement is well under a minute.
func BenchmarkImport10kVersions(b *testing.B) {
	data := benchData(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		b.StopTimer()
		st := testutil.Store(b)
		b.StartTimer()
		total += benchImport(b, st, data, store.PutResult{Created: benchDocs + benchRecords})
	}
	b.StopTimer()
	reportImportMetrics(b, total)
}

// BenchmarkReimportUnchanged10kVersions imports the same 10,000 versions
// again: everything is unchanged.
func BenchmarkReimportUnchanged10kVersions(b *testing.B) {
	data := benchData(b)
	st := testutil.Store(b)
	benchImport(b, st, data, store.PutResult{Created: benchDocs + benchRecords})
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		total += benchImport(b, st, data, store.PutResult{Unchanged: benchDocs + benchRecords})
	}
	b.StopTimer()
	reportImportMetrics(b, total)
}

// TestBenchInput checks that the benchmark imports what it says: 10,000
// versions in five languages, texts of 1.5 to 2 KB, no two documents alike.
func TestBenchInput(t *testing.T) {
	data, err := benchInput()
	if err != nil {
		t.Fatal(err)
	}
	perLang := map[catalog.Lang]int{}
	texts := map[string]bool{}
	docs := 0
	for line := range bytes.Lines(data) {
		var d catalog.Document
		var kind struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(line, &kind); err != nil {
			t.Fatal(err)
		}
		if kind.Kind != "document" {
			continue
		}
		if err := json.Unmarshal(line, &d); err != nil {
			t.Fatal(err)
		}
		docs++
		for _, v := range d.Versions {
			perLang[v.Lang]++
			if len(v.Text) < 1500 || len(v.Text) > 2600 {
				t.Fatalf("%s %s text is %d bytes", d.Symbol, v.Lang, len(v.Text))
			}
			if v.Title == "" || v.Abstract == "" {
				t.Fatalf("%s %s has no title or abstract", d.Symbol, v.Lang)
			}
			texts[string(v.Lang)+v.Text] = true
		}
	}
	want := map[catalog.Lang]int{"ar": benchDocs, "zh": benchDocs, "en": benchDocs, "fr": benchDocs, "es": benchDocs}
	if docs != benchDocs || fmt.Sprint(perLang) != fmt.Sprint(want) {
		t.Errorf("%d documents, versions per language %v; want %d, %v", docs, perLang, benchDocs, want)
	}
	if len(texts) < benchDocs*len(benchLangs)*9/10 {
		t.Errorf("only %d distinct texts among %d versions", len(texts), benchDocs*len(benchLangs))
	}
}

// BenchmarkBaselineInsertMany10kVersions is the baseline for the import
// benchmarks, measured in the same run: the same 2,000 documents written
// straight into an empty collection with InsertMany in batches of 200, with
// no validation, references, hashing or change feed. It is what the
// database alone costs.
func BenchmarkBaselineInsertMany10kVersions(b *testing.B) {
	data := benchData(b)
	var docs []any
	for line := range bytes.Lines(data) {
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			b.Fatal(err)
		}
		if m["kind"] == "document" {
			m["_id"] = m["symbol"]
			docs = append(docs, m)
		}
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	var total time.Duration
	for range b.N {
		b.StopTimer()
		coll := testutil.Store(b).Database().Collection("baseline")
		b.StartTimer()
		start := time.Now()
		for i := 0; i < len(docs); i += 200 {
			if _, err := coll.InsertMany(context.Background(), docs[i:min(i+200, len(docs))]); err != nil {
				b.Fatal(err)
			}
		}
		total += time.Since(start)
	}
	b.StopTimer()
	reportImportMetrics(b, total)
}
