package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"plenary/internal/app"
	"plenary/internal/changefeed"
)

// reindex rebuilds the search index from the database. It takes the data
// directory, so the server that holds it must be stopped first; a server
// rebuilds its index by itself when the index is missing or out of date.
func reindex(ctx context.Context, fs *flag.FlagSet, args []string) error {
	cfg, rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", rest[0])}
	}
	a, err := open(ctx, cfg, app.Options{Command: "plenary reindex", Own: true})
	if err != nil {
		return err
	}
	defer a.Close()
	index, err := a.OpenIndex()
	if err != nil {
		return err
	}
	defer index.Close()
	start := time.Now()
	f := changefeed.New(a.Store, index, changefeed.Options{WithText: true, Logger: a.Log})
	if err := f.Rebuild(ctx); err != nil {
		return err
	}
	n, err := index.DocCount()
	if err != nil {
		return err
	}
	fmt.Printf("search index rebuilt: %d documents in %s\n", n, time.Since(start).Round(time.Millisecond))
	return nil
}
