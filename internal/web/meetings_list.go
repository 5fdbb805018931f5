package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// meetingsData is the list of sessions with its filters.
type meetingsData struct {
	Body     string
	Year     int
	When     string
	Sessions []*catalog.Session
	// Total counts the sessions that match; Sessions holds one page.
	Total, Page, Pages int
	Bodies             []*catalog.Body
	Years              []int
	Today              catalog.Date
}

const meetingsPerPage = 50

// meetingsList serves /{lang}/meetings?body=&year=&when=upcoming|past.
func (s *server) meetingsList(c *gin.Context) {
	d := meetingsData{Body: c.Query("body"), When: c.Query("when"), Today: s.today(), Bodies: s.Model.Bodies()}
	if d.Body != "" {
		if _, ok := s.Model.Body(d.Body); !ok {
			s.Fail(c, apperr.BadParam("body", "no body with code %q", d.Body))
			return
		}
	}
	if y := c.Query("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 1900 || n > 2200 {
			s.Fail(c, apperr.BadParam("year", "must be a year such as 2022, not %q", y))
			return
		}
		d.Year = n
	}
	f := readmodel.SessionFilter{Body: d.Body, Year: d.Year, Today: d.Today}
	switch d.When {
	case "":
	case "upcoming":
		f.Statuses = []catalog.SessionStatus{catalog.Upcoming}
	case "past":
		f.Statuses = []catalog.SessionStatus{catalog.Past}
	case "ongoing":
		f.Statuses = []catalog.SessionStatus{catalog.Ongoing}
	default:
		s.Fail(c, apperr.BadParam("when", "must be upcoming, ongoing or past, not %q", d.When))
		return
	}
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100_000 {
			s.Fail(c, apperr.BadParam("page", "must be a page number, not %q", p))
			return
		}
		d.Page = n
	}
	d.Page = max(d.Page, 1)
	all := s.Model.Sessions(f)
	d.Total, d.Pages = len(all), (len(all)+meetingsPerPage-1)/meetingsPerPage
	if start := (d.Page - 1) * meetingsPerPage; start < len(all) {
		d.Sessions = all[start:min(start+meetingsPerPage, len(all))]
	}
	for _, x := range s.Model.Sessions(readmodel.SessionFilter{}) {
		if y := x.Start.Year(); !slices.Contains(d.Years, y) {
			d.Years = append(d.Years, y)
		}
	}
	slices.Sort(d.Years)
	slices.Reverse(d.Years)
	s.render(c, http.StatusOK, "meetings", s.tr(c).S("meetings.title"), "meetings", d)
}
