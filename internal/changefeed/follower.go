// Package changefeed keeps a derived copy of the catalogue (the in-memory
// read model, the search index) in step with the database by following
// the store's change feed.
//
// A follower remembers a Position: every change numbered below Next has
// been seen, and those in Outstanding are pending: their records did not
// yet carry their numbers when last looked at. Each change is applied
// once: when its record has landed, or, if its writer died, when the grace
// period has passed and the stored record is final. The numbers have no
// gaps, so a follower that finds one knows the feed was trimmed past it,
// and rebuilds from a full scan.
package changefeed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
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

// Update is the new state of one record, handed to a Consumer.
type Update struct {
	// Change is the change being applied; zero during a rebuild.
	Change store.Change
	Kind   catalog.Kind
	ID     string
	// Record is the stored record; its Entity is nil when the record does
	// not exist (deleted, or never written by a writer that died).
	Record store.Record
}

// Position is how far a follower has got.
type Position struct {
	// Next is the lowest sequence number not yet seen. Zero means that no
	// complete build exists.
	Next int64 `json:"next"`
	// Outstanding are changes below Next that are not applied yet.
	Outstanding map[int64]Pending `json:"outstanding,omitempty"`
}

// Pending is a change whose record had not landed when last looked at.
type Pending struct {
	Change store.Change `json:"change"`
	// Since is when this follower first saw it pending.
	Since time.Time `json:"since"`
}

func (p Position) clone() Position {
	p.Outstanding = maps.Clone(p.Outstanding)
	if p.Outstanding == nil {
		p.Outstanding = map[int64]Pending{}
	}
	return p
}

// Consumer applies updates to a derived copy of the catalogue.
type Consumer interface {
	// Reset discards everything before a rebuild.
	Reset(ctx context.Context) error
	// Apply applies the updates in order and records pos as reached. A
	// consumer that persists its state stores pos together with the
	// updates. During a rebuild pos.Next is zero until the last call.
	Apply(ctx context.Context, updates []Update, pos Position) error
}

// Options tune a follower.
type Options struct {
	// Grace is how long to wait for a hole or a pending change before
	// taking its writer to have died. Default 30s.
	Grace time.Duration
	// Interval is how often to poll the feed. Default 250ms.
	Interval time.Duration
	// WithText loads the full text of document versions.
	WithText bool
	// Start is a position restored from the consumer's persisted state;
	// zero means rebuild on the first sync.
	Start  Position
	Logger *slog.Logger
	// Now is the clock, for tests.
	Now func() time.Time
}

// Follower follows the change feed for one consumer. Sync and Run must not
// be called concurrently.
type Follower struct {
	src   Source
	c     Consumer
	opts  Options
	pos   Position
	ready atomic.Bool
}

