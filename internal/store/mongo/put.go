package mongo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// putBatch is how many entities one round of Put handles.
const putBatch = 500

type pending struct {
	entity catalog.Entity
	kind   catalog.Kind
	hash   string
	old    *meta // nil when the record is new
}

// intentDoc lists the records a writer is about to write, so that their
// changes can be announced if the writer stops before it does.
type intentDoc struct {
	ID      string        `bson:"_id"`
	Records []intentEntry `bson:"records"`
	// At is when the writer last said it is still writing.
	At time.Time `bson:"at"`
	// Created is when the writer began.
	Created time.Time `bson:"created"`
}

type intentEntry struct {
	Kind catalog.Kind `bson:"kind"`
	ID   string       `bson:"id"`
}

// Put implements store.Catalog. For each batch it
//
//  1. drops entities whose stored hash is the same (nothing changes, nothing is announced),
//  2. records its intent to write the others,
//  3. writes each record,
//  4. announces a change per record written, and drops the intent.
//
// While it writes, it dates its intent every few seconds. A writer that
// stops after step 2 leaves its intent; Recover announces it. A write that
// fails is announced at once, as far as it got.
func (s *Store) Put(ctx context.Context, entities ...catalog.Entity) (store.PutResult, error) {
	var total store.PutResult
	for start := 0; start < len(entities); start += putBatch {
		res, err := s.putBatch(ctx, entities[start:min(start+putBatch, len(entities))])
		total.Add(res)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (s *Store) putBatch(ctx context.Context, entities []catalog.Entity) (store.PutResult, error) {
	var res store.PutResult
	items := make([]*pending, 0, len(entities))
	last := map[string]int{} // kind/id → index in items, so that a later duplicate replaces an earlier one
	for _, e := range entities {
		h, err := Hash(e)
		if err != nil {
			return res, err
		}
		p := &pending{entity: e, kind: e.EntityKind(), hash: h}
		key := string(p.kind) + "\x00" + e.Key()
		if i, ok := last[key]; ok {
			items[i] = p
			continue
		}
		last[key] = len(items)
		items = append(items, p)
	}

	err := forEach(ctx, items, func(ctx context.Context, p *pending) error {
		c, err := s.coll(p.kind)
		if err != nil {
			return err
		}
		var m meta
		err = c.FindOne(ctx, bson.D{{Key: "_id", Value: p.entity.Key()}},
			options.FindOne().SetProjection(bson.D{{Key: "hash", Value: 1}, {Key: "created", Value: 1}})).Decode(&m)
		switch {
		case errors.Is(err, mongo.ErrNoDocuments):
		case err != nil:
			return mapErr(err)
		default:
			p.old = &m
		}
		return nil
	})
	if err != nil {
		return res, err
	}

	changed := items[:0:0]
	for _, p := range items {
		if p.old != nil && p.old.Hash == p.hash {
			res.Unchanged++
			continue
		}
		changed = append(changed, p)
	}
	if len(changed) == 0 {
		return res, nil
	}

	now := s.now()
	w := &writer{s: s, intent: intentDoc{ID: randomID(), At: now, Created: now}}
	for _, p := range changed {
		w.intent.Records = append(w.intent.Records, intentEntry{Kind: p.kind, ID: p.entity.Key()})
	}
	if _, err := s.intents.InsertOne(ctx, w.intent); err != nil {
		return res, fmt.Errorf("record intent: %w", mapErr(err))
	}
	w.dated = time.Now()

	written, err := w.write(ctx, changed, now)
	if err != nil {
		// Announce what may have been written, now rather than at recovery.
		_ = s.announce(context.WithoutCancel(ctx), w.intent)
		return res, err
	}
	res.Created += written.Created
	res.Updated += written.Updated
	return res, s.announce(ctx, w.intent)
}

// writer writes the records of one intent, dating it as it goes.
type writer struct {
	s      *Store
	intent intentDoc
	dated  time.Time
}

// write writes the changed records: replaced one by one, or inserted.
func (w *writer) write(ctx context.Context, changed []*pending, now time.Time) (store.PutResult, error) {
	var res store.PutResult
	var fresh []*pending
	for _, p := range changed {
		if p.old == nil {
			fresh = append(fresh, p)
			continue
		}
		if err := w.stillWriting(ctx); err != nil {
			return res, err
		}
		if err := w.s.replace(ctx, p, p.old.Created); err != nil {
			return res, err
		}
		res.Updated++
	}
	if err := w.stillWriting(ctx); err != nil {
		return res, err
	}
	created, err := w.s.insertFresh(ctx, fresh, now)
	if err != nil {
		return res, err
	}
	res.Created += created
	res.Updated += len(fresh) - created
	return res, nil
}

// intentDating is how often a writer dates its intent while it writes, so
// that Recover, which serve runs for intents 30 s old, rarely needs to.
const intentDating = 5 * time.Second

// stillWriting dates the intent when it is due. If the intent is gone
// (forgotten after store.Forget), it is recorded again, so that what
// follows is covered.
func (w *writer) stillWriting(ctx context.Context) error {
	if time.Since(w.dated) < intentDating {
		return nil
	}
	w.intent.At = w.s.now()
	res, err := w.s.intents.UpdateOne(ctx, bson.D{{Key: "_id", Value: w.intent.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: w.intent.At}}}})
	if err == nil && res.MatchedCount == 0 {
		_, err = w.s.intents.InsertOne(ctx, w.intent)
	}
	if err != nil {
		return fmt.Errorf("date intent: %w", mapErr(err))
	}
	w.dated = time.Now()
	return nil
}

