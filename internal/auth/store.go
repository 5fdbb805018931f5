package auth

import (
	"context"
	"time"
)

// Store is what the service keeps in the database. Every method is one
// single-document write or a simple look-up, so it works the same on
// MongoDB and on the embedded database; nothing relies on a transaction
// or on an atomic read-modify-write. Look-ups return an error wrapping
// store.ErrNotFound when nothing matches; inserts return one wrapping
// store.ErrDuplicate when a unique key is taken.
type Store interface {
	// InsertUser adds a user; its email must be unique.
	InsertUser(ctx context.Context, u UserRecord) error
	// UserByEmail looks a user up by normalised email.
	UserByEmail(ctx context.Context, email string) (UserRecord, error)
	// UserByID looks a user up by id.
	UserByID(ctx context.Context, id string) (UserRecord, error)
	// ListUsers returns every user, in no particular order.
	ListUsers(ctx context.Context) ([]UserRecord, error)
	// UpdateUser sets the fields of ch that are not nil.
	UpdateUser(ctx context.Context, id string, ch UserUpdate) error
	// UseTOTPStep records that the user signed in with the code of step;
	// it fails with store.ErrDuplicate when that step was used before.
	UseTOTPStep(ctx context.Context, userID string, step int64, at time.Time) error

	// InsertSession adds a login session; its ID is the token's hash.
	InsertSession(ctx context.Context, s Session) error
	// SessionByID looks a session up by the hash of its token.
	SessionByID(ctx context.Context, id string) (Session, error)
	// TouchSession sets a session's LastSeen.
	TouchSession(ctx context.Context, id string, lastSeen time.Time) error
	// DeleteSession deletes a session; deleting one that is gone is no error.
	DeleteSession(ctx context.Context, id string) error
	// Prune deletes the sessions last seen before seenBefore or created
	// before createdBefore, and the failures and used TOTP steps recorded
	// before usedBefore. It returns how many records it deleted.
	Prune(ctx context.Context, seenBefore, createdBefore, usedBefore time.Time) (int64, error)
	// DeleteUserSessions deletes every session of a user.
	DeleteUserSessions(ctx context.Context, userID string) error

	// InsertToken adds an API token; its hash and public id are unique.
	InsertToken(ctx context.Context, t TokenRecord) error
	// TokenByHash looks a token up by the SHA-256 of its plain text.
	TokenByHash(ctx context.Context, hash string) (TokenRecord, error)
	// ListTokens returns the tokens of a user, or of everyone when userID
	// is "", in no particular order.
	ListTokens(ctx context.Context, userID string) ([]TokenRecord, error)
	// RevokeToken marks the token with public id id revoked.
	RevokeToken(ctx context.Context, id string) error
	// RevokeUserTokens marks every token of a user revoked.
	RevokeUserTokens(ctx context.Context, userID string) error
	// TouchToken sets a token's LastUsed.
	TouchToken(ctx context.Context, hash string, at time.Time) error

	// AddFailure records one failed (or not yet checked) sign-in counted
	// under key, and returns the record's id. Failures are insert-only
	// records, so concurrent writers never lose a count.
	AddFailure(ctx context.Context, key string, at time.Time) (string, error)
	// DeleteFailures deletes the failures with these ids: attempts that
	// turned out not to be failures.
	DeleteFailures(ctx context.Context, ids []string) error
	// Failures returns the times of the failures under key after since,
	// oldest first (at most a thousand).
	Failures(ctx context.Context, key string, since time.Time) ([]time.Time, error)
}

// UserRecord is a user as stored, with the secrets the User type leaves out.
type UserRecord struct {
	User
	// PasswordHash is the PHC string of HashPassword.
	PasswordHash string
	// TOTPSecret is the confirmed second factor (base32), "" when none.
	TOTPSecret string
	// TOTPPending is a secret enrolled but not yet confirmed.
	TOTPPending string
}

// UserUpdate lists the fields UpdateUser changes: those that are not nil.
type UserUpdate struct {
	Role         *Role
	Disabled     *bool
	PasswordHash *string
	TOTPSecret   *string
	TOTPPending  *string
	LastLogin    *time.Time
	// Updated is set when it is not zero.
	Updated time.Time
}

// TokenRecord is an API token as stored.
type TokenRecord struct {
	Token
	// Hash is the SHA-256 of the plain token, in hex. The plain token is
	// never stored.
	Hash string
}

// Session is a login session. The cookie holds the token; the database
// only its hash.
type Session struct {
	// ID is the SHA-256 of the session token, in hex.
	ID       string
	UserID   string
	Created  time.Time
	LastSeen time.Time
	// Expires is the absolute end: Created plus the absolute timeout. The
	// session ends earlier when it is idle for longer than the idle timeout.
	Expires   time.Time
	Addr      string
	UserAgent string
}

// Token is an API token, as listed. The plain token is shown only once,
// by CreateToken.
type Token struct {
	// ID is the short public id: the first 12 hex digits of the hash.
	ID       string
	UserID   string
	Email    string
	Name     string
	Created  time.Time
	LastUsed time.Time
	Revoked  bool
}
