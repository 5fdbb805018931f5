package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	assets "plenary/web"
)

// staticFile serves /static/{file}. An address with the file's current
// hash (as templates write it) may be kept for a year; any other is
// checked again each time.
func (s *server) staticFile(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	buf, err := fs.ReadFile(assets.Static, "static/"+name)
	if err != nil || name == "" {
		s.Fail(c, apperr.NotFound("no static file %q", name))
		return
	}
	if s.pages.static[name] == c.Request.URL.RequestURI() {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	c.Data(http.StatusOK, ct, buf)
}
