package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// sessionCreate serves POST /sessions: a session as JSON, in the import
// format. It answers 201 with the session and its address in Location.
func (h handler) sessionCreate(c *gin.Context) {
	var x catalog.Session
	if err := decodeRecord(c, catalog.KindSession, &x); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveSession(c.Request.Context(), actor(c), &x, true); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/sessions/"+escapeID(x.ID))
	c.JSON(http.StatusCreated, sessionJSON{Session: &x, Status: x.Status(h.today())})
}

// sessionUpdate serves PUT /sessions/{id}: it replaces the session. The
// body may leave out the id; if it gives one, it must be the address's.
func (h handler) sessionUpdate(c *gin.Context) {
	id := pathID(c, "id")
	var x catalog.Session
	if err := decodeRecord(c, catalog.KindSession, &x); err != nil {
		h.fail(c, err)
		return
	}
	if x.ID == "" {
		x.ID = id
	}
	x.Normalize()
	if err := checkPathID("id", id, x.ID); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveSession(c.Request.Context(), actor(c), &x, false); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sessionJSON{Session: &x, Status: x.Status(h.today())})
}
