package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// recover turns a panic into a 500 so that no input can bring the server down.
func (s *server) recover(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if err, ok := r.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(r)
			}
			s.Fail(c, apperr.Internal(fmt.Errorf("panic: %v", r)))
			c.Abort()
		}
	}()
	c.Next()
}

// logRequests logs one line per request.
func (s *server) logRequests(c *gin.Context) {
	start := time.Now()
	c.Next()
	level := slog.LevelInfo
	if c.Request.URL.Path == "/healthz" || c.Request.URL.Path == "/readyz" {
		level = slog.LevelDebug
	}
	s.Logger.Log(c.Request.Context(), level, "request",
		"method", c.Request.Method,
		"path", c.Request.URL.Path,
		"status", c.Writer.Status(),
		"bytes", c.Writer.Size(),
		"took", time.Since(start).Round(time.Microsecond),
	)
}

// secureHeaders sets the headers every response carries.
func secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	c.Next()
}
