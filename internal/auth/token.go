package auth

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"plenary/internal/audit"
	"plenary/internal/store"
)

// API tokens are TokenPrefix followed by 43 base64url characters (256
// random bits).
const (
	TokenPrefix     = "plenary_"
	tokenLen        = len(TokenPrefix) + 43
	tokenIDLen      = 12
	maxTokenNameLen = 100
)

// CreateToken creates an API token for the user of email, named name
// (required, at most 100 characters). The plain token is returned once;
// only its SHA-256 is stored.
func (s *Service) CreateToken(ctx context.Context, email, name string) (plain string, t Token, err error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxTokenNameLen {
		return "", Token{}, fmt.Errorf("%w: a name of 1 to %d characters is required", ErrBadName, maxTokenNameLen)
	}
	r, err := s.userRecord(ctx, email)
	if err != nil {
		return "", Token{}, err
	}
	if r.Disabled {
		return "", Token{}, fmt.Errorf("user %s: %w", r.Email, ErrDisabled)
	}
	for range 3 { // a public id may, very rarely, be taken
		plain = TokenPrefix + newToken()
		hash := hashSecret(plain)
		t = Token{ID: hash[:tokenIDLen], UserID: r.ID, Email: r.Email, Name: name, Created: s.now()}
		err = s.st.InsertToken(ctx, TokenRecord{Token: t, Hash: hash})
		if !errors.Is(err, store.ErrDuplicate) {
			break
		}
	}
	if err != nil {
		return "", Token{}, err
	}
	s.record(ctx, audit.Entry{Action: "token.create", Target: t.ID, Detail: fmt.Sprintf("%q for %s", name, r.Email), OK: true})
	return plain, t, nil
}

// Tokens lists the tokens of the user of email, or of everyone when email
// is "", sorted by email then newest first.
func (s *Service) Tokens(ctx context.Context, email string) ([]Token, error) {
	userID := ""
	if email != "" {
		r, err := s.userRecord(ctx, email)
		if err != nil {
			return nil, err
		}
		userID = r.ID
	}
	recs, err := s.st.ListTokens(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]Token, len(recs))
	for i, r := range recs {
		out[i] = r.Token
	}
	slices.SortFunc(out, func(a, b Token) int {
		if c := strings.Compare(a.Email, b.Email); c != 0 {
			return c
		}
		return b.Created.Compare(a.Created)
	})
	return out, nil
}

// RevokeToken revokes the token with public id id, for good.
func (s *Service) RevokeToken(ctx context.Context, id string) error {
	if err := s.st.RevokeToken(ctx, id); err != nil {
		return storeErr(err, "token "+id)
	}
	s.record(ctx, audit.Entry{Action: "token.revoke", Target: id, OK: true})
	return nil
}

// Bearer returns the user and token of a plain API token. An unknown or
// revoked token, or one whose user is disabled, is ErrBadCredentials.
// LastUsed is written at most once a minute.
func (s *Service) Bearer(ctx context.Context, plain string) (User, Token, error) {
	if len(plain) != tokenLen || !strings.HasPrefix(plain, TokenPrefix) {
		return User{}, Token{}, ErrBadCredentials
	}
	hash := hashSecret(plain)
	t, err := s.st.TokenByHash(ctx, hash)
	if errors.Is(err, store.ErrNotFound) {
		return User{}, Token{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, Token{}, err
	}
	if t.Revoked {
		return User{}, Token{}, ErrBadCredentials
	}
	r, err := s.st.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) || err == nil && r.Disabled {
		return User{}, Token{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, Token{}, err
	}
	if now := s.now(); now.Sub(t.LastUsed) >= touchEvery {
		if err := s.st.TouchToken(ctx, hash, now); err != nil {
			return User{}, Token{}, err
		}
		t.LastUsed = now
	}
	return r.User, t.Token, nil
}
