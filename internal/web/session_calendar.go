package web

import (
	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
)

// sessionCalendar serves /{lang}/sessions/{id}/calendar.ics: the session
// as an event to add to a calendar, titled in the interface language. It
// is the same event, with the same UID, as /sessions/{id}.ics?lang=….
func (s *server) sessionCalendar(c *gin.Context, id string) {
	if _, ok := s.Model.Session(id); !ok {
		s.Fail(c, apperr.NotFound("no session with id %q", id))
		return
	}
	s.oneSessionCalendar(c, s.tr(c), id, "attachment")
}
