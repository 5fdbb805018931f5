package mongo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// changeDoc is a change as stored. Its _id is the sequence number written
// with leading zeros, so that ids sort in sequence order and a change is
// found by an _id look-up, the one query every engine answers from an index.
type changeDoc struct {
	Key  string       `bson:"_id"`
	Seq  int64        `bson:"seq"`
	Kind catalog.Kind `bson:"kind"`
	ID   string       `bson:"id"`
	At   time.Time    `bson:"at"`
}

func (d changeDoc) change() store.Change {
	return store.Change{Seq: d.Seq, Kind: d.Kind, ID: d.ID, At: d.At}
}

func changeKey(seq int64) string { return fmt.Sprintf("%019d", seq) }

// Counter documents: the head's high-water mark and the trimmed mark. They
// are separate documents because the embedded engine's updates are
// read-modify-write: two updates of one document may lose one another.
const (
	headID    = "changes"
	trimmedID = "trimmed"
)

type counterDoc struct {
	Value int64 `bson:"seq"`
}

func (s *Store) counter(ctx context.Context, id string) (int64, error) {
	var c counterDoc
	err := s.counters.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&c)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return c.Value, mapErr(err)
}

// raise sets a counter to at least v. On the embedded engine a concurrent
// raise can undo this one, leaving a value that was true a moment before.
func (s *Store) raise(ctx context.Context, id string, v int64) error {
	_, err := s.counters.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "seq", Value: v}}}}, options.UpdateOne().SetUpsert(true))
	return mapErr(err)
}

// claim numbers and inserts the changes, in order. It tries the numbers
// after the head and, when another writer took one first, carries on after
// the newest change, so that the sequence never has a gap. A change that
// landed at or below the trimmed mark (a number trimming had freed, taken
// by a writer that stalled) is claimed again above it; the stray copy is
// harmless and goes with the next trim.
func (s *Store) claim(ctx context.Context, changes []changeDoc) error {
	head, err := s.Head(ctx)
	if err != nil {
		return err
	}
	next := max(head.Seq, head.Trimmed) + 1
	for len(changes) > 0 {
		docs := make([]any, len(changes))
		for i := range changes {
			changes[i].Seq = next + int64(i)
			changes[i].Key = changeKey(changes[i].Seq)
			docs[i] = changes[i]
		}
		_, err := s.changes.InsertMany(ctx, docs, options.InsertMany().SetOrdered(true))
		inserted := len(changes)
		var bwe mongo.BulkWriteException
		switch {
		case err == nil:
		case errors.As(err, &bwe) && len(bwe.WriteErrors) > 0 && mongo.IsDuplicateKeyError(bwe.WriteErrors[0]):
			inserted = bwe.WriteErrors[0].Index // the changes before it are ours
		default:
			return fmt.Errorf("announce changes: %w", mapErr(err))
		}
		trimmed, err := s.counter(ctx, trimmedID)
		if err != nil {
			return err
		}
		var again []changeDoc
		for _, c := range changes[:inserted] {
			if c.Seq <= trimmed {
				again = append(again, c)
			}
		}
		if inserted > 0 && changes[inserted-1].Seq > trimmed {
			if err := s.raise(ctx, headID, changes[inserted-1].Seq); err != nil {
				return err
			}
		}
		if len(again) == 0 && inserted == len(changes) {
			return nil
		}
		newest, err := s.newestChange(ctx, max(next+int64(inserted)-1, trimmed))
		if err != nil {
			return err
		}
		next = max(newest, trimmed) + 1
		changes = append(again, changes[inserted:]...)
	}
	return nil
}

// newestChange returns the highest sequence number in the feed at or above
// from (from itself if there is none above it). Since the numbers have no
// gaps, it probes by _id look-ups: doubling steps up, then halving back.
func (s *Store) newestChange(ctx context.Context, from int64) (int64, error) {
	exists := func(seq int64) (bool, error) {
		_, err := s.Change(ctx, seq)
		if errors.Is(err, store.ErrNotFound) {
			return false, nil
		}
		return err == nil, err
	}
	lo, step := from, int64(1) // lo exists, or is from
	for {
		ok, err := exists(lo + step)
		if err != nil {
			return 0, err
		}
		if !ok {
			break
		}
		lo += step
		step *= 2
	}
	hi := lo + step // does not exist
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		ok, err := exists(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo, nil
}

// Head implements store.Feed.
func (s *Store) Head(ctx context.Context) (store.Head, error) {
	seq, err := s.counter(ctx, headID)
	if err != nil {
		return store.Head{}, err
	}
	trimmed, err := s.counter(ctx, trimmedID)
	return store.Head{Seq: seq, Trimmed: trimmed}, err
}

// Change implements store.Feed with an _id look-up.
func (s *Store) Change(ctx context.Context, seq int64) (store.Change, error) {
	var d changeDoc
	if err := s.changes.FindOne(ctx, bson.D{{Key: "_id", Value: changeKey(seq)}}).Decode(&d); err != nil {
		return store.Change{}, mapErr(err)
	}
	return d.change(), nil
}

// Trim implements store.Feed. It raises the trimmed mark before it
// deletes, so that a follower never misses a change without knowing it.
func (s *Store) Trim(ctx context.Context, keep int64, keepFor time.Duration) (store.Head, error) {
	head, err := s.Head(ctx)
	if err != nil {
		return head, err
	}
	cut := head.Seq - keep
	if cut <= head.Trimmed {
		return head, nil
	}
	last, err := s.Change(ctx, cut)
	switch {
	case errors.Is(err, store.ErrNotFound):
		// Trimmed already by another process whose mark was lost: mark again.
	case err != nil:
		return head, err
	case last.At.After(s.now().Add(-keepFor)):
		return head, nil
	}
	if err := s.raise(ctx, trimmedID, cut); err != nil {
		return head, err
	}
	if _, err := s.changes.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: changeKey(cut)}}}}); err != nil {
		return head, mapErr(err)
	}
	return s.Head(ctx)
}