// announce claims a change for every record of the intent, then drops it.
func (s *Store) announce(ctx context.Context, intent intentDoc) error {
	changes := make([]changeDoc, len(intent.Records))
	at := s.now()
	for i, r := range intent.Records {
		changes[i] = changeDoc{Kind: r.Kind, ID: r.ID, At: at}
	}
	if err := s.claim(ctx, changes); err != nil {
		return err
	}
	if _, err := s.intents.DeleteOne(ctx, bson.D{{Key: "_id", Value: intent.ID}}); err != nil {
		return fmt.Errorf("drop intent: %w", mapErr(err))
	}
	return nil
}

// Recover implements store.Feed. Intents are few (one per write in
// progress), so reading them all is cheap. An old intent is announced and
// dated anew, not dropped: its writer may be slow rather than dead, and
// would then write after this announcement. Only its writer drops it, or
// Recover once it is older than store.Forget. Announcing twice costs
// followers a reload.
func (s *Store) Recover(ctx context.Context, age time.Duration) (int, error) {
	now := s.now()
	cur, err := s.intents.Find(ctx, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: now.Add(-age)}}}})
	if err != nil {
		return 0, mapErr(err)
	}
	var stale []intentDoc
	if err := cur.All(ctx, &stale); err != nil {
		return 0, mapErr(err)
	}
	for i, intent := range stale {
		changes := make([]changeDoc, len(intent.Records))
		for j, r := range intent.Records {
			changes[j] = changeDoc{Kind: r.Kind, ID: r.ID, At: now}
		}
		if err := s.claim(ctx, changes); err != nil {
			return i, err
		}
		if now.Sub(intent.Created) > store.Forget {
			_, err = s.intents.DeleteOne(ctx, bson.D{{Key: "_id", Value: intent.ID}})
		} else {
			_, err = s.intents.UpdateOne(ctx, bson.D{{Key: "_id", Value: intent.ID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "at", Value: now}}}})
		}
		if err != nil {
			return i, fmt.Errorf("recover intent: %w", mapErr(err))
		}
	}
	return len(stale), nil
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read does not fail
	return hex.EncodeToString(b)
}

// insertFresh inserts records that did not exist, per kind in one
// InsertMany each; a record that another writer created meanwhile is
// replaced instead. It returns how many it created.
func (s *Store) insertFresh(ctx context.Context, fresh []*pending, now time.Time) (int, error) {
	created := 0
	byKind := map[catalog.Kind][]*pending{}
	for _, p := range fresh {
		byKind[p.kind] = append(byKind[p.kind], p)
	}
	for _, kind := range catalog.Kinds {
		group := byKind[kind]
		if len(group) == 0 {
			continue
		}
		docs := make([]any, len(group))
		for i, p := range group {
			doc, err := encode(p.entity, meta{Hash: p.hash, Created: now}, now)
			if err != nil {
				return created, err
			}
			docs[i] = doc
		}
		_, err := s.colls[kind].InsertMany(ctx, docs, options.InsertMany().SetOrdered(false))
		failed := map[int]bool{}
		var bwe mongo.BulkWriteException
		switch {
		case err == nil:
		case errors.As(err, &bwe) && bwe.WriteConcernError == nil && allDuplicates(bwe):
			for _, we := range bwe.WriteErrors {
				failed[we.Index] = true
			}
		default:
			return created, fmt.Errorf("insert %s: %w", kind, mapErr(err))
		}
		for i, p := range group {
			if !failed[i] {
				created++
				continue
			}
			if err := s.replace(ctx, p, now); err != nil {
				return created, err
			}
		}
	}
	return created, nil
}

func allDuplicates(bwe mongo.BulkWriteException) bool {
	for _, we := range bwe.WriteErrors {
		if !mongo.IsDuplicateKeyError(we) {
			return false
		}
	}
	return true
}

// replace writes one record by _id.
func (s *Store) replace(ctx context.Context, p *pending, created time.Time) error {
	doc, err := encode(p.entity, meta{Hash: p.hash, Created: created}, s.now())
	if err != nil {
		return err
	}
	_, err = s.colls[p.kind].ReplaceOne(ctx, bson.D{{Key: "_id", Value: p.entity.Key()}}, doc, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("write %s %q: %w", p.kind, p.entity.Key(), mapErr(err))
	}
	return nil
}
