// Package importer loads JSON Lines into the catalogue: one record per
// line, "kind" one of body, session, document, recommendation. It reads the
// input twice: first to validate every line and resolve every reference
// (which may point forward, to a later line), then to store the good lines,
// kind by kind, so that a session is stored before its documents. A bad
// line is reported as "line N: field: reason" and nothing from it is
// stored; re-importing the same input changes nothing.
package importer

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// MaxLine is the longest line accepted: a document with its full text in
// seven languages.
const MaxLine = 32 << 20

// LineError is a problem with one line of the input.
type LineError struct {
	Line   int    `json:"line"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func (e LineError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Reason)
}

// Report says what an import found and did.
type Report struct {
	// Lines is the number of non-blank lines read.
	Lines int `json:"lines"`
	// Valid counts the good lines per kind.
	Valid map[catalog.Kind]int `json:"valid"`
	// Stored counts what the store did with them (zero in a dry run).
	Stored store.PutResult `json:"stored"`
	// Errors lists every bad line, by line number.
	Errors []LineError `json:"errors,omitempty"`
}

// Importer imports JSON Lines into a store.
type Importer struct {
	Store store.Catalog
	// Blobs receives the files that versions name; needed only when they do.
	Blobs store.Blobs
	// Files resolves the relative file paths that versions name.
	Files fs.FS
	// DryRun validates without storing anything.
	DryRun bool
	// Batch is how many records go to the store at once. Default 200.
	Batch int
	// CheckFile, if set, vets every file a line names, in the first pass
	// (so a dry run reports it too) and again before the file is stored.
	// An error fails the line as "versions[i].file: <error>"; the file's
	// type, name and content are what the answer says.
	CheckFile func(path string, r io.ReaderAt, size int64) (Checked, error)
	// MaxFileSize, if positive, fails a line whose file is larger, before
	// the file is read.
	MaxFileSize int64
	// PendingExtraction stores a version that has a file and no text as
	// waiting for its text to be extracted (catalog.ExtractionPending),
	// unless the stored version has the same file and its text already.
	PendingExtraction bool
}

// Checked is what CheckFile says of a file.
type Checked struct {
	// MediaType is the file's type; empty guesses it from the name.
	MediaType string
	// Name is the file name to keep; empty keeps the path's last element.
	Name string
	// Content, when not nil, is stored instead of the file (such as
	// sanitised HTML).
	Content []byte
}

// line is what the first pass keeps of a line: enough to check references
// and to find the line again, not the record itself.
type line struct {
	n      int
	kind   catalog.Kind
	id     string
	refs   []ref
	errs   []LineError
	agenda []string // a session's agenda items
	body   string   // a session's body
}

// ref is a reference from a field of a line to a record of a kind.
type ref struct {
	field string
	kind  catalog.Kind
	id    string
	// agendaOf, for agenda items, is the session whose agenda must list id.
	agendaOf string
}

// session is what documents need to know of their session.
type session struct {
	body   string
	agenda []string
}

// Import reads JSON Lines from r. It returns an error only when the import
// could not run (unreadable input, database down); bad lines are in the
// report, and every good line is stored.
func (im *Importer) Import(ctx context.Context, r io.Reader) (Report, error) {
	rs, start, cleanup, err := seekable(r)
	if err != nil {
		return Report{}, err
	}
	defer cleanup()

	lines, report, err := im.validate(ctx, rs)
	if err != nil {
		return report, err
	}
	sessions, err := im.resolve(ctx, lines)
	if err != nil {
		return report, err
	}
	good := map[int]catalog.Kind{}
	for _, l := range lines {
		if len(l.errs) == 0 {
			report.Valid[l.kind]++
			good[l.n] = l.kind
		}
		report.Errors = append(report.Errors, l.errs...)
	}
	if !im.DryRun {
		err = im.storeAll(ctx, rs, start, good, sessions, &report)
	}
	slices.SortStableFunc(report.Errors, func(a, b LineError) int { return a.Line - b.Line })
	return report, err
}

// storeAll is the second pass: it stores the good lines, kind by kind.
func (im *Importer) storeAll(ctx context.Context, rs io.ReadSeeker, start int64, good map[int]catalog.Kind, sessions map[string]session, report *Report) error {
	failed := map[string]int{} // documents that could not be stored → their line
	for _, kind := range catalog.Kinds {
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return err
		}
		if err := im.store(ctx, rs, kind, good, sessions, failed, report); err != nil {
			return err
		}
	}
	return nil
}

// seekable returns r and its position if it can seek, else a temporary
// copy of it.
func seekable(r io.Reader) (io.ReadSeeker, int64, func(), error) {
	if rs, ok := r.(io.ReadSeeker); ok {
		if pos, err := rs.Seek(0, io.SeekCurrent); err == nil {
			return rs, pos, func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "plenary-import-*.jsonl")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, r); err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("read input: %w", err)
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	return tmp, 0, cleanup, nil
}

// validate is the first pass.
func (im *Importer) validate(ctx context.Context, r io.Reader) ([]*line, Report, error) {
	report := Report{Valid: map[catalog.Kind]int{}}
	var lines []*line
	first := map[string]int{} // kind/id → line that defines it
	err := eachLine(r, func(n int, data []byte, tooLong bool) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		report.Lines++
		l := &line{n: n}
		lines = append(lines, l)
		if tooLong {
			l.fail("", "longer than %d MiB", MaxLine>>20)
			return nil
		}
		e, err := decode(data)
		if err != nil {
			l.errs = append(l.errs, lineErrors(n, err)...)
			return nil
		}
		l.kind, l.id = e.EntityKind(), e.Key()
		if err := e.Validate(); err != nil {
			l.errs = append(l.errs, lineErrors(n, err)...)
		}
		if l.id != "" {
			key := string(l.kind) + "\x00" + l.id
			if prev, ok := first[key]; ok {
				l.fail(idField(l.kind), "%q is already defined on line %d", l.id, prev)
			} else {
				first[key] = n
			}
		}
		im.collect(l, e)
		return nil
	})
	return lines, report, err
}

func (l *line) fail(field, format string, args ...any) {
	l.errs = append(l.errs, LineError{Line: l.n, Field: field, Reason: fmt.Sprintf(format, args...)})
}

func idField(k catalog.Kind) string {
	if k == catalog.KindBody {
		return "code"
	}
	return "id"
}

// collect notes a line's references, and checks that its files exist.
func (im *Importer) collect(l *line, e catalog.Entity) {
	switch v := e.(type) {
	case *catalog.Body:
		if v.Parent != "" {
			l.refs = append(l.refs, ref{field: "parent", kind: catalog.KindBody, id: v.Parent})
		}
	case *catalog.Session:
		l.body = v.Body
		for _, a := range v.Agenda {
			l.agenda = append(l.agenda, a.Item)
		}
		l.refs = append(l.refs, ref{field: "body", kind: catalog.KindBody, id: v.Body})
	case *catalog.Document:
		if v.Body != "" {
			l.refs = append(l.refs, ref{field: "body", kind: catalog.KindBody, id: v.Body})
		}
		if v.Session != "" {
			l.refs = append(l.refs, ref{field: "session", kind: catalog.KindSession, id: v.Session})
			for i, item := range v.AgendaItems {
				l.refs = append(l.refs, ref{field: fmt.Sprintf("agenda_items[%d]", i), kind: catalog.KindSession, id: item, agendaOf: v.Session})
			}
		}
		for i, ver := range v.Versions {
			field := fmt.Sprintf("versions[%d].file", v.InputIndex(i))
			if ver.File != nil && ver.File.Path == "" {
				l.fail(field, "give the path of the file, relative to the import file")
				continue
			}
			if ver.File == nil || !fs.ValidPath(ver.File.Path) {
				continue // an invalid path is reported by Validate
			}
			if im.Files == nil || im.Blobs == nil {
				l.fail(field, "files cannot be imported here (no folder to read them from, or no file store)")
				continue
			}
			st, err := fs.Stat(im.Files, ver.File.Path)
			switch {
			case err != nil:
				l.fail(field, "cannot read %q: %v", ver.File.Path, unwrapPathError(err))
			case !st.Mode().IsRegular():
				l.fail(field, "%q is not a regular file", ver.File.Path)
			case im.MaxFileSize > 0 && st.Size() > im.MaxFileSize:
				l.fail(field, "%q is larger than the limit of %d bytes", ver.File.Path, im.MaxFileSize)
			case im.CheckFile != nil:
				if _, err := im.checkFile(ver.File.Path); err != nil {
					l.fail(field, "%v", err)
				}
			}
		}
	case *catalog.Recommendation:
		l.refs = append(l.refs, ref{field: "session", kind: catalog.KindSession, id: v.Session})
		if v.Document != "" {
			l.refs = append(l.refs, ref{field: "document", kind: catalog.KindDocument, id: v.Document})
		}
	}
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// resolve checks every reference against the input and the catalogue, and
// returns what documents need to know of the sessions they name. Every line
// gets its unknown references reported; then a line that refers to a bad
// line becomes bad too, until no more do.
func (im *Importer) resolve(ctx context.Context, lines []*line) (map[string]session, error) {
	defined := map[string]*line{}
	for _, l := range lines {
		key := string(l.kind) + "\x00" + l.id
		if _, dup := defined[key]; l.id != "" && !dup {
			defined[key] = l
		}
	}
	lookup := func(kind catalog.Kind, id string) *line { return defined[string(kind)+"\x00"+id] }

	// What the input does not define is looked up in the catalogue:
	// sessions in full (documents need their body and agenda), others by id.
	sessions := map[string]session{}
	missing := map[catalog.Kind][]string{}
	seen := map[string]bool{}
	for _, l := range lines {
		for _, rf := range l.refs {
			target := rf.id
			if rf.agendaOf != "" {
				target = rf.agendaOf
			}
			if key := string(rf.kind) + "\x00" + target; lookup(rf.kind, target) == nil && !seen[key] {
				seen[key] = true
				missing[rf.kind] = append(missing[rf.kind], target)
			}
		}
	}
	inStore := map[catalog.Kind]map[string]bool{catalog.KindSession: {}}
	for _, id := range missing[catalog.KindSession] {
		rec, err := im.Store.Get(ctx, catalog.KindSession, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("check references: %w", err)
		}
		s := rec.Entity.(*catalog.Session)
		inStore[catalog.KindSession][id] = true
		sessions[id] = session{body: s.Body, agenda: agendaItems(s)}
	}
	for _, kind := range []catalog.Kind{catalog.KindBody, catalog.KindDocument} {
		found, err := im.Store.Exists(ctx, kind, missing[kind])
		if err != nil {
			return nil, fmt.Errorf("check references: %w", err)
		}
		inStore[kind] = found
	}
	for _, l := range lines {
		if l.kind == catalog.KindSession && lookup(catalog.KindSession, l.id) == l {
			sessions[l.id] = session{body: l.body, agenda: l.agenda}
		}
	}

	for _, l := range lines {
		for _, rf := range l.refs {
			switch {
			case rf.agendaOf != "":
				if s, ok := sessions[rf.agendaOf]; ok && !slices.Contains(s.agenda, rf.id) {
					l.fail(rf.field, "session %q has no agenda item %q", rf.agendaOf, rf.id)
				}
			case lookup(rf.kind, rf.id) == nil && !inStore[rf.kind][rf.id]:
				l.fail(rf.field, "unknown %s %q (not in this input nor in the catalogue)", rf.kind, rf.id)
			}
		}
	}
	if err := im.checkParentCycles(ctx, lines, lookup); err != nil {
		return nil, err
	}
	for changed := true; changed; {
		changed = false
		for _, l := range lines {
			if len(l.errs) > 0 {
				continue
			}
			for _, rf := range l.refs {
				if def := lookup(rf.kind, rf.id); rf.agendaOf == "" && def != nil && len(def.errs) > 0 {
					l.fail(rf.field, "%s %q is defined on line %d, which has errors", rf.kind, rf.id, def.n)
					changed = true
				}
			}
		}
	}
	for _, l := range lines {
		if l.kind == catalog.KindSession && len(l.errs) > 0 && lookup(catalog.KindSession, l.id) == l {
			delete(sessions, l.id)
		}
	}
	return sessions, nil
}

// checkParentCycles fails every body line whose chain of parents, through
// the input and the catalogue, comes back to it.
func (im *Importer) checkParentCycles(ctx context.Context, lines []*line, lookup func(catalog.Kind, string) *line) error {
	parent := map[string]string{}
	hasParents := false
	for _, l := range lines {
		if l.kind == catalog.KindBody && len(l.refs) > 0 {
			hasParents = true
		}
	}
	if !hasParents {
		return nil
	}
	err := im.Store.Scan(ctx, catalog.KindBody, store.ScanOptions{}, func(r store.Record) error {
		parent[r.Entity.Key()] = r.Entity.(*catalog.Body).Parent
		return nil
	})
	if err != nil {
		return fmt.Errorf("check references: %w", err)
	}
	for _, l := range lines {
		if l.kind == catalog.KindBody && lookup(catalog.KindBody, l.id) == l {
			parent[l.id] = ""
			if len(l.refs) > 0 {
				parent[l.id] = l.refs[0].id
			}
		}
	}
	for _, l := range lines {
		if l.kind != catalog.KindBody || len(l.refs) == 0 || lookup(catalog.KindBody, l.id) != l {
			continue
		}
		chain := []string{l.id}
		for p := parent[l.id]; p != "" && len(chain) <= len(parent); p = parent[p] {
			chain = append(chain, p)
			if p == l.id {
				l.fail("parent", "makes a cycle: %s", strings.Join(chain, " → "))
				break
			}
		}
	}
	return nil
}

func agendaItems(s *catalog.Session) []string {
	items := make([]string, len(s.Agenda))
	for i, a := range s.Agenda {
		items[i] = a.Item
	}
	return items
}

// store is the second pass for one kind: it decodes the good lines of that
// kind again and stores them in batches. A document whose file cannot be
// stored is reported and left out, and so are the recommendations in it.
func (im *Importer) store(ctx context.Context, r io.Reader, kind catalog.Kind, good map[int]catalog.Kind,
	sessions map[string]session, failed map[string]int, report *Report) error {
	batch := im.Batch
	if batch <= 0 {
		batch = 200
	}
	var pending []catalog.Entity
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		res, err := im.Store.Put(ctx, pending...)
		report.Stored.Add(res)
		pending = pending[:0]
		return err
	}
	drop := func(lerr LineError) {
		report.Errors = append(report.Errors, lerr)
		report.Valid[kind]--
	}
	err := eachLine(r, func(n int, data []byte, _ bool) error {
		if good[n] != kind {
			return nil
		}
		e, err := decode(data)
		if err != nil {
			return fmt.Errorf("line %d changed while importing: %w", n, err)
		}
		switch v := e.(type) {
		case *catalog.Document:
			if v.Body == "" && v.Session != "" {
				v.Body = sessions[v.Session].body
			}
			if lerr := im.storeFiles(ctx, n, v); lerr != nil {
				drop(*lerr)
				failed[v.ID] = n
				return nil
			}
		case *catalog.Recommendation:
			if line, ok := failed[v.Document]; ok {
				drop(LineError{Line: n, Field: "document", Reason: fmt.Sprintf("document %q on line %d could not be stored", v.Document, line)})
				return nil
			}
		}
		pending = append(pending, e)
		if len(pending) >= batch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return err
}

// eachLine calls fn with every non-blank line and its number (from 1).
// A line longer than MaxLine is passed as empty with tooLong set.
func eachLine(r io.Reader, fn func(n int, data []byte, tooLong bool) error) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var buf []byte
	for n := 1; ; n++ {
		buf = buf[:0]
		tooLong := false
		var err error
		for {
			var part []byte
			part, err = br.ReadSlice('\n')
			if len(buf)+len(part) > MaxLine {
				tooLong = true
			} else {
				buf = append(buf, part...)
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("read line %d: %w", n, err)
		}
		data := bytes.TrimSpace(buf)
		if n == 1 {
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a byte-order mark
		}
		if tooLong {
			data = nil
		}
		if len(data) > 0 || tooLong {
			if ferr := fn(n, data, tooLong); ferr != nil {
				return ferr
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

// Each kind of line is its record plus the "kind" field.
type (
	bodyLine struct {
		Kind string `json:"kind"`
		catalog.Body
	}
	sessionLine struct {
		Kind string `json:"kind"`
		catalog.Session
	}
	documentLine struct {
		Kind string `json:"kind"`
		catalog.Document
	}
	recommendationLine struct {
		Kind string `json:"kind"`
		catalog.Recommendation
	}
)

// decode parses one line into a normalised entity, refusing unknown
// fields. Documents default to published status.
func decode(data []byte) (catalog.Entity, error) {
	var head struct {
		Kind *string `json:"kind"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonError(err)
	}
	if head.Kind == nil {
		return nil, catalog.Errors{{Field: "kind", Code: catalog.CodeRequired, Reason: "required (body, session, document or recommendation)"}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var (
		e   catalog.Entity
		err error
	)
	switch *head.Kind {
	case "body":
		var w bodyLine
		err, e = dec.Decode(&w), &w.Body
	case "session":
		var w sessionLine
		err, e = dec.Decode(&w), &w.Session
	case "document":
		var w documentLine
		err, e = dec.Decode(&w), &w.Document
		if w.Status == "" {
			w.Status = catalog.Published
		}
	case "recommendation":
		var w recommendationLine
		err, e = dec.Decode(&w), &w.Recommendation
	default:
		return nil, catalog.Errors{{Field: "kind", Code: catalog.CodeInvalid, Reason: fmt.Sprintf("unknown kind %q (want body, session, document or recommendation)", *head.Kind)}}
	}
	if err != nil {
		return nil, jsonError(err)
	}
	e.Normalize()
	return e, nil
}
