package api

import (
	"errors"
	"io"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/publish"
)

// maxImportBody bounds an import request.
const maxImportBody = publish.MaxZIPSize

// importRoute serves POST /import: JSON Lines (application/x-ndjson or
// application/jsonl), read as it streams, or a ZIP archive
// (application/zip) with manifest.jsonl and the files it names. dry_run=1
// validates without storing. It answers 200 with the import report, which
// lists every bad line; the good lines are stored.
func (h handler) importRoute(c *gin.Context) {
	dry, _, err := boolParam(c, "dry_run")
	if err != nil {
		h.fail(c, err)
		return
	}
	opts := publish.ImportOptions{DryRun: dry}
	body := http.MaxBytesReader(c.Writer, c.Request.Body, maxImportBody)
	ctx := c.Request.Context()
	switch c.ContentType() {
	case "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
		rep, err := h.Publish.Import(ctx, actor(c), body, opts)
		if err != nil {
			h.fail(c, importBodyError(err))
			return
		}
		c.JSON(http.StatusOK, rep)
	case "application/zip", "application/x-zip-compressed":
		tmp, err := os.CreateTemp("", "plenary-import-*.zip")
		if err != nil {
			h.fail(c, apperr.Internal(err))
			return
		}
		defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
		size, err := io.Copy(tmp, body)
		if err != nil {
			h.fail(c, importBodyError(err))
			return
		}
		rep, err := h.Publish.ImportZIP(ctx, actor(c), tmp, size, opts)
		if err != nil {
			h.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, rep)
	default:
		h.fail(c, &apperr.Error{Status: http.StatusUnsupportedMediaType, ID: "error.unsupported_media_type",
			Message: "send JSON Lines as application/x-ndjson (or application/jsonl), or a ZIP archive as application/zip"})
	}
}

// importBodyError explains an import whose body could not be read.
func importBodyError(err error) error {
	if errors.As(err, new(*http.MaxBytesError)) {
		return bodyError(err)
	}
	return err
}
