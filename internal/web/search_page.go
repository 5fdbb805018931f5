package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"plenary/internal/api"
	"plenary/internal/apperr"
	"plenary/internal/search"
)

// searchFields are the filters the page offers, in the order it shows them.
var searchFields = []string{"type", "body", "session", "year", "lang", "subject"}

// maxSearchOffset is how deep page numbers reach, as in the API.
const maxSearchOffset = 10_000

// searchData is a page of search results with what narrows them.
type searchData struct {
	Q      string
	Params url.Values
	Sort   search.Sort
	Sorts  []search.Sort
	Page   int
	Pages  int
	// Start is the number of the page's first hit.
	Start  int
	Result *search.Result
	Hits   []searchHit
	Facets []facetGroup
	// Error is why the query could not be read, in English, naming where.
	Error string
}

type searchHit struct {
	search.Hit
	Snippet template.HTML
}

type facetGroup struct {
	Field  string
	Values []facetValue
}

type facetValue struct {
	Value    string
	Count    int
	Selected bool
	// URL is the search with this value added, or removed when selected.
	URL string
}

// searchPage serves /{lang}/search: the same query language and
// parameters as /api/v1/search. A query that is the symbol of a document
// goes straight to it.
func (s *server) searchPage(c *gin.Context) {
	t := s.tr(c)
	d := searchData{Q: c.Query("q"), Params: c.Request.URL.Query(), Sorts: search.Sorts}
	d.Params.Del("page")
	d.Params.Del("after")
	d.Params.Del("facets")
	req, err := api.SearchRequest(c, s.Model, audience(c))
	var bad *apperr.Error
	if errors.As(err, &bad) && bad.Param == "q" {
		d.Error = bad.Message
		s.render(c, http.StatusBadRequest, "search", t.S("search.title"), "search", &d)
		return
	}
	if err != nil {
		s.Fail(c, err)
		return
	}
	if sym := req.Query.Symbol; sym != "" && len(req.Query.Clauses) == 1 && len(req.Query.Not) == 0 {
		if doc, ok := s.Model.Document(sym, req.Audience); ok {
			c.Redirect(http.StatusSeeOther, t.Path("documents", doc.ID))
			return
		}
	}
	if s.Search == nil || !s.SearchReady() {
		s.Fail(c, apperr.Unavailable("the search index is being built; try again in a minute", nil))
		return
	}
	if req.Lang == "" {
		req.Prefer = t.Lang
	}
	req.After = ""
	req.Facets = true
	d.Sort, d.Page, d.Start = req.Sort, req.Page, (req.Page-1)*req.Size+1
	res, err := s.Search.Search(c.Request.Context(), req)
	if errors.Is(err, search.ErrNotReady) {
		s.Fail(c, apperr.Unavailable("the search index is being built; try again in a minute", err))
		return
	}
	if err != nil {
		s.Fail(c, err)
		return
	}
	d.Result = res
	d.Pages = int(min(res.Total, maxSearchOffset)+uint64(req.Size)-1) / req.Size
	for _, h := range api.NewestRevisionsFirst(s.Model, res.Hits) {
		if _, ok := s.Model.Document(h.ID, req.Audience); !ok {
			continue // the index has not caught up with a withdrawal yet
		}
		// The snippet is escaped text with <mark> around the matches.
		d.Hits = append(d.Hits, searchHit{Hit: h, Snippet: template.HTML(h.Snippet)})
	}
	byField := map[string][]search.FacetValue{
		"type": res.Facets.Type, "body": res.Facets.Body, "session": res.Facets.Session,
		"year": res.Facets.Year, "lang": res.Facets.Lang, "subject": res.Facets.Subject,
	}
	for _, f := range searchFields {
		g := facetGroup{Field: f}
		values := byField[f]
		for _, v := range values {
			fv := facetValue{Value: v.Value, Count: v.Count, Selected: slices.Contains(d.Params[f], v.Value)}
			fv.URL = d.toggle(f, v.Value)
			g.Values = append(g.Values, fv)
		}
		if len(g.Values) > 0 {
			d.Facets = append(d.Facets, g)
		}
	}
	s.render(c, http.StatusOK, "search", t.S("search.title"), "search", &d)
}

// toggle is the query of this search with value added to the filter
// field, or taken out of it when already there, back on the first page.
func (d *searchData) toggle(field, value string) string {
	q := url.Values{}
	for k, vs := range d.Params {
		q[k] = slices.Clone(vs)
	}
	if i := slices.Index(q[field], value); i >= 0 {
		q[field] = slices.Delete(q[field], i, i+1)
	} else if field == "lang" || field == "year" {
		q[field] = []string{value} // one language or year at a time
	} else {
		q[field] = append(q[field], value)
	}
	return "?" + q.Encode()
}

// PageURL is the query of this search at page n.
func (d *searchData) PageURL(n int) string {
	q := url.Values{}
	for k, vs := range d.Params {
		q[k] = vs
	}
	if n > 1 {
		q.Set("page", itoa(n))
	}
	return "?" + q.Encode()
}

// PageList is the page numbers to offer: the first, the last, and those
// around the current one; 0 marks a gap.
func (d *searchData) PageList() []int {
	var out []int
	for n := 1; n <= d.Pages; n++ {
		if n == 1 || n == d.Pages || n >= d.Page-2 && n <= d.Page+2 {
			out = append(out, n)
		} else if len(out) > 0 && out[len(out)-1] != 0 {
			out = append(out, 0)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }
