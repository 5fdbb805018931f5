package web

import (
	"mime"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/interop"
	"plenary/internal/readmodel"
)

// calendarMediaType is the media type of an iCalendar file.
const calendarMediaType = "text/calendar; charset=utf-8"

// calendarAll serves /calendar.ics: every session (?body= narrows it to a
// body's), as all-day events titled in ?lang= (English by default), for a
// calendar program to subscribe to.
func (s *server) calendarAll(c *gin.Context) {
	if !s.CatalogReady() {
		s.failData(c, apperr.Unavailable("the catalogue is loading; try again in a few seconds", nil))
		return
	}
	lang, _, err := feedLang(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	b, err := s.feedBody(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	t := s.Locales.forLang(lang)
	f := readmodel.SessionFilter{}
	name := t.S("site.name") + " · " + t.S("feeds.meetings")
	if b != nil {
		f.Body = b.Code
		name = t.S("site.name") + " · " + t.BodyName(b).Text
	}
	sessions := s.Model.Sessions(f)
	stamps := s.sessionStamps(sessions)
	base := s.baseURL(c)
	cal := interop.Calendar{Name: name}
	for _, x := range sessions {
		cal.Events = append(cal.Events, s.sessionEvent(t, base, x, stamps))
	}
	s.writeCalendar(c, "inline", "meetings.ics", cal)
}

// calendarRoute serves /sessions/{id}.ics: one session as an event, titled
// in ?lang= (English by default). Session ids may contain slashes.
func (s *server) calendarRoute(c *gin.Context) {
	if !s.CatalogReady() {
		s.failData(c, apperr.Unavailable("the catalogue is loading; try again in a few seconds", nil))
		return
	}
	id, ok := strings.CutSuffix(strings.TrimPrefix(c.Param("path"), "/"), ".ics")
	if !ok || id == "" {
		s.failData(c, apperr.NotFound("no calendar at %s", c.Request.URL.Path))
		return
	}
	lang, _, err := feedLang(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	s.oneSessionCalendar(c, s.Locales.forLang(lang), id, "inline")
}

// oneSessionCalendar writes the calendar of one session, titled in t's
// language; both /sessions/{id}.ics and /{lang}/sessions/{id}/calendar.ics
// answer with it, the first inline (to subscribe to), the second as an
// attachment (disposition).
func (s *server) oneSessionCalendar(c *gin.Context, t *T, id, disposition string) {
	x, ok := s.Model.Session(id)
	if !ok {
		s.failData(c, apperr.NotFound("no session with id %q", id))
		return
	}
	stamps := s.sessionStamps([]*catalog.Session{x})
	cal := interop.Calendar{Events: []interop.Event{s.sessionEvent(t, s.baseURL(c), x, stamps)}}
	s.writeCalendar(c, disposition, strings.NewReplacer("/", "-", " ", "-").Replace(id)+".ics", cal)
}

// sessionEvent is a session as a calendar event. Its UID is the session id
// at the portal's host, the same in every language and file, so that a
// calendar that has the event from two files keeps one; its DTSTAMP is
// the last change to the session's record.
func (s *server) sessionEvent(t *T, base string, x *catalog.Session, stamps map[string]time.Time) interop.Event {
	host := "plenary"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	b := s.bodyOf(x)
	page := base + t.Path("sessions", x.ID)
	desc := []string{sessionName(t, x, b)}
	if b != nil {
		if full := t.Pick(b.Name).Text; !strings.Contains(desc[0], full) {
			desc = append(desc, full)
		}
	}
	desc = append(desc, sessionWhenWhere(t, x), page)
	return interop.Event{
		UID:         x.ID + "@" + host,
		Summary:     sessionName(t, x, b),
		Description: strings.Join(desc, "\n"),
		Location:    venueText(t, x),
		URL:         page,
		Start:       x.Start.Time(),
		End:         x.End.Time(),
		Stamp:       updatedOr(stamps[x.ID], x.Start),
	}
}

// writeCalendar writes an iCalendar file, to be saved under name.
func (s *server) writeCalendar(c *gin.Context, disposition, name string, cal interop.Calendar) {
	c.Header("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	s.writeData(c, calendarMediaType, []byte(cal.String(interop.Epoch)))
}
