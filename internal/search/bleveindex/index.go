// Package bleveindex is the search index, built with bleve: per-language
// analysis, the query language compiled to bleve queries, facets,
// snippets, and the index kept in step with the catalogue by following
// the change feed.
package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/search"
)

// Keys of the values stored with the index.
const (
	keyMapping  = "plenary.mapping_version"
	keyPosition = "plenary.position"
)

// currentFile names, in the index folder, the subfolder that holds the
// index in use. A rebuild writes a new subfolder and then points the file
// at it, so that a crash at any moment leaves a usable index or none.
const currentFile = "CURRENT"

// Options configure an index.
type Options struct {
	// Dir is the folder that holds the index (data/search).
	Dir    string
	Logger *slog.Logger
	// Glossary expands cross-language queries; nil disables them.
	Glossary *search.Glossary
}

// Index is the search index of the catalogue's documents. It is a
// changefeed.Consumer: the follower feeds it every change, and it stores
// the position it reached with the documents, in the same batch.
type Index struct {
	opts     Options
	log      *slog.Logger
	mapping  *mapping.IndexMappingImpl
	analyzer map[catalog.Lang]analysis.Analyzer // query analysis per language
	expander *search.Expander

	mu     sync.RWMutex
	idx    bleve.Index // the index searches use; nil until one exists
	idxDir string
	pos    changefeed.Position

	// A rebuild writes into next, aside; its last Apply swaps it in. Its
	// batches are written in the background, two at a time, so that one
	// is analysed while the other's segment is built and the follower
	// reads the next records.
	next        bleve.Index
	nextDir     string
	writing     sync.WaitGroup
	slots       chan struct{}
	writeErr    error           // the first failed background batch; guarded by mu
	unpersisted []chan struct{} // of the batches in flight, oldest first; the follower's

	// persisted is closed when the last batch has reached the disk.
	persisted chan struct{}
}

// rebuildBatch is how many documents a batch of a rebuild holds at most:
// small enough that the two in flight keep memory low.
const rebuildBatch = 350

// maxUnpersisted is how many rebuild batches may be written but not yet
// on disk.
const maxUnpersisted = 4

// persistWait bounds how long Close waits for the last batch to reach the
// disk; what does not is applied again from the feed at the next start.
const persistWait = 10 * time.Second

// Open opens the index in opts.Dir, or prepares an empty one. An index
// built with another mapping version is dropped; one that will not open
// is moved aside (to a folder named broken-…) and left for inspection.
// Either way Position is zero, so the follower rebuilds it while the rest
// of the portal keeps serving.
func Open(opts Options) (*Index, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("search: mapping: %w", err)
	}
	x := &Index{opts: opts, log: opts.Logger, mapping: m, analyzer: map[catalog.Lang]analysis.Analyzer{}, slots: make(chan struct{}, 2)}
	for _, l := range catalog.Languages {
		a := m.AnalyzerNamed(queryAnalyzerName(l))
		if a == nil {
			return nil, fmt.Errorf("search: no analyzer for %s", l)
		}
		x.analyzer[l] = a
	}
	if opts.Glossary != nil {
		x.expander = search.NewExpander(opts.Glossary, x.analyze)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if err := x.openCurrent(); err != nil {
		return nil, err
	}
	x.removeStale()
	return x, nil
}

