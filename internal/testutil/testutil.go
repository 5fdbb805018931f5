// Package testutil starts the real embedded database for tests and holds
// named fixtures.
package testutil

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"

	"plenary/internal/embeddb"
	mongostore "plenary/internal/store/mongo"
)

// DB is the database name tests use.
const DB = "plenary_test"

// Quiet is a logger that discards everything.
func Quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// Embedded starts an embedded database in a fresh temporary folder and
// stops it when the test ends.
func Embedded(t testing.TB) *embeddb.Server {
	t.Helper()
	srv, err := embeddb.Start(context.Background(), embeddb.Options{Dir: filepath.Join(t.TempDir(), "db"), Logger: Quiet()})
	if err != nil {
		t.Fatalf("start embedded database: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// Store returns a store on a fresh embedded database, initialised.
func Store(t testing.TB) *mongostore.Store {
	t.Helper()
	return StoreOn(t, Embedded(t))
}

// StoreOn returns an initialised store on srv.
func StoreOn(t testing.TB, srv *embeddb.Server) *mongostore.Store {
	t.Helper()
	ctx := context.Background()
	st, err := mongostore.Open(ctx, srv.URI(), DB)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close(context.Background()) })
	if err := st.Init(ctx); err != nil {
		t.Fatalf("init store: %v", err)
	}
	if err := srv.IndexIDs(ctx, DB); err != nil {
		t.Fatalf("index ids: %v", err)
	}
	return st
}
