package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// pubsData is a page of publications with the counts to narrow it.
type pubsData struct {
	Lang     catalog.Lang
	Year     int
	Subject  string
	Page     int
	Pages    int
	Result   readmodel.DocumentPage
	Langs    []catalog.Lang
	Years    []readmodel.Count
	Subjects []readmodel.Count
}

const pubsPerPage = 20

// publicationsList serves /{lang}/publications?lang=&year=&subject=&page=:
// publications and guides, newest first, by the language they exist in,
// year and subject.
func (s *server) publicationsList(c *gin.Context) {
	d := pubsData{Subject: c.Query("subject"), Page: 1}
	if code := c.Query("lang"); code != "" {
		l, ok := catalog.ParseLang(code)
		if !ok {
			s.Fail(c, apperr.BadParam("lang", "must be one of ar zh en fr ru es pt, not %q", code))
			return
		}
		d.Lang = l
	}
	var err error
	if y := c.Query("year"); y != "" {
		if d.Year, err = strconv.Atoi(y); err != nil || d.Year < 1900 || d.Year > 2200 {
			s.Fail(c, apperr.BadParam("year", "must be a year such as 2021, not %q", y))
			return
		}
	}
	if p := c.Query("page"); p != "" {
		if d.Page, err = strconv.Atoi(p); err != nil || d.Page < 1 || d.Page > 100_000 {
			s.Fail(c, apperr.BadParam("page", "must be a page number, not %q", p))
			return
		}
	}
	f := readmodel.DocumentFilter{Types: []catalog.DocType{catalog.TypePublication, catalog.TypeGuide}, Lang: d.Lang, Year: d.Year, Subject: d.Subject, Counts: true}
	d.Result = s.Model.Documents(f, audience(c), (d.Page-1)*pubsPerPage, pubsPerPage)
	d.Pages = (d.Result.Total + pubsPerPage - 1) / pubsPerPage
	d.Langs = catalog.Languages
	d.Years = readmodel.Counts(d.Result.Years)
	slices.SortFunc(d.Years, func(a, b readmodel.Count) int { return strings.Compare(b.Value, a.Value) })
	d.Subjects = readmodel.Counts(d.Result.Subjects)
	s.render(c, http.StatusOK, "publications", s.tr(c).S("pubs.title"), "publications", d)
}
