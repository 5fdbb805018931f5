package demo

import (
	"context"
	"crypto/rand"
	"encoding/base32"

	"plenary/internal/auth"
)

// Account is a demonstration account and its password.
type Account struct {
	Email    string
	Role     auth.Role
	Password string
}

// AccountsIfNone creates one account per role when there are no accounts
// at all, each with a new random password, and returns them so that the
// person trying the demo can sign in. It creates nothing when any account
// exists.
func AccountsIfNone(ctx context.Context, svc *auth.Service) ([]Account, error) {
	users, err := svc.Users(ctx)
	if err != nil || len(users) > 0 {
		return nil, err
	}
	accounts := []Account{
		{Email: "admin@example.org", Role: auth.Admin},
		{Email: "editor@example.org", Role: auth.Editor},
		{Email: "delegate@example.org", Role: auth.Participant},
	}
	for i := range accounts {
		accounts[i].Password = newPassword()
		if _, err := svc.AddUser(ctx, accounts[i].Email, accounts[i].Role, accounts[i].Password); err != nil {
			return nil, err
		}
	}
	return accounts, nil
}

// newPassword returns 20 random characters (100 bits).
func newPassword() string {
	b := make([]byte, 13)
	_, _ = rand.Read(b)
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:20]
}
