package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"plenary/internal/audit"
	"plenary/internal/store"
)

// LoginInput is a sign-in attempt.
type LoginInput struct {
	Email    string
	Password string
	// TOTP is the one-time code, if the form asked for one.
	TOTP string
	// Addr is the client's address, for throttling and the audit log.
	Addr      string
	UserAgent string
	// Previous is the session token the client had, if any: it is ended,
	// so that a session id never survives a sign-in.
	Previous string
}

// maxUserAgent bounds the user agent kept with a session.
const maxUserAgent = 512

// Login checks an email and password (and the one-time code when the
// account has a second factor) and opens a login session. It returns the
// session token for the cookie; the database keeps only its hash.
//
// Errors, in the order they are checked:
//   - *ThrottledError (ErrThrottled): too many failures lately for the
//     account or the address; nothing else is checked.
//   - ErrBadCredentials: unknown email or wrong password; an unknown email
//     costs the same hashing work as a known one.
//   - ErrDisabled: right password, disabled account.
//   - ErrTOTPRequired: right password, the account has a second factor and
//     no code came. ErrBadCredentials for a wrong or reused code.
//   - ErrTOTPSetupRequired: right password, an administrator without a
//     second factor while Options.RequireAdminTOTP is set.
//
// Wrong passwords and codes count as failures, for the account and for the
// address; a success clears the account's count but not the address's.
func (s *Service) Login(ctx context.Context, in LoginInput) (token string, sess Session, u User, err error) {
	now := s.now()
	email := NormalizeEmail(in.Email)
	fail := func(reason string) {
		s.record(ctx, audit.Entry{Action: "login.failure", Actor: "", Target: email, Detail: reason, Addr: in.Addr, At: now})
	}
	rec, err := s.st.UserByEmail(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", Session{}, User{}, err
	}

	// The attempt counts as a failure, for the account and the address,
	// before the password is checked, and is forgotten if it was not one:
	// attempts still being checked, on any replica, count too, so a burst
	// of parallel guesses cannot pass the limits.
	acctSince := now.Add(-s.opts.Window)
	if known && rec.LastLogin.After(acctSince) {
		acctSince = rec.LastLogin // a success clears the account's count
	}
	limits := []attemptKey{{"account:" + email, acctSince, s.opts.MaxFailures, "account"}}
	if in.Addr != "" {
		limits = append(limits, attemptKey{"address:" + in.Addr, now.Add(-s.opts.Window), s.opts.MaxAddrFailures, "address"})
	}
	attempt, err := s.begin(ctx, limits, now)
	if err != nil {
		var te *ThrottledError
		if errors.As(err, &te) {
			fail("throttled: " + err.Error())
		}
		return "", Session{}, User{}, err
	}
	// notFailure forgets the attempt: it succeeded, or failed for a reason
	// that is not a guess (no code yet, a disabled account).
	notFailure := func() error { return s.st.DeleteFailures(context.WithoutCancel(ctx), attempt) }
	countFailure := func(reason string) error {
		fail(reason)
		return ErrBadCredentials
	}
	defer func() {
		if err != nil && !errors.Is(err, ErrBadCredentials) {
			_ = notFailure()
		}
	}()

	hash := s.dummy()
	if known {
		hash = rec.PasswordHash
	}
	ok, err := s.verify(ctx, hash, in.Password)
	switch {
	case err != nil:
		return "", Session{}, User{}, fmt.Errorf("user %s: %w", email, err)
	case !known:
		return "", Session{}, User{}, countFailure("unknown email")
	case !ok || len(in.Password) > MaxPasswordBytes:
		return "", Session{}, User{}, countFailure("wrong password")
	case rec.Disabled:
		fail("account disabled")
		return "", Session{}, User{}, ErrDisabled
	}
	if rec.TOTPSecret != "" {
		if in.TOTP == "" {
			fail("one-time code required")
			return "", Session{}, User{}, ErrTOTPRequired
		}
		step, ok := matchTOTP(rec.TOTPSecret, in.TOTP, now)
		if !ok {
			return "", Session{}, User{}, countFailure("wrong one-time code")
		}
		if err := s.st.UseTOTPStep(ctx, rec.ID, step, now); errors.Is(err, store.ErrDuplicate) {
			return "", Session{}, User{}, countFailure("one-time code already used")
		} else if err != nil {
			return "", Session{}, User{}, err
		}
	} else if s.opts.RequireAdminTOTP && rec.Role == Admin {
		fail("administrator without a one-time code")
		return "", Session{}, User{}, ErrTOTPSetupRequired
	}

	token = newToken()
	ua := in.UserAgent
	if len(ua) > maxUserAgent {
		ua = ua[:maxUserAgent]
	}
	sess = Session{
		ID:        hashSecret(token),
		UserID:    rec.ID,
		Created:   now,
		LastSeen:  now,
		Expires:   now.Add(s.opts.AbsoluteTimeout),
		Addr:      in.Addr,
		UserAgent: ua,
	}
	if err := s.st.InsertSession(ctx, sess); err != nil {
		return "", Session{}, User{}, err
	}
	if in.Previous != "" {
		if err := s.st.DeleteSession(ctx, hashSecret(in.Previous)); err != nil {
			return "", Session{}, User{}, err
		}
	}
	if err := s.st.UpdateUser(ctx, rec.ID, UserUpdate{LastLogin: &now}); err != nil {
		return "", Session{}, User{}, storeErr(err, "user "+email)
	}
	rec.LastLogin = now
	if err := notFailure(); err != nil {
		return "", Session{}, User{}, err
	}
	s.record(ctx, audit.Entry{Action: "login.success", Actor: email, Target: email, Addr: in.Addr, At: now, OK: true})
	return token, sess, rec.User, nil
}

// attemptKey is what one sign-in attempt is counted under: its account or
// its address, the failures that count (those after since), and how many
// are allowed.
type attemptKey struct {
	key   string
	since time.Time
	limit int
	scope string
}

// begin records an attempt under each key and checks the limits, counting
// it with the failures already there. It returns the ids of its records;
// an attempt over a limit is refused with a *ThrottledError, and its
// records deleted (a refused attempt is not counted).
func (s *Service) begin(ctx context.Context, keys []attemptKey, now time.Time) ([]string, error) {
	var ids []string
	for _, k := range keys {
		id, err := s.st.AddFailure(ctx, k.key, now)
		if err != nil {
			_ = s.st.DeleteFailures(context.WithoutCancel(ctx), ids)
			return nil, err
		}
		ids = append(ids, id)
	}
	for _, k := range keys {
		times, err := s.st.Failures(ctx, k.key, k.since)
		if err == nil && len(times) > k.limit { // this attempt is among them
			// Attempts are accepted again once fewer than limit failures
			// are in the window: when the limit-th newest before this one
			// leaves it.
			retry := times[len(times)-1-k.limit].Add(s.opts.Window).Sub(now)
			err = &ThrottledError{RetryAfter: max(retry, time.Second), Scope: k.scope}
		}
		if err != nil {
			_ = s.st.DeleteFailures(context.WithoutCancel(ctx), ids)
			return nil, err
		}
	}
	return ids, nil
}

// newToken returns 256 random bits in unpadded base64url (43 characters).
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// verify checks a password against its hash, a few at a time: each check
// takes 19 MiB for about 50 ms, so a burst of sign-ins queues here instead
// of taking the memory of hundreds.
func (s *Service) verify(ctx context.Context, hash, password string) (bool, error) {
	select {
	case s.hashing <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-s.hashing }()
	return VerifyPassword(hash, password)
}
