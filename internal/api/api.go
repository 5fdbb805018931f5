// Package api serves the JSON API under /api/v1. Lists and look-ups come
// from the in-memory read model; only a version's full text and files are
// read from the stores.
package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/publish"
	"plenary/internal/readmodel"
	"plenary/internal/search"
	"plenary/internal/store"
)

// Deps is what the API handlers need.
type Deps struct {
	Model *readmodel.Model
	Store store.Catalog
	Blobs store.Blobs
	// Search answers /search; nil on a server without a search index.
	Search search.Searcher
	// Now is the clock that decides session status.
	Now func() time.Time
	// Fail renders an error; it is shared with the HTML pages.
	Fail func(c *gin.Context, err error)
	// Publish makes every write; nil answers the write routes 503.
	Publish *publish.Service
	// BaseURL is the portal's public address, for the absolute addresses
	// citations carry; empty takes the request's host.
	BaseURL string
	// MaxUpload is the largest file an upload may carry; the request body
	// may be 1 MiB more. Zero takes the publishing service's limit.
	MaxUpload int64
}

type handler struct{ Deps }

// Register adds the API routes to rg, which is mounted at /api/v1. Every
// read answers GET and HEAD; the writes need a signed-in editor or
// administrator (the user the web middleware put in the request context).
func Register(rg *gin.RouterGroup, d Deps) {
	h := handler{d}
	for path, fn := range map[string]gin.HandlerFunc{
		"":                     h.index,
		"/languages":           h.languagesList,
		"/bodies":              h.bodiesList,
		"/bodies/*code":        h.bodyShow,
		"/sessions":            h.sessionsList,
		"/sessions/*id":        h.sessionShow,
		"/documents/*path":     h.documentRoute,
		"/recommendations":     h.recommendationsList,
		"/recommendations/*id": h.recommendationShow,
		"/search":              h.search,
		"/openapi.json":        h.openAPI,
	} {
		rg.GET(path, fn)
		rg.HEAD(path, fn)
	}

	w := rg.Group("", h.requireEditor)
	w.POST("/bodies", h.bodyCreate)
	w.PUT("/bodies/*code", h.bodyUpdate)
	w.POST("/sessions", h.sessionCreate)
	w.PUT("/sessions/*id", h.sessionUpdate)
	w.POST("/documents", h.documentCreate)
	// PUT /documents/{id}, PUT /documents/{id}/versions/{lang},
	// POST /documents/{id}/publish, POST /documents/{id}/withdraw.
	w.PUT("/documents/*path", h.documentWriteRoute)
	w.POST("/documents/*path", h.documentWriteRoute)
	w.POST("/recommendations", h.recommendationCreate)
	w.PUT("/recommendations/*id", h.recommendationUpdate)
	w.POST("/import", h.importRoute)
}

// storeTimeout bounds a request's reads from the database and file store,
// so that a database that does not answer gives a prompt 503.
const storeTimeout = 5 * time.Second

// audience is who the request is from: the public, a participant, or
// staff (editors and administrators), by the signed-in user.
func audience(c *gin.Context) catalog.Audience {
	return auth.AudienceOf(auth.UserFrom(c.Request.Context()))
}

func (h handler) today() catalog.Date { return catalog.DateOf(h.Now().UTC()) }

// list is the envelope of every paged list.
type list[T any] struct {
	Total int `json:"total"`
	Page  int `json:"page"`
	Size  int `json:"size"`
	Items []T `json:"items"`
}

// paged cuts one page out of items.
func paged[T any](items []T, page, size int) list[T] {
	out := list[T]{Total: len(items), Page: page, Size: size, Items: []T{}}
	start := (page - 1) * size
	if start < len(items) {
		out.Items = items[start:min(start+size, len(items))]
	}
	return out
}

// paging reads page (from 1) and size (1–100, default 50).
func paging(c *gin.Context) (page, size int, err error) {
	page, err = intParam(c, "page", 1, 1, 1_000_000)
	if err != nil {
		return 0, 0, err
	}
	size, err = intParam(c, "size", 50, 1, 100)
	return page, size, err
}

func intParam(c *gin.Context, name string, def, lo, hi int) (int, error) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, apperr.BadParam(name, "must be a whole number from %d to %d, not %q", lo, hi, s)
	}
	return n, nil
}

func boolParam(c *gin.Context, name string) (value, given bool, err error) {
	s, ok := c.GetQuery(name)
	if !ok || s == "" {
		return false, false, nil
	}
	b, perr := strconv.ParseBool(s)
	if perr != nil {
		return false, false, apperr.BadParam(name, "must be true or false, not %q", s)
	}
	return b, true, nil
}

// pathID returns a catch-all path parameter without its leading slash.
func pathID(c *gin.Context, name string) string {
	id := c.Param(name)
	if len(id) > 0 && id[0] == '/' {
		id = id[1:]
	}
	return id
}

func (h handler) index(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{
		"name": "Plenary",
		"links": gin.H{
			"languages":       "/api/v1/languages",
			"bodies":          "/api/v1/bodies",
			"sessions":        "/api/v1/sessions",
			"documents":       "/api/v1/documents/{id}",
			"versions":        "/api/v1/documents/{id}/versions/{lang}",
			"recommendations": "/api/v1/recommendations",
			"search":          "/api/v1/search?q={query}",
			"openapi":         "/api/v1/openapi.json",
		},
	})
}
