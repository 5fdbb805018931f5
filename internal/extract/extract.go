// Package extract turns uploaded files (PDF, DOCX, HTML, plain text) into
// plain text for the search index.
//
// PDF goes through PDFium compiled to WebAssembly (go-pdfium's webassembly
// package, run by wazero: no cgo, no subprocess). Every document gets a
// fresh WebAssembly instance, so a malicious file cannot leave the engine in
// a bad state for the next one; the instance's memory is capped by
// Limits.MaxMemory and its run is cut by Limits.Timeout or the caller's
// context. Lines that hold right-to-left script are put back into logical
// order (see bidi.go), because Chromium and most PDF producers draw Arabic
// in visual order.
//
// DOCX, HTML and plain text are read with the standard library and
// golang.org/x/net/html and golang.org/x/text.
package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"plenary/internal/upload"
)

// Limits bounds the work spent on one file.
type Limits struct {
	Timeout   time.Duration // wall time for one file; default 60s
	MaxText   int           // runes kept; the rest is dropped; default 2_000_000
	MaxPages  int           // PDF pages read; later pages are dropped; default 2000
	MaxMemory int64         // WebAssembly memory of the PDF engine; default 512 MiB
	// Interpreter runs the PDF engine in wazero's interpreter instead of
	// compiling it: it starts in well under a second instead of several (a
	// minute under the race detector), and reads pages more slowly. Tests
	// under the race detector use it.
	Interpreter bool
}

// DefaultLimits returns the limits used when a field of Limits is zero.
func DefaultLimits() Limits {
	return Limits{Timeout: 60 * time.Second, MaxText: 2_000_000, MaxPages: 2000, MaxMemory: 512 << 20}
}

// withDefaults fills the zero fields of lim from DefaultLimits.
func (lim Limits) withDefaults() Limits {
	d := DefaultLimits()
	if lim.Timeout <= 0 {
		lim.Timeout = d.Timeout
	}
	if lim.MaxText <= 0 {
		lim.MaxText = d.MaxText
	}
	if lim.MaxPages <= 0 {
		lim.MaxPages = d.MaxPages
	}
	if lim.MaxMemory <= 0 {
		lim.MaxMemory = d.MaxMemory
	}
	return lim
}

// Errors that Text wraps, for callers that want to tell cases apart.
var (
	ErrUnsupported = errors.New("extract: unsupported media type")
	ErrEncrypted   = errors.New("extract: the document is encrypted")
	ErrBroken      = errors.New("extract: the file is broken or not what it claims to be")
	ErrTooLarge    = errors.New("extract: the file is too large once unpacked")
	ErrTimeout     = errors.New("extract: extraction took too long")
)

// Extractor turns files into plain text. It is safe for concurrent use and
// holds the PDF engine (go-pdfium WebAssembly), compiled once, on first use.
type Extractor struct {
	lim Limits

	mu     sync.Mutex
	engine *pdfEngine // nil until the first PDF
	closed bool
}

// New returns an Extractor with the given limits (zero fields take their
// defaults). The PDF engine starts with the first PDF.
func New(lim Limits) *Extractor {
	return &Extractor{lim: lim.withDefaults()}
}

// Close stops the PDF engine. Text fails after Close.
func (x *Extractor) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.closed = true
	if x.engine == nil {
		return nil
	}
	err := x.engine.close()
	x.engine = nil
	return err
}

// Text returns the text of a file of the given media type (the media types
// of internal/upload: PDF, DOCX, HTML, plain text; compared by the part
// before ';'). A file that is broken, encrypted, malicious or too slow fails
// with an error, never a panic or a hang past Limits.Timeout (ctx may end
// it sooner).
func (x *Extractor) Text(ctx context.Context, mediaType string, r io.ReaderAt, size int64) (text string, err error) {
	ctx, cancel := context.WithTimeout(ctx, x.lim.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("%w: panic while extracting: %v", ErrBroken, p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrTimeout, err)
	}
	if size < 0 {
		return "", fmt.Errorf("%w: negative size", ErrBroken)
	}
	switch baseType(mediaType) {
	case baseType(upload.PDF):
		e, err := x.pdf()
		if err != nil {
			return "", err
		}
		text, err = e.text(ctx, r, size, x.lim)
	case baseType(upload.DOCX):
		text, err = docxText(ctx, r, size, upload.DefaultLimits())
	case baseType(upload.HTML):
		var b []byte
		if b, err = readAll(r, size); err == nil {
			text, err = htmlText(ctx, b)
		}
	case baseType(upload.Text):
		var b []byte
		if b, err = readAll(r, size); err == nil {
			text = decodeText(b)
		}
	default:
		return "", fmt.Errorf("%w: %q", ErrUnsupported, mediaType)
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ErrTimeout) {
			err = fmt.Errorf("%w: %w (%w)", ErrTimeout, ctxErr, err)
		}
		return "", err
	}
	return truncateRunes(text, x.lim.MaxText), nil
}

// pdf returns the PDF engine, starting it on first use.
func (x *Extractor) pdf() (*pdfEngine, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.closed {
		return nil, errors.New("extract: the extractor is closed")
	}
	if x.engine == nil {
		e, err := startPDFEngine(x.lim, x.lim.Interpreter)
		if err != nil {
			return nil, err
		}
		x.engine = e
	}
	return x.engine, nil
}

// baseType is a media type without its parameters, lower case.
func baseType(mt string) string {
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// maxReadAll bounds the HTML and text files read whole into memory.
const maxReadAll = upload.DefaultMaxSize

// readAll reads the size bytes of r.
func readAll(r io.ReaderAt, size int64) ([]byte, error) {
	if size > maxReadAll {
		return nil, fmt.Errorf("%w: %d bytes", ErrTooLarge, size)
	}
	b := make([]byte, size)
	n, err := r.ReadAt(b, 0)
	if n == len(b) {
		return b, nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return nil, fmt.Errorf("%w: reading: %w", ErrBroken, err)
}

// truncateRunes keeps the first max runes of s.
func truncateRunes(s string, max int) string {
	n := 0
	for i := range s {
		if n == max {
			return s[:i]
		}
		n++
	}
	return s
}
