// Command plenary runs the Plenary portal and its tools.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"plenary/internal/app"
	"plenary/internal/config"
	"plenary/internal/datadir"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

type command struct {
	name, args, summary string
	run                 func(ctx context.Context, fs *flag.FlagSet, args []string) error
}

var commands = []command{
	{"serve", "", "run the portal (HTTP server and JSON API)", serve},
	{"import", "FILE|-", "import JSON Lines records from FILE or standard input", importCmd},
	{"reindex", "", "rebuild the search index from the database (the server must be stopped)", reindex},
	{"user", "add|list|disable|enable|role|password|totp", "manage user accounts (passwords are read from standard input)", userCmd},
	{"token", "create|list|revoke", "manage API tokens", tokenCmd},
	{"version", "", "print the version", func(context.Context, *flag.FlagSet, []string) error {
		fmt.Println("plenary", version)
		return nil
	}},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Plenary: meetings and documents of the UN bodies against human trafficking and migrant smuggling.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: plenary <command> [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'plenary <command> --help' for the flags of a command. Every setting can also")
	fmt.Fprintln(w, "be given in the environment (PLENARY_ADDR, PLENARY_DATA_DIR, PLENARY_MONGODB_URI, …).")
}

func main() {
	os.Exit(run(os.Args[1:]))
}

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

func run(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(os.Stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		fs := flag.NewFlagSet("plenary "+c.name, flag.ContinueOnError)
		fs.Usage = func() {
			fmt.Fprintf(fs.Output(), "Usage: plenary %s\n\n%s.\n\nFlags:\n", strings.TrimSpace(c.name+" [flags] "+c.args), c.summary)
			fs.PrintDefaults()
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := c.run(ctx, fs, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintln(os.Stderr, "plenary "+c.name+": "+err.Error())
			return exitUsage
		default:
			fmt.Fprintln(os.Stderr, "plenary "+c.name+": "+err.Error())
			return exitFailed
		}
	}
	fmt.Fprintf(os.Stderr, "plenary: unknown command %q\n\n", args[0])
	usage(os.Stderr)
	return exitUsage
}

// usageError is a mistake in the command line or the settings.
type usageError struct{ error }

// parse reads the flags and settings, and returns the arguments left.
func parse(fs *flag.FlagSet, args []string) (config.Config, []string, error) {
	build := config.Register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config.Config{}, nil, err
		}
		return config.Config{}, nil, usageError{err}
	}
	cfg, err := build(os.Getenv)
	if err != nil {
		return config.Config{}, nil, usageError{err}
	}
	return cfg, fs.Args(), nil
}

// open opens the portal with a logger at the configured level.
func open(ctx context.Context, cfg config.Config, opts app.Options) (*app.App, error) {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	a, err := app.Open(ctx, cfg, log, opts)
	var locked *datadir.LockedError
	if errors.As(err, &locked) {
		return nil, fmt.Errorf("%w; stop it first, or choose another PLENARY_DATA_DIR", err)
	}
	return a, err
}

func serve(ctx context.Context, fs *flag.FlagSet, args []string) error {
	cfg, rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", rest[0])}
	}
	a, err := open(ctx, cfg, app.Options{Command: "plenary serve", Serve: true, Own: true})
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx)
}
