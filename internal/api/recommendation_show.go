package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// recommendationShow serves GET /recommendations/{id}; the id contains a
// '#', which must be sent escaped as %23.
func (h handler) recommendationShow(c *gin.Context) {
	id := pathID(c, "id")
	r, ok := h.Model.Recommendation(id, audience(c))
	if !ok {
		h.Fail(c, apperr.NotFound("no recommendation with id %q", id))
		return
	}
	c.JSON(http.StatusOK, r)
}
