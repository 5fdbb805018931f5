package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// versionShow serves GET /documents/{id}/versions/{lang}: one language
// version with its full text, read from the database.
func (h handler) versionShow(c *gin.Context, id, code string) {
	_, lang, err := h.visibleVersion(c, id, code)
	if err != nil {
		h.Fail(c, err)
		return
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), storeTimeout)
	defer cancel()
	rec, err := h.Store.Get(ctx, catalog.KindDocument, id)
	if err != nil {
		h.Fail(c, apperr.From(err))
		return
	}
	doc := rec.Entity.(*catalog.Document)
	v, ok := doc.Version(lang)
	if !ok || !doc.VisibleTo(audience(c)) {
		// Changed since the read model saw it.
		h.Fail(c, apperr.NotFound("document %q has no %s version", id, lang.EnglishName()))
		return
	}
	c.JSON(http.StatusOK, struct {
		Document string `json:"document"`
		Symbol   string `json:"symbol,omitempty"`
		versionJSON
		Text string `json:"text"`
	}{doc.ID, doc.Symbol, newVersionJSON(doc.ID, *v), v.Text})
}
