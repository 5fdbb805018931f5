package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/api"
	"plenary/internal/apperr"
	"plenary/internal/auth"
	"plenary/internal/catalog"
)

// routes registers every route of the portal: this is the one place that
// shows them all. The pages' handlers are in this package, one file each;
// the API registers its own under /api/v1.
func (s *server) routes(e *gin.Engine) {
	get := func(r gin.IRoutes, path string, fn gin.HandlerFunc) {
		r.GET(path, fn)
		r.HEAD(path, fn)
	}
	get(e, "/healthz", s.healthz)
	get(e, "/readyz", s.readyz)
	get(e, "/", s.rootRedirect)
	get(e, "/language", s.languageSwitch)
	get(e, "/static/*file", s.staticFile)

	// For crawlers: robots.txt, and the sitemap index with its files, of
	// every public page in every language (see sitemap.go, robots.go).
	get(e, "/robots.txt", s.robots)
	sm := e.Group("", s.requireCatalog)
	get(sm, "/sitemap.xml", s.sitemapIndex)
	get(sm, "/sitemaps/*file", s.sitemapFile)

	// Open data for programs, as the public sees it: Atom feeds
	// (/feeds/documents.atom, /feeds/documents/{id}.atom,
	// /feeds/sessions.atom) and iCalendar (/calendar.ics,
	// /sessions/{id}.ics). See feeds.go and calendar.go.
	get(e, "/feeds/*path", s.feedRoute)
	get(e, "/calendar.ics", s.calendarAll)
	get(e, "/sessions/*path", s.calendarRoute)

	// Pages, under a language prefix: /en/, /fr/meetings, /ar/documents/{id}, …
	for _, lang := range catalog.Languages {
		g := e.Group("/"+string(lang), s.langFromPrefix(lang), s.requireCatalog)
		get(g, "", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/"+string(lang)+"/") })
		get(g, "/", s.home)
		get(g, "/meetings", s.meetingsList)
		get(g, "/meetings/calendar", s.meetingsCalendar)
		get(g, "/sessions/*id", s.sessionRoute)
		get(g, "/bodies/*code", s.bodyShow)
		get(g, "/documents/*path", s.documentRoute)
		get(g, "/recommendations", s.recommendationsList)
		get(g, "/publications", s.publicationsList)
		get(g, "/search", s.searchPage)
		get(g, "/api", s.apiPage()) // the JSON API, described from docs/openapi.json

		// Accounts: sign in and out.
		get(g, "/login", s.loginForm)
		g.POST("/login", s.loginSubmit)
		g.POST("/logout", s.logout)

		// Editor pages, for editors and administrators.
		ed := g.Group("/edit", s.requireRole(auth.Editor))
		get(ed, "", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/"+string(lang)+"/edit/") })
		get(ed, "/", s.editDashboard)
		for path, fn := range map[string]gin.HandlerFunc{
			"/bodies/*path":          s.editBodyRoute,           // new, {code}
			"/sessions/*path":        s.editSessionRoute,        // new, {id}, {id}/languages
			"/documents/*path":       s.editDocumentRoute,       // new, {id}, {id}/versions/{lang}, {id}/publish, {id}/withdraw
			"/recommendations/*path": s.editRecommendationRoute, // new, {id}
			"/import":                s.editImport,
		} {
			get(ed, path, fn)
			ed.POST(path, fn)
		}

		// Administration, for administrators.
		ad := g.Group("/admin", s.requireRole(auth.Admin))
		get(ad, "/audit", s.adminAudit)
		get(ad, "/users", s.adminUsers)
		ad.POST("/users", s.adminUserAdd)
		ad.POST("/users/update", s.adminUserUpdate)
	}

	// OAI-PMH 2.0 for harvesters, by GET or POST (see oai.go).
	oai := e.Group("/oai", s.requireCatalog)
	get(oai, "", s.oai)
	oai.POST("", s.oai)

	// JSON API: /api/v1/bodies, /sessions, /documents, /recommendations, /search (see internal/api).
	v1 := e.Group("/api/v1", s.requireCatalog)
	api.Register(v1, api.Deps{Model: s.Model, Store: s.Store, Blobs: s.Blobs, Search: s.Search, Now: s.Now, Fail: s.Fail,
		Publish: s.Publish, MaxUpload: s.MaxUpload, BaseURL: s.BaseURL})

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
