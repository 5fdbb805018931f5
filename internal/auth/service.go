package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"plenary/internal/audit"
	"plenary/internal/store"
)

// Options configures the service. Zero fields take the defaults.
type Options struct {
	// IdleTimeout ends a session unused for this long (default 2 h).
	IdleTimeout time.Duration
	// AbsoluteTimeout ends a session this long after sign-in (default 12 h).
	AbsoluteTimeout time.Duration
	// RequireAdminTOTP refuses to sign administrators in until they have a
	// second factor (ErrTOTPSetupRequired).
	RequireAdminTOTP bool
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxFailures is how many failed sign-ins an account may have within
	// Window before further attempts are refused (default 5).
	MaxFailures int
	// MaxAddrFailures is the same for one client address, whatever the
	// accounts tried (default 20).
	MaxAddrFailures int
	// Window is how far back failures count (default 15 min).
	Window time.Duration
	// Audit, if set, records what the service does.
	Audit audit.Log
	// Log reports what cannot be returned, such as a failed audit write
	// (default: discard).
	Log *slog.Logger
}

// Defaults.
const (
	DefaultIdleTimeout     = 2 * time.Hour
	DefaultAbsoluteTimeout = 12 * time.Hour
	DefaultMaxFailures     = 5
	DefaultMaxAddrFailures = 20
	DefaultWindow          = 15 * time.Minute
	// touchEvery is how stale LastSeen and LastUsed may get, so that a
	// replica does not write on every request.
	touchEvery = time.Minute
	// maxHashing is how many password checks run at once (19 MiB each).
	maxHashing = 4
)

// Service manages accounts, sessions and tokens.
type Service struct {
	st    Store
	opts  Options
	dummy func() string // a hash to verify against for unknown emails
	// hashing holds a place for each password check under way.
	hashing chan struct{}
}

// New returns a service on st.
func New(st Store, opts Options) *Service {
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.AbsoluteTimeout <= 0 {
		opts.AbsoluteTimeout = DefaultAbsoluteTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxFailures <= 0 {
		opts.MaxFailures = DefaultMaxFailures
	}
	if opts.MaxAddrFailures <= 0 {
		opts.MaxAddrFailures = DefaultMaxAddrFailures
	}
	if opts.Window <= 0 {
		opts.Window = DefaultWindow
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{
		st:      st,
		opts:    opts,
		dummy:   sync.OnceValue(func() string { return HashPassword("plenary: no such account") }),
		hashing: make(chan struct{}, maxHashing),
	}
}

func (s *Service) now() time.Time { return s.opts.Now().UTC() }

// record writes an audit entry; a failure is logged, not returned, since
// what it records has happened.
func (s *Service) record(ctx context.Context, e audit.Entry) {
	if s.opts.Audit == nil {
		return
	}
	if e.Actor == "" {
		e.Actor = actorOf(ctx)
	}
	if e.Addr == "" {
		e.Addr = audit.AddrFrom(ctx)
	}
	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.opts.Audit.Record(context.WithoutCancel(ctx), e); err != nil {
		s.opts.Log.Error("audit: cannot record", "action", e.Action, "target", e.Target, "err", err)
	}
}

// actorOf is who acts in ctx: the actor set with audit.WithActor, else the
// signed-in user, else "" (anonymous).
func actorOf(ctx context.Context) string {
	if a, ok := audit.ActorFrom(ctx); ok {
		return a
	}
	if u := UserFrom(ctx); u != nil {
		return u.Email
	}
	return ""
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// hashSecret is the SHA-256 of a session or API token, in hex: what the
// database keeps instead of the token.
func hashSecret(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// storeErr maps the store's sentinel errors to the service's.
func storeErr(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	case errors.Is(err, store.ErrDuplicate):
		return fmt.Errorf("%s: %w", what, ErrDuplicate)
	}
	return err
}

func ptr[T any](v T) *T { return &v }
