package bleveindex

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Arabic analysis: normalisation of spelling variants, then light stemming
// that strips the article, the attached prepositions ب ل ك, the
// conjunctions و ف, and common suffixes (plural, feminine and pronoun
// endings). Broken plurals are left alone.
//
// A word that starts with one of the letters و ف ب ل ك and has no article
// is ambiguous: وطن starts with a root letter, وبحقوق with two prefixes.
// Such a word is indexed and queried as both candidates, at one position,
// so that either reading matches.

// arStemFilter normalises and stems Arabic words.
const arStemFilter = "plenary_ar_stem"

// arFold folds the spellings that vary in practice: alef maqsura to yeh,
// taa marbuta to heh, the hamza seats on waw and yeh to the letters, alef
// wasla and (when alef is true) the hamza and madda forms of alef to bare
// alef; and drops the bare hamza, tatweel and the diacritics (harakat,
// tanwin, shadda, sukun, dagger alef). With and without alef, the result
// has the same number of letters.
func arFold(term []byte, alef bool) []byte {
	out := term[:0:0]
	changed := false
	for i := 0; i < len(term); {
		r, size := utf8.DecodeRune(term[i:])
		n := r
		switch {
		case r == 'ٱ' || alef && (r == 'آ' || r == 'أ' || r == 'إ'):
			n = 'ا'
		case r == 'ى':
			n = 'ي'
		case r == 'ة':
			n = 'ه'
		case r == 'ؤ':
			n = 'و'
		case r == 'ئ':
			n = 'ي'
		case r == 'ء' || r == 'ـ' || (r >= 0x064B && r <= 0x065F) || r == 0x0670:
			n = -1
		}
		if n != r && !changed {
			changed = true
			out = append(make([]byte, 0, len(term)), term[:i]...)
		}
		if changed && n >= 0 {
			out = utf8.AppendRune(out, n)
		}
		i += size
	}
	if !changed {
		return term
	}
	return out
}

// The prefixes, longest first. Article chains are stripped when two
// letters remain; the bare prepositions and conjunctions only from longer
// words, and ambiguously (see above).
var (
	arArticles = [][]rune{
		[]rune("وبال"), []rune("وكال"), []rune("فبال"), []rune("فكال"), []rune("ولل"), []rune("فلل"),
		[]rune("وال"), []rune("فال"), []rune("بال"), []rune("كال"), []rune("لل"), []rune("ال"),
	}
	arParticles = [][]rune{
		[]rune("وب"), []rune("ول"), []rune("وك"), []rune("فب"), []rune("فل"), []rune("فك"),
		[]rune("و"), []rune("ف"), []rune("ب"), []rune("ل"), []rune("ك"),
	}
	// Pronoun endings, stripped first; a taa marbuta written ت before
	// them (شخصيته) is restored.
	arPronouns = [][]rune{[]rune("ها"), []rune("هم"), []rune("هن"), []rune("كم"), []rune("ه")}
	// Plural, dual, feminine and relative endings, and the alef of the
	// accusative (تعسفاً).
	arEndings = [][]rune{
		[]rune("ات"), []rune("ان"), []rune("ون"), []rune("ين"), []rune("يه"), []rune("ه"), []rune("ي"), []rune("ا"),
	}
)

// arMinStem is the fewest letters a stem keeps: most roots have three.
const arMinStem = 3

func hasRunePrefix(w, p []rune) bool {
	if len(w) < len(p) {
		return false
	}
	for i := range p {
		if w[i] != p[i] {
			return false
		}
	}
	return true
}

func hasRuneSuffix(w, s []rune) bool {
	if len(w) < len(s) {
		return false
	}
	off := len(w) - len(s)
	for i := range s {
		if w[off+i] != s[i] {
			return false
		}
	}
	return true
}

// arSuffixStrip removes a pronoun ending, then up to two other endings,
// keeping at least arMinStem letters.
func arSuffixStrip(w []rune) []rune {
	for _, s := range arPronouns {
		if len(w)-len(s) >= arMinStem && hasRuneSuffix(w, s) {
			w = w[:len(w)-len(s)]
			if w[len(w)-1] == 'ت' {
				w = append(w[:len(w)-1:len(w)-1], 'ه')
			}
			break
		}
	}
	for range 2 {
		stripped := false
		for _, s := range arEndings {
			if len(w)-len(s) >= arMinStem && hasRuneSuffix(w, s) {
				w = w[:len(w)-len(s)]
				stripped = true
				break
			}
		}
		if !stripped {
			break
		}
	}
	return w
}

// arStems returns the stems of a word: one, or two when its first letters
// may be a particle or part of the word. The article is recognised before
// the alef forms are folded: the ال of الزامي (from إلزامي) is no article.
func arStems(term []byte) [][]byte {
	raw := []rune(string(arFold(term, false)))
	w := []rune(string(arFold(term, true)))
	if len(w) <= 2 {
		return [][]byte{[]byte(string(w))}
	}
	for _, p := range arArticles {
		if len(w)-len(p) >= 2 && hasRunePrefix(raw, p) {
			return [][]byte{[]byte(string(arSuffixStrip(w[len(p):])))}
		}
	}
	for _, p := range arParticles {
		if len(w)-len(p) >= 3 && hasRunePrefix(w, p) {
			a := string(arSuffixStrip(w[len(p):]))
			b := string(arSuffixStrip(w))
			if a == b {
				return [][]byte{[]byte(a)}
			}
			return [][]byte{[]byte(b), []byte(a)}
		}
	}
	return [][]byte{[]byte(string(arSuffixStrip(w)))}
}

type arStemmer struct{ cache *stemCache }

func (s arStemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0:0]
	for _, t := range in {
		// The cache holds a word's stems joined by a zero byte.
		joined := s.cache.get(t.Term, func(w string) string {
			return string(bytes.Join(arStems([]byte(w)), []byte{0}))
		})
		first, rest, alt := strings.Cut(joined, "\x00")
		t.Term = []byte(first)
		out = append(out, t)
		if alt {
			other := *t
			other.Term = []byte(rest)
			out = append(out, &other)
		}
	}
	return out
}