// openCurrent opens the index CURRENT names, if it is usable.
func (x *Index) openCurrent() error {
	name, err := os.ReadFile(filepath.Join(x.opts.Dir, currentFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	base := strings.TrimSpace(string(name))
	if !validIndexName(base) {
		x.log.Error("search: CURRENT names no index folder; rebuilding", "current", base)
		os.Remove(filepath.Join(x.opts.Dir, currentFile))
		return nil
	}
	dir := filepath.Join(x.opts.Dir, base)
	idx, err := bleve.OpenUsing(dir, runtimeConfig())
	if err != nil {
		x.log.Error("search: the index will not open; it is moved aside and rebuilt", "dir", dir, "err", err)
		x.moveAside(dir)
		return nil
	}
	version, _ := idx.GetInternal([]byte(keyMapping))
	if string(version) != strconv.Itoa(MappingVersion) {
		x.log.Info("search: the index has an older mapping; rebuilding", "had", string(version), "want", MappingVersion)
		idx.Close()
		os.RemoveAll(dir)
		return nil
	}
	raw, _ := idx.GetInternal([]byte(keyPosition))
	var pos changefeed.Position
	if err := json.Unmarshal(raw, &pos); err != nil || pos.Next <= 0 {
		x.log.Warn("search: the index has no position; rebuilding", "dir", dir)
		idx.Close()
		os.RemoveAll(dir)
		return nil
	}
	x.idx, x.idxDir, x.pos = idx, dir, pos
	return nil
}

// moveAside renames a broken index so that it is kept for inspection.
func (x *Index) moveAside(dir string) {
	aside := filepath.Join(x.opts.Dir, "broken-"+time.Now().UTC().Format("20060102T150405"))
	if err := os.Rename(dir, aside); err != nil {
		x.log.Error("search: cannot move the broken index aside; it is left in place", "dir", dir, "err", err)
	}
	os.Remove(filepath.Join(x.opts.Dir, currentFile))
}

// validIndexName reports whether name is the name of an index folder that
// a rebuild made: a plain name ending in .index, inside the search folder.
func validIndexName(name string) bool {
	return strings.HasSuffix(name, ".index") && len(name) > len(".index") &&
		filepath.Base(name) == name && !strings.ContainsAny(name, `/\`)
}

// removeStale deletes index folders that are neither current nor broken:
// rebuilds that a stop interrupted.
func (x *Index) removeStale() {
	entries, _ := os.ReadDir(x.opts.Dir)
	for _, e := range entries {
		path := filepath.Join(x.opts.Dir, e.Name())
		if e.IsDir() && path != x.idxDir && filepath.Ext(e.Name()) == ".index" {
			os.RemoveAll(path)
		}
	}
}

// runtimeConfig lets batches return before they reach the disk: the
// position is stored in the same batch as the documents, so whatever
// snapshot survives a crash is consistent, and the follower re-applies
// what is missing.
func runtimeConfig() map[string]any {
	return map[string]any{"unsafe_batch": true}
}

// Position is where the follower should start: the position stored with
// the index, or zero to rebuild.
func (x *Index) Position() changefeed.Position {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.pos
}

// Ready reports whether searches can be answered: an index built with the
// current mapping holds every document (it is set only once complete).
func (x *Index) Ready() bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.idx != nil
}

// Reset implements changefeed.Consumer: it starts a new index aside. The
// current one, if any, keeps answering searches until the rebuild ends.
func (x *Index) Reset(ctx context.Context) error {
	x.writing.Wait()
	x.mu.Lock()
	old, oldDir := x.next, x.nextDir
	x.next, x.nextDir = nil, ""
	x.writeErr, x.unpersisted = nil, nil
	x.mu.Unlock()
	if old != nil {
		old.Close()
		os.RemoveAll(oldDir)
	}
	dir := filepath.Join(x.opts.Dir, time.Now().UTC().Format("20060102T150405.000000000")+".index")
	idx, err := bleve.NewUsing(dir, x.mapping, scorch.Name, scorch.Name, runtimeConfig())
	if err != nil {
		os.RemoveAll(dir)
		return fmt.Errorf("search: new index: %w", err)
	}
	x.mu.Lock()
	x.next, x.nextDir = idx, dir
	x.mu.Unlock()
	return nil
}

// Apply implements changefeed.Consumer. Documents are indexed (or removed
// when gone); other records do not appear in search. The position goes in
// the same batch.
func (x *Index) Apply(ctx context.Context, updates []changefeed.Update, pos changefeed.Position) error {
	x.mu.RLock()
	target := x.idx
	rebuilding := x.next != nil
	if rebuilding {
		target = x.next
	}
	x.mu.RUnlock()
	if target == nil {
		return errors.New("search: no index to apply changes to; a rebuild must come first")
	}
	b := target.NewBatch()
	for _, u := range updates {
		if u.Kind != catalog.KindDocument {
			continue
		}
		d, ok := u.Record.Entity.(*catalog.Document)
		if !ok || d == nil {
			b.Delete(u.ID)
			continue
		}
		if err := b.Index(d.ID, entry(d)); err != nil {
			return fmt.Errorf("search: index %s: %w", d.ID, err)
		}
		if rebuilding && pos.Next == 0 && b.Size() >= rebuildBatch {
			if err := x.writeAside(ctx, target, b); err != nil {
				return err
			}
			b = target.NewBatch()
		}
	}
	if pos.Next > 0 {
		raw, _ := json.Marshal(pos)
		b.SetInternal([]byte(keyPosition), raw)
	}
	if rebuilding && pos.Next > 0 {
		b.SetInternal([]byte(keyMapping), []byte(strconv.Itoa(MappingVersion)))
	}
	if rebuilding && pos.Next == 0 {
		if b.Size() == 0 {
			return nil
		}
		return x.writeAside(ctx, target, b)
	}
	if rebuilding {
		// The last batch of a rebuild goes after all the others.
		x.writing.Wait()
		x.mu.RLock()
		err := x.writeErr
		x.mu.RUnlock()
		if err != nil {
			return err
		}
	}
	persisted := make(chan struct{})
	b.SetPersistedCallback(func(error) { close(persisted) })
	if err := target.Batch(b); err != nil {
		return fmt.Errorf("search: write batch: %w", err)
	}
	if pos.Next == 0 {
		return nil
	}
	if rebuilding {
		// The new index is pointed at only once it is on disk whole.
		select {
		case <-persisted:
		case <-ctx.Done():
			return ctx.Err()
		}
		return x.swap(pos)
	}
	x.mu.Lock()
	x.pos, x.persisted = pos, persisted
	x.mu.Unlock()
	return nil
}

// writeAside writes a batch of a rebuild in the background, when one of
// the two slots is free. A failure is reported by a later Apply.
func (x *Index) writeAside(ctx context.Context, target bleve.Index, b *bleve.Batch) error {
	// Batches return before they reach the disk; waiting for the oldest
	// keeps the memory they hold bounded.
	for len(x.unpersisted) >= maxUnpersisted {
		select {
		case <-x.unpersisted[0]:
			x.unpersisted = x.unpersisted[1:]
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	persisted := make(chan struct{})
	var once sync.Once
	done := func() { once.Do(func() { close(persisted) }) }
	b.SetPersistedCallback(func(error) { done() })
	x.unpersisted = append(x.unpersisted, persisted)
	select {
	case x.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	x.mu.RLock()
	err := x.writeErr
	x.mu.RUnlock()
	if err != nil {
		<-x.slots
		return err
	}
	x.writing.Add(1)
	go func() {
		defer func() { <-x.slots; x.writing.Done() }()
		if err := target.Batch(b); err != nil {
			done() // it will never reach the disk; nothing waits for it
			x.mu.Lock()
			if x.writeErr == nil {
				x.writeErr = fmt.Errorf("search: write batch: %w", err)
			}
			x.mu.Unlock()
		}
	}()
	return nil
}

// swap makes the finished rebuild the index in use.
func (x *Index) swap(pos changefeed.Position) error {
	x.mu.RLock()
	nextDir := x.nextDir
	x.mu.RUnlock()
	if err := writeCurrent(x.opts.Dir, filepath.Base(nextDir)); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	x.mu.Lock()
	old, oldDir := x.idx, x.idxDir
	x.idx, x.idxDir, x.pos = x.next, x.nextDir, pos
	x.next, x.nextDir = nil, ""
	x.mu.Unlock() // searches that held the old index have finished
	if old != nil {
		old.Close()
		os.RemoveAll(oldDir)
	}
	return nil
}

// writeCurrent points CURRENT at the index folder name, durably: the new
// content is synced before it replaces the old, and the folder after.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	_, err = f.WriteString(name)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Close closes the index once its last batch is on disk; an unfinished
// rebuild is discarded.
func (x *Index) Close() error {
	x.writing.Wait()
	x.mu.RLock()
	persisted := x.persisted
	x.mu.RUnlock()
	if persisted != nil {
		select {
		case <-persisted:
		case <-time.After(persistWait):
			x.log.Warn("search: the last changes did not reach the disk in time; they will be applied again at the next start")
		}
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	var err error
	if x.next != nil {
		x.next.Close()
		os.RemoveAll(x.nextDir)
		x.next = nil
	}
	if x.idx != nil {
		err = x.idx.Close()
		x.idx = nil
	}
	return err
}

// DocCount is the number of documents in the index in use.
func (x *Index) DocCount() (uint64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return 0, search.ErrNotReady
	}
	return x.idx.DocCount()
}
