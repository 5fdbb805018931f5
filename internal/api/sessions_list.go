package api

import (
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// sessionJSON is a session with its status on the day of the request.
type sessionJSON struct {
	*catalog.Session
	Status catalog.SessionStatus `json:"status"`
}

// sessionsList serves GET /sessions?body=&year=&upcoming=&status=&page=&size=.
// upcoming=true keeps the sessions that have not started, soonest first;
// upcoming=false those that have (ongoing or past); status= one status.
// Lists other than the upcoming come latest first.
func (h handler) sessionsList(c *gin.Context) {
	f := readmodel.SessionFilter{Body: c.Query("body"), Today: h.today()}
	if f.Body != "" {
		if _, ok := h.Model.Body(f.Body); !ok {
			h.Fail(c, apperr.BadParam("body", "no body with code %q", f.Body))
			return
		}
	}
	year, err := intParam(c, "year", 0, 1900, 2200)
	if err != nil {
		h.Fail(c, err)
		return
	}
	f.Year = year
	upcoming, given, err := boolParam(c, "upcoming")
	if err != nil {
		h.Fail(c, err)
		return
	}
	if given {
		f.Statuses = []catalog.SessionStatus{catalog.Ongoing, catalog.Past}
		if upcoming {
			f.Statuses = []catalog.SessionStatus{catalog.Upcoming}
		}
	}
	if s := c.Query("status"); s != "" {
		st := catalog.SessionStatus(s)
		switch {
		case st != catalog.Upcoming && st != catalog.Ongoing && st != catalog.Past:
			h.Fail(c, apperr.BadParam("status", "must be upcoming, ongoing or past, not %q", s))
			return
		case given && !slices.Contains(f.Statuses, st):
			h.Fail(c, apperr.BadParam("status", "%q contradicts upcoming=%s", s, c.Query("upcoming")))
			return
		}
		f.Statuses = []catalog.SessionStatus{st}
	}
	page, size, err := paging(c)
	if err != nil {
		h.Fail(c, err)
		return
	}
	sessions := h.Model.Sessions(f)
	items := make([]sessionJSON, len(sessions))
	for i, s := range sessions {
		items[i] = sessionJSON{Session: s, Status: s.Status(f.Today)}
	}
	c.JSON(http.StatusOK, paged(items, page, size))
}
