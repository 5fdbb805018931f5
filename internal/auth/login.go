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

	acctKey, addrKey := "account:"+email, "address:"+in.Addr
	acctSince := now.Add(-s.opts.Window)
	if known && rec.LastLogin.After(acctSince) {
		acctSince = rec.LastLogin // a success clears the account's count
	}
	if err := s.throttle(ctx, acctKey, acctSince, s.opts.MaxFailures, "account", now); err != nil {
		fail("throttled: " + err.Error())
		return "", Session{}, User{}, err
	}
	if in.Addr != "" {
		if err := s.throttle(ctx, addrKey, now.Add(-s.opts.Window), s.opts.MaxAddrFailures, "address", now); err != nil {
			fail("throttled: " + err.Error())
			return "", Session{}, User{}, err
		}
	}
	countFailure := func(reason string) error {
		fail(reason)
		if err := s.st.AddFailure(ctx, acctKey, now); err != nil {
			return err
		}
		if in.Addr != "" {
			if err := s.st.AddFailure(ctx, addrKey, now); err != nil {
				return err
			}
		}
		return ErrBadCredentials
	}

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
	s.record(ctx, audit.Entry{Action: "login.success", Actor: email, Target: email, Addr: in.Addr, At: now, OK: true})
	return token, sess, rec.User, nil
}

// throttle refuses an attempt when key has limit failures since since.
// It lifts when enough of them are older than the window.
func (s *Service) throttle(ctx context.Context, key string, since time.Time, limit int, scope string, now time.Time) error {
	times, err := s.st.Failures(ctx, key, since)
	if err != nil {
		return err
	}
	if len(times) < limit {
		return nil
	}
	// Attempts are accepted again once fewer than limit failures are
	// in the window: when the failure that is limit-th from the newest
	// leaves it.
	retry := times[len(times)-limit].Add(s.opts.Window).Sub(now)
	return &ThrottledError{RetryAfter: max(retry, time.Second), Scope: scope}
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
