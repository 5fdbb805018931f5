package bleveindex

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/lang/ru"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/mapping"

	"plenary/internal/catalog"
)

// The analyzers, one per language. Chinese is indexed as single characters
// and pairs of characters at the same positions, and queried as pairs (a
// single character as itself), so that both one-character and longer
// words are found.
const (
	zhQueryAnalyzer = "plenary_zh_query"
	cjkBigramsOnly  = "plenary_cjk_bigram"
	cjkWithUnigrams = "plenary_cjk_bigram_unigram"
)

// analyzerName is the analyzer of the texts in lang.
func analyzerName(lang catalog.Lang) string { return "plenary_" + string(lang) }

// queryAnalyzerName is the analyzer of queries in lang.
func queryAnalyzerName(lang catalog.Lang) string {
	if lang == catalog.Chinese {
		return zhQueryAnalyzer
	}
	return analyzerName(lang)
}

// addAnalyzers declares the analyzers in m.
func addAnalyzers(m *mapping.IndexMappingImpl) error {
	filters := map[string]map[string]any{
		cjkBigramsOnly:  {"type": cjk.BigramName, "output_unigram": false},
		cjkWithUnigrams: {"type": cjk.BigramName, "output_unigram": true},
	}
	for name, cfg := range filters {
		if err := m.AddCustomTokenFilter(name, cfg); err != nil {
			return fmt.Errorf("token filter %s: %w", name, err)
		}
	}
	chains := map[string][]string{
		analyzerName(catalog.Arabic):     {lowercase.Name, ar.StopName, arStemFilter},
		analyzerName(catalog.Chinese):    {cjk.WidthName, lowercase.Name, cjkWithUnigrams},
		zhQueryAnalyzer:                  {cjk.WidthName, lowercase.Name, cjkBigramsOnly},
		analyzerName(catalog.English):    {en.PossessiveName, lowercase.Name, en.StopName, enStemFilter},
		analyzerName(catalog.French):     {lowercase.Name, fr.ElisionName, fr.StopName, frStemFilter},
		analyzerName(catalog.Russian):    {lowercase.Name, ruYoFilter, ru.StopName, ruStemFilter},
		analyzerName(catalog.Spanish):    {lowercase.Name, es.StopName, esStemFilter},
		analyzerName(catalog.Portuguese): {lowercase.Name, pt.StopName, ptStemFilter},
	}
	for name, chain := range chains {
		err := m.AddCustomAnalyzer(name, map[string]any{
			"type":          custom.Name,
			"tokenizer":     wordsTokenizer,
			"token_filters": toAny(chain),
		})
		if err != nil {
			return fmt.Errorf("analyzer %s: %w", name, err)
		}
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// positions groups the terms an analyzer made of a text by position: each
// element holds the alternatives at one position (an ambiguous Arabic word
// has two). A position left empty by a stop word inside the text is an
// empty term, which a phrase matches with any word.
func positions(a analysis.Analyzer, text string) [][]string {
	var out [][]string
	last := 0
	for _, t := range a.Analyze([]byte(text)) {
		if t.Position != last {
			if last > 0 {
				for range t.Position - last - 1 {
					out = append(out, []string{""})
				}
			}
			out = append(out, nil)
			last = t.Position
		}
		cur := &out[len(out)-1]
		if term := string(t.Term); !slices.Contains(*cur, term) {
			*cur = append(*cur, term)
		}
	}
	return out
}
