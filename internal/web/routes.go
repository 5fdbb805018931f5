package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/api"
	"plenary/internal/apperr"
)

// routes registers every route of the portal. This is the one place that
// shows them all; each package adds its own under its prefix.
func (s *server) routes(e *gin.Engine) {
	for path, fn := range map[string]gin.HandlerFunc{"/healthz": s.healthz, "/readyz": s.readyz} {
		e.GET(path, fn)
		e.HEAD(path, fn)
	}
	e.GET("/", func(c *gin.Context) { c.Redirect(http.StatusFound, "/api/v1") })

	// JSON API: /api/v1/bodies, /sessions, /documents, /recommendations, /search (see internal/api).
	v1 := e.Group("/api/v1", s.requireCatalog)
	api.Register(v1, api.Deps{Model: s.Model, Store: s.Store, Blobs: s.Blobs, Search: s.Search, Now: s.Now, Fail: s.Fail})

	e.NoRoute(func(c *gin.Context) {
		s.Fail(c, apperr.NotFound("no page at %s", c.Request.URL.Path))
	})
	e.NoMethod(func(c *gin.Context) {
		s.Fail(c, &apperr.Error{Status: http.StatusMethodNotAllowed, ID: "error.method_not_allowed",
			Message: c.Request.Method + " is not allowed on " + c.Request.URL.Path})
	})
}

// requireCatalog answers 503 until the read model holds the whole catalogue.
func (s *server) requireCatalog(c *gin.Context) {
	if !s.CatalogReady() {
		s.Fail(c, apperr.Unavailable("the catalogue is loading; try again in a few seconds", nil))
		return
	}
	c.Next()
}
