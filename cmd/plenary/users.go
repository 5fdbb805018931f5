package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"plenary/internal/app"
	"plenary/internal/audit"
	"plenary/internal/auth"
	"plenary/internal/config"
)

// userCmd manages accounts: plenary user add|list|disable|enable|role|password|totp.
// Passwords are read from standard input, never from the command line.
func userCmd(ctx context.Context, fs *flag.FlagSet, args []string) error {
	email := fs.String("email", "", "the user's email `address`")
	role := fs.String("role", "", "add, role: admin, editor or participant")
	code := fs.String("code", "", "totp: the current `code` of the authenticator app, to turn the second factor on")
	off := fs.Bool("off", false, "totp: remove the user's second factor")
	sub, cfg, err := parseSub(fs, args, "add", "list", "disable", "enable", "role", "password", "totp")
	if err != nil {
		return err
	}
	var r auth.Role
	if sub != "list" && *email == "" {
		return usageError{fmt.Errorf("%s: --email is required", sub)}
	}
	if sub == "add" || sub == "role" {
		if r, err = auth.ParseRole(*role); err != nil {
			return usageError{err}
		}
	}
	svc, a, err := openAuth(ctx, cfg, "plenary user "+sub)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithActor(ctx, audit.CLI)

	switch sub {
	case "add":
		pw, err := readPassword(os.Stdin)
		if err != nil {
			return err
		}
		u, err := svc.AddUser(ctx, *email, r, pw)
		if err != nil {
			return err
		}
		fmt.Printf("added %s (%s)\n", u.Email, u.Role)
	case "list":
		users, err := svc.Users(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "EMAIL\tROLE\tSTATUS\tTOTP\tLAST LOGIN")
		for _, u := range users {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Role, status(u.Disabled, "disabled", "active"), status(u.TOTP, "yes", "no"), when(u.LastLogin))
		}
		return w.Flush()
	case "disable", "enable":
		if err := svc.SetDisabled(ctx, *email, sub == "disable"); err != nil {
			return err
		}
		fmt.Printf("%s: %sd\n", auth.NormalizeEmail(*email), sub)
	case "role":
		if err := svc.SetRole(ctx, *email, r); err != nil {
			return err
		}
		fmt.Printf("%s: role %s\n", auth.NormalizeEmail(*email), r)
	case "password":
		if _, err := svc.User(ctx, *email); err != nil {
			return err
		}
		pw, err := readPassword(os.Stdin)
		if err != nil {
			return err
		}
		if err := svc.SetPassword(ctx, *email, pw); err != nil {
			return err
		}
		fmt.Printf("%s: password changed; the user's sessions are ended\n", auth.NormalizeEmail(*email))
	case "totp":
		return totp(ctx, svc, *email, *code, *off)
	}
	return nil
}

// totp sets up, confirms or removes a second factor.
func totp(ctx context.Context, svc *auth.Service, email, code string, off bool) error {
	email = auth.NormalizeEmail(email)
	switch {
	case off:
		if err := svc.DisableTOTP(ctx, email); err != nil {
			return err
		}
		fmt.Printf("%s: second factor removed\n", email)
	case code != "":
		if err := svc.ConfirmTOTP(ctx, email, code); err != nil {
			return err
		}
		fmt.Printf("%s: second factor on; sign-in now asks for a code\n", email)
	default:
		secret, url, err := svc.EnrollTOTP(ctx, email)
		if err != nil {
			return err
		}
		fmt.Printf("secret: %s\nurl: %s\n", secret, url)
		fmt.Fprintf(os.Stderr, "Add the secret (or the url, as a QR code) to an authenticator app, then turn it on with\n  plenary user totp --email %s --code CODE\n", email)
	}
	return nil
}

// tokenCmd manages API tokens: plenary token create|list|revoke.
func tokenCmd(ctx context.Context, fs *flag.FlagSet, args []string) error {
	email := fs.String("email", "", "create: the owner's email `address`; list: only this user's tokens")
	name := fs.String("name", "", "create: what the token is for")
	id := fs.String("id", "", "revoke: the token's `id`, as token list shows it")
	sub, cfg, err := parseSub(fs, args, "create", "list", "revoke")
	if err != nil {
		return err
	}
	switch {
	case sub == "create" && (*email == "" || strings.TrimSpace(*name) == ""):
		return usageError{errors.New("create: --email and --name are required")}
	case sub == "revoke" && *id == "":
		return usageError{errors.New("revoke: --id is required")}
	}
	svc, a, err := openAuth(ctx, cfg, "plenary token "+sub)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx = audit.WithActor(ctx, audit.CLI)

	switch sub {
	case "create":
		plain, t, err := svc.CreateToken(ctx, *email, *name)
		if err != nil {
			return err
		}
		fmt.Println(plain)
		fmt.Fprintf(os.Stderr, "token %s (%q for %s) created; it will not be shown again\n", t.ID, t.Name, t.Email)
	case "list":
		tokens, err := svc.Tokens(ctx, *email)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tEMAIL\tNAME\tCREATED\tLAST USED\tSTATUS")
		for _, t := range tokens {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Email, t.Name, when(t.Created), when(t.LastUsed), status(t.Revoked, "revoked", "active"))
		}
		return w.Flush()
	case "revoke":
		if err := svc.RevokeToken(ctx, *id); err != nil {
			return err
		}
		fmt.Printf("token %s revoked\n", *id)
	}
	return nil
}

// parseSub takes the subcommand, one of subs, then the flags and settings.
func parseSub(fs *flag.FlagSet, args []string, subs ...string) (string, config.Config, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if _, _, err := parse(fs, args); err != nil {
			return "", config.Config{}, err
		}
		return "", config.Config{}, usageError{fmt.Errorf("want a subcommand: %s", strings.Join(subs, ", "))}
	}
	sub := args[0]
	known := false
	for _, s := range subs {
		known = known || s == sub
	}
	if !known {
		return "", config.Config{}, usageError{fmt.Errorf("unknown subcommand %q; want %s", sub, strings.Join(subs, ", "))}
	}
	cfg, rest, err := parse(fs, args[1:])
	if err != nil {
		return "", config.Config{}, err
	}
	if len(rest) > 0 {
		return "", config.Config{}, usageError{fmt.Errorf("unexpected argument %q", rest[0])}
	}
	return sub, cfg, nil
}

// openAuth opens the portal, through a running server's embedded database
// if there is one, and the account service on it.
func openAuth(ctx context.Context, cfg config.Config, command string) (*auth.Service, *app.App, error) {
	a, err := open(ctx, cfg, app.Options{Command: command, Join: true})
	if err != nil {
		return nil, nil, err
	}
	return a.Accounts(), a, nil
}

// readPassword reads a new password: from a terminal, twice without echo;
// otherwise the first line of in.
func readPassword(in *os.File) (string, error) {
	if fd := int(in.Fd()); term.IsTerminal(fd) {
		fmt.Fprint(os.Stderr, "New password: ")
		a, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(os.Stderr, "Again: ")
		b, err := term.ReadPassword(fd)
		fmt.Fprintln(os.Stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the passwords differ")
		}
		return string(a), nil
	}
	return firstLine(in)
}

// firstLine returns the first line of r, without its line ending.
func firstLine(r io.Reader) (string, error) {
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input (give it on the first line)")
	}
	return line, nil
}

func status(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// when formats a time for the tables, in UTC.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}
