// Package mongo implements the store with the MongoDB Go driver. The same
// code serves a real MongoDB deployment and the embedded database, so it
// keeps to what both do well: single-document writes, look-ups by _id,
// no transactions, no change streams.
package mongo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// Store is the MongoDB implementation of store.Store.
type Store struct {
	client   *mongo.Client
	db       *mongo.Database
	colls    map[catalog.Kind]*mongo.Collection
	changes  *mongo.Collection
	counters *mongo.Collection
	intents  *mongo.Collection
	now      func() time.Time
}

var _ store.Store = (*Store)(nil)

// Collection names.
const (
	collChanges  = "changes"
	collCounters = "counters"
	collIntents  = "intents"
)

var collNames = map[catalog.Kind]string{
	catalog.KindBody:           "bodies",
	catalog.KindSession:        "sessions",
	catalog.KindDocument:       "documents",
	catalog.KindRecommendation: "recommendations",
}

// Open connects to the database at uri and checks that it answers.
func Open(ctx context.Context, uri, dbName string) (*Store, error) {
	client, err := mongo.Connect(options.Client().ApplyURI(uri).SetServerSelectionTimeout(10 * time.Second))
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	s := New(client, dbName)
	if err := s.Ping(ctx); err != nil {
		_ = client.Disconnect(context.Background())
		return nil, err
	}
	return s, nil
}

// New returns a Store on an existing client.
func New(client *mongo.Client, dbName string) *Store {
	db := client.Database(dbName)
	s := &Store{
		client:   client,
		db:       db,
		colls:    map[catalog.Kind]*mongo.Collection{},
		changes:  db.Collection(collChanges),
		counters: db.Collection(collCounters),
		intents:  db.Collection(collIntents),
		now:      func() time.Time { return time.Now().UTC() },
	}
	for k, name := range collNames {
		s.colls[k] = db.Collection(name)
	}
	return s
}

// Database returns the underlying database, for the blob store and tests.
func (s *Store) Database() *mongo.Database { return s.db }

// Init creates the collections and indexes that are missing. It is safe to
// run on every start and from several processes.
func (s *Store) Init(ctx context.Context) error {
	existing, err := s.db.ListCollectionNames(ctx, bson.D{})
	if err != nil {
		return mapErr(err)
	}
	have := map[string]bool{}
	for _, n := range existing {
		have[n] = true
	}
	names := []string{collNames[catalog.KindBody], collNames[catalog.KindSession], collNames[catalog.KindDocument], collNames[catalog.KindRecommendation], collChanges, collCounters, collIntents}
	names = append(names, accountColls...)
	for _, name := range names {
		if have[name] {
			continue
		}
		if err := s.db.CreateCollection(ctx, name); err != nil && !isNamespaceExists(err) {
			return fmt.Errorf("create collection %s: %w", name, mapErr(err))
		}
	}
	// A symbol names one document, so (symbol, language) names one version.
	// Sparse: documents without a symbol leave the field out.
	_, err = s.colls[catalog.KindDocument].Indexes().CreateOne(ctx, mongo.IndexModel{
		Keys:    bson.D{{Key: "symbol", Value: 1}},
		Options: options.Index().SetName("symbol_unique").SetUnique(true).SetSparse(true),
	})
	if err != nil {
		return fmt.Errorf("create index: %w", mapErr(err))
	}
	return s.initAccounts(ctx)
}

// Ping implements store.Store.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.client.Ping(ctx, nil); err != nil {
		return fmt.Errorf("%w: %v", store.ErrUnavailable, err)
	}
	return nil
}

// Close implements store.Store.
func (s *Store) Close(ctx context.Context) error { return s.client.Disconnect(ctx) }

// record is how an entity is stored: its fields inline, plus bookkeeping.
type record[T any] struct {
	ID      string    `bson:"_id"`
	Hash    string    `bson:"hash"`
	Created time.Time `bson:"created"`
	Updated time.Time `bson:"updated"`
	Value   T         `bson:",inline"`
}

type meta struct {
	Hash    string    `bson:"hash"`
	Created time.Time `bson:"created"`
}

func encode(e catalog.Entity, m meta, updated time.Time) (any, error) {
	switch v := e.(type) {
	case *catalog.Body:
		return record[catalog.Body]{e.Key(), m.Hash, m.Created, updated, *v}, nil
	case *catalog.Session:
		return record[catalog.Session]{e.Key(), m.Hash, m.Created, updated, *v}, nil
	case *catalog.Document:
		return record[catalog.Document]{e.Key(), m.Hash, m.Created, updated, *v}, nil
	case *catalog.Recommendation:
		return record[catalog.Recommendation]{e.Key(), m.Hash, m.Created, updated, *v}, nil
	}
	return nil, fmt.Errorf("store: unknown entity type %T", e)
}

