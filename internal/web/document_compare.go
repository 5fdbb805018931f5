package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// compareData is two language versions of a document side by side.
type compareData struct {
	Doc  *catalog.Document
	A, B *catalog.Version
	Rows [][2]string
}

// documentCompare serves /{lang}/documents/{id}/compare?a=en&b=ar: two
// versions in two columns, paragraph by paragraph, each column in its own
// direction. By default the interface language's version (or the first)
// faces the next one available.
func (s *server) documentCompare(c *gin.Context, id string) {
	doc, err := s.storedDocument(c, id)
	if err != nil {
		s.Fail(c, err)
		return
	}
	if len(doc.Versions) == 0 {
		s.Fail(c, apperr.NotFound("document %q has no language versions", id))
		return
	}
	t := s.tr(c)
	pick := func(param string, avoid catalog.Lang) (*catalog.Version, error) {
		if code := c.Query(param); code != "" {
			l, ok := catalog.ParseLang(code)
			if !ok {
				return nil, apperr.BadParam(param, "must be one of ar zh en fr ru es pt, not %q", code)
			}
			v, ok := doc.Version(l)
			if !ok {
				return nil, apperr.BadParam(param, "document %q has no %s version", id, l.EnglishName())
			}
			return v, nil
		}
		if v, ok := doc.Version(t.Lang); ok && t.Lang != avoid {
			return v, nil
		}
		for i := range doc.Versions {
			if doc.Versions[i].Lang != avoid {
				return &doc.Versions[i], nil
			}
		}
		return &doc.Versions[0], nil
	}
	a, err := pick("a", "")
	if err != nil {
		s.Fail(c, err)
		return
	}
	b, err := pick("b", a.Lang)
	if err != nil {
		s.Fail(c, err)
		return
	}
	d := compareData{Doc: doc, A: a, B: b}
	pa, pb := paragraphs(a.Text), paragraphs(b.Text)
	for i := range max(len(pa), len(pb)) {
		var row [2]string
		if i < len(pa) {
			row[0] = pa[i]
		}
		if i < len(pb) {
			row[1] = pb[i]
		}
		d.Rows = append(d.Rows, row)
	}
	s.render(c, http.StatusOK, "compare", t.S("compare.title", "Title", t.Title(doc).Text), "documents", d)
}
