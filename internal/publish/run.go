package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
	"plenary/internal/store"
)

// Timings of the background work.
const (
	// CheckEvery is how often Run looks for due drafts and pending versions
	// when nothing wakes it.
	CheckEvery = 10 * time.Second
	// ExtractTimeout bounds the extraction of one file.
	ExtractTimeout = 2 * time.Minute
	// spoolInMemory is the largest file extracted from memory; larger ones
	// are copied to a temporary file.
	spoolInMemory = 16 << 20
)

// job is one version whose text is to be extracted from the file sha.
type job struct {
	doc  string
	lang catalog.Lang
	sha  string
}

// Wake nudges Run to look for work now.
func (s *Service) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *Service) enqueue(j job) {
	s.qmu.Lock()
	s.queue[j] = true
	s.qmu.Unlock()
}

// Run does the background work until ctx ends: it publishes scheduled
// drafts when they are due (checking every CheckEvery), and, apart, extracts
// the text of pending versions, one at a time, at start, every CheckEvery
// and whenever Wake is called; a long extraction never delays a scheduled
// publication. A failure in one piece of work is logged and does not stop
// the others.
func (s *Service) Run(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { s.loop(ctx, nil, "publish scheduled drafts", s.PublishDue) })
	wg.Go(func() { s.loop(ctx, s.wake, "extract texts", s.ExtractPending) })
	wg.Wait()
}

// loop does work now, then every CheckEvery and whenever wake says so.
func (s *Service) loop(ctx context.Context, wake <-chan struct{}, what string, work func(context.Context) (int, error)) {
	t := time.NewTicker(CheckEvery)
	defer t.Stop()
	for {
		if _, err := work(ctx); err != nil && ctx.Err() == nil {
			s.d.Logger.Warn(what, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-wake:
		}
	}
}

// documents returns every document, from the read model, or from the store
// (without texts) when there is none.
func (s *Service) documents(ctx context.Context) ([]*catalog.Document, error) {
	if s.d.Model != nil {
		page := s.d.Model.Documents(readmodel.DocumentFilter{}, catalog.Staff, 0, math.MaxInt32)
		out := make([]*catalog.Document, len(page.Docs))
		for i, d := range page.Docs {
			out[i] = d.Document
		}
		return out, nil
	}
	var out []*catalog.Document
	err := s.d.Store.Scan(ctx, catalog.KindDocument, store.ScanOptions{WithoutText: true}, func(r store.Record) error {
		out = append(out, r.Entity.(*catalog.Document))
		return nil
	})
	return out, err
}

// PublishDue publishes every draft whose PublishAt has come, and returns
// how many it published. It reads each again from the store before it
// writes, so a draft published, rescheduled or withdrawn meanwhile is left
// alone; several replicas may run it at once (the second write of the same
// content changes nothing and is not recorded).
func (s *Service) PublishDue(ctx context.Context) (int, error) {
	docs, err := s.documents(ctx)
	if err != nil {
		return 0, err
	}
	now := s.d.Now()
	n := 0
	for _, d := range docs {
		if d.Status != catalog.Draft || d.PublishAt == nil || d.PublishAt.After(now) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return n, err
		}
		ok, err := s.publishIfDue(ctx, d.ID, now)
		if err != nil {
			s.d.Logger.Warn("publish a scheduled draft", "document", d.ID, "err", err)
			continue
		}
		if ok {
			n++
		}
	}
	return n, nil
}

func (s *Service) publishIfDue(ctx context.Context, id string, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := s.getDocument(ctx, id)
	if err != nil {
		return false, err
	}
	if d.Status != catalog.Draft || d.PublishAt == nil || d.PublishAt.After(now) {
		return false, nil
	}
	at := *d.PublishAt
	d.Status, d.PublishAt = catalog.Published, nil
	d.Normalize()
	if err := d.Validate(); err != nil {
		return false, err
	}
	res, err := s.d.Store.Put(ctx, d)
	if err != nil {
		return false, err
	}
	if res.Updated == 0 && res.Created == 0 {
		return false, nil // another replica did it
	}
	s.record(ctx, Scheduler, "document.publish", id, "scheduled for "+at.UTC().Format(time.RFC3339), nil)
	return true, nil
}

