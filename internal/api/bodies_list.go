package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// bodiesList serves GET /bodies: every body, by code.
func (h handler) bodiesList(c *gin.Context) {
	bodies := h.Model.Bodies()
	c.JSON(http.StatusOK, list[*catalog.Body]{Total: len(bodies), Page: 1, Size: len(bodies), Items: bodies})
}
