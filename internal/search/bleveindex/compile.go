package bleveindex

import (
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"plenary/internal/catalog"
	"plenary/internal/search"
)

// Boosts of symbol matches: the document itself far above those whose
// symbol merely starts the same way.
const (
	symbolExactBoost  = 20
	symbolPrefixBoost = 2
)

// analyze is the query analysis of text in lang, by position; a gap left
// by a stop word is an empty slot, which a phrase matches with any word.
func (x *Index) analyze(lang catalog.Lang, text string) [][]string {
	return positions(x.analyzer[lang], text)
}

// outcome is what a term becomes in one language.
type outcome int

const (
	matches    outcome = iota // a query
	stopWord                  // nothing to match: the term is left out
	impossible                // the language cannot match it (another script)
)

// compile turns q into a bleve query over the languages given: each
// language must match every clause on its own (a document is found by
// one of its versions), and the languages are alternatives. Field terms
// apply whatever the language.
//
// A relaxed query asks only most of the words to match (all but one, or
// two thirds of a long query): the second try when no document has all.
func (x *Index) compile(q search.Query, langs []catalog.Lang, relaxed bool) query.Query {
	if q.Empty() {
		return bleve.NewMatchAllQuery()
	}
	if !q.HasText() {
		// Filters only: an excluded word excludes a document whatever
		// the language it is in.
		b, _ := x.boolean(q, "", langs, false)
		return b
	}
	// Clauses of field terms only (filters) are the same in every
	// language: they are matched once, outside the languages.
	var filters search.Query
	text := search.Query{Not: q.Not}
	for _, c := range q.Clauses {
		if hasText(c) {
			text.Clauses = append(text.Clauses, c)
		} else {
			filters.Clauses = append(filters.Clauses, c)
		}
	}
	var per []query.Query
	for _, l := range langs {
		if b, ok := x.boolean(text, l, nil, relaxed); ok {
			per = append(per, b)
		}
	}
	var matched query.Query
	switch len(per) {
	case 0:
		return bleve.NewMatchNoneQuery()
	case 1:
		matched = per[0]
	default:
		matched = bleve.NewDisjunctionQuery(per...)
	}
	if len(filters.Clauses) == 0 {
		return matched
	}
	f, _ := x.boolean(filters, "", nil, false)
	return bleve.NewConjunctionQuery(matched, f)
}

// isText reports whether a clause searches only the text.
func isText(clause []search.Term) bool {
	for _, t := range clause {
		if t.Field != search.Text {
			return false
		}
	}
	return true
}

func hasText(ts []search.Term) bool {
	for _, t := range ts {
		if t.Field == search.Text {
			return true
		}
	}
	return false
}

// boolean is q for language l. With l empty (a query without words), the
// text of excluded terms is matched in every language of all.
func (x *Index) boolean(q search.Query, l catalog.Lang, all []catalog.Lang, relaxed bool) (query.Query, bool) {
	b := bleve.NewBooleanQuery()
	musts := 0
	var words []query.Query // text clauses, when relaxed
	for _, clause := range q.Clauses {
		var alts []query.Query
		onlyStopWords := true
		for _, t := range clause {
			tq, out := x.term(t, l, all)
			switch out {
			case matches:
				alts = append(alts, tq)
			case impossible:
				onlyStopWords = false
			}
		}
		if len(alts) == 0 {
			if onlyStopWords || relaxed && isText(clause) {
				continue
			}
			return nil, false
		}
		if relaxed && isText(clause) {
			words = append(words, anyOf(alts))
			continue
		}
		b.AddMust(anyOf(alts))
		musts++
	}
	if n := len(words); n > 0 {
		b.AddShould(words...)
		b.SetMinShould(float64(max(1, min(n-1, (2*n+2)/3))))
		musts++
	}
	if musts == 0 {
		if q.HasText() {
			return nil, false // every word is a stop word in this language
		}
		b.AddMust(bleve.NewMatchAllQuery())
	}
	for _, t := range q.Not {
		if tq, out := x.term(t, l, all); out == matches {
			b.AddMustNot(tq)
		}
	}
	return b, true
}

