// Package app opens what a command needs: the data directory, the database
// (embedded or MongoDB), the store and the blob store.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"plenary/internal/config"
	"plenary/internal/datadir"
	"plenary/internal/embeddb"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	mongostore "plenary/internal/store/mongo"
)

// App is an opened portal: configuration, logger and stores.
type App struct {
	Config config.Config
	Log    *slog.Logger
	Store  *mongostore.Store
	Blobs  store.Blobs

	lock     *datadir.Lock
	embedded *embeddb.Server
	joined   *datadir.Holder // the server whose database this process works through
}

// Options say how a command opens the portal.
type Options struct {
	// Command names the command, for the lock file.
	Command string
	// Serve lets other commands work through this process's embedded
	// database while it holds the data directory.
	Serve bool
	// Join lets a command work through the embedded database of a server
	// that holds the data directory, instead of failing.
	Join bool
	// Own takes the data directory with MongoDB too: a command that
	// writes the search index there needs it to itself.
	Own bool
}

// Open opens the portal's stores.
func Open(ctx context.Context, cfg config.Config, log *slog.Logger, opts Options) (*App, error) {
	a := &App{Config: cfg, Log: log}
	uri := cfg.MongoURI
	if cfg.Embedded() {
		var err error
		if uri, err = a.openEmbedded(ctx, opts); err != nil {
			a.Close()
			return nil, err
		}
	} else {
		if opts.Own {
			lock, err := datadir.Acquire(cfg.DataDir, opts.Command)
			if err != nil {
				return nil, err
			}
			a.lock = lock
		}
		log.Info("database: MongoDB", "uri", config.Redacted(uri), "db", cfg.DB)
	}
	st, err := mongostore.Open(ctx, uri, cfg.DB)
	if err != nil {
		a.Close()
		return nil, fmt.Errorf("database: %w", err)
	}
	a.Store = st
	if err := st.Init(ctx); err != nil {
		a.Close()
		return nil, fmt.Errorf("database: %w", err)
	}
	if a.embedded != nil {
		if err := a.embedded.IndexIDs(ctx, cfg.DB); err != nil {
			a.Close()
			return nil, err
		}
	}
	if a.joined != nil {
		cfg.Blobs = a.joined.Blobs // files go where the server keeps them
	}
	switch cfg.BlobStore() {
	case "gridfs":
		a.Blobs = mongostore.NewGridFS(st.Database())
		log.Info("files: GridFS", "bucket", "blobs")
	default:
		dir := filepath.Join(cfg.DataDir, "files")
		if a.Blobs, err = blobdir.New(dir); err != nil {
			a.Close()
			return nil, err
		}
		log.Info("files: local folder", "dir", dir)
	}
	return a, nil
}

// openEmbedded takes the data directory and starts the embedded database,
// or, when sharing is allowed and a server holds the directory, returns
// the address of that server's database.
func (a *App) openEmbedded(ctx context.Context, opts Options) (string, error) {
	cfg := a.Config
	lock, err := datadir.Acquire(cfg.DataDir, opts.Command)
	var locked *datadir.LockedError
	if errors.As(err, &locked) && opts.Join {
		locked.Holder = waitForShare(ctx, cfg.DataDir, locked.Holder)
	}
	if errors.As(err, &locked) && opts.Join && locked.Holder.URI != "" {
		a.Log.Info("database: embedded, through the server that holds the data directory",
			"dir", cfg.DataDir, "pid", locked.Holder.PID, "uri", locked.Holder.URI)
		a.joined = &locked.Holder
		return locked.Holder.URI, nil
	}
	if err != nil {
		return "", err
	}
	a.lock = lock
	if opts.Serve {
		if err := lock.Share("", cfg.BlobStore()); err != nil { // starting
			return "", err
		}
	}
	dbDir := filepath.Join(cfg.DataDir, "db")
	emb, err := embeddb.Start(ctx, embeddb.Options{
		Dir:     dbDir,
		TCPAddr: cfg.EmbeddedAddr,
		Logger:  a.Log.With("component", "embedded-db"),
	})
	if err != nil {
		return "", err
	}
	a.embedded = emb
	if opts.Serve {
		if err := lock.Share(emb.URI(), cfg.BlobStore()); err != nil {
			return "", err
		}
	}
	a.Log.Info("database: embedded "+embeddb.Version, "dir", dbDir, "db", cfg.DB)
	if emb.TCPURI() != "" {
		a.Log.Info("database: embedded, also listening for other replicas", "uri", emb.TCPURI())
	}
	return emb.URI(), nil
}

// waitForShare gives a server that holds the data directory but is still
// starting its embedded database a few seconds to say where it is.
func waitForShare(ctx context.Context, dir string, h datadir.Holder) datadir.Holder {
	deadline := time.Now().Add(15 * time.Second)
	for h.Serves && h.URI == "" && time.Now().Before(deadline) && ctx.Err() == nil {
		time.Sleep(100 * time.Millisecond)
		if again, err := datadir.ReadHolder(dir); err == nil {
			h = again
		}
	}
	return h
}

// Close closes everything Open opened, in reverse order.
func (a *App) Close() {
	if a.Store != nil {
		_ = a.Store.Close(context.Background())
	}
	if a.embedded != nil {
		_ = a.embedded.Close()
	}
	if a.lock != nil {
		_ = a.lock.Release()
	}
}
