package bleveindex

import (
	"reflect"
	"testing"

	"plenary/internal/catalog"
)

// TestAnalysisJoinsForms checks, word by word, that the forms a reader
// types meet the forms in the text: each pair must share a term.
func TestAnalysisJoinsForms(t *testing.T) {
	x := scratchIndex(t)
	cases := []struct {
		lang        catalog.Lang
		typed, text string
	}{
		{catalog.French, "exploités", "exploitation"},
		{catalog.French, "identifiées", "identification"},
		{catalog.French, "l’esclavage", "esclaves"},
		{catalog.French, "propriétaire", "propriété"},
		{catalog.French, "eleve", "élève"},
		{catalog.Spanish, "migratorias", "migración"},
		{catalog.Spanish, "traficadas", "tráfico"},
		{catalog.Spanish, "esclavitud", "esclavos"},
		{catalog.Spanish, "migracion", "migración"},
		{catalog.Portuguese, "migratórias", "migração"},
		{catalog.Portuguese, "escravatura", "escravos"},
		{catalog.Portuguese, "traficadas", "tráfico"},
		{catalog.English, "trafficked", "trafficking"},
		{catalog.English, "victims", "victim"},
		{catalog.Russian, "ребёнок", "ребенок"},
		{catalog.Russian, "жертвами", "жертва"},
		{catalog.Russian, "пытка", "пыткам"},
		{catalog.Russian, "рабство", "рабстве"},
		{catalog.Arabic, "الحقوق", "بحقوق"},       // article / attached preposition
		{catalog.Arabic, "الحريات", "وللحريات"},   // conjunction and preposition before the article
		{catalog.Arabic, "إسترقاق", "استرقاق"},    // hamza under alef
		{catalog.Arabic, "رضى", "رضي"},            // alef maqsura
		{catalog.Arabic, "نقابة", "نقابه"},        // taa marbuta
		{catalog.Arabic, "تعسفاً", "تعسف"},        // tanwin
		{catalog.Arabic, "الاتجـــار", "الاتجار"}, // tatweel
		{catalog.Arabic, "بشخصيته", "الشخصية"},    // pronoun ending, taa marbuta restored
		{catalog.Arabic, "المهاجرين", "مهاجرون"},  // plural endings
		{catalog.Chinese, "贩运", "贩运人口"},           // a two-character word in a longer run
		{catalog.Chinese, "人", "贩运人口"},            // one character
	}
	for _, c := range cases {
		t.Run(string(c.lang)+" "+c.typed, func(t *testing.T) {
			typed := x.analyze(c.lang, c.typed)
			text := positions(x.mapping.AnalyzerNamed(analyzerName(c.lang)), c.text)
			if !shareTerm(typed, text) {
				t.Errorf("%q → %v and %q → %v share no term", c.typed, typed, c.text, text)
			}
		})
	}
}

// TestAnalysisKeepsWordsApart checks that the stemming does not join
// words that differ.
func TestAnalysisKeepsWordsApart(t *testing.T) {
	x := scratchIndex(t)
	cases := []struct {
		lang catalog.Lang
		a, b string
	}{
		{catalog.French, "traite", "travail"},
		{catalog.French, "traite", "traitement"},
		{catalog.French, "traite", "traité"},
		{catalog.Portuguese, "trata", "tratados"},
		{catalog.Spanish, "trata", "tratado"},
		{catalog.English, "smuggling", "trafficking"},
		{catalog.Arabic, "تهريب", "الاتجار"},
		{catalog.Chinese, "偷运", "贩运"},
	}
	for _, c := range cases {
		if pa, pb := x.analyze(c.lang, c.a), x.analyze(c.lang, c.b); shareTerm(pa, pb) {
			t.Errorf("%s: %q → %v and %q → %v share a term", c.lang, c.a, pa, c.b, pb)
		}
	}
}

func TestChineseQueriesArePairs(t *testing.T) {
	x := scratchIndex(t)
	if got, want := x.analyze(catalog.Chinese, "贩运人口"), [][]string{{"贩运"}, {"运人"}, {"人口"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("query terms %v, want %v", got, want)
	}
	if got, want := x.analyze(catalog.Chinese, "网"), [][]string{{"网"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("one character: %v, want %v", got, want)
	}
}

func shareTerm(a, b [][]string) bool {
	seen := map[string]bool{}
	for _, pos := range a {
		for _, t := range pos {
			seen[t] = true
		}
	}
	for _, pos := range b {
		for _, t := range pos {
			if seen[t] {
				return true
			}
		}
	}
	return false
}
