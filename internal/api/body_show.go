package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// bodyShow serves GET /bodies/{code}; the code may contain slashes.
func (h handler) bodyShow(c *gin.Context) {
	code := pathID(c, "code")
	b, ok := h.Model.Body(code)
	if !ok {
		h.Fail(c, apperr.NotFound("no body with code %q", code))
		return
	}
	c.JSON(http.StatusOK, b)
}
