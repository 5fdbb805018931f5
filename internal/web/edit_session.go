package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// emptyRows is how many blank rows a repeated fieldset offers.
const emptyRows = 3

// editSessionRoute serves /{lang}/edit/sessions/new, /{lang}/edit/sessions/{id}
// and /{lang}/edit/sessions/{id}/languages (the language-parity grid).
func (s *server) editSessionRoute(c *gin.Context) {
	id := strings.TrimPrefix(c.Param("path"), "/")
	if base, ok := strings.CutSuffix(id, "/languages"); ok && c.Request.Method != http.MethodPost {
		s.sessionLanguages(c, base)
		return
	}
	create := id == "new"
	t := s.tr(c)
	if c.Request.Method == http.MethodPost {
		if err := c.Request.ParseForm(); err != nil {
			s.Fail(c, apperr.BadParam("form", "%v", err))
			return
		}
		f := newForm(t, c.Request.PostForm)
		x := &catalog.Session{
			ID: f.Get("id"), Body: f.Get("body"), Title: textFrom(f.Values, "title"),
			Start: catalog.Date(strings.TrimSpace(f.Get("start"))), End: catalog.Date(strings.TrimSpace(f.Get("end"))),
			Venue: catalog.Venue{City: f.Get("venue.city"), Country: f.Get("venue.country"), Mode: catalog.Mode(f.Get("venue.mode"))},
		}
		if !create {
			x.ID = id
		}
		badNumber := false
		if n := strings.TrimSpace(f.Get("number")); n != "" {
			num, err := strconv.Atoi(n)
			if err != nil {
				badNumber = true
			}
			x.Number = num
		}
		rows, _ := strconv.Atoi(f.Get("agenda_rows"))
		for i := range min(rows, 500) {
			item := catalog.AgendaItem{Item: strings.TrimSpace(f.Get(f.Row("agenda", i, "item"))), Title: textFrom(f.Values, f.Row("agenda", i, "title"))}
			if item.Item != "" || len(item.Title) > 0 {
				x.Agenda = append(x.Agenda, item)
			}
		}
		// The form is shown again from what was read, so that rows left
		// blank close up and the catalogue's row numbers match the form's.
		raw := f.Values
		f = newForm(t, sessionValues(x))
		f.Set("number", raw.Get("number"))
		var err error
		if badNumber {
			f.fieldMessage("number", "validation.number")
			status := http.StatusUnprocessableEntity
			x.Normalize()
			if verr := x.Validate(); verr != nil {
				status, _ = s.saveFailed(f, verr)
			}
			s.renderSessionForm(c, status, f, create, id, len(x.Agenda))
			return
		}
		err = s.Publish.SaveSession(c.Request.Context(), actor(c), x, create)
		if err == nil {
			c.Redirect(http.StatusSeeOther, t.Path("edit", "sessions", x.ID)+"?saved=1")
			return
		}
		status, shown := s.saveFailed(f, err)
		if !shown {
			s.Fail(c, err)
			return
		}
		s.renderSessionForm(c, status, f, create, id, len(x.Agenda))
		return
	}
	f := newForm(t, url.Values{"venue.mode": {string(catalog.InPerson)}})
	n := 0
	if !create {
		rec, err := s.Store.Get(c.Request.Context(), catalog.KindSession, id)
		if err != nil {
			s.Fail(c, apperr.From(err))
			return
		}
		x := rec.Entity.(*catalog.Session)
		f = newForm(t, sessionValues(x))
		n = len(x.Agenda)
	}
	s.renderSessionForm(c, http.StatusOK, f, create, id, n)
}

// sessionValues is a session as the form's fields.
func sessionValues(x *catalog.Session) url.Values {
	v := url.Values{
		"id": {x.ID}, "body": {x.Body}, "start": {string(x.Start)}, "end": {string(x.End)},
		"venue.city": {x.Venue.City}, "venue.country": {x.Venue.Country}, "venue.mode": {string(x.Venue.Mode)},
	}
	if x.Number != 0 {
		v.Set("number", strconv.Itoa(x.Number))
	}
	setText(v, "title", x.Title)
	for i, a := range x.Agenda {
		v.Set("agenda["+strconv.Itoa(i)+"].item", a.Item)
		setText(v, "agenda["+strconv.Itoa(i)+"].title", a.Title)
	}
	return v
}

func (s *server) renderSessionForm(c *gin.Context, status int, f *form, create bool, id string, items int) {
	t := s.tr(c)
	d := editData{Form: f, Create: create, ID: id, Action: t.Path("edit", "sessions", id), Saved: c.Query("saved") != ""}
	if create {
		d.ID, d.Action = "", t.Path("edit", "sessions", "new")
	}
	d.Bodies = s.bodyOptions(t)
	for _, m := range catalog.Modes {
		d.Modes = append(d.Modes, option{string(m), t.Label("mode", string(m))})
	}
	for i := range items + emptyRows {
		d.Rows = append(d.Rows, i)
	}
	title := t.S("edit.new_session")
	if !create {
		title = t.S("edit.edit_session", "ID", id)
	}
	s.render(c, status, "edit_session", title, "edit", d)
}