func decodeAs[T any](raw bson.Raw, setID func(*T, string)) (store.Record, *T, error) {
	var r record[T]
	if err := bson.Unmarshal(raw, &r); err != nil {
		return store.Record{}, nil, fmt.Errorf("%w: %s: %v", store.ErrCorrupt, raw.Lookup("_id"), err)
	}
	setID(&r.Value, r.ID)
	return store.Record{Hash: r.Hash, Created: r.Created, Updated: r.Updated}, &r.Value, nil
}

func decode(kind catalog.Kind, raw bson.Raw) (store.Record, error) {
	var (
		rec store.Record
		err error
	)
	switch kind {
	case catalog.KindBody:
		var v *catalog.Body
		rec, v, err = decodeAs(raw, func(b *catalog.Body, id string) { b.Code = id })
		rec.Entity = v
	case catalog.KindSession:
		var v *catalog.Session
		rec, v, err = decodeAs(raw, func(s *catalog.Session, id string) { s.ID = id })
		rec.Entity = v
	case catalog.KindDocument:
		var v *catalog.Document
		rec, v, err = decodeAs(raw, func(d *catalog.Document, id string) { d.ID = id })
		rec.Entity = v
	case catalog.KindRecommendation:
		var v *catalog.Recommendation
		rec, v, err = decodeAs(raw, func(r *catalog.Recommendation, id string) { r.ID = id })
		rec.Entity = v
	default:
		return store.Record{}, fmt.Errorf("store: unknown kind %q", kind)
	}
	return rec, err
}

// Hash returns the content hash of an entity: the SHA-256 of its JSON.
func Hash(e catalog.Entity) (string, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(append([]byte(string(e.EntityKind())+"\n"), data...))
	return hex.EncodeToString(sum[:]), nil
}

func (s *Store) coll(kind catalog.Kind) (*mongo.Collection, error) {
	c, ok := s.colls[kind]
	if !ok {
		return nil, fmt.Errorf("store: unknown kind %q", kind)
	}
	return c, nil
}

// Get implements store.Catalog.
func (s *Store) Get(ctx context.Context, kind catalog.Kind, id string) (store.Record, error) {
	c, err := s.coll(kind)
	if err != nil {
		return store.Record{}, err
	}
	raw, err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Raw()
	if err != nil {
		return store.Record{}, mapErr(err)
	}
	return decode(kind, raw)
}

// Exists implements store.Catalog. It looks each id up by _id, the one
// look-up that every backend answers from an index.
func (s *Store) Exists(ctx context.Context, kind catalog.Kind, ids []string) (map[string]bool, error) {
	c, err := s.coll(kind)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(ids))
	var mu sync.Mutex
	err = forEach(ctx, ids, func(ctx context.Context, id string) error {
		err := c.FindOne(ctx, bson.D{{Key: "_id", Value: id}}, options.FindOne().SetProjection(bson.D{{Key: "_id", Value: 1}})).Err()
		if errors.Is(err, mongo.ErrNoDocuments) {
			return nil
		}
		if err != nil {
			return mapErr(err)
		}
		mu.Lock()
		out[id] = true
		mu.Unlock()
		return nil
	})
	return out, err
}

// Scan implements store.Catalog.
func (s *Store) Scan(ctx context.Context, kind catalog.Kind, opts store.ScanOptions, fn func(store.Record) error) error {
	c, err := s.coll(kind)
	if err != nil {
		return err
	}
	findOpts := options.Find().SetBatchSize(500)
	if kind == catalog.KindDocument && opts.WithoutText {
		findOpts.SetProjection(bson.D{{Key: "versions.text", Value: 0}})
	}
	cur, err := c.Find(ctx, bson.D{}, findOpts)
	if err != nil {
		return mapErr(err)
	}
	defer cur.Close(ctx)
	for cur.Next(ctx) {
		rec, err := decode(kind, cur.Current)
		if errors.Is(err, store.ErrCorrupt) {
			if opts.Skipped != nil {
				id, _ := cur.Current.Lookup("_id").StringValueOK()
				opts.Skipped(id, err)
			}
			continue
		}
		if err != nil {
			return err
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return mapErr(cur.Err())
}

// Count implements store.Catalog.
func (s *Store) Count(ctx context.Context, kind catalog.Kind) (int64, error) {
	c, err := s.coll(kind)
	if err != nil {
		return 0, err
	}
	n, err := c.CountDocuments(ctx, bson.D{})
	return n, mapErr(err)
}

// lookups bounds the concurrent single-record look-ups of one call.
const lookups = 4

// forEach runs fn for every item with a few concurrent workers and returns
// the first error.
func forEach[T any](ctx context.Context, items []T, fn func(context.Context, T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan T)
	errs := make(chan error, lookups)
	var wg sync.WaitGroup
	for range min(lookups, len(items)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := fn(ctx, it); err != nil {
					errs <- err
					cancel()
					return
				}
			}
		}()
	}
feed:
	for _, it := range items {
		select {
		case work <- it:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	return context.Cause(ctx)
}
