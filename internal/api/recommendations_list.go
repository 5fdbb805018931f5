package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/readmodel"
)

// recommendationsList serves GET /recommendations?session=&body=&document=&theme=&page=&size=.
func (h handler) recommendationsList(c *gin.Context) {
	f := readmodel.RecommendationFilter{
		Body:     c.Query("body"),
		Session:  c.Query("session"),
		Document: c.Query("document"),
		Theme:    c.Query("theme"),
	}
	if f.Body != "" {
		if _, ok := h.Model.Body(f.Body); !ok {
			h.Fail(c, apperr.BadParam("body", "no body with code %q", f.Body))
			return
		}
	}
	if f.Session != "" {
		if _, ok := h.Model.Session(f.Session); !ok {
			h.Fail(c, apperr.BadParam("session", "no session with id %q", f.Session))
			return
		}
	}
	page, size, err := paging(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	recs := h.Model.Recommendations(f, audience(c))
	items := make([]recommendationJSON, len(recs))
	for i, r := range recs {
		items[i] = h.recommendationJSON(c, r)
	}
	c.JSON(http.StatusOK, paged(items, page, size))
}
