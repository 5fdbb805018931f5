package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// recommendationCreate serves POST /recommendations: a recommendation as
// JSON, in the import format (its id defaults to <document>#<number>). It
// answers 201 with the recommendation and its address in Location.
func (h handler) recommendationCreate(c *gin.Context) {
	var r catalog.Recommendation
	if err := decodeRecord(c, catalog.KindRecommendation, &r); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveRecommendation(c.Request.Context(), actor(c), &r, true); err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Location", recommendationURL(r.ID))
	c.JSON(http.StatusCreated, &r)
}

// recommendationUpdate serves PUT /recommendations/{id} (the '#' sent as
// %23): it replaces the recommendation. The body may leave out the id; if
// it gives one, it must be the address's.
func (h handler) recommendationUpdate(c *gin.Context) {
	id := pathID(c, "id")
	var r catalog.Recommendation
	if err := decodeRecord(c, catalog.KindRecommendation, &r); err != nil {
		h.fail(c, err)
		return
	}
	if r.ID == "" {
		r.ID = id
	}
	r.Normalize()
	if err := checkPathID("id", id, r.ID); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.Publish.SaveRecommendation(c.Request.Context(), actor(c), &r, false); err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, &r)
}

// recommendationURL is the API address of a recommendation.
func recommendationURL(id string) string { return "/api/v1/recommendations/" + escapeID(id) }