// New returns a follower that feeds c from src.
func New(src Source, c Consumer, opts Options) *Follower {
	if opts.Grace <= 0 {
		opts.Grace = 30 * time.Second
	}
	if opts.Interval <= 0 {
		opts.Interval = 250 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	f := &Follower{src: src, c: c, opts: opts, pos: opts.Start.clone()}
	// Restored pending changes are waited for a full grace period again.
	for seq, p := range f.pos.Outstanding {
		p.Since = opts.Now()
		f.pos.Outstanding[seq] = p
	}
	return f
}

// Ready reports whether the consumer holds a complete copy.
func (f *Follower) Ready() bool { return f.ready.Load() }

// Position returns a copy of the current position.
func (f *Follower) Position() Position { return f.pos.clone() }

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

// Sync applies every change that has landed since the last sync, or
// rebuilds when the follower has no complete copy or fell behind the trim.
func (f *Follower) Sync(ctx context.Context) error {
	head, err := f.src.Head(ctx)
	if err != nil {
		return err
	}
	if f.needsRebuild(head) {
		return f.Rebuild(ctx)
	}
	if err := f.recheck(ctx); err != nil {
		return err
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
		now := f.opts.Now()
		next := f.pos.clone()
		var updates []Update
		for _, ch := range changes {
			u, landed, err := f.load(ctx, ch, now, now)
			if err != nil {
				return err
			}
			if landed {
				updates = append(updates, u)
			} else {
				next.Outstanding[ch.Seq] = Pending{Change: ch, Since: now}
			}
			next.Next = ch.Seq + 1
		}
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

func (f *Follower) needsRebuild(head store.Head) bool {
	if f.pos.Next == 0 || f.pos.Next <= head.Trimmed {
		// Never built, or fell behind the trim.
		return true
	}
	for seq := range f.pos.Outstanding {
		if seq <= head.Trimmed {
			return true
		}
	}
	return false
}

// recheck looks again at the pending changes.
func (f *Follower) recheck(ctx context.Context) error {
	if len(f.pos.Outstanding) == 0 {
		return nil
	}
	now := f.opts.Now()
	next := f.pos.clone()
	var updates []Update
	for _, seq := range slices.Sorted(maps.Keys(f.pos.Outstanding)) {
		p := f.pos.Outstanding[seq]
		u, landed, err := f.load(ctx, p.Change, p.Since, now)
		if err != nil {
			return err
		}
		if landed {
			updates = append(updates, u)
			delete(next.Outstanding, seq)
		}
	}
	if len(updates) == 0 {
		return nil
	}
	if err := f.c.Apply(ctx, updates, next); err != nil {
		return fmt.Errorf("apply pending changes: %w", err)
	}
	f.pos = next
	return nil
}

// load reads the record a change is about and says whether the change has
// landed: the record carries its number or a later one, or it is gone
// after a delete, or the grace period since first seen has passed.
func (f *Follower) load(ctx context.Context, ch store.Change, since, now time.Time) (Update, bool, error) {
	u := Update{Change: ch, Kind: ch.Kind, ID: ch.ID}
	expired := now.Sub(since) > f.opts.Grace
	rec, err := f.src.Get(ctx, ch.Kind, ch.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return u, ch.Op == store.OpDelete || expired, nil
	case err != nil:
		return u, false, err
	}
	if !f.opts.WithText {
		stripText(rec.Entity)
	}
	u.Record = rec
	return u, (ch.Op == store.OpPut && rec.Seq >= ch.Seq) || expired, nil
}

// window is the number of recent changes a rebuild checks first.
const window = 256

// Rebuild discards the consumer's copy and loads every record again.
// Changes that may still be in flight when the scan starts stay outstanding.
func (f *Follower) Rebuild(ctx context.Context) error {
	start := f.opts.Now()
	head, err := f.src.Head(ctx)
	if err != nil {
		return err
	}
	recent, err := f.recentChanges(ctx, head)
	if err != nil {
		return err
	}
	watch := map[string]bool{}
	for _, ch := range recent {
		watch[string(ch.Kind)+"\x00"+ch.ID] = true
	}
	seen := map[string]int64{} // seq of the scanned records that recent changes are about

	if err := f.c.Reset(ctx); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	building := Position{}
	var n int
	for _, kind := range catalog.Kinds {
		var batch []Update
		err := f.src.Scan(ctx, kind, store.ScanOptions{WithoutText: !f.opts.WithText}, func(rec store.Record) error {
			id := rec.Entity.Key()
			if key := string(kind) + "\x00" + id; watch[key] {
				seen[key] = rec.Seq
			}
			batch = append(batch, Update{Kind: kind, ID: id, Record: rec})
			if len(batch) == chunk {
				n += len(batch)
				err := f.c.Apply(ctx, batch, building)
				batch = nil
				return err
			}
			return nil
		})
		if err == nil && len(batch) > 0 {
			n += len(batch)
			err = f.c.Apply(ctx, batch, building)
		}
		if err != nil {
			return fmt.Errorf("rebuild %s: %w", kind, err)
		}
	}

	pos := Position{Next: head.Seq + 1, Outstanding: map[int64]Pending{}}
	for _, ch := range recent {
		if ch.Seq > head.Seq {
			continue // seen by the next sync
		}
		if ch.Op == store.OpPut && seen[string(ch.Kind)+"\x00"+ch.ID] < ch.Seq {
			pos.Outstanding[ch.Seq] = Pending{Change: ch, Since: start}
		}
	}
	if err := f.c.Apply(ctx, nil, pos); err != nil {
		return fmt.Errorf("rebuild: %w", err)
	}
	f.pos = pos
	f.ready.Store(true)
	f.opts.Logger.Info("change feed: rebuilt", "records", n, "seq", head.Seq, "outstanding", len(pos.Outstanding), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// recentChanges returns the changes that may still be in flight: a window
// of the newest ones, widened until its oldest change is older than twice
// the grace period or it reaches the trimmed mark.
func (f *Follower) recentChanges(ctx context.Context, head store.Head) ([]store.Change, error) {
	floor := head.Trimmed + 1
	size := int64(window)
	for {
		from := max(floor, head.Seq-size+1)
		changes, err := f.src.Changes(ctx, from, int(head.Seq-from+1))
		if err != nil {
			return nil, err
		}
		if from == floor || len(changes) == 0 || f.opts.Now().Sub(changes[0].At) > 2*f.opts.Grace {
			return changes, nil
		}
		size *= 4
	}
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
