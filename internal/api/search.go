package api

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
	"plenary/internal/search"
)

// maxOffset is how deep page numbers reach; deeper pages are read with
// the cursor (after=) that every page gives for the next.
const maxOffset = 10_000

type searchHitJSON struct {
	ID        string          `json:"id"`
	Symbol    string          `json:"symbol,omitempty"`
	Lang      catalog.Lang    `json:"lang"`
	Type      catalog.DocType `json:"type"`
	Title     string          `json:"title"`
	Snippet   string          `json:"snippet"`
	Date      catalog.Date    `json:"date"`
	Body      string          `json:"body,omitempty"`
	Session   string          `json:"session,omitempty"`
	Languages []catalog.Lang  `json:"languages"`
	URL       string          `json:"url"`
	Score     float64         `json:"score"`
}

type facetJSON struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

type searchJSON struct {
	Total   uint64                 `json:"total"`
	Page    int                    `json:"page,omitempty"`
	Size    int                    `json:"size"`
	Relaxed bool                   `json:"relaxed"`
	Hits    []searchHitJSON        `json:"hits"`
	Facets  map[string][]facetJSON `json:"facets"`
	Next    string                 `json:"next,omitempty"`
	TookMS  float64                `json:"took_ms"`
}

// search serves GET /search?q=&lang=&type=&body=&session=&year=&subject=
// &xlang=&sort=&page=&size=&after=&facets=. Filters may repeat
// (type=report&type=guide: either). Without lang there is one hit per
// document, in its best-matching language; with lang=xx the hits are
// versions in xx. Facets are counted unless facets=false, and on pages
// reached by cursor only with facets=true.
func (h handler) search(c *gin.Context) {
	if h.Search == nil {
		h.Fail(c, apperr.Unavailable("search is not available on this server", nil))
		return
	}
	req, err := SearchRequest(c, h.Model, audience(c))
	if err != nil {
		h.Fail(c, err)
		return
	}
	res, err := h.Search.Search(c.Request.Context(), req)
	var cursorErr *search.CursorError
	switch {
	case errors.Is(err, search.ErrNotReady):
		h.Fail(c, apperr.Unavailable("the search index is being built; try again in a minute", err))
		return
	case errors.As(err, &cursorErr):
		h.Fail(c, apperr.BadParam("after", "%s", cursorErr.Reason))
		return
	case err != nil:
		h.Fail(c, err)
		return
	}
	out := searchJSON{
		Total: res.Total, Size: req.Size, Relaxed: res.Relaxed, Next: res.Next,
		Hits: []searchHitJSON{}, TookMS: float64(res.Took.Microseconds()) / 1000,
		Facets: map[string][]facetJSON{
			"type": facetList(res.Facets.Type), "body": facetList(res.Facets.Body),
			"session": facetList(res.Facets.Session), "year": facetList(res.Facets.Year),
			"lang": facetList(res.Facets.Lang), "subject": facetList(res.Facets.Subject),
		},
	}
	if req.After == "" {
		out.Page = req.Page
	}
	for _, hit := range NewestRevisionsFirst(h.Model, res.Hits) {
		if _, ok := h.Model.Document(hit.ID, req.Audience); !ok {
			continue // the index has not caught up with a withdrawal yet
		}
		out.Hits = append(out.Hits, searchHitJSON{
			ID: hit.ID, Symbol: hit.Symbol, Lang: hit.Lang, Type: hit.Type, Title: hit.Title,
			Snippet: hit.Snippet, Date: hit.Date, Body: hit.Body, Session: hit.Session,
			Languages: hit.Languages, URL: "/api/v1/documents/" + hit.ID, Score: hit.Score,
		})
	}
	c.JSON(http.StatusOK, out)
}

// NewestRevisionsFirst puts the hits of a page in the order to show them:
// a revision before the documents it revises, where the best of them was.
func NewestRevisionsFirst(model *readmodel.Model, hits []search.Hit) []search.Hit {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	out := make([]search.Hit, 0, len(hits))
	for _, i := range model.RevisionOrder(ids) {
		out = append(out, hits[i])
	}
	return out
}

