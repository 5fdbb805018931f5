package web

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/interop"
)

// sessionCalendar serves /{lang}/sessions/{id}/calendar.ics: the session
// as an event to add to a calendar, titled in the interface language.
func (s *server) sessionCalendar(c *gin.Context, id string) {
	x, ok := s.Model.Session(id)
	if !ok {
		s.Fail(c, apperr.NotFound("no session with id %q", id))
		return
	}
	t := s.tr(c)
	var place []string
	for _, p := range []string{x.Venue.City, x.Venue.Country} {
		if p != "" {
			place = append(place, p)
		}
	}
	ev := interop.Event{
		UID: id + "@plenary", Summary: t.Pick(x.Title).Text, Location: strings.Join(place, ", "),
		URL: s.baseURL(c) + t.Path("sessions", id), Start: x.Start.Time(), End: x.End.Time(),
	}
	name := strings.NewReplacer("/", "-", " ", "-").Replace(id) + ".ics"
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Data(http.StatusOK, "text/calendar; charset=utf-8", []byte(interop.ICalendar([]interop.Event{ev}, s.Now())))
}