// term is one term of the query in language l.
func (x *Index) term(t search.Term, l catalog.Lang, all []catalog.Lang) (query.Query, outcome) {
	switch t.Field {
	case search.Text:
		if l == "" {
			var alts []query.Query
			for _, one := range all {
				if tq, out := x.term(t, one, nil); out == matches {
					alts = append(alts, tq)
				}
			}
			if len(alts) == 0 {
				return nil, impossible
			}
			return anyOf(alts), matches
		}
		return x.textTerm(t, l)
	case search.Symbol:
		exact := bleve.NewTermQuery(t.Value)
		exact.SetField(fSymbol)
		exact.SetBoost(symbolExactBoost)
		prefix := bleve.NewTermQuery(t.Value)
		prefix.SetField(fSymbolPrefix)
		prefix.SetBoost(symbolPrefixBoost)
		return bleve.NewDisjunctionQuery(exact, prefix), matches
	case search.Year:
		lo, hi := itoa4(t.From), itoa4(t.To)
		yes := true
		r := bleve.NewTermRangeInclusiveQuery(lo, hi, &yes, &yes)
		r.SetField(fYear)
		return r, matches
	}
	field := map[search.Field]string{
		search.Body: fBody, search.Session: fSession, search.Type: fType, search.Subject: fSubject,
	}[t.Field]
	if field == "" {
		return nil, stopWord
	}
	tq := bleve.NewTermQuery(t.Value)
	tq.SetField(field)
	return tq, matches
}

func itoa4(n int) string {
	b := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

// textTerm matches a word, a phrase or a concept in the titles, abstracts
// and texts of language l.
func (x *Index) textTerm(t search.Term, l catalog.Lang) (query.Query, outcome) {
	if t.Concept != nil {
		var alts []query.Query
		for _, name := range append([]string{t.Value}, t.Concept.Names[l]...) {
			if p := x.analyze(l, name); len(p) > 0 {
				alts = append(alts, inFields(l, p))
			}
		}
		if len(alts) == 0 {
			return nil, stopWord
		}
		return anyOf(alts), matches
	}
	if !scriptFits(t.Value, l) {
		return nil, impossible
	}
	p := x.analyze(l, t.Value)
	if len(p) == 0 {
		return nil, stopWord
	}
	return inFields(l, p), matches
}

// inFields matches the terms (by position) in the title, abstract or text
// of language l, titles counting most: one position as a term (or its
// alternatives), several as a phrase.
func inFields(l catalog.Lang, p [][]string) query.Query {
	fields := []struct {
		name  string
		boost float64
	}{{fTitle(l), titleBoost}, {fText(l), textBoost}}
	alts := make([]query.Query, 0, len(fields))
	for _, f := range fields {
		var q query.Query
		if len(p) == 1 {
			terms := make([]query.Query, 0, len(p[0]))
			for _, term := range p[0] {
				tq := bleve.NewTermQuery(term)
				tq.SetField(f.name)
				terms = append(terms, tq)
			}
			dq := anyOf(terms)
			dq.(query.BoostableQuery).SetBoost(f.boost)
			q = dq
		} else {
			mp := query.NewMultiPhraseQuery(p, f.name)
			mp.SetBoost(f.boost)
			q = mp
			if l == catalog.Chinese {
				q = chineseRun(p, f.name, f.boost, mp)
			}
		}
		alts = append(alts, q)
	}
	return bleve.NewDisjunctionQuery(alts...)
}

// chineseRun matches a run of Chinese characters typed without spaces,
// which may hold several words in another order than the text's: most of
// its character pairs must appear (half, rounded up), and the run as
// written counts double.
func chineseRun(p [][]string, field string, boost float64, phrase *query.MultiPhraseQuery) query.Query {
	pairs := make([]query.Query, 0, len(p))
	for _, pos := range p {
		for _, term := range pos {
			tq := bleve.NewTermQuery(term)
			tq.SetField(field)
			pairs = append(pairs, tq)
		}
	}
	most := bleve.NewDisjunctionQuery(pairs...)
	most.SetMin(float64((len(p) + 1) / 2))
	most.SetBoost(boost)
	phrase.SetBoost(2 * boost)
	return bleve.NewDisjunctionQuery(phrase, most)
}

// anyOf is one query, or their disjunction.
func anyOf(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// scriptFits reports whether a word could be in language l, judging by
// its letters: Arabic letters in Arabic, Han characters in Chinese,
// Cyrillic in Russian, Latin letters in the others; a word without
// letters (a number) in every language.
func scriptFits(word string, l catalog.Lang) bool {
	letters := false
	for _, r := range word {
		if !unicode.IsLetter(r) {
			continue
		}
		letters = true
		switch {
		case unicode.Is(unicode.Arabic, r):
			if l == catalog.Arabic {
				return true
			}
		case unicode.Is(unicode.Han, r):
			if l == catalog.Chinese {
				return true
			}
		case unicode.Is(unicode.Cyrillic, r):
			if l == catalog.Russian {
				return true
			}
		case unicode.Is(unicode.Latin, r):
			if l != catalog.Arabic && l != catalog.Chinese && l != catalog.Russian {
				return true
			}
		}
	}
	return !letters
}
