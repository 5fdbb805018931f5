// Package changefeed keeps a derived copy of the catalogue (the in-memory
// read model, the search index) in step with the database by following
// the store's change feed.
//
// Every write is announced after it is done, so a follower that reloads a
// record when it sees its change ends with what the database holds,
// however writers interleave (store.Change says which write could go
// unnoticed). A follower remembers a Position, the next change to see; it
// applies each change once, in order. The numbers have no gaps, so a
// follower that finds one knows the feed was trimmed past it, and rebuilds
// from a full scan.
package changefeed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// Source is what a follower reads: the records and the feed.
type Source interface {
	store.Catalog
	store.Feed
}

// Update is the state of one record, handed to a Consumer.
type Update struct {
	// Change is the change being applied; zero during a rebuild.
	Change store.Change
	Kind   catalog.Kind
	ID     string
	// Record is the stored record; its Entity is nil when the record does
	// not exist or cannot be read.
	Record store.Record
}

// Position is how far a follower has got.
type Position struct {
	// Next is the number of the next change to apply. Zero means that no
	// complete copy exists: during a rebuild, or before the first one.
	Next int64 `json:"next"`
}

// Consumer applies updates to a derived copy of the catalogue.
//
// A rebuild is one Reset, then Apply calls with a zero Position, then a
// last Apply with the position reached; a consumer may build the new copy
// aside and switch to it on that last call. Outside a rebuild every Apply
// carries the position it reaches, which a consumer that persists its copy
// stores with the updates.
type Consumer interface {
	Reset(ctx context.Context) error
	Apply(ctx context.Context, updates []Update, pos Position) error
}

// Options tune a follower.
type Options struct {
	// Interval is how often to poll the feed. Default 250ms.
	Interval time.Duration
	// Start is a position restored from the consumer's persisted copy;
	// zero means rebuild on the first sync.
	Start Position
	// WithText hands the consumer documents with their full texts (the
	// search index needs them; the read model does not).
	WithText bool
	Logger   *slog.Logger
}

// Follower follows the change feed for one consumer. Sync, Rebuild and Run
// must not be called concurrently, nor Position while Run runs.
type Follower struct {
	src   Source
	c     Consumer
	opts  Options
	pos   Position
	ready atomic.Bool
}

