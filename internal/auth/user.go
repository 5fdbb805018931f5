package auth

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// User is an account.
type User struct {
	ID string
	// Email is lower-cased and trimmed; it is unique.
	Email    string
	Role     Role
	Disabled bool
	// TOTP says the user has a confirmed second factor.
	TOTP      bool
	Created   time.Time
	Updated   time.Time
	LastLogin time.Time
}

type userKey struct{}

// WithUser returns a context that carries the signed-in user.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the signed-in user of ctx, or nil.
func UserFrom(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// NormalizeEmail trims and lower-cases an email address.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// maxEmailLen is the longest address SMTP allows.
const maxEmailLen = 254

// checkEmail accepts a normalised address with one @ between a non-empty
// local part and a domain, without spaces or control characters.
func checkEmail(email string) error {
	local, domain, ok := strings.Cut(email, "@")
	switch {
	case !ok || local == "" || domain == "" || strings.Contains(domain, "@"):
		return fmt.Errorf("%w: %q", ErrBadEmail, email)
	case len(email) > maxEmailLen:
		return fmt.Errorf("%w: longer than %d characters", ErrBadEmail, maxEmailLen)
	case strings.IndexFunc(email, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("%w: %q contains a space", ErrBadEmail, email)
	}
	return nil
}
