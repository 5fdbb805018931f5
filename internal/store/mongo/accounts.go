package mongo

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"plenary/internal/audit"
	"plenary/internal/auth"
)

var _ auth.Store = (*Store)(nil)

// Collections of accounts.
const (
	collUsers         = "users"
	collLoginSessions = "login_sessions"
	collTokens        = "tokens"
	collLoginFailures = "login_failures"
	collTOTPUsed      = "totp_used"
)

// accountIndexes are the indexes of the account collections, created by Init.
var accountIndexes = []struct {
	coll  string
	model mongo.IndexModel
}{
	{collUsers, mongo.IndexModel{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetName("email_unique").SetUnique(true)}},
	{collLoginSessions, mongo.IndexModel{Keys: bson.D{{Key: "user", Value: 1}}, Options: options.Index().SetName("user")}},
	{collTokens, mongo.IndexModel{Keys: bson.D{{Key: "pid", Value: 1}}, Options: options.Index().SetName("pid_unique").SetUnique(true)}},
	{collTokens, mongo.IndexModel{Keys: bson.D{{Key: "user", Value: 1}}, Options: options.Index().SetName("user")}},
	{collLoginFailures, mongo.IndexModel{Keys: bson.D{{Key: "key", Value: 1}, {Key: "at", Value: 1}}, Options: options.Index().SetName("key_at")}},
	{collAudit, mongo.IndexModel{Keys: bson.D{{Key: "at", Value: 1}}, Options: options.Index().SetName("at")}},
	{collAudit, mongo.IndexModel{Keys: bson.D{{Key: "actor", Value: 1}}, Options: options.Index().SetName("actor")}},
	{collAudit, mongo.IndexModel{Keys: bson.D{{Key: "action", Value: 1}}, Options: options.Index().SetName("action")}},
}

// accountColls are the collections of accounts and the audit log.
var accountColls = []string{collUsers, collLoginSessions, collTokens, collLoginFailures, collTOTPUsed, collAudit}

// initAccounts creates the indexes of the account collections and the
// audit log.
func (s *Store) initAccounts(ctx context.Context) error {
	for _, ix := range accountIndexes {
		if _, err := s.db.Collection(ix.coll).Indexes().CreateOne(ctx, ix.model); err != nil {
			return fmt.Errorf("create index on %s: %w", ix.coll, mapErr(err))
		}
	}
	return nil
}

// userDoc is how a user is stored.
type userDoc struct {
	ID          string    `bson:"_id"`
	Email       string    `bson:"email"`
	Role        string    `bson:"role"`
	Disabled    bool      `bson:"disabled"`
	Password    string    `bson:"password"`
	TOTPSecret  string    `bson:"totp_secret"`
	TOTPPending string    `bson:"totp_pending"`
	Created     time.Time `bson:"created"`
	Updated     time.Time `bson:"updated"`
	LastLogin   time.Time `bson:"last_login"`
}

func toUserDoc(u auth.UserRecord) userDoc {
	return userDoc{u.ID, u.Email, string(u.Role), u.Disabled, u.PasswordHash, u.TOTPSecret, u.TOTPPending, u.Created, u.Updated, u.LastLogin}
}

func (d userDoc) record() auth.UserRecord {
	return auth.UserRecord{
		User: auth.User{
			ID: d.ID, Email: d.Email, Role: auth.Role(d.Role), Disabled: d.Disabled, TOTP: d.TOTPSecret != "",
			Created: d.Created, Updated: d.Updated, LastLogin: d.LastLogin,
		},
		PasswordHash: d.Password,
		TOTPSecret:   d.TOTPSecret,
		TOTPPending:  d.TOTPPending,
	}
}

// InsertUser implements auth.Store.
func (s *Store) InsertUser(ctx context.Context, u auth.UserRecord) error {
	_, err := s.db.Collection(collUsers).InsertOne(ctx, toUserDoc(u))
	return mapErr(err)
}

func (s *Store) findUser(ctx context.Context, filter bson.D) (auth.UserRecord, error) {
	var d userDoc
	if err := s.db.Collection(collUsers).FindOne(ctx, filter).Decode(&d); err != nil {
		return auth.UserRecord{}, mapErr(err)
	}
	return d.record(), nil
}

// UserByEmail implements auth.Store.
func (s *Store) UserByEmail(ctx context.Context, email string) (auth.UserRecord, error) {
	return s.findUser(ctx, bson.D{{Key: "email", Value: email}})
}

// UserByID implements auth.Store.
func (s *Store) UserByID(ctx context.Context, id string) (auth.UserRecord, error) {
	return s.findUser(ctx, bson.D{{Key: "_id", Value: id}})
}

// ListUsers implements auth.Store.
func (s *Store) ListUsers(ctx context.Context) ([]auth.UserRecord, error) {
	var docs []userDoc
	if err := findAll(ctx, s.db.Collection(collUsers), bson.D{}, nil, &docs); err != nil {
		return nil, err
	}
	out := make([]auth.UserRecord, len(docs))
	for i, d := range docs {
		out[i] = d.record()
	}
	return out, nil
}

