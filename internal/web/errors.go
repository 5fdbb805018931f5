package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

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

// problemJSON renders a problem with its own media type.
type problemJSON struct{ p problem }

func (r problemJSON) Render(w http.ResponseWriter) error {
	r.WriteContentType(w)
	return renderJSON(w, r.p)
}

func (problemJSON) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/problem+json")
}
