package mongo

import (
	"context"
	"regexp"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/audit"
)

var _ audit.Log = (*Store)(nil)

// collAudit holds the audit log. Records are only ever inserted: the
// store has no method that updates or deletes them.
const collAudit = "audit"

// auditDoc is how an audit entry is stored.
type auditDoc struct {
	ID     string    `bson:"_id"`
	At     time.Time `bson:"at"`
	Actor  string    `bson:"actor"`
	Action string    `bson:"action"`
	Target string    `bson:"target"`
	Detail string    `bson:"detail"`
	Addr   string    `bson:"addr"`
	OK     bool      `bson:"ok"`
}

// Record implements audit.Log.
func (s *Store) Record(ctx context.Context, e audit.Entry) error {
	now := s.now()
	if e.At.IsZero() {
		e.At = now
	}
	if e.ID == "" {
		// The id takes the time of recording, not e.At, so that ids sort
		// in the order entries were recorded even when a caller's clock
		// gives several the same At.
		e.ID = audit.NewID(now)
	}
	_, err := s.db.Collection(collAudit).InsertOne(ctx, auditDoc(e))
	return mapErr(err)
}

// List implements audit.Log. Entries come newest first, by id, which
// sorts by time.
func (s *Store) List(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	filter := bson.D{}
	if f.Actor != "" {
		filter = append(filter, bson.E{Key: "actor", Value: f.Actor})
	}
	if f.Action != "" {
		filter = append(filter, bson.E{Key: "action", Value: bson.Regex{Pattern: "^" + regexp.QuoteMeta(f.Action)}})
	}
	if f.Target != "" {
		filter = append(filter, bson.E{Key: "target", Value: f.Target})
	}
	at := bson.D{}
	if !f.From.IsZero() {
		at = append(at, bson.E{Key: "$gte", Value: f.From})
	}
	if !f.Until.IsZero() {
		at = append(at, bson.E{Key: "$lt", Value: f.Until})
	}
	if len(at) > 0 {
		filter = append(filter, bson.E{Key: "at", Value: at})
	}
	if f.Before != "" {
		filter = append(filter, bson.E{Key: "_id", Value: bson.D{{Key: "$lt", Value: f.Before}}})
	}
	opts := options.Find().SetSort(bson.D{{Key: "_id", Value: -1}}).SetLimit(int64(f.Size()))
	var docs []auditDoc
	if err := findAll(ctx, s.db.Collection(collAudit), filter, opts, &docs); err != nil {
		return nil, err
	}
	out := make([]audit.Entry, len(docs))
	for i, d := range docs {
		out[i] = audit.Entry(d)
	}
	return out, nil
}
