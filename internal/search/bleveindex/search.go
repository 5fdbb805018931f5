package bleveindex

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	htmlhl "github.com/blevesearch/bleve/v2/search/highlight/highlighter/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"plenary/internal/catalog"
	"plenary/internal/search"
)

// Facet sizes: how many values each facet lists at most.
var facetSizes = map[string]int{
	fType: 20, fBody: 30, fSession: 30, fYear: 50, fLang: 7, fSubject: 30,
}

// snippetLen is the length, in characters, of a snippet that is not a
// highlighted fragment (the start of the abstract).
const snippetLen = 240

// Search implements search.Searcher. When no document has all the words
// of the query, it tries again asking for most of them, and says so.
func (x *Index) Search(ctx context.Context, req search.Request) (*search.Result, error) {
	start := time.Now()
	if req.Size <= 0 {
		req.Size = 20
	}
	req.Size = min(req.Size, search.MaxSize)
	req.Page = max(req.Page, 1)
	if !req.Prefer.Valid() {
		req.Prefer = catalog.English
	}
	q := req.Query
	if q.Lang != "" {
		req.Lang = q.Lang
	}
	if req.CrossLanguage && x.expander != nil {
		q = x.expander.Expand(q)
	}
	langs := catalog.Languages
	if req.Lang != "" {
		langs = []catalog.Lang{req.Lang}
	}
	sort := req.Sort
	if sort == "" {
		sort = search.Relevance
	}
	if sort == search.Relevance && !q.HasText() && q.Symbol == "" {
		sort = search.Newest // nothing to rank by
	}
	var after *cursor
	if req.After != "" {
		c, err := decodeCursor(req.After, sort)
		if err != nil {
			return nil, err
		}
		after = &c
	}

	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return nil, search.ErrNotReady
	}
	relaxed := after != nil && after.Relaxed
	res, err := x.idx.SearchInContext(ctx, x.request(q, req, langs, sort, after, relaxed))
	if err == nil && res.Total == 0 && !relaxed && after == nil && textClauses(q) >= 2 {
		relaxed = true
		res, err = x.idx.SearchInContext(ctx, x.request(q, req, langs, sort, after, relaxed))
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := &search.Result{Total: res.Total, Facets: facets(res.Facets), Relaxed: relaxed}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, hit(h, req, langs))
	}
	n := len(res.Hits)
	if n == req.Size && (after != nil || uint64(req.Page*req.Size) < res.Total) {
		out.Next = encodeCursor(sort, relaxed, res.Hits[n-1])
	}
	out.Took = time.Since(start)
	return out, nil
}

// textClauses counts the clauses that search the text.
func textClauses(q search.Query) int {
	n := 0
	for _, c := range q.Clauses {
		if isText(c) {
			n++
		}
	}
	return n
}

// request is the bleve request for a page of q.
func (x *Index) request(q search.Query, req search.Request, langs []catalog.Lang, sort search.Sort, after *cursor, relaxed bool) *bleve.SearchRequest {
	must := []query.Query{x.compile(q, langs, relaxed), anyTerm(fAudience, audiencesFor(req.Audience))}
	if req.Lang != "" {
		must = append(must, anyTerm(fLang, []string{string(req.Lang)}))
	}
	br := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(must...), req.Size, (req.Page-1)*req.Size, false)
	br.SortBy(sortOrder(sort))
	if after != nil {
		br.SearchAfter = after.Values
		br.From = 0
	}
	br.Fields = []string{fSymbol, fType, fBody, fSession, fDate, fLang}
	for _, l := range langs {
		br.Fields = append(br.Fields, fTitle(l), fAbstract(l))
	}
	if q.HasText() {
		br.Highlight = bleve.NewHighlightWithStyle(htmlhl.Name)
		for _, l := range langs {
			br.Highlight.AddField(fText(l))
			br.Highlight.AddField(fAbstract(l))
			br.Highlight.AddField(fTitle(l))
		}
	}
	for name, size := range facetSizes {
		br.AddFacet(name, bleve.NewFacetRequest(name, size))
	}
	return br
}

func anyTerm(field string, values []string) query.Query {
	qs := make([]query.Query, len(values))
	for i, v := range values {
		tq := bleve.NewTermQuery(v)
		tq.SetField(field)
		qs[i] = tq
	}
	return anyOf(qs)
}

// sortOrder is the bleve sort of s; the id breaks ties, so that every
// hit has a place and a cursor can name it.
func sortOrder(s search.Sort) []string {
	switch s {
	case search.Newest:
		return []string{"-" + fDate, "_id"}
	case search.Oldest:
		return []string{fDate, "_id"}
	}
	return []string{"-_score", "_id"}
}

// A cursor names the sort and the sort values of the last hit of a page.
type cursor struct {
	Sort    search.Sort `json:"s"`
	Relaxed bool        `json:"r,omitempty"`
	Values  []string    `json:"v"`
}

