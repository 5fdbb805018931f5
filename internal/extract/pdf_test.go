package extract

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/klippa-app/go-pdfium/requests"

	"plenary/internal/testutil"
	"plenary/internal/upload"
)

// newTestExtractor returns an Extractor closed with the test.
func newTestExtractor(t testing.TB, lim Limits) *Extractor {
	t.Helper()
	lim.Interpreter = raceDetector
	x := New(lim)
	t.Cleanup(func() { _ = x.Close() })
	return x
}

// page wraps paragraphs in an HTML document in the given language and
// direction, in the Noto fonts that Debian's fonts-noto packages install.
func htmlPage(lang, dir string, paras ...string) string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="` + lang + `" dir="` + dir + `"><head><meta charset="utf-8">` +
		`<style>body{font-family:"Noto Naskh Arabic","Noto Serif","Noto Sans CJK SC",serif;font-size:16pt}</style></head><body>`)
	for _, p := range paras {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// The sentences printed and read back, one document per language.
var (
	arabic = []string{
		"الاتجار بالأشخاص جريمة خطيرة تنتهك حقوق الإنسان.",
		"اعتمد الفريق العامل الوثيقة CTOC/COP/WG.4/2024/2 في عام 2024.",
		"لا سلام بلا عدالة (الأمم المتحدة) والمادة 5 [أ].",
		"ويجب على الدول الأطراف حماية الضحايا ومساعدتهم.",
	}
	chinese = []string{"打击贩运人口问题工作组", "缔约国会议于2024年在维也纳举行第十二届会议。"}
	russian = []string{"Рабочая группа по торговле людьми", "Конференция участников Конвенции собралась в Вене в 2024 году."}
	english = []string{"Working Group on Trafficking in Persons", "The Conference adopted document CTOC/COP/WG.4/2024/2 on 12 June 2024."}
)

// squash collapses runs of white space into one space.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestPDF prints pages with Chromium once and runs every PDF test on them
// with one Extractor, so that PDFium is compiled once.
func TestPDF(t *testing.T) {
	start := time.Now()
	pdfs := testutil.PrintPDFs(t,
		htmlPage("ar", "rtl", arabic...),
		htmlPage("zh", "ltr", chinese...),
		htmlPage("ru", "ltr", russian...),
		htmlPage("en", "ltr", english...),
	)
	t.Logf("Chromium printed %d PDFs in %v", len(pdfs), time.Since(start).Round(time.Millisecond))
	x := newTestExtractor(t, Limits{Timeout: 30 * time.Second})
	start = time.Now()
	if _, err := x.pdf(); err != nil {
		t.Fatal(err)
	}
	t.Logf("PDFium started in %v (interpreter: %v)", time.Since(start).Round(time.Millisecond), x.lim.Interpreter)
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, x, pdfs) })
	if raceDetector {
		// Under the race detector the interpreted PDFium is some fifty
		// times slower; the Arabic round trip alone shows the engine works.
		t.Logf("race detector on: only the round trip runs")
		return
	}
	t.Run("Broken", func(t *testing.T) { testBroken(t, x, pdfs[3]) })
	t.Run("ContextEnds", func(t *testing.T) { testContextEnds(t, x, pdfs[3]) })
}

func testRoundTrip(t *testing.T, x *Extractor, pdfs [][]byte) {
	for i, tc := range []struct {
		name  string
		sents []string
	}{{"Arabic", arabic}, {"Chinese", chinese}, {"Russian", russian}, {"English", english}} {
		t.Run(tc.name, func(t *testing.T) {
			if raceDetector && tc.name != "Arabic" {
				t.Skip("race detector on: Arabic only")
			}
			start := time.Now()
			text, err := x.Text(context.Background(), upload.PDF, bytes.NewReader(pdfs[i]), int64(len(pdfs[i])))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("extracted in %v:\n%s", time.Since(start).Round(time.Millisecond), text)
			got := squash(text)
			for _, s := range tc.sents {
				if !strings.Contains(got, s) {
					t.Errorf("the text lacks, in logical order:\n  %s\ngot:\n  %s", s, got)
				}
			}
			// One paragraph per line at least (long ones wrap).
			if lines := strings.Split(strings.TrimSpace(text), "\n"); len(lines) < len(tc.sents) {
				t.Errorf("got %d lines, want at least %d", len(lines), len(tc.sents))
			}
		})
	}

	// PDFium's own text is not in logical order for Arabic: that is why
	// orderLine exists.
	raw := rawPDFText(t, x, pdfs[0])
	t.Logf("PDFium's raw text of the Arabic page:\n%s", raw)
	rawSquashed := squash(strings.ReplaceAll(raw, "\r\n", " "))
	misses := 0
	for _, s := range arabic {
		if !strings.Contains(rawSquashed, s) {
			misses++
		}
	}
	if misses == 0 {
		t.Errorf("PDFium's raw text already holds every Arabic sentence in logical order")
	}
	if strings.Contains(rawSquashed, "CTOC/COP/WG.4/2024/2") {
		t.Errorf("PDFium's raw text already holds the symbol in order")
	}
}

// rawPDFText is the text PDFium gives for the first page, with no
// reordering.
func rawPDFText(t *testing.T, x *Extractor, pdf []byte) string {
	t.Helper()
	e, err := x.pdf()
	if err != nil {
		t.Fatal(err)
	}
	inst, err := e.pool.GetInstance(30 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &pdf})
	if err != nil {
		t.Fatal(err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	res, err := inst.GetPageText(&requests.GetPageText{Page: requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: 0}}})
	if err != nil {
		t.Fatal(err)
	}
	return res.Text
}

// testBroken feeds broken files, each followed by a good one.
func testBroken(t *testing.T, x *Extractor, good []byte) {
	rng := rand.New(rand.NewPCG(1, 2))
	random := []byte("%PDF-1.7\n")
	for range 64 << 10 {
		random = append(random, byte(rng.UintN(256)))
	}
	// A PDF whose trailer points at an object graph that loops.
	loop := []byte("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[2 0 R]/Count 1>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"truncated", good[:len(good)/3]},
		{"random bytes after a PDF header", random},
		{"empty", nil},
		{"HTML", []byte("<html><body>not a pdf</body></html>")},
		{"page tree loop", loop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			text, err := x.Text(context.Background(), upload.PDF, bytes.NewReader(tc.data), int64(len(tc.data)))
			if err == nil && strings.TrimSpace(text) != "" {
				t.Errorf("got text %q and no error", text)
			}
			if err != nil && !errors.Is(err, ErrBroken) {
				t.Errorf("error %v is not ErrBroken", err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			// The engine is not poisoned: the good file still reads.
			text, err = x.Text(context.Background(), upload.PDF, bytes.NewReader(good), int64(len(good)))
			if err != nil || !strings.Contains(squash(text), english[0]) {
				t.Fatalf("after the broken file, the good one gives %q, %v", text, err)
			}
		})
	}
}

// testContextEnds shows that an ended context stops extraction.
func testContextEnds(t *testing.T, x *Extractor, pdf []byte) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	_, err := x.Text(ctx, upload.PDF, bytes.NewReader(pdf), int64(len(pdf)))
	if !errors.Is(err, ErrTimeout) {
		t.Errorf("got %v, want ErrTimeout", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
}

// BenchmarkPDF measures extraction from a Chromium-printed PDF of about
// 43 pages, in pages a second: "mixed" alternates English and Arabic
// paragraphs (every page has right-to-left lines to put in order), and
// "english", its baseline in the same run, has the English paragraphs only.
//
//	go test -run '^$' -bench BenchmarkPDF -benchtime 3x ./internal/extract/
func BenchmarkPDF(b *testing.B) {
	var mixed, latin []string
	for i := range 300 {
		mixed = append(mixed, english[i%2], arabic[i%4])
		latin = append(latin, english[i%2], english[(i+1)%2])
	}
	pdfs := testutil.PrintPDFs(b, htmlPage("ar", "rtl", mixed...), htmlPage("en", "ltr", latin...))
	x := newTestExtractor(b, Limits{})
	ctx := context.Background()
	for i, name := range []string{"mixed", "english"} {
		pdf := pdfs[i]
		b.Run(name, func(b *testing.B) {
			text, err := x.Text(ctx, upload.PDF, bytes.NewReader(pdf), int64(len(pdf))) // starts the engine
			if err != nil {
				b.Fatal(err)
			}
			n := strings.Count(text, "\n\n") + 1
			b.ResetTimer()
			for b.Loop() {
				if _, err := x.Text(ctx, upload.PDF, bytes.NewReader(pdf), int64(len(pdf))); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64(n), "pages")
		})
	}
}
