package auth_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"plenary/internal/audit"
	"plenary/internal/auth"
	"plenary/internal/catalog"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
)

// clock is a settable clock for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Passwords of the fixtures: one argon2 hash each.
const (
	anaPassword = "wet-ferry-lantern-91"
	benPassword = "quiet harbour of Vienna"
)

type fixture struct {
	svc   *auth.Service
	st    *mongostore.Store
	clock *clock
}

// newFixture returns a service on a fresh embedded database, with a clock
// at a fixed time (whole milliseconds, as the database keeps them).
func newFixture(t *testing.T, opts auth.Options) fixture {
	t.Helper()
	st := testutil.Store(t)
	c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	opts.Now = c.Now
	opts.Audit = st
	return fixture{auth.New(st, opts), st, c}
}

func (f fixture) addUser(t *testing.T, email string, role auth.Role, password string) auth.User {
	t.Helper()
	u, err := f.svc.AddUser(audit.WithActor(context.Background(), audit.CLI), email, role, password)
	if err != nil {
		t.Fatalf("add %s: %v", email, err)
	}
	return u
}

func (f fixture) login(email, password, code, addr string) (string, error) {
	tok, _, _, err := f.svc.Login(context.Background(), auth.LoginInput{Email: email, Password: password, TOTP: code, Addr: addr, UserAgent: "test"})
	return tok, err
}

// auditActions lists the audit log, oldest first, as "action target ok".
func (f fixture) auditActions(t *testing.T, filter audit.Filter) []string {
	t.Helper()
	es, err := f.st.List(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		s := e.Action + " " + e.Target
		if !e.OK {
			s += " refused"
		}
		out = append(out, s)
	}
	return out
}

func TestRoles(t *testing.T) {
	for _, c := range []struct {
		r, want auth.Role
		can     bool
	}{
		{auth.Admin, auth.Editor, true}, {auth.Admin, auth.Participant, true}, {auth.Editor, auth.Participant, true},
		{auth.Editor, auth.Admin, false}, {auth.Participant, auth.Editor, false}, {auth.Participant, auth.Participant, true},
		{auth.Role("guest"), auth.Participant, false}, {auth.Admin, auth.Role("root"), false},
	} {
		if got := c.r.Can(c.want); got != c.can {
			t.Errorf("%s.Can(%s) = %v", c.r, c.want, got)
		}
	}
	if r, err := auth.ParseRole(" Editor "); err != nil || r != auth.Editor {
		t.Errorf("ParseRole(Editor) = %q, %v", r, err)
	}
	if _, err := auth.ParseRole("root"); !errors.Is(err, auth.ErrBadRole) {
		t.Errorf("ParseRole(root) = %v", err)
	}
	for _, c := range []struct {
		u    *auth.User
		want catalog.Audience
	}{
		{nil, catalog.Public},
		{&auth.User{Role: auth.Admin}, catalog.Staff},
		{&auth.User{Role: auth.Editor}, catalog.Staff},
		{&auth.User{Role: auth.Participant}, catalog.Participant},
		{&auth.User{Role: auth.Editor, Disabled: true}, catalog.Public},
	} {
		if got := auth.AudienceOf(c.u); got != c.want {
			t.Errorf("AudienceOf(%+v) = %v, want %v", c.u, got, c.want)
		}
	}
	ctx := auth.WithUser(context.Background(), &auth.User{Email: "ana@example.org"})
	if u := auth.UserFrom(ctx); u == nil || u.Email != "ana@example.org" {
		t.Errorf("UserFrom = %+v", u)
	}
	if auth.UserFrom(context.Background()) != nil {
		t.Error("an empty context has a user")
	}
}

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		email, password string
		want            auth.PasswordReason
	}{
		{"ana@example.org", "short-1", auth.PasswordTooShort},
		{"ana@example.org", "ñandú-ñandú", auth.PasswordTooShort}, // 11 characters, 13 bytes
		{"ana@example.org", "Password1234", auth.PasswordCommon},
		{"ana@example.org", "QWERTYUIOP123", auth.PasswordCommon},
		{"ana@example.org", "iloveyou2024", auth.PasswordCommon},
		{"ana@example.org", "1q2w3e4r5t6y", auth.PasswordCommon},
		{"ana@example.org", "unitednations123", auth.PasswordCommon},
		{"ana@example.org", "aaaaaaaaaaaaaa", auth.PasswordCommon},
		{"ana.lopez@example.org", "ANA.LOPEZ@example.org", auth.PasswordSameAsEmail},
		{"ana.lopez.vienna@example.org", "ana.lopez.vienna", auth.PasswordSameAsEmail},
		{"ana@example.org", strings.Repeat("x", auth.MaxPasswordBytes+1), auth.PasswordTooLong},
		{"ana@example.org", anaPassword, ""},
		{"ana@example.org", "ñandú-ñandú-1", ""},
	}
	for _, c := range cases {
		err := auth.CheckPassword(c.email, c.password)
		var pe *auth.PasswordError
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%q refused: %v", c.password, err)
		case c.want != "" && (!errors.As(err, &pe) || pe.Reason != c.want || !errors.Is(err, auth.ErrWeakPassword)):
			t.Errorf("%q: %v, want reason %s", c.password, err, c.want)
		}
	}
}

