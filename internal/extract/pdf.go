package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// pdfEngine is PDFium compiled to WebAssembly, shared by every PDF of an
// Extractor. Each document runs in an instance of its own, thrown away
// afterwards (go-pdfium's ReuseWorkers is off), so nothing a document does
// survives it.
type pdfEngine struct {
	pool  pdfium.Pool
	slots chan struct{} // one token per instance that may run at once
}

// killGrace is how long a timed-out extraction is given to notice that its
// instance was killed before its slot is freed anyway.
const killGrace = 5 * time.Second

// startPDFEngine compiles PDFium (several seconds with the compiler, under
// one with the interpreter) and sets up the pool of instances.
//
// Bounds: each instance's linear memory is capped at lim.MaxMemory (wazero
// WithMemoryLimitPages: a grow beyond fails inside PDFium, which reports an
// error); the WebAssembly code stops when its instance is killed
// (WithCloseOnContextDone), which Text does when its context ends; the
// instance sees no host file system and writes nothing to stdout/stderr.
func startPDFEngine(lim Limits, interpreter bool) (*pdfEngine, error) {
	rc := wazero.NewRuntimeConfigCompiler()
	if interpreter {
		rc = wazero.NewRuntimeConfigInterpreter()
	}
	pages := lim.MaxMemory / 65536
	if pages > 65536 {
		pages = 65536
	}
	rc = rc.WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(uint32(pages)).
		WithCloseOnContextDone(true)
	n := min(runtime.GOMAXPROCS(0), 4)
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       0,
		MaxIdle:       n,
		MaxTotal:      n,
		RuntimeConfig: rc,
		FSConfig:      wazero.NewFSConfig(), // no host directories
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		return nil, fmt.Errorf("extract: starting the PDF engine: %w", err)
	}
	return &pdfEngine{pool: pool, slots: make(chan struct{}, n)}, nil
}

// close stops the engine and every instance.
func (e *pdfEngine) close() error { return e.pool.Close() }

// result is what an extraction running in its own goroutine hands back.
type result struct {
	text string
	err  error
}

// text extracts the text of the PDF in r in a fresh instance, killing the
// instance when ctx ends first.
func (e *pdfEngine) text(ctx context.Context, r io.ReaderAt, size int64, lim Limits) (string, error) {
	select {
	case e.slots <- struct{}{}:
	case <-ctx.Done():
		return "", fmt.Errorf("%w: waiting for the PDF engine: %w", ErrTimeout, ctx.Err())
	}
	release := func() { <-e.slots }
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		release()
		if ctx.Err() != nil {
			return "", fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
		}
		return "", fmt.Errorf("extract: starting a PDF instance: %w", err)
	}
	done := make(chan result, 1)
	go func() {
		var res result
		defer func() {
			if p := recover(); p != nil {
				res = result{err: fmt.Errorf("%w: panic in the PDF engine: %v", ErrBroken, p)}
			}
			done <- res
		}()
		res.text, res.err = pdfText(ctx, inst, r, size, lim)
	}()
	select {
	case res := <-done:
		_ = inst.Close()
		release()
		return res.text, res.err
	case <-ctx.Done():
		_ = inst.Kill()
		go func() { // free the slot once the killed instance has let go
			select {
			case <-done:
			case <-time.After(killGrace):
			}
			release()
		}()
		return "", fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
	}
}

// pdfText reads the pages of the document, at most lim.MaxPages and about
// lim.MaxText runes, pages separated by a blank line.
func pdfText(ctx context.Context, inst pdfium.Pdfium, r io.ReaderAt, size int64, lim Limits) (string, error) {
	doc, err := inst.OpenDocument(&requests.OpenDocument{
		FileReader:     io.NewSectionReader(r, 0, size),
		FileReaderSize: size,
	})
	if err != nil {
		if errors.Is(err, pdfiumerrors.ErrPassword) || errors.Is(err, pdfiumerrors.ErrSecurity) {
			return "", fmt.Errorf("%w: %w", ErrEncrypted, err)
		}
		return "", fmt.Errorf("%w: opening the PDF: %w", ErrBroken, err)
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: doc.Document})
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return "", fmt.Errorf("%w: counting pages: %w", ErrBroken, err)
	}
	var b strings.Builder
	runes := 0
	for i := range min(count.PageCount, lim.MaxPages) {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		page, err := pageText(inst, doc.Document, i)
		if err != nil {
			return "", fmt.Errorf("%w: page %d: %w", ErrBroken, i+1, err)
		}
		if i > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(page)
		if runes += utf8.RuneCountInString(page); runes >= lim.MaxText {
			break
		}
	}
	return b.String(), nil
}

// pageText returns the text of one page: PDFium's own text where the page
// holds no right-to-left script, and lines rebuilt from character
// positions where it does (see orderLine).
func pageText(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index int) (string, error) {
	page, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return "", err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: page.Page})
	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: requests.Page{ByReference: &page.Page}})
	if err != nil {
		return "", err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return "", err
	}
	if n.Count <= 0 {
		return "", nil
	}
	raw, err := inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return "", err
	}
	if !hasRTL(raw.Text) {
		return cleanPDFText(raw.Text), nil
	}
	glyphs, err := pageGlyphs(inst, tp.TextPage, n.Count)
	if err != nil {
		return "", err
	}
	return cleanPDFText(orderPage(glyphs)), nil
}

// pageGlyphs reads every character of the text page with its box, its
// baseline and its font size.
func pageGlyphs(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, n int) ([]glyph, error) {
	gs := make([]glyph, 0, n)
	for i := range n {
		u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
		if err != nil {
			return nil, err
		}
		g := glyph{r: rune(u.Unicode), idx: i}
		switch g.r {
		case '\r', '\n':
			g.newline = true
			gs = append(gs, g)
			continue
		case ' ': // orderPage never measures a space: it sets words apart by their gaps
			gs = append(gs, g)
			continue
		case 0, 0xFFFE, 0xFFFF:
			continue
		}
		box, err := inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp, Index: i})
		if err != nil {
			return nil, err
		}
		origin, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp, Index: i})
		if err != nil {
			return nil, err
		}
		fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: i})
		if err != nil {
			return nil, err
		}
		g.left, g.right, g.base, g.size = box.Left, box.Right, origin.Y, fs.FontSize
		gs = append(gs, g)
	}
	return gs, nil
}

// cleanPDFText turns PDFium's CRLF line ends into LF, drops NULs and
// non-characters, and folds presentation forms (Arabic contextual forms,
// Latin ligatures such as ﬁ) to the letters they stand for.
func cleanPDFText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\r':
			return '\n'
		case 0, 0xFFFE, 0xFFFF:
			return -1
		}
		return r
	}, s)
	return foldPresentationForms(s)
}
