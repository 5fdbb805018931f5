package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// bodyCreate serves POST /bodies: a body as JSON, in the import format.
// It answers 201 with the body and its address in Location.
func (h handler) bodyCreate(c *gin.Context) {
	var b catalog.Body
	if err := decodeRecord(c, catalog.KindBody, &b); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveBody(c.Request.Context(), actor(c), &b, true); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/bodies/"+escapeID(b.Code))
	c.JSON(http.StatusCreated, &b)
}

// bodyUpdate serves PUT /bodies/{code}: it replaces the body. The body may
// leave out the code; if it gives one, it must be the address's.
func (h handler) bodyUpdate(c *gin.Context) {
	code := pathID(c, "code")
	var b catalog.Body
	if err := decodeRecord(c, catalog.KindBody, &b); err != nil {
		h.fail(c, err)
		return
	}
	if b.Code == "" {
		b.Code = code
	}
	b.Normalize()
	if err := checkPathID("code", code, b.Code); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveBody(c.Request.Context(), actor(c), &b, false); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, &b)
}
