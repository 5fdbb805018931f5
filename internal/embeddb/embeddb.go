// Package embeddb runs the embedded MongoDB-compatible database: FerretDB
// with its SQLite backend, in this process, under the data directory. The
// rest of the portal reaches it through the MongoDB driver exactly as it
// reaches a real MongoDB.
package embeddb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// Version names the embedded engine, for logs.
const Version = "FerretDB v1.24.2 (SQLite)"

// Options configures the embedded server.
type Options struct {
	// Dir holds the SQLite files, one per database.
	Dir string
	// TCPAddr, if set, is an extra TCP address (host:port) to listen on,
	// so that other processes can connect.
	TCPAddr string
	// Logger receives the engine's errors. Its informational messages and
	// warnings (one per connection, and one each time a driver ends its
	// sessions, a command the engine lacks) are dropped.
	Logger *slog.Logger
}

// Server is a running embedded database.
type Server struct {
	dir    string
	uri    string
	tcpURI string
	cancel context.CancelFunc
	done   chan struct{}
}

// maxSocketPath keeps the Unix socket path under the operating systems' limit.
const maxSocketPath = 100

// Start starts the embedded database in opts.Dir and waits until it answers.
// The caller must hold the data directory's lock.
func Start(ctx context.Context, opts Options) (*Server, error) {
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if strings.ContainsAny(dir, "#?%") {
		return nil, fmt.Errorf("embedded database: the path %q has a '#', '?' or '%%', which the engine cannot open; choose another data directory", dir)
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("embedded database: %w", err)
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.Default()
	}
	logger = slog.New(errorsOnly{logger.Handler()})

	listener := ferretdb.ListenerConfig{TCP: opts.TCPAddr}
	socket := filepath.Join(dir, "mongodb.sock")
	if len(socket) < maxSocketPath {
		_ = os.Remove(socket) // left behind by a process that ended without cleaning up; we hold the lock
		listener.Unix = socket
	} else if listener.TCP == "" {
		listener.TCP = "127.0.0.1:0"
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Handler:   "sqlite",
		SQLiteURL: (&url.URL{Scheme: "file", Opaque: dir + "/"}).String(),
		Logger:    logger,
	})
	if err != nil {
		return nil, fmt.Errorf("embedded database: %w", err)
	}
	runCtx, cancel := context.WithCancel(context.Background())
	s := &Server{dir: dir, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(s.done)
		_ = f.Run(runCtx)
	}()

	if listener.TCP != "" {
		s.tcpURI = f.MongoDBURI() // waits until the listener is up
	}
	if listener.Unix != "" {
		s.uri = "mongodb://" + url.PathEscape(socket) + "/"
	} else {
		s.uri = s.tcpURI
	}
	if err := s.waitReady(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// URI is the connection string for processes on this machine.
func (s *Server) URI() string { return s.uri }

// TCPURI is the connection string of the extra TCP listener, if any.
func (s *Server) TCPURI() string { return s.tcpURI }

func (s *Server) waitReady(ctx context.Context) error {
	client, err := mongo.Connect(options.Client().ApplyURI(s.uri).SetServerSelectionTimeout(5 * time.Second))
	if err != nil {
		return fmt.Errorf("embedded database: %w", err)
	}
	defer client.Disconnect(context.Background())
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	for {
		err := client.Ping(ctx, nil)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("embedded database did not start: %w", err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// IndexIDs adds to every collection of database db an SQLite index on the
// exact expression the engine uses to look records up by _id. FerretDB
// 1.24 creates its own _id index on a different expression, which SQLite
// cannot use for those look-ups, so without this every find, update or
// delete by _id scans the whole collection. Run it after the collections
// exist; it is idempotent and cheap when the indexes are there.
func (s *Server) IndexIDs(ctx context.Context, db string) error {
	path := filepath.Join(s.dir, db+".sqlite")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	conn, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Opaque: path, RawQuery: "_pragma=busy_timeout(10000)"}).String())
	if err != nil {
		return fmt.Errorf("embedded database: %w", err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return fmt.Errorf("embedded database: list collections: %w", err)
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_plenary_id", t)
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("embedded database: index %s: %w", t, err)
		}
	}
	return nil
}

// Close stops the server and waits until its files are closed.
func (s *Server) Close() error {
	s.cancel()
	<-s.done
	return nil
}

// errorsOnly passes on only records at error level or above.
type errorsOnly struct{ slog.Handler }

func (h errorsOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelError && h.Handler.Enabled(ctx, l)
}

func (h errorsOnly) WithAttrs(attrs []slog.Attr) slog.Handler {
	return errorsOnly{h.Handler.WithAttrs(attrs)}
}

func (h errorsOnly) WithGroup(name string) slog.Handler { return errorsOnly{h.Handler.WithGroup(name)} }
