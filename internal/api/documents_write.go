package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// documentWriteRoute dispatches the writes under /documents/{id}, whose id
// may contain slashes: PUT /documents/{id}, PUT
// /documents/{id}/versions/{lang}, POST /documents/{id}/publish and POST
// /documents/{id}/withdraw.
func (h handler) documentWriteRoute(c *gin.Context) {
	tail := pathID(c, "path")
	switch c.Request.Method {
	case http.MethodPut:
		if m := versionPath.FindStringSubmatch(tail); m != nil && m[3] == "" {
			h.versionPut(c, m[1], m[2])
			return
		}
		h.documentUpdate(c, tail)
		return
	case http.MethodPost:
		if id, ok := strings.CutSuffix(tail, "/publish"); ok {
			h.documentPublish(c, id)
			return
		}
		if id, ok := strings.CutSuffix(tail, "/withdraw"); ok {
			h.documentWithdraw(c, id)
			return
		}
	}
	h.fail(c, apperr.NotFound("no page at %s", c.Request.URL.Path))
}

// documentCreate serves POST /documents: a document as JSON, with the
// fields of the import format but no files (they are uploaded with PUT
// /documents/{id}/versions/{lang}). A new document is a draft unless it
// says otherwise. It answers 201 with the document and its address in
// Location.
func (h handler) documentCreate(c *gin.Context) {
	var d catalog.Document
	if err := decodeRecord(c, catalog.KindDocument, &d); err != nil {
		h.fail(c, err)
		return
	}
	saved, err := h.Publish.SaveDocument(c.Request.Context(), actor(c), &d, true)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", documentURL(saved.ID))
	c.JSON(http.StatusCreated, h.writtenDocument(saved))
}

// documentUpdate serves PUT /documents/{id}: it replaces the document's
// metadata and its set of versions, keeping the stored files and texts of
// the languages still there (see publish.Service.SaveDocument).
func (h handler) documentUpdate(c *gin.Context, id string) {
	var d catalog.Document
	if err := decodeRecord(c, catalog.KindDocument, &d); err != nil {
		h.fail(c, err)
		return
	}
	if d.ID == "" && d.Symbol == "" {
		d.ID = id
	}
	d.Normalize()
	if d.ID == "" {
		d.ID = id
	}
	if err := checkPathID("id", id, d.ID); err != nil {
		h.fail(c, err)
		return
	}
	saved, err := h.Publish.SaveDocument(c.Request.Context(), actor(c), &d, false)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h.writtenDocument(saved))
}

// writtenDocument is the answer to a write: the document as staff see it,
// without its full texts.
func (h handler) writtenDocument(d *catalog.Document) documentJSON {
	out := documentJSON{Document: d, Relations: d.Relations, Languages: d.Langs(), Updated: h.Now().UTC().Truncate(time.Millisecond), URL: documentURL(d.ID)}
	for _, v := range d.Versions {
		v.Text = ""
		out.Versions = append(out.Versions, newVersionJSON(d.ID, v))
	}
	return out
}
