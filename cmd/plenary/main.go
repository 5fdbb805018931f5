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

// setup parses the flags and settings and opens the portal.
func setup(ctx context.Context, fs *flag.FlagSet, args []string, opts app.Options) (*app.App, []string, error) {
	build := config.Register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil, err
		}
		return nil, nil, usageError{err}
	}
	cfg, err := build(os.Getenv)
	if err != nil {
		return nil, nil, usageError{err}
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	a, err := app.Open(ctx, cfg, log, opts)
	var locked *datadir.LockedError
	if errors.As(err, &locked) {
		return nil, nil, fmt.Errorf("%w; stop it first, or choose another PLENARY_DATA_DIR", err)
	}
	return a, fs.Args(), err
}

func serve(ctx context.Context, fs *flag.FlagSet, args []string) error {
	a, rest, err := setup(ctx, fs, args, app.Options{Command: "plenary serve"})
	if err != nil {
		return err
	}
	defer a.Close()
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", rest[0])}
	}
	return a.Serve(ctx)
}