// UpdateUser implements auth.Store.
func (s *Store) UpdateUser(ctx context.Context, id string, ch auth.UserUpdate) error {
	set := bson.D{}
	add := func(key string, v any) { set = append(set, bson.E{Key: key, Value: v}) }
	if ch.Role != nil {
		add("role", string(*ch.Role))
	}
	if ch.Disabled != nil {
		add("disabled", *ch.Disabled)
	}
	if ch.PasswordHash != nil {
		add("password", *ch.PasswordHash)
	}
	if ch.TOTPSecret != nil {
		add("totp_secret", *ch.TOTPSecret)
	}
	if ch.TOTPPending != nil {
		add("totp_pending", *ch.TOTPPending)
	}
	if ch.LastLogin != nil {
		add("last_login", *ch.LastLogin)
	}
	if !ch.Updated.IsZero() {
		add("updated", ch.Updated)
	}
	if len(set) == 0 {
		return nil
	}
	return updateOne(ctx, s.db.Collection(collUsers), id, bson.D{{Key: "$set", Value: set}})
}

// UseTOTPStep implements auth.Store with an insert keyed by user and step:
// the unique _id makes a second use fail on every backend.
func (s *Store) UseTOTPStep(ctx context.Context, userID string, step int64, at time.Time) error {
	_, err := s.db.Collection(collTOTPUsed).InsertOne(ctx, bson.D{
		{Key: "_id", Value: fmt.Sprintf("%s/%d", userID, step)},
		{Key: "at", Value: at},
	})
	return mapErr(err)
}

// sessionDoc is how a login session is stored.
type sessionDoc struct {
	ID        string    `bson:"_id"`
	User      string    `bson:"user"`
	Created   time.Time `bson:"created"`
	LastSeen  time.Time `bson:"last_seen"`
	Expires   time.Time `bson:"expires"`
	Addr      string    `bson:"addr"`
	UserAgent string    `bson:"ua"`
}

// InsertSession implements auth.Store.
func (s *Store) InsertSession(ctx context.Context, v auth.Session) error {
	_, err := s.db.Collection(collLoginSessions).InsertOne(ctx, sessionDoc{v.ID, v.UserID, v.Created, v.LastSeen, v.Expires, v.Addr, v.UserAgent})
	return mapErr(err)
}

// SessionByID implements auth.Store.
func (s *Store) SessionByID(ctx context.Context, id string) (auth.Session, error) {
	var d sessionDoc
	if err := s.db.Collection(collLoginSessions).FindOne(ctx, bson.D{{Key: "_id", Value: id}}).Decode(&d); err != nil {
		return auth.Session{}, mapErr(err)
	}
	return auth.Session{ID: d.ID, UserID: d.User, Created: d.Created, LastSeen: d.LastSeen, Expires: d.Expires, Addr: d.Addr, UserAgent: d.UserAgent}, nil
}

// TouchSession implements auth.Store.
func (s *Store) TouchSession(ctx context.Context, id string, lastSeen time.Time) error {
	return updateOne(ctx, s.db.Collection(collLoginSessions), id, bson.D{{Key: "$set", Value: bson.D{{Key: "last_seen", Value: lastSeen}}}})
}

// DeleteSession implements auth.Store.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.db.Collection(collLoginSessions).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	return mapErr(err)
}

// Prune implements auth.Store.
func (s *Store) Prune(ctx context.Context, seenBefore, createdBefore, usedBefore time.Time) (int64, error) {
	var n int64
	for _, del := range []struct {
		coll   string
		filter bson.D
	}{
		{collLoginSessions, bson.D{{Key: "last_seen", Value: bson.D{{Key: "$lt", Value: seenBefore}}}}},
		{collLoginSessions, bson.D{{Key: "created", Value: bson.D{{Key: "$lt", Value: createdBefore}}}}},
		{collLoginFailures, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: usedBefore}}}}},
		{collTOTPUsed, bson.D{{Key: "at", Value: bson.D{{Key: "$lt", Value: usedBefore}}}}},
	} {
		res, err := s.db.Collection(del.coll).DeleteMany(ctx, del.filter)
		if err != nil {
			return n, mapErr(err)
		}
		n += res.DeletedCount
	}
	return n, nil
}

// DeleteUserSessions implements auth.Store.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) error {
	_, err := s.db.Collection(collLoginSessions).DeleteMany(ctx, bson.D{{Key: "user", Value: userID}})
	return mapErr(err)
}

// tokenDoc is how an API token is stored: by the hash of the plain token,
// which is never stored.
type tokenDoc struct {
	Hash     string    `bson:"_id"`
	ID       string    `bson:"pid"`
	User     string    `bson:"user"`
	Email    string    `bson:"email"`
	Name     string    `bson:"name"`
	Created  time.Time `bson:"created"`
	LastUsed time.Time `bson:"last_used"`
	Revoked  bool      `bson:"revoked"`
}