// New returns a follower that feeds c from src.
func New(src Source, c Consumer, opts Options) *Follower {
	if opts.Interval <= 0 {
		opts.Interval = 250 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Follower{src: src, c: c, opts: opts, pos: opts.Start}
}

// Ready reports whether the consumer holds a complete copy.
func (f *Follower) Ready() bool { return f.ready.Load() }

// Position returns the current position.
func (f *Follower) Position() Position { return f.pos }

// Run syncs until ctx ends, every Interval. A failed sync is logged and
// retried with back-off.
func (f *Follower) Run(ctx context.Context) {
	backoff := f.opts.Interval
	for {
		err := f.Sync(ctx)
		wait := f.opts.Interval
		if err != nil && ctx.Err() == nil {
			f.opts.Logger.Warn("change feed: sync failed", "err", err, "retry_in", backoff)
			wait = backoff
			backoff = min(backoff*2, 10*time.Second)
		} else {
			backoff = f.opts.Interval
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

// chunk is how many changes one Apply covers.
const chunk = 500

// lookups is how many changes or records a sync reads at once.
const lookups = 4

// Sync applies every change since the last sync, or rebuilds when the
// follower has no complete copy, fell behind the trim, or is ahead of the
// feed (the database was replaced).
func (f *Follower) Sync(ctx context.Context) error {
	head, err := f.src.Head(ctx)
	if err != nil {
		return err
	}
	if f.pos.Next == 0 || f.pos.Next <= head.Trimmed {
		return f.Rebuild(ctx)
	}
	if last := f.pos.Next - 1; last > head.Seq && last > head.Trimmed {
		// The head lags, or the feed restarted below us: the last change
		// we applied tells which.
		if _, err := f.src.Change(ctx, last); errors.Is(err, store.ErrNotFound) {
			f.opts.Logger.Warn("change feed: the feed is behind this follower; rebuilding", "next", f.pos.Next, "head", head.Seq)
			return f.Rebuild(ctx)
		} else if err != nil {
			return err
		}
	}
	for size := 8; ; size = min(size*4, chunk) {
		changes, err := f.fetch(ctx, f.pos.Next, size)
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			if head.Seq >= f.pos.Next {
				// Claimed, yet gone: the feed was trimmed past us.
				f.opts.Logger.Warn("change feed: trimmed past this follower; rebuilding", "next", f.pos.Next, "head", head.Seq)
				return f.Rebuild(ctx)
			}
			break
		}
		updates, err := f.loadAll(ctx, changes)
		if err != nil {
			return err
		}
		next := Position{Next: changes[len(changes)-1].Seq + 1}
		if err := f.c.Apply(ctx, updates, next); err != nil {
			return fmt.Errorf("apply changes %d–%d: %w", changes[0].Seq, next.Next-1, err)
		}
		f.pos = next
		if len(changes) < size {
			break
		}
	}
	f.ready.Store(true)
	return nil
}

// fetch returns up to n changes from number from on, up to the first
// number that does not exist. The numbers have no gaps, so it reads them
// by _id, a few at a time.
func (f *Follower) fetch(ctx context.Context, from int64, n int) ([]store.Change, error) {
	got := make([]store.Change, n)
	found := make([]bool, n)
	err := forEach(ctx, n, func(ctx context.Context, i int) error {
		ch, err := f.src.Change(ctx, from+int64(i))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		got[i], found[i] = ch, err == nil
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, ok := range found {
		if !ok {
			return got[:i], nil
		}
	}
	return got, nil
}

// forEach runs fn for 0..n-1 with a few concurrent workers and returns the
// first error.
func forEach(ctx context.Context, n int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	errs := make(chan error, lookups)
	var wg sync.WaitGroup
	for range min(lookups, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(ctx, i); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
feed:
	for i := range n {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return context.Cause(ctx)
}

// loadAll reads the records the changes are about, each record once.
func (f *Follower) loadAll(ctx context.Context, changes []store.Change) ([]Update, error) {
	first := map[string]int{} // kind/id → index of its first change
	var distinct []int
	for i, ch := range changes {
		key := string(ch.Kind) + "\x00" + ch.ID
		if _, ok := first[key]; !ok {
			first[key] = i
			distinct = append(distinct, i)
		}
	}
	updates := make([]Update, len(changes))
	err := forEach(ctx, len(distinct), func(ctx context.Context, k int) error {
		i := distinct[k]
		u, err := f.load(ctx, changes[i])
		updates[i] = u
		return err
	})
	if err != nil {
		return nil, err
	}
	for i, ch := range changes {
		if j := first[string(ch.Kind)+"\x00"+ch.ID]; j != i {
			updates[i] = Update{Change: ch, Kind: ch.Kind, ID: ch.ID, Record: updates[j].Record}
		}
	}
	return updates, nil
}

// load reads the record a change is about, as it is now. A record that is
// gone or cannot be read is passed on as absent.
func (f *Follower) load(ctx context.Context, ch store.Change) (Update, error) {
	u := Update{Change: ch, Kind: ch.Kind, ID: ch.ID}
	rec, err := f.src.Get(ctx, ch.Kind, ch.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return u, nil
	case errors.Is(err, store.ErrCorrupt):
		f.opts.Logger.Error("change feed: a record cannot be read; it is left out", "kind", ch.Kind, "id", ch.ID, "err", err)
		return u, nil
	case err != nil:
		return u, err
	}
	if !f.opts.WithText {
		stripText(rec.Entity)
	}
	u.Record = rec
	return u, nil
}

// Rebuild gives the consumer a new copy of every record. Changes made
// while it scans are applied by the next sync.
func (f *Follower) Rebuild(ctx context.Context) error {
	start := time.Now()
	head, err := f.src.Head(ctx)
	if err != nil {
		return err
	}
	if err := f.c.Reset(ctx); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	f.pos = Position{}
	skipped := func(id string, err error) {
		f.opts.Logger.Error("change feed: a record cannot be read; it is left out", "id", id, "err", err)
	}
	n := 0
	for _, kind := range catalog.Kinds {
		var batch []Update
		err := f.src.Scan(ctx, kind, store.ScanOptions{WithoutText: !f.opts.WithText, Skipped: skipped}, func(rec store.Record) error {
			batch = append(batch, Update{Kind: kind, ID: rec.Entity.Key(), Record: rec})
			if len(batch) < chunk {
				return nil
			}
			n += len(batch)
			err := f.c.Apply(ctx, batch, Position{})
			batch = nil
			return err
		})
		if err == nil && len(batch) > 0 {
			n += len(batch)
			err = f.c.Apply(ctx, batch, Position{})
		}
		if err != nil {
			return fmt.Errorf("rebuild %s: %w", kind, err)
		}
	}
	// Every change up to the head or the trimmed mark was made before the
	// head was read, so the scan holds it.
	pos := Position{Next: max(head.Seq, head.Trimmed) + 1}
	if err := f.c.Apply(ctx, nil, pos); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	f.pos = pos
	f.ready.Store(true)
	f.opts.Logger.Info("change feed: rebuilt", "records", n, "seq", head.Seq, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// stripText drops the full text of document versions, for copies that
// hold only what lists and look-ups show.
func stripText(e catalog.Entity) {
	if d, ok := e.(*catalog.Document); ok {
		for i := range d.Versions {
			d.Versions[i].Text = ""
		}
	}
}
