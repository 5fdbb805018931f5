package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// documentWithdraw serves POST /documents/{id}/withdraw: the document
// stays visible, marked as withdrawn. It answers 200 with the document.
func (h handler) documentWithdraw(c *gin.Context, id string) {
	d, err := h.Publish.Withdraw(c.Request.Context(), actor(c), id)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h.writtenDocument(d))
}
