package bleveindex

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"plenary/internal/catalog"
)

// TestWordsSplitLikeUnicode checks the tokenizer against bleve's Unicode
// word-boundary tokenizer on the declaration in the seven languages, and
// on cases that matter here.
func TestWordsSplitLikeUnicode(t *testing.T) {
	texts := []string{
		"l’homme d'État, A/RES/76/7 (2021) COVID-19: 1,000 personnes et 2.5 %",
		"贩运人口问题工作组 2022年 COVID-19",
		"وللحريات الأساسية، بالأشخاص",
		"Её жертвы — торговля людьми",
	}
	for _, l := range catalog.Languages {
		for _, text := range udhrArticles(t, l) {
			texts = append(texts, text)
		}
	}
	uni := unicode.NewUnicodeTokenizer()
	for _, text := range texts {
		want, got := terms(uni.Tokenize([]byte(text))), terms(words{}.Tokenize([]byte(text)))
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("%.40q…: token %d is %q, want %q", text, i, got[i], want[i])
					break
				}
			}
			if len(got) != len(want) {
				t.Errorf("%.40q…: %d tokens, want %d", text, len(got), len(want))
			}
		}
	}
}

func terms(ts analysis.TokenStream) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t.Term) + "/" + string(rune('0'+t.Type))
		if t.Position != i+1 {
			out[i] += "!position"
		}
	}
	return out
}
