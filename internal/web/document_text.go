package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// textData is one language version's text, paragraph by paragraph.
type textData struct {
	Doc        *catalog.Document
	Version    *catalog.Version
	Paragraphs []string
}

// documentText serves /{lang}/documents/{id}/text/{vlang}: the text of one
// language version as a page, read once from the database.
func (s *server) documentText(c *gin.Context, id, code string) {
	vlang, ok := catalog.ParseLang(code)
	if !ok {
		s.Fail(c, apperr.NotFound("no language %q", code))
		return
	}
	doc, err := s.storedDocument(c, id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	v, ok := doc.Version(vlang)
	if !ok {
		s.Fail(c, apperr.NotFound("document %q has no %s version", id, vlang.EnglishName()))
		return
	}
	s.render(c, http.StatusOK, "text", v.Title, "documents", textData{Doc: doc, Version: v, Paragraphs: paragraphs(v.Text)})
}