func (d tokenDoc) record() auth.TokenRecord {
	return auth.TokenRecord{
		Token: auth.Token{ID: d.ID, UserID: d.User, Email: d.Email, Name: d.Name, Created: d.Created, LastUsed: d.LastUsed, Revoked: d.Revoked},
		Hash:  d.Hash,
	}
}

// InsertToken implements auth.Store.
func (s *Store) InsertToken(ctx context.Context, t auth.TokenRecord) error {
	_, err := s.db.Collection(collTokens).InsertOne(ctx, tokenDoc{t.Hash, t.ID, t.UserID, t.Email, t.Name, t.Created, t.LastUsed, t.Revoked})
	return mapErr(err)
}

// TokenByHash implements auth.Store.
func (s *Store) TokenByHash(ctx context.Context, hash string) (auth.TokenRecord, error) {
	var d tokenDoc
	if err := s.db.Collection(collTokens).FindOne(ctx, bson.D{{Key: "_id", Value: hash}}).Decode(&d); err != nil {
		return auth.TokenRecord{}, mapErr(err)
	}
	return d.record(), nil
}

// ListTokens implements auth.Store.
func (s *Store) ListTokens(ctx context.Context, userID string) ([]auth.TokenRecord, error) {
	filter := bson.D{}
	if userID != "" {
		filter = bson.D{{Key: "user", Value: userID}}
	}
	var docs []tokenDoc
	if err := findAll(ctx, s.db.Collection(collTokens), filter, nil, &docs); err != nil {
		return nil, err
	}
	out := make([]auth.TokenRecord, len(docs))
	for i, d := range docs {
		out[i] = d.record()
	}
	return out, nil
}

// RevokeToken implements auth.Store.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	res, err := s.db.Collection(collTokens).UpdateOne(ctx, bson.D{{Key: "pid", Value: id}}, bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	if err != nil {
		return mapErr(err)
	}
	if res.MatchedCount == 0 {
		return mapErr(mongo.ErrNoDocuments)
	}
	return nil
}

// RevokeUserTokens implements auth.Store.
func (s *Store) RevokeUserTokens(ctx context.Context, userID string) error {
	_, err := s.db.Collection(collTokens).UpdateMany(ctx, bson.D{{Key: "user", Value: userID}}, bson.D{{Key: "$set", Value: bson.D{{Key: "revoked", Value: true}}}})
	return mapErr(err)
}

// TouchToken implements auth.Store.
func (s *Store) TouchToken(ctx context.Context, hash string, at time.Time) error {
	return updateOne(ctx, s.db.Collection(collTokens), hash, bson.D{{Key: "$set", Value: bson.D{{Key: "last_used", Value: at}}}})
}

// maxFailures bounds what Failures returns.
const maxFailures = 1000

// AddFailure implements auth.Store: one insert-only record per failure.
func (s *Store) AddFailure(ctx context.Context, key string, at time.Time) (string, error) {
	id := audit.NewID(at)
	_, err := s.db.Collection(collLoginFailures).InsertOne(ctx, bson.D{
		{Key: "_id", Value: id},
		{Key: "key", Value: key},
		{Key: "at", Value: at},
	})
	return id, mapErr(err)
}

// DeleteFailures implements auth.Store.
func (s *Store) DeleteFailures(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.db.Collection(collLoginFailures).DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: ids}}}})
	return mapErr(err)
}

// Failures implements auth.Store.
func (s *Store) Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	var docs []struct {
		At time.Time `bson:"at"`
	}
	filter := bson.D{{Key: "key", Value: key}, {Key: "at", Value: bson.D{{Key: "$gt", Value: since}}}}
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: 1}}).SetLimit(maxFailures).SetProjection(bson.D{{Key: "at", Value: 1}})
	if err := findAll(ctx, s.db.Collection(collLoginFailures), filter, opts, &docs); err != nil {
		return nil, err
	}
	out := make([]time.Time, len(docs))
	for i, d := range docs {
		out[i] = d.At
	}
	return out, nil
}

// updateOne applies update to the record with _id id, or returns
// store.ErrNotFound.
func updateOne(ctx context.Context, c *mongo.Collection, id string, update bson.D) error {
	res, err := c.UpdateOne(ctx, bson.D{{Key: "_id", Value: id}}, update)
	if err != nil {
		return mapErr(err)
	}
	if res.MatchedCount == 0 {
		return mapErr(mongo.ErrNoDocuments)
	}
	return nil
}

// findAll decodes every record that matches filter into out (a pointer to
// a slice).
func findAll(ctx context.Context, c *mongo.Collection, filter bson.D, opts *options.FindOptionsBuilder, out any) error {
	if opts == nil {
		opts = options.Find()
	}
	cur, err := c.Find(ctx, filter, opts)
	if err != nil {
		return mapErr(err)
	}
	return mapErr(cur.All(ctx, out))
}
