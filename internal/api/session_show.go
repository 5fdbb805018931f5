package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// documentSummary is a document as a list shows it.
type documentSummary struct {
	ID           string               `json:"id"`
	Symbol       string               `json:"symbol,omitempty"`
	Type         catalog.DocType      `json:"type"`
	Date         catalog.Date         `json:"date"`
	Status       catalog.Status       `json:"status"`
	Distribution catalog.Distribution `json:"distribution"`
	AgendaItems  []string             `json:"agenda_items,omitempty"`
	Languages    []catalog.Lang       `json:"languages"`
	Titles       catalog.Text         `json:"titles"`
	URL          string               `json:"url"`
}

func summarize(d *readmodel.Doc) documentSummary {
	titles := catalog.Text{}
	for _, v := range d.Versions {
		titles[v.Lang] = v.Title
	}
	return documentSummary{
		ID: d.ID, Symbol: d.Symbol, Type: d.Type, Date: d.Date, Status: d.Status,
		Distribution: d.Distribution, AgendaItems: d.AgendaItems,
		Languages: d.Langs(), Titles: titles, URL: documentURL(d.ID),
	}
}

// sessionShow serves GET /sessions/{id}: the session, its agenda and the
// documents a visitor may see.
func (h handler) sessionShow(c *gin.Context) {
	id := pathID(c, "id")
	s, ok := h.Model.Session(id)
	if !ok {
		h.Fail(c, apperr.NotFound("no session with id %q", id))
		return
	}
	docs := h.Model.SessionDocuments(id, audience(c))
	summaries := make([]documentSummary, len(docs))
	for i, d := range docs {
		summaries[i] = summarize(d)
	}
	c.JSON(http.StatusOK, struct {
		sessionJSON
		Documents []documentSummary `json:"documents"`
	}{sessionJSON{Session: s, Status: s.Status(h.today())}, summaries})
}
