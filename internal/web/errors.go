package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// problem is an RFC 9457 problem document.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Param    string `json:"param,omitempty"`
	Instance string `json:"instance"`
}

// Fail answers a request with err: its status and safe message as a problem
// document; the cause goes to the log once, and only for server errors. A
// request whose client has gone away is dropped without noise.
func (s *server) Fail(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		c.Abort()
		return
	}
	e := apperr.From(err)
	if e.Status >= 500 {
		s.Logger.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "status", e.Status, "err", e.Cause)
	}
	if e.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", strconv.Itoa(5))
	}
	c.Header("Cache-Control", "no-store")
	if wantsPage(c) {
		s.errorPage(c, e)
		return
	}
	c.Render(e.Status, problemJSON{problem{
		Type:     "about:blank",
		Title:    http.StatusText(e.Status),
		Status:   e.Status,
		Detail:   e.Message,
		Param:    e.Param,
		Instance: c.Request.URL.RequestURI(),
	}})
	c.Abort()
}

// wantsPage reports whether the request is for a page rather than the
// API or a health check: its error is a page in the visitor's language.
func wantsPage(c *gin.Context) bool {
	p := c.Request.URL.Path
	return !strings.HasPrefix(p, "/api/") && p != "/healthz" && p != "/readyz"
}

// errorPage renders an error as a page: a heading and an explanation in
// the visitor's language, and the precise message, which is in English.
func (s *server) errorPage(c *gin.Context, e *apperr.Error) {
	id := e.ID
	if id == "" || s.tr(c).S(id+".title") == id+".title" {
		id = "error.internal"
		if e.Status < 500 {
			id = "error.bad_request"
		}
	}
	s.render(c, e.Status, "error", s.tr(c).S(id+".title"), "", errorData{Status: e.Status, ID: id, Detail: e.Message})
	c.Abort()
}

type errorData struct {
	Status int
	ID     string
	Detail string
}

// problemJSON renders a problem with its own media type.
type problemJSON struct{ p problem }

func (r problemJSON) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return renderJSON(w, r.p)
}

func (problemJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