// ExtractPending extracts the text of every version waiting for it, one
// at a time, and returns how many it settled (with a text or a failure).
// Without an Extractor it does nothing. A version whose file changed
// while its text was being extracted is left for the new file's turn.
func (s *Service) ExtractPending(ctx context.Context) (int, error) {
	if s.d.Extractor == nil {
		return 0, nil
	}
	jobs := map[job]bool{}
	s.qmu.Lock()
	for j := range s.queue {
		jobs[j] = true
	}
	clear(s.queue)
	s.qmu.Unlock()
	docs, err := s.documents(ctx)
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		for _, v := range d.Versions {
			if v.Extraction == catalog.ExtractionPending && v.File != nil {
				jobs[job{doc: d.ID, lang: v.Lang, sha: v.File.SHA256}] = true
			}
		}
	}
	order := make([]job, 0, len(jobs))
	for j := range jobs {
		order = append(order, j)
	}
	slices.SortFunc(order, func(a, b job) int {
		return strings.Compare(a.doc+"\x00"+string(a.lang), b.doc+"\x00"+string(b.lang))
	})
	n := 0
	for _, j := range order {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		done, err := s.extractOne(ctx, j)
		if err != nil {
			s.d.Logger.Warn("extract a text", "document", j.doc, "lang", j.lang, "err", err)
			continue
		}
		if done {
			n++
		}
	}
	return n, nil
}

// extractOne extracts the text of one version and stores it, or the
// reason it failed. An error means nothing was stored (the version stays
// pending and is tried again later).
func (s *Service) extractOne(ctx context.Context, j job) (done bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			done, err = false, fmt.Errorf("panic: %v", r)
		}
	}()
	d, err := s.getDocument(ctx, j.doc)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if v, ok := d.Version(j.lang); !ok || !stillPending(v, j.sha) {
		return false, nil
	}
	v, _ := d.Version(j.lang)
	text, xerr := s.extractFile(ctx, v.File)
	if ctx.Err() != nil {
		return false, ctx.Err() // shutting down: leave it pending
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, err = s.getDocument(ctx, j.doc); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return false, err
	}
	v, ok := d.Version(j.lang)
	if !ok || !stillPending(v, j.sha) {
		return false, nil
	}
	if xerr == nil {
		text = trimText(text)
		if text == "" {
			xerr = errors.New("no text found in the file (a scanned document without a text layer?)")
		}
	}
	if xerr != nil {
		v.Text, v.Extraction, v.ExtractionError = "", catalog.ExtractionFailed, shorten(xerr.Error(), 300)
	} else {
		v.Text, v.Extraction, v.ExtractionError = text, "", ""
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return false, err
	}
	if _, err := s.d.Store.Put(ctx, d); err != nil {
		return false, err
	}
	return true, nil
}

func stillPending(v *catalog.Version, sha string) bool {
	return v.File != nil && v.File.SHA256 == sha && v.Extraction == catalog.ExtractionPending
}

// extractFile gets the text out of a stored file, within ExtractTimeout. A
// panic in the extractor is an extraction error.
func (s *Service) extractFile(ctx context.Context, f *catalog.File) (text string, err error) {
	defer func() {
		if r := recover(); r != nil {
			text, err = "", fmt.Errorf("the extractor failed: %v", r)
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, ExtractTimeout)
	defer cancel()
	rc, info, err := s.d.Blobs.Open(ctx, f.SHA256)
	if errors.Is(err, store.ErrNotFound) {
		return "", errors.New("the file is missing from the file store")
	}
	if err != nil {
		return "", err
	}
	defer rc.Close()
	ra, size, cleanup, err := spool(rc, info.Size)
	if err != nil {
		return "", err
	}
	defer cleanup()
	text, err = s.d.Extractor.Text(ctx, f.MediaType, ra, size)
	if errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded {
		return "", fmt.Errorf("took longer than %v", ExtractTimeout)
	}
	return text, err
}

// spool makes r readable at any offset: in memory when small, else in a
// temporary file.
func spool(r io.Reader, size int64) (io.ReaderAt, int64, func(), error) {
	if size <= spoolInMemory {
		data, err := io.ReadAll(io.LimitReader(r, spoolInMemory+1))
		if err != nil {
			return nil, 0, nil, err
		}
		return bytes.NewReader(data), int64(len(data)), func() {}, nil
	}
	tmp, err := os.CreateTemp("", "plenary-extract-*")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	n, err := io.Copy(tmp, r)
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	return tmp, n, cleanup, nil
}

// trimText makes an extracted text storable: valid UTF-8, trimmed, and no
// longer than catalog.MaxTextLen bytes, cut on a character boundary.
func trimText(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	if len(s) <= catalog.MaxTextLen {
		return s
	}
	cut := catalog.MaxTextLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut])
}
