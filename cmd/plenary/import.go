package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"plenary/internal/app"
	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/publish"
	"plenary/internal/upload"
)

// importCmd imports a JSON Lines file. File paths in it are relative to
// the file's folder (to the working directory for standard input).
func importCmd(ctx context.Context, fs *flag.FlagSet, args []string) error {
	dryRun := fs.Bool("dry-run", false, "validate only; store nothing")
	cfg, rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{fmt.Errorf("want one FILE (or - for standard input), got %d arguments", len(rest))}
	}
	a, err := open(ctx, cfg, app.Options{Command: "plenary import", Join: true})
	if err != nil {
		return err
	}
	defer a.Close()

	var (
		in  io.Reader = os.Stdin
		dir           = "."
	)
	if rest[0] != "-" {
		f, err := os.Open(rest[0])
		if err != nil {
			return err
		}
		defer f.Close()
		in, dir = f, filepath.Dir(rest[0])
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()

	// Files are vetted as uploads are; the server extracts their text.
	limits := upload.DefaultLimits()
	limits.MaxSize = cfg.MaxUpload
	im := importer.Importer{Store: a.Store, Blobs: a.Blobs, Files: root.FS(), DryRun: *dryRun,
		CheckFile: publish.CheckImportFile(limits), MaxFileSize: cfg.MaxUpload, PendingExtraction: true}
	rep, err := im.Import(ctx, in)
	for _, e := range rep.Errors {
		fmt.Fprintln(os.Stderr, e.Error())
	}
	fmt.Println(summary(rep, *dryRun))
	if err != nil {
		return err
	}
	if len(rep.Errors) > 0 {
		return fmt.Errorf("%d of %d lines have errors", countLines(rep.Errors), rep.Lines)
	}
	return nil
}

func summary(rep importer.Report, dryRun bool) string {
	var valid []string
	for _, k := range catalog.Kinds {
		if n := rep.Valid[k]; n > 0 {
			valid = append(valid, fmt.Sprintf("%d %s", n, plural(string(k), n)))
		}
	}
	if len(valid) == 0 {
		valid = []string{"no records"}
	}
	s := fmt.Sprintf("read %d %s: %s valid", rep.Lines, plural("line", rep.Lines), strings.Join(valid, ", "))
	if dryRun {
		return s + "; dry run, nothing stored"
	}
	st := rep.Stored
	return s + fmt.Sprintf("; stored: %d created, %d updated, %d unchanged", st.Created, st.Updated, st.Unchanged)
}

func plural(word string, n int) string {
	switch {
	case n == 1:
		return word
	case strings.HasSuffix(word, "y"):
		return strings.TrimSuffix(word, "y") + "ies"
	}
	return word + "s"
}

func countLines(errs []importer.LineError) int {
	lines := map[int]bool{}
	for _, e := range errs {
		lines[e.Line] = true
	}
	return len(lines)
}
