package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
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
	c.JSON(http.StatusOK, h.recommendationJSON(c, r))
}

// recommendationJSON is a recommendation with the follow-ups the
// requester may be shown.
type recommendationJSON struct {
	*catalog.Recommendation
	FollowUp []catalog.FollowUp `json:"follow_up,omitempty"`
}

func (h handler) recommendationJSON(c *gin.Context, r *catalog.Recommendation) recommendationJSON {
	out := recommendationJSON{Recommendation: r}
	for _, f := range r.FollowUp {
		if h.Model.Linkable(f.Document, audience(c)) {
			out.FollowUp = append(out.FollowUp, f)
		}
	}
	return out
}
