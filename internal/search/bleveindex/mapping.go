package bleveindex

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"plenary/internal/catalog"
)

// MappingVersion names the shape of the index: the fields and their
// analysis. Raising it makes every index built before rebuild itself.
const MappingVersion = 3

// The index holds one entry per document, with the texts of each language
// version in that language's fields (title_fr, text_fr), so
// that a hit is a document and its best-matching version, and facet
// counts count documents.
const (
	fSymbol       = "symbol"        // normalised symbol, exact
	fSymbolPrefix = "symbol_prefix" // every leading run of elements of the symbol
	fType         = "type"
	fBody         = "body"
	fSession      = "session"
	fYear         = "year"
	fDate         = "date" // YYYY-MM-DD, for sorting
	fDistribution = "distribution"
	fSubject      = "subject"
	fLang         = "lang"     // the languages the document exists in
	fAudience     = "audience" // who may find it: public, participant or staff
)

// The text fields of a language: the title, and the text (the abstract
// followed by the full text).
func fTitle(l catalog.Lang) string { return "title_" + string(l) }
func fText(l catalog.Lang) string  { return "text_" + string(l) }

// Boosts of matches in each text field.
const (
	titleBoost = 3
	textBoost  = 1
)

// newMapping declares every field: keyword fields for filters and facets
// (doc values where facets or sorting read them), text fields per language
// (stored and with term vectors, for snippets). Nothing else is indexed.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = keyword.Name
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	kw := func(name string, store, docValues bool) {
		f := mapping.NewKeywordFieldMapping()
		f.Name = name
		f.Store = store
		f.DocValues = docValues
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		doc.AddFieldMappingsAt(name, f)
	}
	kw(fSymbol, true, false)
	kw(fSymbolPrefix, false, false)
	kw(fType, true, true)
	kw(fBody, true, true)
	kw(fSession, true, true)
	kw(fYear, false, true)
	kw(fDate, true, true)
	kw(fDistribution, false, false)
	kw(fSubject, false, true)
	kw(fLang, true, true)
	kw(fAudience, true, false)

	for _, l := range catalog.Languages {
		for _, name := range []string{fTitle(l), fText(l)} {
			f := mapping.NewTextFieldMapping()
			f.Name = name
			f.Analyzer = analyzerName(l)
			f.Store = true
			f.IncludeTermVectors = true
			f.IncludeInAll = false
			f.DocValues = false
			doc.AddFieldMappingsAt(name, f)
		}
	}
	m.DefaultMapping = doc
	m.TypeField = "_none"
	return m, m.Validate()
}
