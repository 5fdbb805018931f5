// Package search defines what a search asks and answers, the query
// language users type, and the glossary that carries a query across
// languages. The index itself is in search/bleveindex.
package search

import (
	"context"
	"errors"
	"time"

	"plenary/internal/catalog"
)

// ErrNotReady is returned while the index is being built.
var ErrNotReady = errors.New("the search index is being built")

// Sort is the order of hits.
type Sort string

// The orders. Relevance falls back to Newest when the query has no words.
const (
	Relevance Sort = "relevance"
	Newest    Sort = "newest"
	Oldest    Sort = "oldest"
)

// Sorts lists the orders.
var Sorts = []Sort{Relevance, Newest, Oldest}

// MaxSize is the largest page.
const MaxSize = 100

// Request is one search.
type Request struct {
	Query Query
	// Lang restricts hits to versions in that language. Empty: one hit per
	// document, its best-matching version.
	Lang catalog.Lang
	// Prefer is the language to show a document in when it matches in
	// several or the query has no words (the reader's language).
	Prefer catalog.Lang
	// CrossLanguage expands glossary terms into the other languages.
	CrossLanguage bool
	// Audience decides what may be found.
	Audience catalog.Audience
	Sort     Sort
	// Page counts from 1; Size is at most MaxSize.
	Page, Size int
	// After is a cursor from Result.Next: the page after it, however deep.
	After string
	// Facets asks for the facet counts, which cost a look at every hit.
	Facets bool
}

// Result is a page of hits.
type Result struct {
	Total  uint64
	Hits   []Hit
	Facets Facets
	// Relaxed says that no document has every word of the query, and that
	// the hits have most of them.
	Relaxed bool
	// Next is a cursor for the page after this one, empty on the last.
	Next string
	Took time.Duration
}

// Hit is a document found, shown in one language version.
type Hit struct {
	ID     string
	Symbol string
	Lang   catalog.Lang
	Type   catalog.DocType
	Title  string
	// Snippet is HTML: escaped text with the matches in <mark>.
	Snippet   string
	Date      catalog.Date
	Body      string
	Session   string
	Languages []catalog.Lang
	Score     float64
}

// Facets counts the hits by type, body, session, year, language and
// subject, most frequent first; empty unless the request asked.
type Facets struct {
	Type    []FacetValue
	Body    []FacetValue
	Session []FacetValue
	Year    []FacetValue
	Lang    []FacetValue
	Subject []FacetValue
}

// FacetValue is one value of a facet and how many hits have it.
type FacetValue struct {
	Value string
	Count int
}

// Searcher answers searches.
type Searcher interface {
	Search(ctx context.Context, req Request) (*Result, error)
}

// CursorError is a Request.After that is not a cursor of this search.
type CursorError struct{ Reason string }

func (e *CursorError) Error() string { return "the cursor " + e.Reason }
