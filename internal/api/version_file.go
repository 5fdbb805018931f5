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
// a language version, always as a download, never rendered in place. A
// file is the document itself, so whether it may be served is asked of the
// database, not only of the read model, and caches must ask again each
// time (they may keep the bytes, revalidated by ETag).
func (h handler) versionFile(c *gin.Context, id, code string) {
	_, v, err := h.storedVersion(c, id, code)
	if err != nil {
		h.Fail(c, err)
		return
	}
	if v.File == nil {
		h.Fail(c, apperr.NotFound("the %s version of %q has no file", v.Lang.EnglishName(), id))
		return
	}
	etag := `"` + v.File.SHA256 + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "no-cache")
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
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, rc); err != nil && !errors.Is(err, io.ErrClosedPipe) {
		_ = c.Error(err)
	}
}