func encodeCursor(s search.Sort, relaxed bool, last *bsearch.DocumentMatch) string {
	c := cursor{Sort: s, Relaxed: relaxed}
	if s == search.Relevance {
		c.Values = []string{strconv.FormatFloat(last.Score, 'g', -1, 64), last.ID}
	} else {
		date, _ := last.Fields[fDate].(string)
		c.Values = []string{date, last.ID}
	}
	raw, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(s string, sort search.Sort) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var c cursor
	if err != nil || json.Unmarshal(raw, &c) != nil || len(c.Values) != 2 {
		return c, &search.CursorError{Reason: "is not one this portal gave"}
	}
	if c.Sort != sort {
		return c, &search.CursorError{Reason: "belongs to another sort order"}
	}
	if sort == search.Relevance {
		if f, err := strconv.ParseFloat(c.Values[0], 64); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return c, &search.CursorError{Reason: "is not one this portal gave"}
		}
	}
	return c, nil
}

func facets(fr bsearch.FacetResults) search.Facets {
	list := func(name string) []search.FacetValue {
		f := fr[name]
		if f == nil || f.Terms == nil {
			return nil
		}
		var out []search.FacetValue
		for _, t := range f.Terms.Terms() {
			out = append(out, search.FacetValue{Value: t.Term, Count: t.Count})
		}
		return out
	}
	return search.Facets{
		Type: list(fType), Body: list(fBody), Session: list(fSession),
		Year: list(fYear), Lang: list(fLang), Subject: list(fSubject),
	}
}

// hit turns a bleve match into a hit shown in one language: the one asked
// for, else the version that matched best, else the preferred language.
func hit(h *bsearch.DocumentMatch, req search.Request, langs []catalog.Lang) search.Hit {
	str := func(name string) string { s, _ := h.Fields[name].(string); return s }
	out := search.Hit{
		ID: h.ID, Symbol: str(fSymbol), Type: catalog.DocType(str(fType)),
		Date: catalog.Date(str(fDate)), Body: str(fBody), Session: str(fSession), Score: h.Score,
	}
	switch v := h.Fields[fLang].(type) {
	case string:
		out.Languages = []catalog.Lang{catalog.Lang(v)}
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				out.Languages = append(out.Languages, catalog.Lang(s))
			}
		}
	}
	slices.SortFunc(out.Languages, func(a, b catalog.Lang) int { return a.Index() - b.Index() })
	out.Lang = bestLang(h, req, out.Languages, langs)
	out.Title = str(fTitle(out.Lang))
	for _, f := range []string{fText(out.Lang), fAbstract(out.Lang), fTitle(out.Lang)} {
		if frags := h.Fragments[f]; len(frags) > 0 {
			out.Snippet = tidy(frags[0])
			break
		}
	}
	if out.Snippet == "" {
		out.Snippet = html.EscapeString(shorten(str(fAbstract(out.Lang)), snippetLen))
	}
	return out
}

// bestLang picks the version to show: the language searched in; else the
// reader's language if that version matched; else the one whose fields hold
// the most query terms (titles counting most); else the reader's language,
// English, or the first there is.
func bestLang(h *bsearch.DocumentMatch, req search.Request, have, searched []catalog.Lang) catalog.Lang {
	if req.Lang != "" {
		return req.Lang
	}
	best, bestScore := catalog.Lang(""), 0.0
	for _, l := range searched {
		score := 0.0
		for field, w := range map[string]float64{fTitle(l): titleBoost, fAbstract(l): abstractBoost, fText(l): textBoost} {
			score += w * float64(len(h.Locations[field]))
		}
		if score > 0 && l == req.Prefer {
			return l
		}
		if score > bestScore {
			best, bestScore = l, score
		}
	}
	if best != "" {
		return best
	}
	for _, l := range []catalog.Lang{req.Prefer, catalog.English} {
		if slices.Contains(have, l) {
			return l
		}
	}
	if len(have) > 0 {
		return have[0]
	}
	return req.Prefer
}

// tidy drops the partial words at the cut ends of a fragment, so that it
// starts and ends on whole words ("…tion of victims…" becomes "…of victims…").
func tidy(frag string) string {
	const ellipsis = "…"
	if rest, ok := strings.CutPrefix(frag, ellipsis); ok {
		sp := strings.IndexAny(rest, " \n")
		if mark := strings.Index(rest, "<mark>"); sp > 0 && (mark < 0 || sp < mark) && sp < 40 {
			frag = ellipsis + strings.TrimLeft(rest[sp:], " \n")
		}
	}
	if rest, ok := strings.CutSuffix(frag, ellipsis); ok {
		sp := strings.LastIndexAny(rest, " \n")
		if mark := strings.LastIndex(rest, "</mark>"); sp > 0 && sp > mark && len(rest)-sp < 40 {
			frag = strings.TrimRight(rest[:sp], " \n,;:") + ellipsis
		}
	}
	return frag
}

// shorten cuts s to about n characters at a word boundary.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := strings.LastIndexAny(string(r), " \u3001\u3002，"); i > len(string(r))/2 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}
