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
// with leading zeros, so that ids sort in sequence order and a change can
// be fetched by an _id look-up.
type changeDoc struct {
	Key  string       `bson:"_id"`
	Seq  int64        `bson:"seq"`
	Kind catalog.Kind `bson:"kind"`
	ID   string       `bson:"id"`
	Op   store.Op     `bson:"op"`
	At   time.Time    `bson:"at"`
}

func (d changeDoc) change() store.Change {
	return store.Change{Seq: d.Seq, Kind: d.Kind, ID: d.ID, Op: d.Op, At: d.At}
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

// raise sets a counter to at least v. A lost update can only lower it to a
// value that was true a moment before; Head then lags, never runs ahead.
func (s *Store) raise(ctx context.Context, id string, v int64) error {
	_, err := s.counters.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$max", Value: bson.D{{Key: "seq", Value: v}}}}, options.UpdateOne().SetUpsert(true))
	return mapErr(err)
}

// claim numbers and inserts the changes, in order. It tries the numbers
// after the head and, when another writer took one first, carries on after
// the newest change there is, so that the sequence never has a gap.
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
		if err == nil {
			return s.raise(ctx, headID, changes[len(changes)-1].Seq)
		}
		var bwe mongo.BulkWriteException
		if !errors.As(err, &bwe) || len(bwe.WriteErrors) == 0 || !mongo.IsDuplicateKeyError(bwe.WriteErrors[0]) {
			return fmt.Errorf("announce changes: %w", mapErr(err))
		}
		// The changes before the first failure are ours; the failed number
		// was taken: carry on after the newest change.
		failed := bwe.WriteErrors[0].Index
		newest, err := s.newestChange(ctx)
		if err != nil {
			return err
		}
		next = max(changes[failed].Seq, newest) + 1
		changes = changes[failed:]
	}
	return nil
}

// newestChange returns the highest sequence number in the feed, 0 if none.
func (s *Store) newestChange(ctx context.Context) (int64, error) {
	var d changeDoc
	err := s.changes.FindOne(ctx, bson.D{}, options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&d)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return 0, nil
	}
	return d.Seq, mapErr(err)
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

// Changes implements store.Feed.
func (s *Store) Changes(ctx context.Context, from int64, limit int) ([]store.Change, error) {
	cur, err := s.changes.Find(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$gte", Value: changeKey(from)}}}},
		options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}).SetLimit(int64(limit)))
	if err != nil {
		return nil, mapErr(err)
	}
	var docs []changeDoc
	if err := cur.All(ctx, &docs); err != nil {
		return nil, mapErr(err)
	}
	out := make([]store.Change, len(docs))
	for i, d := range docs {
		out[i] = d.change()
	}
	return out, nil
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
	// Never cut changes younger than keepFor: find the newest old enough.
	var newest changeDoc
	err = s.changes.FindOne(ctx,
		bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: changeKey(cut)}}}, {Key: "at", Value: bson.D{{Key: "$lt", Value: s.now().Add(-keepFor)}}}},
		options.FindOne().SetSort(bson.D{{Key: "_id", Value: -1}})).Decode(&newest)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return head, nil
	}
	if err != nil {
		return head, mapErr(err)
	}
	if err := s.raise(ctx, trimmedID, newest.Seq); err != nil {
		return head, err
	}
	if _, err := s.changes.DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: changeKey(newest.Seq)}}}}); err != nil {
		return head, mapErr(err)
	}
	return s.Head(ctx)
}
