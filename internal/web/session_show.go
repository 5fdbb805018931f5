package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// sessionData is a session with its documents, grouped.
type sessionData struct {
	Session *catalog.Session
	Body    *catalog.Body
	Status  catalog.SessionStatus
	// Items are the agenda items with the documents filed under each.
	Items []agendaGroup
	// ByType holds the documents filed under no agenda item, by type.
	ByType []typeGroup
	// Docs are all the session's documents, for the language table.
	Docs []*readmodel.Doc
	Recs int
	// JSONLD is the schema.org description of the session.
	JSONLD template.JS
}

type agendaGroup struct {
	Item catalog.AgendaItem
	Docs []*readmodel.Doc
}

type typeGroup struct {
	Type catalog.DocType
	Docs []*readmodel.Doc
}

// sessionRoute serves /{lang}/sessions/{id} and
// /{lang}/sessions/{id}/calendar.ics. Session ids may contain slashes.
func (s *server) sessionRoute(c *gin.Context) {
	id := strings.TrimPrefix(c.Param("id"), "/")
	if base, ok := strings.CutSuffix(id, "/calendar.ics"); ok {
		s.sessionCalendar(c, base)
		return
	}
	s.sessionShow(c, id)
}

// sessionShow is a session's page.
func (s *server) sessionShow(c *gin.Context, id string) {
	x, ok := s.Model.Session(id)
	if !ok {
		s.Fail(c, apperr.NotFound("no session with id %q", id))
		return
	}
	b, _ := s.Model.Body(x.Body)
	d := sessionData{Session: x, Body: b, Status: x.Status(s.today())}
	d.Docs = s.Model.SessionDocuments(id, audience(c))
	filed := map[string]bool{}
	for _, item := range x.Agenda {
		g := agendaGroup{Item: item}
		for _, doc := range d.Docs {
			if slices.Contains(doc.AgendaItems, item.Item) {
				g.Docs = append(g.Docs, doc)
				filed[doc.ID] = true
			}
		}
		d.Items = append(d.Items, g)
	}
	for _, typ := range catalog.DocTypes {
		g := typeGroup{Type: typ}
		for _, doc := range d.Docs {
			if doc.Type == typ && !filed[doc.ID] {
				g.Docs = append(g.Docs, doc)
			}
		}
		if len(g.Docs) > 0 {
			d.ByType = append(d.ByType, g)
		}
	}
	d.Recs = len(s.Model.Recommendations(readmodel.RecommendationFilter{Session: id}, audience(c)))
	d.JSONLD = sessionJSONLD(s.tr(c), s.baseURL(c), x, b)
	s.render(c, http.StatusOK, "session", s.tr(c).Pick(x.Title).Text, "meetings", d)
}
