package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// documentPublish serves POST /documents/{id}/publish: it publishes the
// document now, or, given {"at": "<RFC 3339 time>"} (as JSON, a form field
// or a query parameter) in the future, schedules its publication. It
// answers 200 with the document.
func (h handler) documentPublish(c *gin.Context, id string) {
	at, err := publishTime(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	d, err := h.Publish.Publish(c.Request.Context(), actor(c), id, at)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h.writtenDocument(d))
}

// publishTime reads the optional "at" of a publication; zero means now.
func publishTime(c *gin.Context) (time.Time, error) {
	s := c.Query("at")
	switch c.ContentType() {
	case "application/json":
		var body struct {
			At string `json:"at"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(c.Writer, c.Request.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			return time.Time{}, jsonError(err)
		}
		if body.At != "" {
			s = body.At
		}
	case "application/x-www-form-urlencoded", "multipart/form-data":
		if v := c.PostForm("at"); v != "" {
			s = v
		}
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, catalog.Errors{{Field: "at", Code: catalog.CodeInvalid,
			Reason: "want a time such as 2022-06-27T09:00:00Z (RFC 3339), not " + strconvQuote(s)}}
	}
	return at, nil
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
