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
	index "github.com/blevesearch/bleve_index_api"

	"plenary/internal/catalog"
	"plenary/internal/search"
)

// Facet sizes: how many values each facet lists at most.
var facetSizes = map[string]int{
	fType: 20, fBody: 30, fSession: 30, fYear: 50, fLang: 7, fSubject: 30,
}

// shown are the stored fields a hit shows; the texts are read only for the
// snippet.
var shown = func() map[string]bool {
	m := map[string]bool{fSymbol: true, fType: true, fDate: true, fBody: true, fSession: true, fLang: true, fAudience: true}
	for _, l := range catalog.Languages {
		m[fTitle(l)] = true
	}
	return m
}()

// snippetLen is the length, in characters, of a snippet that is not a
// highlighted fragment (the start of the abstract or text).
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
	if out.Hits, err = x.hits(ctx, res.Hits, q, req, langs, relaxed); err != nil {
		return nil, err
	}
	n := len(res.Hits)
	if n == req.Size && (after != nil || uint64(req.Page*req.Size) < res.Total) {
		out.Next = encodeCursor(sort, relaxed, res.Hits[n-1])
	}
	out.Took = time.Since(start)
	return out, nil
}

// hits turns a page of matches into hits. The search itself only ranks
// and counts; this second step finds where the query matched in the
// page's documents alone (which version, which words) and reads what a
// hit shows from the stored fields.
func (x *Index) hits(ctx context.Context, page []*bsearch.DocumentMatch, q search.Query, req search.Request, langs []catalog.Lang, relaxed bool) ([]search.Hit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]string, len(page))
	for i, m := range page {
		ids[i] = m.ID
	}
	located := map[string]*bsearch.DocumentMatch{}
	if q.HasText() {
		br := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), x.compile(q, langs, relaxed)), len(ids), 0, false)
		br.IncludeLocations = true
		res, err := x.idx.SearchInContext(ctx, br)
		if err != nil {
			return nil, fmt.Errorf("search: locate matches: %w", err)
		}
		for _, m := range res.Hits {
			located[m.ID] = m
		}
	}
	hl, err := bleve.Config.Cache.HighlighterNamed(htmlhl.Name)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make([]search.Hit, 0, len(page))
	for _, m := range page {
		doc, err := x.idx.Document(m.ID)
		if err != nil {
			return nil, fmt.Errorf("search: read %s: %w", m.ID, err)
		}
		if doc == nil {
			continue // removed since the search ranked it
		}
		fields := map[string][]string{}
		texts := map[string][]byte{}
		doc.VisitFields(func(f index.Field) {
			if name := f.Name(); shown[name] {
				fields[name] = append(fields[name], string(f.Value()))
			} else {
				texts[name] = f.Value()
			}
		})
		if slices.Contains(hiddenFrom(req.Audience), first(fields[fAudience])) {
			continue // changed since the search ranked it
		}
		loc := located[m.ID]
		if loc == nil {
			loc = m
		}
		h := hit(m.ID, m.Score, fields, loc, req, langs)
		for _, f := range []string{fText(h.Lang), fTitle(h.Lang)} {
			if len(loc.Locations[f]) == 0 {
				continue
			}
			if frags := hl.BestFragmentsInField(loc, doc, f, 1); len(frags) > 0 {
				h.Snippet = tidy(frags[0])
				break
			}
		}
		if h.Snippet == "" {
			h.Snippet = html.EscapeString(shorten(string(texts[fText(h.Lang)][:min(len(texts[fText(h.Lang)]), 4*snippetLen)]), snippetLen))
		}
		out = append(out, h)
	}
	return out, nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
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
	b := bleve.NewBooleanQuery()
	b.AddMust(x.compile(q, langs, relaxed))
	if req.Lang != "" {
		b.AddMust(anyTerm(fLang, []string{string(req.Lang)}))
	}
	if hidden := hiddenFrom(req.Audience); len(hidden) > 0 {
		b.AddMustNot(anyTerm(fAudience, hidden))
	}
	br := bleve.NewSearchRequestOptions(b, req.Size, (req.Page-1)*req.Size, false)
	br.SortBy(sortOrder(sort))
	if after != nil {
		br.SearchAfter = after.Values
		br.From = 0
	}
	if req.Facets {
		for name, size := range facetSizes {
			br.AddFacet(name, bleve.NewFacetRequest(name, size))
		}
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
		c.Values = []string{last.Sort[0], last.ID} // the date, as sorted
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

// hit is what a hit shows, from the document's stored fields, in one
// language: the one asked for, else the version that matched best, else
// the preferred language.
func hit(id string, score float64, fields map[string][]string, loc *bsearch.DocumentMatch, req search.Request, langs []catalog.Lang) search.Hit {
	out := search.Hit{
		ID: id, Symbol: first(fields[fSymbol]), Type: catalog.DocType(first(fields[fType])),
		Date: catalog.Date(first(fields[fDate])), Body: first(fields[fBody]), Session: first(fields[fSession]), Score: score,
	}
	for _, l := range fields[fLang] {
		out.Languages = append(out.Languages, catalog.Lang(l))
	}
	slices.SortFunc(out.Languages, func(a, b catalog.Lang) int { return a.Index() - b.Index() })
	out.Lang = bestLang(loc, req, out.Languages, langs)
	out.Title = first(fields[fTitle(out.Lang)])
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
		score := titleBoost*float64(len(h.Locations[fTitle(l)])) + textBoost*float64(len(h.Locations[fText(l)]))
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