func facetList(vs []search.FacetValue) []facetJSON {
	out := make([]facetJSON, len(vs))
	for i, v := range vs {
		out[i] = facetJSON{v.Value, v.Count}
	}
	return out
}

// SearchRequest reads and checks the parameters of a search, for the API
// and the search page alike; the filters join the query as clauses, as if
// typed (type=report is type:report).
func SearchRequest(c *gin.Context, model *readmodel.Model, aud catalog.Audience) (search.Request, error) {
	var req search.Request
	q, err := search.Parse(c.Query("q"))
	var syntax *search.SyntaxError
	if errors.As(err, &syntax) {
		return req, apperr.BadParam("q", "%s", syntax.Error())
	}
	req.Query = q
	if s := c.Query("lang"); s != "" {
		l, ok := catalog.ParseLang(s)
		if !ok {
			return req, apperr.BadParam("lang", "must be one of ar zh en fr ru es pt, not %q", s)
		}
		if q.Lang != "" && q.Lang != l {
			return req, apperr.BadParam("lang", "%q contradicts lang:%s in the query", s, q.Lang)
		}
		req.Lang = l
	}
	req.Prefer = preferredLang(c, req.Lang)
	for _, f := range []search.Field{search.Type, search.Body, search.Session, search.Year, search.Subject} {
		values := c.QueryArray(string(f))
		var clause []search.Term
		for _, v := range values {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			t := search.Term{Field: f, Value: v}
			switch f {
			case search.Type:
				if !slices.Contains(catalog.DocTypes, catalog.DocType(v)) {
					return req, apperr.BadParam("type", "%q is not a document type", v)
				}
			case search.Body:
				if _, ok := model.Body(v); !ok {
					return req, apperr.BadParam("body", "no body with code %q", v)
				}
			case search.Session:
				if _, ok := model.Session(v); !ok {
					return req, apperr.BadParam("session", "no session with id %q", v)
				}
			case search.Year:
				if t.From, t.To, err = search.ParseYears(v); err != nil {
					return req, apperr.BadParam("year", "%s", err.Error())
				}
			}
			clause = append(clause, t)
		}
		if len(clause) > 0 {
			req.Query.Clauses = append(req.Query.Clauses, clause)
		}
	}
	if req.CrossLanguage, _, err = boolParam(c, "xlang"); err != nil {
		return req, err
	}
	switch s := c.DefaultQuery("sort", string(search.Relevance)); s {
	case string(search.Relevance), string(search.Newest), string(search.Oldest):
		req.Sort = search.Sort(s)
	case "date":
		req.Sort = search.Newest
	default:
		return req, apperr.BadParam("sort", "must be relevance, newest or oldest, not %q", s)
	}
	if req.Page, err = intParam(c, "page", 1, 1, 1_000_000); err != nil {
		return req, err
	}
	if req.Size, err = intParam(c, "size", 20, 1, search.MaxSize); err != nil {
		return req, err
	}
	if (req.Page-1)*req.Size >= maxOffset {
		return req, apperr.BadParam("page", "pages reach %d hits deep; go further with the after= cursor that each page gives as next", maxOffset)
	}
	req.After = c.Query("after")
	if req.After != "" && c.Query("page") != "" {
		return req, apperr.BadParam("after", "give either page or after, not both")
	}
	facets, given, err := boolParam(c, "facets")
	if err != nil {
		return req, err
	}
	req.Facets = facets || !given && req.After == "" // a page reached by cursor has them by asking

	req.Audience = aud
	return req, nil
}

// preferredLang is the language to show documents in: the one searched
// in, else the first of the seven that the browser asks for, else English.
func preferredLang(c *gin.Context, searched catalog.Lang) catalog.Lang {
	if searched != "" {
		return searched
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(part, ";")
		if l, ok := catalog.ParseLang(tag); ok {
			return l
		}
	}
	return catalog.English
}
