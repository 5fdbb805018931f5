package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"plenary/internal/audit"
)

// AddUser creates an account. The email must look like one (an @, no
// spaces) and be free (else ErrDuplicate); the password must pass
// CheckPassword.
func (s *Service) AddUser(ctx context.Context, email string, role Role, password string) (User, error) {
	email = NormalizeEmail(email)
	if err := checkEmail(email); err != nil {
		return User{}, err
	}
	if role.rank() == 0 {
		return User{}, fmt.Errorf("%w: %q", ErrBadRole, role)
	}
	if err := CheckPassword(email, password); err != nil {
		return User{}, err
	}
	now := s.now()
	rec := UserRecord{
		User:         User{ID: randomHex(12), Email: email, Role: role, Created: now, Updated: now},
		PasswordHash: HashPassword(password),
	}
	if err := s.st.InsertUser(ctx, rec); err != nil {
		return User{}, storeErr(err, "user "+email)
	}
	s.record(ctx, audit.Entry{Action: "user.add", Target: email, Detail: "role " + string(role), OK: true})
	return rec.User, nil
}

// Users returns every account, sorted by email.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	recs, err := s.st.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]User, len(recs))
	for i, r := range recs {
		out[i] = r.User
	}
	slices.SortFunc(out, func(a, b User) int { return strings.Compare(a.Email, b.Email) })
	return out, nil
}

// User returns the account of email, or ErrNotFound.
func (s *Service) User(ctx context.Context, email string) (User, error) {
	r, err := s.userRecord(ctx, email)
	return r.User, err
}

func (s *Service) userRecord(ctx context.Context, email string) (UserRecord, error) {
	email = NormalizeEmail(email)
	r, err := s.st.UserByEmail(ctx, email)
	if err != nil {
		return UserRecord{}, storeErr(err, "user "+email)
	}
	return r, nil
}

// update applies ch to the account of email and returns it as it was.
func (s *Service) update(ctx context.Context, email string, ch UserUpdate) (UserRecord, error) {
	r, err := s.userRecord(ctx, email)
	if err != nil {
		return r, err
	}
	ch.Updated = s.now()
	if err := s.st.UpdateUser(ctx, r.ID, ch); err != nil {
		return r, storeErr(err, "user "+r.Email)
	}
	return r, nil
}

// SetDisabled disables or enables an account. Disabling also ends all the
// user's login sessions and revokes all their API tokens, for good:
// enabling the account again does not bring them back.
func (s *Service) SetDisabled(ctx context.Context, email string, disabled bool) error {
	r, err := s.update(ctx, email, UserUpdate{Disabled: &disabled})
	if err != nil {
		return err
	}
	action := "user.enable"
	if disabled {
		action = "user.disable"
		if err := s.st.DeleteUserSessions(ctx, r.ID); err != nil {
			return err
		}
		if err := s.st.RevokeUserTokens(ctx, r.ID); err != nil {
			return err
		}
	}
	s.record(ctx, audit.Entry{Action: action, Target: r.Email, OK: true})
	return nil
}

// SetPassword changes a password, which must pass CheckPassword, and ends
// all the user's login sessions (API tokens stay).
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	email = NormalizeEmail(email)
	if err := CheckPassword(email, password); err != nil {
		return err
	}
	r, err := s.update(ctx, email, UserUpdate{PasswordHash: ptr(HashPassword(password))})
	if err != nil {
		return err
	}
	if err := s.st.DeleteUserSessions(ctx, r.ID); err != nil {
		return err
	}
	s.record(ctx, audit.Entry{Action: "user.password", Target: r.Email, OK: true})
	return nil
}

// SetRole changes a user's role.
func (s *Service) SetRole(ctx context.Context, email string, role Role) error {
	if role.rank() == 0 {
		return fmt.Errorf("%w: %q", ErrBadRole, role)
	}
	r, err := s.update(ctx, email, UserUpdate{Role: &role})
	if err != nil {
		return err
	}
	s.record(ctx, audit.Entry{Action: "user.role", Target: r.Email, Detail: string(r.Role) + " → " + string(role), OK: true})
	return nil
}

// EnrollTOTP starts setting up a second factor: it returns a new secret
// (base32) and its otpauth:// URL for an authenticator app. Sign-in does
// not ask for codes until ConfirmTOTP accepts one; a second EnrollTOTP
// replaces a pending secret, and an active one stays active until then.
func (s *Service) EnrollTOTP(ctx context.Context, email string) (secret, otpauthURL string, err error) {
	secret = newTOTPSecret()
	r, err := s.update(ctx, email, UserUpdate{TOTPPending: &secret})
	if err != nil {
		return "", "", err
	}
	s.record(ctx, audit.Entry{Action: "totp.enroll", Target: r.Email, Detail: "pending", OK: true})
	return secret, totpURL(secret, r.Email), nil
}

// ConfirmTOTP turns on the pending second factor when code is its current
// code (±30 s). The code cannot then be used to sign in.
func (s *Service) ConfirmTOTP(ctx context.Context, email, code string) error {
	r, err := s.userRecord(ctx, email)
	if err != nil {
		return err
	}
	if r.TOTPPending == "" {
		return ErrTOTPNotEnrolled
	}
	now := s.now()
	step, ok := matchTOTP(r.TOTPPending, code, now)
	if ok {
		ok = s.st.UseTOTPStep(ctx, r.ID, step, now) == nil
	}
	if !ok {
		s.record(ctx, audit.Entry{Action: "totp.confirm", Target: r.Email, Detail: "wrong code"})
		return ErrBadCredentials
	}
	if err := s.st.UpdateUser(ctx, r.ID, UserUpdate{TOTPSecret: &r.TOTPPending, TOTPPending: ptr(""), Updated: now}); err != nil {
		return storeErr(err, "user "+r.Email)
	}
	s.record(ctx, audit.Entry{Action: "totp.confirm", Target: r.Email, OK: true})
	return nil
}

// DisableTOTP removes a user's second factor, active or pending, for a
// user who lost it.
func (s *Service) DisableTOTP(ctx context.Context, email string) error {
	r, err := s.update(ctx, email, UserUpdate{TOTPSecret: ptr(""), TOTPPending: ptr("")})
	if err != nil {
		return err
	}
	s.record(ctx, audit.Entry{Action: "totp.disable", Target: r.Email, OK: true})
	return nil
}
