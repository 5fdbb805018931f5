package mongo_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"plenary/internal/auth"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

func TestAccountsUniqueKeysAndMissingRecords(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	u := auth.UserRecord{User: auth.User{ID: "u1", Email: "ana@example.org", Role: auth.Editor, Created: now, Updated: now}, PasswordHash: "$argon2id$x"}
	if err := st.InsertUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	u.ID = "u2"
	if err := st.InsertUser(ctx, u); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second user with the same email: %v, want ErrDuplicate", err)
	}
	if _, err := st.UserByEmail(ctx, "nobody@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown email: %v", err)
	}
	if err := st.UpdateUser(ctx, "nobody", auth.UserUpdate{Disabled: new(bool)}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("update of an unknown user: %v", err)
	}
	secret := "JBSWY3DPEHPK3PXP"
	if err := st.UpdateUser(ctx, "u1", auth.UserUpdate{TOTPSecret: &secret, Updated: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	got, err := st.UserByID(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.TOTP || got.TOTPSecret != secret || got.Role != auth.Editor || got.PasswordHash != "$argon2id$x" || !got.Updated.Equal(now.Add(time.Hour)) {
		t.Errorf("after update: %+v", got)
	}

	if err := st.UseTOTPStep(ctx, "u1", 42, now); err != nil {
		t.Fatal(err)
	}
	if err := st.UseTOTPStep(ctx, "u1", 42, now); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second use of a step: %v, want ErrDuplicate", err)
	}
	if err := st.UseTOTPStep(ctx, "u2", 42, now); err != nil {
		t.Errorf("the same step for another user: %v", err)
	}

	if err := st.RevokeToken(ctx, "0123456789ab"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoke of an unknown token: %v", err)
	}
	if err := st.DeleteSession(ctx, "gone"); err != nil {
		t.Errorf("delete of a missing session: %v", err)
	}
}

func TestFailuresAreCountedInTheirWindowOldestFirst(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, m := range []int{3, 0, 2, 1} {
		if _, err := st.AddFailure(ctx, "account:ana@example.org", base.Add(time.Duration(m)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddFailure(ctx, "address:192.0.2.1", base); err != nil {
		t.Fatal(err)
	}
	got, err := st.Failures(ctx, "account:ana@example.org", base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !got[0].Equal(base.Add(time.Minute)) || !got[2].Equal(base.Add(3*time.Minute)) {
		t.Errorf("failures after %s: %v", base, got)
	}
}
