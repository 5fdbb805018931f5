package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// editData is an editor's form page.
type editData struct {
	Form *form
	// Create says the form makes a new record; else it changes ID.
	Create bool
	ID     string
	// Action is where the form posts.
	Action string
	// Options for the selects.
	Bodies, Sessions, Categories, Modes, Types, Distributions, Relations, Langs, Roles []option
	// Rows are the indexes of the repeated rows (agenda items, relations).
	Rows []int
	// Extra holds what a page shows besides the form.
	Extra any
	// Saved says the last change was saved (the page after a 303).
	Saved bool
}

// editBodyRoute serves /{lang}/edit/bodies/new and /{lang}/edit/bodies/{code}.
func (s *server) editBodyRoute(c *gin.Context) {
	code := strings.TrimPrefix(c.Param("path"), "/")
	create := code == "new"
	t := s.tr(c)
	f := newForm(t, nil)
	if c.Request.Method == http.MethodPost {
		if err := c.Request.ParseForm(); err != nil {
			s.Fail(c, apperr.BadParam("form", "%v", err))
			return
		}
		f = newForm(t, c.Request.PostForm)
		b := &catalog.Body{
			Code: f.Get("code"), Name: textFrom(f.Values, "name"), ShortName: textFrom(f.Values, "short_name"),
			Description: textFrom(f.Values, "description"), Parent: f.Get("parent"), Category: catalog.Category(f.Get("category")),
		}
		if !create {
			b.Code = code
		}
		err := s.Publish.SaveBody(c.Request.Context(), actor(c), b, create)
		if err == nil {
			c.Redirect(http.StatusSeeOther, t.Path("edit", "bodies", b.Code)+"?saved=1")
			return
		}
		status, shown := s.saveFailed(f, err)
		if !shown {
			s.Fail(c, err)
			return
		}
		f.rename("id", "code") // a taken code is reported as the id
		s.renderBodyForm(c, status, f, create, code)
		return
	}
	if !create {
		rec, err := s.Store.Get(c.Request.Context(), catalog.KindBody, code)
		if err != nil {
			s.Fail(c, apperr.From(err))
			return
		}
		b := rec.Entity.(*catalog.Body)
		v := url.Values{"code": {b.Code}, "parent": {b.Parent}, "category": {string(b.Category)}}
		setText(v, "name", b.Name)
		setText(v, "short_name", b.ShortName)
		setText(v, "description", b.Description)
		f = newForm(t, v)
	}
	s.renderBodyForm(c, http.StatusOK, f, create, code)
}

func (s *server) renderBodyForm(c *gin.Context, status int, f *form, create bool, code string) {
	t := s.tr(c)
	d := editData{Form: f, Create: create, ID: code, Action: t.Path("edit", "bodies", code), Saved: c.Query("saved") != ""}
	if create {
		d.ID, d.Action = "", t.Path("edit", "bodies", "new")
	}
	d.Bodies = s.bodyOptions(t)
	for _, cat := range catalog.Categories {
		d.Categories = append(d.Categories, option{string(cat), t.Label("category", string(cat))})
	}
	title := t.S("edit.new_body")
	if !create {
		title = t.S("edit.edit_body", "ID", code)
	}
	s.render(c, status, "edit_body", title, "edit", d)
}

// bodyOptions lists the bodies for a select, with an empty choice first.
func (s *server) bodyOptions(t *T) []option {
	out := []option{{"", t.S("form.none")}}
	for _, b := range s.Model.Bodies() {
		out = append(out, option{b.Code, b.Code + " — " + t.Pick(b.Name).Text})
	}
	return out
}

// sessionOptions lists the sessions for a select, with an empty choice first.
func (s *server) sessionOptions(t *T) []option {
	out := []option{{"", t.S("form.none")}}
	for _, x := range s.Model.Sessions(readmodelAll) {
		out = append(out, option{x.ID, x.ID + " — " + t.Pick(x.Title).Text})
	}
	return out
}
