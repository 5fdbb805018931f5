package api

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// versionFile serves GET /documents/{id}/versions/{lang}/file: the file of
// a language version, always as a download, never rendered in place.
func (h handler) versionFile(c *gin.Context, id, code string) {
	d, lang, err := h.visibleVersion(c, id, code)
	if err != nil {
		h.Fail(c, err)
		return
	}
	v, _ := d.Version(lang)
	if v.File == nil {
		h.Fail(c, apperr.NotFound("the %s version of %q has no file", lang.EnglishName(), id))
		return
	}
	etag := `"` + v.File.SHA256 + `"`
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), storeTimeout)
	defer cancel()
	rc, info, err := h.Blobs.Open(ctx, v.File.SHA256)
	if err != nil {
		h.Fail(c, apperr.From(err))
		return
	}
	defer rc.Close()
	hdr := c.Writer.Header()
	hdr.Set("Content-Type", v.File.MediaType)
	hdr.Set("Content-Length", strconv.FormatInt(info.Size, 10))
	hdr.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": v.File.Name}))
	hdr.Set("ETag", etag)
	hdr.Set("Cache-Control", "public, max-age=3600")
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		_ = c.Error(err)
	}
}
