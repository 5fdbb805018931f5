package auth

import (
	"context"
	"errors"
	"time"

	"plenary/internal/audit"
	"plenary/internal/store"
)

// Authenticate returns the user and session of a session token. A session
// past its idle or absolute timeout, or whose user is disabled or gone, is
// deleted and ErrSessionEnded returned. LastSeen is written at most once a
// minute, so the idle timeout is exact to within a minute.
func (s *Service) Authenticate(ctx context.Context, token string) (User, Session, error) {
	if token == "" {
		return User{}, Session{}, ErrSessionEnded
	}
	id := hashSecret(token)
	sess, err := s.st.SessionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return User{}, Session{}, ErrSessionEnded
	}
	if err != nil {
		return User{}, Session{}, err
	}
	now := s.now()
	end := func() (User, Session, error) {
		if err := s.st.DeleteSession(ctx, id); err != nil {
			return User{}, Session{}, err
		}
		return User{}, Session{}, ErrSessionEnded
	}
	if !now.Before(sess.Expires) || now.Sub(sess.Created) >= s.opts.AbsoluteTimeout || now.Sub(sess.LastSeen) >= s.opts.IdleTimeout {
		return end()
	}
	rec, err := s.st.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) || err == nil && rec.Disabled {
		return end()
	}
	if err != nil {
		return User{}, Session{}, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		if err := s.st.TouchSession(ctx, id, now); err != nil {
			return User{}, Session{}, err
		}
		sess.LastSeen = now
	}
	return rec.User, sess, nil
}

// Logout ends the session of token. Ending a session that is already gone
// is no error.
func (s *Service) Logout(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	id := hashSecret(token)
	sess, err := s.st.SessionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.st.DeleteSession(ctx, id); err != nil {
		return err
	}
	email := ""
	if rec, err := s.st.UserByID(ctx, sess.UserID); err == nil {
		email = rec.Email
	}
	s.record(ctx, audit.Entry{Action: "logout", Actor: email, Target: email, OK: true})
	return nil
}

// Prune deletes what no longer counts: sessions past their timeouts, and
// failed sign-ins and used one-time codes older than the throttling window
// (and than any code's lifetime). Sessions are also ended when next used;
// this keeps those never used again from piling up.
func (s *Service) Prune(ctx context.Context) (int64, error) {
	now := s.now()
	return s.st.Prune(ctx, now.Add(-s.opts.IdleTimeout), now.Add(-s.opts.AbsoluteTimeout), now.Add(-max(s.opts.Window, 10*time.Minute)))
}
