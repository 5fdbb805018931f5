package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// homeData is what the home page shows.
type homeData struct {
	Ongoing  []*catalog.Session
	Upcoming []*catalog.Session
	// Recent are the last sessions held, shown when few are coming up.
	Recent []*catalog.Session
	Latest []*readmodel.Doc
}

// home serves /{lang}/: what meets now and next, what was published
// lately, and the search box.
func (s *server) home(c *gin.Context) {
	today := s.today()
	d := homeData{
		Ongoing:  s.Model.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Ongoing}, Today: today}),
		Upcoming: s.Model.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Upcoming}, Today: today}),
		Latest:   s.Model.Latest(readmodel.DocumentFilter{}, audience(c), 8),
	}
	if len(d.Upcoming) > 6 {
		d.Upcoming = d.Upcoming[:6]
	}
	if n := 4 - len(d.Upcoming) - len(d.Ongoing); n > 0 {
		d.Recent = s.Model.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Past}, Today: today})
		d.Recent = d.Recent[:min(n, len(d.Recent))]
	}
	s.render(c, http.StatusOK, "home", s.tr(c).S("home.title"), "home", d)
}
