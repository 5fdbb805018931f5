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
// An id with a title and a text ("error.not_found") gives both; a plain
// message ("error.csrf") is the explanation under a heading for its status.
func (s *server) errorPage(c *gin.Context, e *apperr.Error) {
	t := s.tr(c)
	id := e.ID
	d := errorData{Status: e.Status, ID: id, Detail: e.Message}
	switch {
	case id != "" && t.S(id+".title") != id+".title":
		d.Title, d.Text = t.S(id+".title"), t.S(id+".text")
	case id != "" && t.S(id) != id:
		d.Title, d.Text = t.S("error.refused.title"), t.S(id)
		if e.Status == http.StatusUnauthorized {
			d.Title = t.S("error.signin.title")
		}
	default:
		id = "error.internal"
		if e.Status < 500 {
			id = "error.bad_request"
		}
		d.ID, d.Title, d.Text = id, t.S(id+".title"), t.S(id+".text")
	}
	if e.Status == http.StatusUnauthorized && s.Auth != nil {
		d.SignIn = t.Path("login")
	}
	s.render(c, e.Status, "error", d.Title, "", d)
	c.Abort()
}

type errorData struct {
	Status      int
	ID          string
	Title, Text string
	Detail      string
	// SignIn is the address of the sign-in page, on a 401.
	SignIn string
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
