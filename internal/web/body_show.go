package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// bodyData is a body with its sessions and latest documents.
type bodyData struct {
	Body     *catalog.Body
	Parent   *catalog.Body
	Children []*catalog.Body
	Sessions []*catalog.Session
	Docs     readmodel.DocumentPage
}

// bodyShow serves /{lang}/bodies/{code}.
func (s *server) bodyShow(c *gin.Context) {
	code := strings.TrimPrefix(c.Param("code"), "/")
	b, ok := s.Model.Body(code)
	if !ok {
		s.Fail(c, apperr.NotFound("no body with code %q", code))
		return
	}
	d := bodyData{Body: b}
	if b.Parent != "" {
		d.Parent, _ = s.Model.Body(b.Parent)
	}
	for _, x := range s.Model.Bodies() {
		if x.Parent == b.Code {
			d.Children = append(d.Children, x)
		}
	}
	d.Sessions = s.Model.Sessions(readmodel.SessionFilter{Body: code})
	d.Docs = s.Model.Documents(readmodel.DocumentFilter{Body: code}, audience(c), 0, 20)
	s.render(c, http.StatusOK, "body", s.tr(c).Pick(b.Name).Text, "meetings", d)
}