func TestPasswordHashFormat(t *testing.T) {
	h := auth.HashPassword(anaPassword)
	phc := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !phc.MatchString(h) {
		t.Fatalf("hash %q is not the PHC argon2id string", h)
	}
	if ok, err := auth.VerifyPassword(h, anaPassword); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, err := auth.VerifyPassword(h, anaPassword+"x"); ok || err != nil {
		t.Errorf("wrong password: %v, %v", ok, err)
	}
	if h2 := auth.HashPassword(anaPassword); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if _, err := auth.VerifyPassword("$argon2id$v=19$m=19456,t=2,p=1$bad", "x"); err == nil {
		t.Error("a malformed hash verified without error")
	}
}

func TestAddUserAndLogin(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := context.Background()
	ana := f.addUser(t, "  Ana@Example.ORG ", auth.Editor, anaPassword)
	if ana.Email != "ana@example.org" || ana.Role != auth.Editor || ana.ID == "" || ana.Disabled || ana.TOTP {
		t.Fatalf("added %+v", ana)
	}
	if _, err := f.svc.AddUser(ctx, "ana@example.org", auth.Admin, benPassword); !errors.Is(err, auth.ErrDuplicate) {
		t.Errorf("same email again: %v", err)
	}
	for _, bad := range []string{"ana", "ana @example.org", "@example.org", "ana@"} {
		if _, err := f.svc.AddUser(ctx, bad, auth.Editor, benPassword); !errors.Is(err, auth.ErrBadEmail) {
			t.Errorf("email %q: %v", bad, err)
		}
	}
	if _, err := f.svc.AddUser(ctx, "ben@example.org", auth.Editor, "password1234"); !errors.Is(err, auth.ErrWeakPassword) {
		t.Errorf("common password: %v", err)
	}
	if _, err := f.svc.AddUser(ctx, "ben@example.org", "root", benPassword); !errors.Is(err, auth.ErrBadRole) {
		t.Errorf("bad role: %v", err)
	}

	var raw bson.M
	if err := f.st.Database().Collection("users").FindOne(ctx, bson.M{"email": "ana@example.org"}).Decode(&raw); err != nil {
		t.Fatal(err)
	}
	if h, _ := raw["password"].(string); !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("stored password = %q", h)
	}

	if _, err := f.login("ana@example.org", "wrong-password-123", "", "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("wrong password: %v", err)
	}
	if _, err := f.login("nobody@example.org", anaPassword, "", "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("unknown email: %v", err)
	}
	f.clock.Add(time.Second)
	tok, sess, u, err := f.svc.Login(ctx, auth.LoginInput{Email: "ANA@example.org", Password: anaPassword, Addr: "192.0.2.1", UserAgent: "Firefox"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) != 43 || u.Email != "ana@example.org" || !u.LastLogin.Equal(f.clock.Now()) {
		t.Errorf("token %q, user %+v", tok, u)
	}
	if sess.UserID != ana.ID || sess.Addr != "192.0.2.1" || sess.UserAgent != "Firefox" || !sess.Expires.Equal(f.clock.Now().Add(12*time.Hour)) || sess.ID == tok {
		t.Errorf("session %+v", sess)
	}
	if got, err := f.svc.User(ctx, "ana@example.org"); err != nil || !got.LastLogin.Equal(f.clock.Now()) {
		t.Errorf("last login not stored: %+v, %v", got, err)
	}
	if n, _ := f.st.Database().Collection("login_sessions").CountDocuments(ctx, bson.M{"_id": tok}); n != 0 {
		t.Error("the session token itself is stored")
	}
	users, err := f.svc.Users(ctx)
	if err != nil || len(users) != 1 {
		t.Errorf("users: %v, %v", users, err)
	}

	got := f.auditActions(t, audit.Filter{})
	want := []string{"user.add ana@example.org", "login.failure ana@example.org refused", "login.failure nobody@example.org refused", "login.success ana@example.org"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	es, _ := f.st.List(ctx, audit.Filter{Action: "login.failure", Limit: 1})
	if len(es) != 1 || es[0].Detail != "unknown email" || es[0].Addr != "192.0.2.1" || es[0].Actor != "" {
		t.Errorf("failure entry: %+v", es)
	}
	if es, _ := f.st.List(ctx, audit.Filter{Action: "user.add"}); len(es) != 1 || es[0].Actor != "cli" {
		t.Errorf("user.add entry: %+v", es)
	}
}

func TestThrottlingPerAccount(t *testing.T) {
	f := newFixture(t, auth.Options{})
	f.addUser(t, "ana@example.org", auth.Editor, anaPassword)
	for i := range 5 {
		f.clock.Add(time.Minute)
		if _, err := f.login("ana@example.org", "not-the-password", "", "192.0.2."+string(rune('1'+i))); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// From a fresh address, with the right password: still refused.
	_, err := f.login("ana@example.org", anaPassword, "", "198.51.100.9")
	var te *auth.ThrottledError
	if !errors.As(err, &te) || !errors.Is(err, auth.ErrThrottled) || te.Scope != "account" {
		t.Fatalf("6th attempt: %v, want a *ThrottledError for the account", err)
	}
	// The first failure was at 09:01; it leaves the 15-minute window at 09:16.
	if te.RetryAfter != 11*time.Minute {
		t.Errorf("RetryAfter = %s, want 11m", te.RetryAfter)
	}
	f.clock.Add(te.RetryAfter)
	if _, err := f.login("ana@example.org", anaPassword, "", "198.51.100.9"); err != nil {
		t.Errorf("after RetryAfter: %v", err)
	}
	// The success clears the account's count.
	for i := range 4 {
		if _, err := f.login("ana@example.org", "not-the-password", "", "198.51.100.9"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("attempt %d after success: %v", i+1, err)
		}
	}
	if _, err := f.login("ana@example.org", anaPassword, "", "198.51.100.9"); err != nil {
		t.Errorf("5th attempt after a success: %v", err)
	}
	es, _ := f.st.List(context.Background(), audit.Filter{Action: "login.failure", Target: "ana@example.org"})
	if len(es) != 10 || !strings.HasPrefix(es[len(es)-6].Detail, "throttled") {
		t.Errorf("%d failure entries; the throttled one says %q", len(es), es[len(es)-6].Detail)
	}
}

func TestThrottlingPerAddressAcrossAccounts(t *testing.T) {
	f := newFixture(t, auth.Options{MaxAddrFailures: 3})
	f.addUser(t, "ana@example.org", auth.Editor, anaPassword)
	const addr = "203.0.113.5"
	if _, err := f.login("x@example.org", "not-the-password", "", addr); !errors.Is(err, auth.ErrBadCredentials) {
		t.Fatal(err)
	}
	if _, err := f.login("y@example.org", "not-the-password", "", addr); !errors.Is(err, auth.ErrBadCredentials) {
		t.Fatal(err)
	}
	// A success from the address does not clear its count.
	if _, err := f.login("ana@example.org", anaPassword, "", addr); err != nil {
		t.Fatal(err)
	}
	if _, err := f.login("z@example.org", "not-the-password", "", addr); !errors.Is(err, auth.ErrBadCredentials) {
		t.Fatal(err)
	}
	_, err := f.login("ana@example.org", anaPassword, "", addr)
	var te *auth.ThrottledError
	if !errors.As(err, &te) || te.Scope != "address" || te.RetryAfter != 15*time.Minute {
		t.Fatalf("4th failure from the address: %v, want throttled for the address", err)
	}
	if _, err := f.login("ana@example.org", anaPassword, "", "203.0.113.6"); err != nil {
		t.Errorf("another address: %v", err)
	}
}

func TestTOTP(t *testing.T) {
	f := newFixture(t, auth.Options{RequireAdminTOTP: true})
	ctx := audit.WithActor(context.Background(), audit.CLI)
	f.addUser(t, "root@example.org", auth.Admin, anaPassword)
	if _, err := f.login("root@example.org", anaPassword, "", "192.0.2.1"); !errors.Is(err, auth.ErrTOTPSetupRequired) {
		t.Fatalf("admin without TOTP: %v, want ErrTOTPSetupRequired", err)
	}
	if err := f.svc.ConfirmTOTP(ctx, "root@example.org", "123456"); !errors.Is(err, auth.ErrTOTPNotEnrolled) {
		t.Errorf("confirm before enrol: %v", err)
	}
	secret, url, err := f.svc.EnrollTOTP(ctx, "root@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) != 32 || !strings.HasPrefix(url, "otpauth://totp/Plenary:root@example.org?") || !strings.Contains(url, "secret="+secret) {
		t.Errorf("secret %q, url %q", secret, url)
	}
	if u, _ := f.svc.User(ctx, "root@example.org"); u.TOTP {
		t.Error("TOTP active before it is confirmed")
	}
	now := f.clock.Now()
	wrong := auth.TOTPCode(secret, now.Add(-5*time.Minute))
	if err := f.svc.ConfirmTOTP(ctx, "root@example.org", wrong); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("confirm with a stale code: %v", err)
	}
	if err := f.svc.ConfirmTOTP(ctx, "root@example.org", auth.TOTPCode(secret, now)); err != nil {
		t.Fatalf("confirm: %v", err)
	}
	if u, _ := f.svc.User(ctx, "root@example.org"); !u.TOTP {
		t.Fatal("TOTP not active after confirmation")
	}

	f.clock.Add(2 * time.Minute)
	now = f.clock.Now()
	if _, err := f.login("root@example.org", anaPassword, "", "192.0.2.1"); !errors.Is(err, auth.ErrTOTPRequired) {
		t.Errorf("no code: %v, want ErrTOTPRequired", err)
	}
	if _, err := f.login("root@example.org", "not-the-password", auth.TOTPCode(secret, now), "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("right code, wrong password: %v", err)
	}
	if _, err := f.login("root@example.org", anaPassword, auth.TOTPCode(secret, now.Add(-90*time.Second)), "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("code three steps old: %v", err)
	}
	prev := auth.TOTPCode(secret, now.Add(-30*time.Second))
	if _, err := f.login("root@example.org", anaPassword, prev, "192.0.2.1"); err != nil {
		t.Errorf("code of the previous step: %v", err)
	}
	if _, err := f.login("root@example.org", anaPassword, prev, "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("the same code again: %v, want ErrBadCredentials", err)
	}
	if _, err := f.login("root@example.org", anaPassword, auth.TOTPCode(secret, now.Add(30*time.Second)), "192.0.2.1"); err != nil {
		t.Errorf("code of the next step: %v", err)
	}
	if err := f.svc.DisableTOTP(ctx, "root@example.org"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.login("root@example.org", anaPassword, "", "192.0.2.1"); !errors.Is(err, auth.ErrTOTPSetupRequired) {
		t.Errorf("after DisableTOTP: %v", err)
	}
	got := f.auditActions(t, audit.Filter{Action: "totp."})
	want := "totp.enroll root@example.org|totp.confirm root@example.org refused|totp.confirm root@example.org|totp.disable root@example.org"
	if strings.Join(got, "|") != want {
		t.Errorf("audit: %s", strings.Join(got, "|"))
	}
}

// TestTOTPCodeRFC6238 checks the code against the RFC's SHA-1 test vectors
// (the last six digits of its eight-digit codes).
func TestTOTPCodeRFC6238(t *testing.T) {
	secret := "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" // "12345678901234567890"
	for _, c := range []struct {
		unix int64
		want string
	}{{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"}, {2000000000, "279037"}} {
		if got := auth.TOTPCode(secret, time.Unix(c.unix, 0)); got != c.want {
			t.Errorf("at %d: %s, want %s", c.unix, got, c.want)
		}
	}
}

func TestSessions(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := context.Background()
	f.addUser(t, "ana@example.org", auth.Participant, anaPassword)

	first, err := f.login("ana@example.org", anaPassword, "", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	u, sess, err := f.svc.Authenticate(ctx, first)
	if err != nil || u.Email != "ana@example.org" {
		t.Fatalf("authenticate: %+v, %v", u, err)
	}
	t.Run("rotation at sign-in ends the previous session", func(t *testing.T) {
		second, _, _, err := f.svc.Login(ctx, auth.LoginInput{Email: "ana@example.org", Password: anaPassword, Previous: first})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, first); !errors.Is(err, auth.ErrSessionEnded) {
			t.Errorf("previous token: %v, want ErrSessionEnded", err)
		}
		if _, _, err := f.svc.Authenticate(ctx, second); err != nil {
			t.Errorf("new token: %v", err)
		}
		first = second
	})
	t.Run("LastSeen is written at most once a minute", func(t *testing.T) {
		_, sess, _ = f.svc.Authenticate(ctx, first)
		seen := sess.LastSeen
		f.clock.Add(30 * time.Second)
		if _, s, _ := f.svc.Authenticate(ctx, first); !s.LastSeen.Equal(seen) {
			t.Errorf("LastSeen moved after 30 s: %s → %s", seen, s.LastSeen)
		}
		f.clock.Add(31 * time.Second)
		f.svc.Authenticate(ctx, first)
		if s, _ := f.st.SessionByID(ctx, sess.ID); !s.LastSeen.Equal(f.clock.Now()) {
			t.Errorf("LastSeen not stored after 61 s: %s", s.LastSeen)
		}
	})
	t.Run("idle timeout", func(t *testing.T) {
		f.clock.Add(2*time.Hour - time.Second)
		if _, _, err := f.svc.Authenticate(ctx, first); err != nil {
			t.Fatalf("just under 2 h idle: %v", err)
		}
		f.clock.Add(2 * time.Hour)
		if _, _, err := f.svc.Authenticate(ctx, first); !errors.Is(err, auth.ErrSessionEnded) {
			t.Fatalf("2 h idle: %v", err)
		}
		if _, err := f.st.SessionByID(ctx, sess.ID); err == nil {
			t.Error("the idle session is still in the database")
		}
	})
	t.Run("absolute timeout", func(t *testing.T) {
		tok, err := f.login("ana@example.org", anaPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		for range 23 { // busy for 11.5 hours
			f.clock.Add(30 * time.Minute)
			if _, _, err := f.svc.Authenticate(ctx, tok); err != nil {
				t.Fatalf("active session ended early: %v", err)
			}
		}
		f.clock.Add(30 * time.Minute)
		if _, _, err := f.svc.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
			t.Errorf("after 12 h: %v", err)
		}
	})
	t.Run("logout", func(t *testing.T) {
		tok, err := f.login("ana@example.org", anaPassword, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Logout(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
			t.Errorf("after logout: %v", err)
		}
		if err := f.svc.Logout(ctx, tok); err != nil {
			t.Errorf("second logout: %v", err)
		}
		if got := f.auditActions(t, audit.Filter{Action: "logout"}); len(got) != 1 || got[0] != "logout ana@example.org" {
			t.Errorf("audit: %v", got)
		}
	})
	if _, _, err := f.svc.Authenticate(ctx, "made-up"); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestDisablingEndsSessionsAndTokens(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := audit.WithActor(context.Background(), audit.CLI)
	f.addUser(t, "ana@example.org", auth.Editor, anaPassword)
	sessTok, err := f.login("ana@example.org", anaPassword, "", "")
	if err != nil {
		t.Fatal(err)
	}
	apiTok, _, err := f.svc.CreateToken(ctx, "ana@example.org", "uploads")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetDisabled(ctx, "ana@example.org", true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(ctx, sessTok); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("session of a disabled user: %v", err)
	}
	if _, _, err := f.svc.Bearer(ctx, apiTok); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("token of a disabled user: %v", err)
	}
	if _, err := f.login("ana@example.org", anaPassword, "", ""); !errors.Is(err, auth.ErrDisabled) {
		t.Errorf("login of a disabled user: %v", err)
	}
	if err := f.svc.SetDisabled(ctx, "ana@example.org", false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Bearer(ctx, apiTok); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("token after re-enabling: %v, want it still revoked", err)
	}
	if err := f.svc.SetRole(ctx, "ana@example.org", auth.Admin); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.SetPassword(ctx, "ana@example.org", "short"); !errors.Is(err, auth.ErrWeakPassword) {
		t.Errorf("short new password: %v", err)
	}
	if err := f.svc.SetPassword(ctx, "ana@example.org", benPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := f.login("ana@example.org", anaPassword, "", ""); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("old password: %v", err)
	}
	tok, _, u, err := f.svc.Login(ctx, auth.LoginInput{Email: "ana@example.org", Password: benPassword})
	if err != nil || u.Role != auth.Admin || u.Disabled {
		t.Fatalf("login after changes: %+v, %v", u, err)
	}
	if err := f.svc.SetPassword(ctx, "ana@example.org", anaPassword); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Authenticate(ctx, tok); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("session after a password change: %v", err)
	}
	if err := f.svc.SetDisabled(ctx, "nobody@example.org", true); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	got := f.auditActions(t, audit.Filter{Actor: "cli", Action: "user."})
	want := "user.add ana@example.org|user.disable ana@example.org|user.enable ana@example.org|user.role ana@example.org|user.password ana@example.org|user.password ana@example.org"
	if strings.Join(got, "|") != want {
		t.Errorf("audit: %s", strings.Join(got, "|"))
	}
}

func TestTokens(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := audit.WithActor(context.Background(), audit.CLI)
	f.addUser(t, "ana@example.org", auth.Editor, anaPassword)
	if _, _, err := f.svc.CreateToken(ctx, "ana@example.org", "  "); !errors.Is(err, auth.ErrBadName) {
		t.Errorf("no name: %v", err)
	}
	if _, _, err := f.svc.CreateToken(ctx, "nobody@example.org", "x"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	plain, tok, err := f.svc.CreateToken(ctx, "ana@example.org", "nightly import")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^plenary_[A-Za-z0-9_-]{43}$`).MatchString(plain) || len(tok.ID) != 12 || tok.Name != "nightly import" || tok.Email != "ana@example.org" {
		t.Fatalf("token %q, %+v", plain, tok)
	}
	f.clock.Add(time.Hour)
	other, _, err := f.svc.CreateToken(ctx, "ana@example.org", "laptop")
	if err != nil {
		t.Fatal(err)
	}

	// Only the hash is stored: the plain token is nowhere in the collection.
	cur, err := f.st.Database().Collection("tokens").Find(ctx, bson.M{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []bson.Raw
	if err := cur.All(ctx, &docs); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		s := d.String()
		for _, p := range []string{plain, other} {
			if strings.Contains(s, p) || strings.Contains(s, strings.TrimPrefix(p, "plenary_")) {
				t.Errorf("a plain token is stored: %s", s)
			}
		}
	}
	if len(docs) != 2 {
		t.Errorf("%d token records, want 2", len(docs))
	}

	u, got, err := f.svc.Bearer(ctx, plain)
	if err != nil || u.Email != "ana@example.org" || got.ID != tok.ID || !got.LastUsed.Equal(f.clock.Now()) {
		t.Fatalf("bearer: %+v %+v %v", u, got, err)
	}
	altered := plain[:len(plain)-1] + "A" // the same token with its last character changed
	if strings.HasSuffix(plain, "A") {
		altered = plain[:len(plain)-1] + "B"
	}
	for _, bad := range []string{"", "plenary_", altered, strings.TrimPrefix(plain, "plenary_"), "Bearer " + plain} {
		if _, _, err := f.svc.Bearer(ctx, bad); !errors.Is(err, auth.ErrBadCredentials) {
			t.Errorf("bearer %q: %v", bad, err)
		}
	}
	list, err := f.svc.Tokens(ctx, "ana@example.org")
	if err != nil || len(list) != 2 || list[0].Name != "laptop" || list[1].Name != "nightly import" || list[1].LastUsed.IsZero() {
		t.Fatalf("tokens: %+v, %v", list, err)
	}
	if all, _ := f.svc.Tokens(ctx, ""); len(all) != 2 {
		t.Errorf("all tokens: %+v", all)
	}
	if err := f.svc.RevokeToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.svc.Bearer(ctx, plain); !errors.Is(err, auth.ErrBadCredentials) {
		t.Errorf("revoked token: %v", err)
	}
	if _, _, err := f.svc.Bearer(ctx, other); err != nil {
		t.Errorf("the other token: %v", err)
	}
	if err := f.svc.RevokeToken(ctx, "000000000000"); !errors.Is(err, auth.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	list, _ = f.svc.Tokens(ctx, "ana@example.org")
	if !list[1].Revoked || list[0].Revoked {
		t.Errorf("revoked flags: %+v", list)
	}
	gotAudit := f.auditActions(t, audit.Filter{Action: "token."})
	want := "token.create " + tok.ID + "|token.create " + list[0].ID + "|token.revoke " + tok.ID
	if strings.Join(gotAudit, "|") != want {
		t.Errorf("audit: %s, want %s", strings.Join(gotAudit, "|"), want)
	}
}

func TestPruneDeletesWhatNoLongerCounts(t *testing.T) {
	f := newFixture(t, auth.Options{})
	ctx := context.Background()
	f.addUser(t, "ana@example.org", auth.Participant, anaPassword)
	stale, err := f.login("ana@example.org", anaPassword, "", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.login("ana@example.org", "not the password", "", "192.0.2.1"); !errors.Is(err, auth.ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	f.clock.Add(3 * time.Hour) // past the idle timeout and the throttling window
	fresh, err := f.login("ana@example.org", anaPassword, "", "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.Prune(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 { // the stale session, and the old failure counted for the account and for the address
		t.Errorf("pruned %d records, want 3", n)
	}
	if left, _ := f.st.Database().Collection("login_sessions").CountDocuments(ctx, bson.D{}); left != 1 {
		t.Errorf("%d sessions left, want 1", left)
	}
	if _, _, err := f.svc.Authenticate(ctx, fresh); err != nil {
		t.Errorf("the fresh session was pruned: %v", err)
	}
	if _, _, err := f.svc.Authenticate(ctx, stale); !errors.Is(err, auth.ErrSessionEnded) {
		t.Errorf("stale session: %v", err)
	}
}

// Parallel guesses are counted while they are checked: a burst cannot
// pass the limit before its failures are written.
func TestThrottlingHoldsForParallelGuesses(t *testing.T) {
	f := newFixture(t, auth.Options{})
	f.addUser(t, "ana@example.org", auth.Editor, anaPassword)
	const n = 24
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, err := f.login("ana@example.org", fmt.Sprintf("guess number %d!", i), "", fmt.Sprintf("198.51.100.%d", i))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	checked, throttled := 0, 0
	for err := range errs {
		switch {
		case errors.Is(err, auth.ErrBadCredentials):
			checked++
		case errors.Is(err, auth.ErrThrottled):
			throttled++
		default:
			t.Errorf("unexpected: %v", err)
		}
	}
	if checked > auth.DefaultMaxFailures || checked+throttled != n {
		t.Errorf("%d guesses were checked and %d throttled; want at most %d checked", checked, throttled, auth.DefaultMaxFailures)
	}
	if _, err := f.login("ana@example.org", anaPassword, "", "203.0.113.1"); checked == auth.DefaultMaxFailures && !errors.Is(err, auth.ErrThrottled) {
		t.Errorf("the right password after %d failures: %v, want throttled", checked, err)
	}
	// A refused or successful attempt leaves no failure behind.
	left, err := f.st.Failures(context.Background(), "account:ana@example.org", time.Time{})
	if err != nil || len(left) != checked {
		t.Errorf("%d failures stored (%v), want %d", len(left), err, checked)
	}
}
