package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// editRecommendationRoute serves /{lang}/edit/recommendations/new and
// /{lang}/edit/recommendations/{id}.
func (s *server) editRecommendationRoute(c *gin.Context) {
	id := strings.TrimPrefix(c.Param("path"), "/")
	create := id == "new"
	t := s.tr(c)
	ctx := c.Request.Context()
	var stored *catalog.Recommendation
	if !create {
		rec, err := s.Store.Get(ctx, catalog.KindRecommendation, id)
		if err != nil {
			s.Fail(c, apperr.From(err))
			return
		}
		stored = rec.Entity.(*catalog.Recommendation)
	}
	if c.Request.Method != http.MethodPost {
		f := newForm(t, nil)
		if stored != nil {
			f = newForm(t, recommendationValues(stored))
		}
		s.renderRecommendationForm(c, http.StatusOK, f, create, id)
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.Fail(c, apperr.BadParam("form", "%v", err))
		return
	}
	f := newForm(t, c.Request.PostForm)
	r := &catalog.Recommendation{}
	if stored != nil {
		copied := *stored
		r = &copied
	} else {
		r.ID = f.Get("id")
	}
	r.Session, r.Document, r.Number = f.Get("session"), f.Get("document"), f.Get("number")
	r.Themes = splitList(f.Get("themes"))
	r.Text = textFrom(f.Values, "text")
	err := s.Publish.SaveRecommendation(ctx, actor(c), r, create)
	if err == nil {
		c.Redirect(http.StatusSeeOther, t.Path("edit", "recommendations", r.ID)+"?saved=1")
		return
	}
	status, shown := s.saveFailed(f, err)
	if !shown {
		s.Fail(c, err)
		return
	}
	s.renderRecommendationForm(c, status, f, create, id)
}

// recommendationValues is a recommendation as the form's fields.
func recommendationValues(r *catalog.Recommendation) url.Values {
	v := url.Values{"id": {r.ID}, "session": {r.Session}, "document": {r.Document}, "number": {r.Number}, "themes": {strings.Join(r.Themes, ", ")}}
	setText(v, "text", r.Text)
	return v
}

func (s *server) renderRecommendationForm(c *gin.Context, status int, f *form, create bool, id string) {
	t := s.tr(c)
	d := editData{Form: f, Create: create, ID: id, Action: t.Path("edit", "recommendations", id), Saved: c.Query("saved") != ""}
	title := t.S("edit.edit_recommendation", "ID", id)
	if create {
		d.ID, d.Action, title = "", t.Path("edit", "recommendations", "new"), t.S("edit.new_recommendation")
	}
	d.Sessions = s.sessionOptions(t)
	s.render(c, status, "edit_recommendation", title, "edit", d)
}
