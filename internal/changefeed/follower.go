// Package changefeed keeps a derived copy of the catalogue (the in-memory
// read model, the search index) in step with the database by following
// the store's change feed.
//
// Every write is announced after it is done, so a follower that reloads a
// record when it sees its change holds what the database holds, however
// writers interleave. A follower remembers a Position, the next change to
// see; it applies each change once, in order. The numbers have no gaps, so
// a follower that finds one knows the feed was trimmed past it, and
// rebuilds from a full scan.
package changefeed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
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
	// WithText loads the full text of document versions.
	WithText bool
	// Start is a position restored from the consumer's persisted copy;
	// zero means rebuild on the first sync.
	Start  Position
	Logger *slog.Logger
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

// pointReads is how many changes a sync fetches one by one, by id, before
// it switches to one range query: a few new changes are the common case,
// and a look-up by id is the cheapest read on every engine.
const pointReads = 8

// errGap means the feed has lost changes this follower has not seen.
var errGap = errors.New("the change feed was trimmed past this follower")

// Sync applies every change since the last sync, or rebuilds when the
// follower has no complete copy or fell behind the trim.
func (f *Follower) Sync(ctx context.Context) error {
	head, err := f.src.Head(ctx)
	if err != nil {
		return err
	}
	if f.pos.Next == 0 || f.pos.Next <= head.Trimmed {
		return f.Rebuild(ctx)
	}
	for {
		changes, err := f.fetch(ctx, head)
		if errors.Is(err, errGap) {
			f.opts.Logger.Warn("change feed: " + err.Error() + "; rebuilding")
			return f.Rebuild(ctx)
		}
		if err != nil {
			return err
		}
		if len(changes) == 0 {
			break
		}
		updates := make([]Update, 0, len(changes))
		for _, ch := range changes {
			u, err := f.load(ctx, ch)
			if err != nil {
				return err
			}
			updates = append(updates, u)
		}
		next := Position{Next: changes[len(changes)-1].Seq + 1}
		if err := f.c.Apply(ctx, updates, next); err != nil {
			return fmt.Errorf("apply changes %d–%d: %w", changes[0].Seq, next.Next-1, err)
		}
		f.pos = next
		if len(changes) < chunk {
			break
		}
	}
	f.ready.Store(true)
	return nil
}

// fetch returns the next changes from f.pos.Next on, without gaps: by id
// while there are few, else with a range query. It returns errGap when
// the next change is gone but later ones exist.
func (f *Follower) fetch(ctx context.Context, head store.Head) ([]store.Change, error) {
	var out []store.Change
	seq := f.pos.Next
	for ; len(out) < pointReads; seq++ {
		ch, err := f.src.Change(ctx, seq)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, ch)
	}
	if len(out) == 0 && head.Seq < f.pos.Next {
		return nil, nil // nothing new
	}
	if len(out) < pointReads && len(out) > 0 {
		return out, nil
	}
	more, err := f.src.Changes(ctx, seq, chunk-len(out))
	if err != nil {
		return nil, err
	}
	if len(more) > 0 && more[0].Seq != seq {
		return nil, fmt.Errorf("%w: change %d is missing", errGap, seq)
	}
	for i, ch := range more {
		if ch.Seq != seq+int64(i) {
			more = more[:i] // the rest after a gap comes next time
			break
		}
	}
	return append(out, more...), nil
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
	pos := Position{Next: head.Seq + 1}
	if err := f.c.Apply(ctx, nil, pos); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	f.pos = pos
	f.ready.Store(true)
	f.opts.Logger.Info("change feed: rebuilt", "records", n, "seq", head.Seq, "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// stripText drops the full text of document versions, which a consumer
// that did not ask for it should not hold.
func stripText(e catalog.Entity) {
	if d, ok := e.(*catalog.Document); ok {
		for i := range d.Versions {
			d.Versions[i].Text = ""
		}
	}
}
