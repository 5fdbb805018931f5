package main_test

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"plenary/internal/audit"
	"plenary/internal/auth"
	"plenary/internal/embeddb"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
)

func TestUserAndTokenCommands(t *testing.T) {
	data := t.TempDir()
	env := []string{"PLENARY_DATA_DIR=" + data}
	run := func(stdin string, args ...string) result {
		t.Helper()
		return plenary(t, stdin, env, args...)
	}
	ok := func(r result, wantOut string) {
		t.Helper()
		if r.code != 0 || !strings.Contains(r.stdout, wantOut) {
			t.Errorf("exit %d, stdout %q, stderr %q; want exit 0 and %q", r.code, r.stdout, r.stderr, wantOut)
		}
	}
	fails := func(r result, code int, wantErr string) {
		t.Helper()
		if r.code != code || !strings.Contains(r.stderr, wantErr) {
			t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, code, wantErr)
		}
	}

	ok(run("wet-ferry-lantern-91\n", "user", "add", "--email", "Ana@Example.org", "--role", "editor"), "added ana@example.org (editor)")
	fails(run("short\n", "user", "add", "--email", "ben@example.org", "--role", "editor"), 1, "shorter than 12 characters")
	fails(run("password1234\n", "user", "add", "--email", "ben@example.org", "--role", "editor"), 1, "one of the most common passwords")
	fails(run("another-good-passphrase\n", "user", "add", "--email", "ana@example.org", "--role", "admin"), 1, "already exists")
	fails(run("", "user", "add", "--email", "ben@example.org", "--role", "editor"), 1, "no password on standard input")
	fails(run("", "user", "add", "--email", "ben@example.org", "--role", "root"), 2, `"root" is not a role`)
	fails(run("", "user", "frob"), 2, `unknown subcommand "frob"`)
	fails(run("", "user"), 2, "want a subcommand")
	fails(run("", "user", "disable"), 2, "--email is required")
	fails(run("", "user", "disable", "--email", "nobody@example.org"), 1, "not found")

	ok(run("", "user", "role", "--email", "ana@example.org", "--role", "admin"), "ana@example.org: role admin")
	ok(run("", "user", "disable", "--email", "ana@example.org"), "ana@example.org: disabled")
	r := run("", "user", "list")
	ok(r, "EMAIL")
	if !regexp.MustCompile(`(?m)^ana@example\.org\s+admin\s+disabled\s+no\s+never$`).MatchString(r.stdout) {
		t.Errorf("user list:\n%s", r.stdout)
	}
	ok(run("", "user", "enable", "--email", "ana@example.org"), "ana@example.org: enabled")
	fails(run("short\n", "user", "password", "--email", "ana@example.org"), 1, "shorter than 12")
	ok(run("quiet harbour of Vienna\n", "user", "password", "--email", "ana@example.org"), "password changed")

	r = run("", "user", "totp", "--email", "ana@example.org")
	ok(r, "otpauth://totp/Plenary:ana@example.org?")
	m := regexp.MustCompile(`secret: ([A-Z2-7]{32})`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no secret in %q", r.stdout)
	}
	fails(run("", "user", "totp", "--email", "ana@example.org", "--code", "000000x"), 1, "wrong")
	ok(run("", "user", "totp", "--email", "ana@example.org", "--code", auth.TOTPCode(m[1], time.Now())), "second factor on")
	if r := run("", "user", "list"); !regexp.MustCompile(`(?m)^ana@example\.org\s+admin\s+active\s+yes\s+never$`).MatchString(r.stdout) {
		t.Errorf("user list after totp:\n%s", r.stdout)
	}

	fails(run("", "token", "create", "--email", "ana@example.org"), 2, "--email and --name are required")
	r = run("", "token", "create", "--email", "ana@example.org", "--name", "nightly import")
	if r.code != 0 || !regexp.MustCompile(`^plenary_[A-Za-z0-9_-]{43}\n$`).MatchString(r.stdout) || !strings.Contains(r.stderr, "will not be shown again") {
		t.Fatalf("token create: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	plain := strings.TrimSpace(r.stdout)
	r = run("", "token", "list", "--email", "ana@example.org")
	lm := regexp.MustCompile(`(?m)^([0-9a-f]{12})\s+ana@example\.org\s+nightly import\s+.*\s+never\s+active$`).FindStringSubmatch(r.stdout)
	if lm == nil {
		t.Fatalf("token list:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, plain) {
		t.Error("token list shows the plain token")
	}
	ok(run("", "token", "revoke", "--id", lm[1]), "token "+lm[1]+" revoked")
	fails(run("", "token", "revoke", "--id", "000000000000"), 1, "not found")
	if r := run("", "token", "list"); !strings.Contains(r.stdout, "revoked") {
		t.Errorf("token list after revoke:\n%s", r.stdout)
	}

	// What the commands did is in the audit log, by "cli".
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: filepath.Join(data, "db"), Logger: testutil.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	st, err := mongostore.Open(context.Background(), srv.URI(), "plenary")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(context.Background())
	es, err := st.List(context.Background(), audit.Filter{Actor: audit.CLI})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(es) - 1; i >= 0; i-- {
		got = append(got, es[i].Action)
	}
	want := "user.add user.role user.disable user.enable user.password totp.enroll totp.confirm totp.confirm token.create token.revoke"
	if strings.Join(got, " ") != want {
		t.Errorf("audit actions by cli:\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if bearerOK(t, st, plain) {
		t.Error("the revoked token still works")
	}
}

func bearerOK(t *testing.T, st *mongostore.Store, plain string) bool {
	_, _, err := auth.New(st, auth.Options{}).Bearer(context.Background(), plain)
	return err == nil
}
