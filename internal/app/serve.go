package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"plenary/internal/auth"
	"plenary/internal/changefeed"
	"plenary/internal/demo"
	"plenary/internal/extract"
	"plenary/internal/publish"
	"plenary/internal/readmodel"
	"plenary/internal/search"
	"plenary/internal/search/bleveindex"
	"plenary/internal/upload"
	"plenary/internal/web"
)

// Feed upkeep: trim to the newest trimKeep changes once the change at the
// cut is trimAge old; announce the writes of writers whose intents have
// not been dated for recoverAge (writers date them every 5 s).
const (
	trimKeep   = 5000
	trimAge    = 10 * time.Minute
	recoverAge = 30 * time.Second
	upkeep     = 30 * time.Second
)

// Serve runs the portal until ctx ends: the HTTP server starts at once, and
// answers 503 until the catalogue is loaded (search: until its index is
// built).
func (a *App) Serve(ctx context.Context) error {
	model := readmodel.New()
	follower := changefeed.New(a.Store, model, changefeed.Options{Logger: a.Log})
	index, err := a.OpenIndex()
	if err != nil {
		return err
	}
	defer index.Close()
	indexer := changefeed.New(a.Store, index, changefeed.Options{Start: index.Position(), WithText: true, Logger: a.Log.With("component", "search")})
	extractor := extract.New(extract.DefaultLimits())
	defer extractor.Close()
	limits := upload.DefaultLimits()
	limits.MaxSize = a.Config.MaxUpload
	publisher := publish.New(publish.Deps{
		Store:     a.Store,
		Blobs:     a.Blobs,
		Model:     model,
		Audit:     a.Store,
		Extractor: extractor,
		Limits:    limits,
		Logger:    a.Log.With("component", "publish"),
	})
	accounts := a.Accounts()
	engine, err := web.New(web.Deps{
		Model:          model,
		Store:          a.Store,
		Blobs:          a.Blobs,
		Search:         index,
		CatalogReady:   follower.Ready,
		SearchReady:    index.Ready,
		Logger:         a.Log,
		BaseURL:        a.Config.BaseURL,
		Auth:           accounts,
		Audit:          a.Store,
		Publish:        publisher,
		MaxUpload:      a.Config.MaxUpload,
		TrustedProxies: a.Config.TrustedProxies,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.Config.Addr, err)
	}
	srv := &http.Server{
		Handler:           engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	a.Log.Info("listening", "addr", ln.Addr().String(), "url", localURL(ln.Addr()))

	if a.Config.Demo {
		rep, loaded, err := demo.LoadIfEmpty(ctx, a.Store, a.Blobs)
		switch {
		case err != nil:
			a.Log.Error("demo content: not loaded", "err", err)
		case loaded:
			a.Log.Info("demo content: loaded", "created", rep.Stored.Created, "errors", len(rep.Errors))
			for _, e := range rep.Errors {
				a.Log.Warn("demo content: " + e.Error())
			}
		}
		accs, err := demo.AccountsIfNone(ctx, accounts)
		if err != nil {
			a.Log.Error("demo accounts: not created", "err", err)
		}
		for _, acc := range accs {
			a.Log.Info("demo account: sign in at "+localURL(ln.Addr())+"/en/login", "email", acc.Email, "role", acc.Role, "password", acc.Password)
		}
	}

	// The followers stop before the index closes (defers run last first).
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stopBG(); wg.Wait() }()
	wg.Go(func() { follower.Run(bg) })
	wg.Go(func() { indexer.Run(bg) })
	wg.Go(func() { a.keepFeed(bg) })
	wg.Go(func() { a.pruneAccounts(bg, accounts) })
	wg.Go(func() { publisher.Run(bg) })

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// OpenIndex opens the search index in the data directory (data/search).
func (a *App) OpenIndex() (*bleveindex.Index, error) {
	g, err := search.LoadGlossary()
	if err != nil {
		return nil, err
	}
	return bleveindex.Open(bleveindex.Options{
		Dir:      filepath.Join(a.Config.DataDir, "search"),
		Logger:   a.Log.With("component", "search"),
		Glossary: g,
	})
}

// keepFeed announces the writes of writers that stopped, and keeps the
// change collection small.
func (a *App) keepFeed(ctx context.Context) {
	t := time.NewTicker(upkeep)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := a.Store.Recover(ctx, recoverAge); err != nil && ctx.Err() == nil {
			a.Log.Warn("change feed: recovery failed", "err", err)
		} else if n > 0 {
			a.Log.Warn("change feed: announced the writes of stopped writers", "intents", n)
		}
		if _, err := a.Store.Trim(ctx, trimKeep, trimAge); err != nil && ctx.Err() == nil {
			a.Log.Warn("change feed: trim failed", "err", err)
		}
	}
}

// pruneAccounts deletes ended login sessions and old failed sign-ins
// every few minutes.
func (a *App) pruneAccounts(ctx context.Context, accounts *auth.Service) {
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := accounts.Prune(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("accounts: pruning ended sessions failed", "err", err)
		}
	}
}

// localURL is the address to open in a browser on this machine.
func localURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return ""
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() || tcp.IP.IsLoopback() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}
