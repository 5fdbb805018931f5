// Package web builds the HTTP engine: middleware, error pages and problem
// documents, health checks, and the routes of every part of the portal
// (see routes.go).
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/audit"
	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/interop"
	"plenary/internal/publish"
	"plenary/internal/readmodel"
	"plenary/internal/search"
	"plenary/internal/store"
)

// Deps is what the engine and its handlers need.
type Deps struct {
	Model *readmodel.Model
	Store store.Store
	Blobs store.Blobs
	// Search is the search index; nil serves 503 on /api/v1/search.
	Search search.Searcher
	// CatalogReady reports whether the read model holds the whole catalogue.
	CatalogReady func() bool
	// SearchReady reports whether the search index is built.
	SearchReady func() bool
	Logger      *slog.Logger
	// BaseURL is the portal's public address for absolute links; empty
	// takes the request's host.
	BaseURL string
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Auth keeps accounts and login sessions; nil serves no sign-in, and
	// every page or request that needs an account is refused with 401.
	Auth *auth.Service
	// Audit is the audit log the administrators read; nil shows it empty.
	Audit audit.Log
	// Publish writes the catalogue for the editor pages and the API.
	Publish *publish.Service
	// MaxUpload is the largest file an editor may upload, in bytes; 0
	// takes the publishing service's limit, else DefaultMaxUpload.
	MaxUpload int64
	// OAIPageSize is how many items an OAI-PMH list page holds, and
	// SitemapURLs how many addresses a sitemap file lists; zero takes the
	// defaults (interop.DefaultOAIPageSize, defaultSitemapURLs).
	OAIPageSize int
	SitemapURLs int
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For names the client; none by default, so that a
	// visitor cannot choose the address that sign-in throttling counts.
	TrustedProxies []string
}

// DefaultMaxUpload is the largest upload when Deps.MaxUpload is 0.
const DefaultMaxUpload = 50 << 20

// New returns the engine with every route registered. It fails only when
// the embedded templates or interface strings do not load.
func New(d Deps) (*gin.Engine, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.OAIPageSize <= 0 {
		d.OAIPageSize = interop.DefaultOAIPageSize
	}
	if d.SitemapURLs <= 0 {
		d.SitemapURLs = defaultSitemapURLs
	}
	if d.CatalogReady == nil {
		d.CatalogReady = func() bool { return true }
	}
	if d.MaxUpload <= 0 {
		d.MaxUpload = DefaultMaxUpload
		if d.Publish != nil {
			d.MaxUpload = d.Publish.Limits().MaxSize
		}
	}
	if d.SearchReady == nil {
		d.SearchReady = func() bool { return d.Search != nil }
	}
	locales, err := LoadLocales()
	if err != nil {
		return nil, err
	}
	pages, err := loadPages()
	if err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.HandleMethodNotAllowed = true
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}
	s := &server{Deps: d, Locales: locales, pages: pages}
	e.Use(s.logRequests, s.recover, secureHeaders, s.crossOrigin(), s.authenticate, limitBodies)
	s.routes(e)
	return e, nil
}

// server holds the engine's dependencies for its own handlers.
type server struct {
	Deps
	Locales *Locales
	pages   *pages
}

// audience is who the request is from: the public, a participant or staff.
func audience(c *gin.Context) catalog.Audience {
	return auth.AudienceOf(auth.UserFrom(c.Request.Context()))
}

// today is the date that decides whether a session is upcoming.
func (s *server) today() catalog.Date { return catalog.DateOf(s.Now().UTC()) }

// ping checks the database with a short deadline.
func (s *server) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return s.Store.Ping(ctx)
}
