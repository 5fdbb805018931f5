package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// versionShow serves GET /documents/{id}/versions/{lang}: one language
// version with its full text, read from the database.
func (h handler) versionShow(c *gin.Context, id, code string) {
	doc, v, err := h.storedVersion(c, id, code)
	if err != nil {
		h.Fail(c, err)
		return
	}
	c.JSON(http.StatusOK, struct {
		Document string `json:"document"`
		Symbol   string `json:"symbol,omitempty"`
		versionJSON
		Text string `json:"text"`
	}{doc.ID, doc.Symbol, newVersionJSON(doc.ID, *v), v.Text})
}
