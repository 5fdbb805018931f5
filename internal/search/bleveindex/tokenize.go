package bleveindex

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// wordsTokenizer is the tokenizer of every analyzer: words are runs of
// letters, combining marks and digits, joined across an apostrophe between
// letters (l’homme, for elision) and a point or comma between digits
// (2.5, 1,000); each Han character is a token of its own (Chinese pairs
// are made later). It splits where the Unicode word-boundary rules do for
// the seven languages, several times faster.
const wordsTokenizer = "plenary_words"

type words struct{}

func (words) Tokenize(input []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(input)/6+1)
	start, digitsOnly := -1, true
	emit := func(end int) {
		typ := analysis.AlphaNumeric
		if digitsOnly {
			typ = analysis.Numeric
		}
		toks = append(toks, analysis.Token{Term: input[start:end], Start: start, End: end, Type: typ})
		start, digitsOnly = -1, true
	}
	for i := 0; i < len(input); {
		r, size := rune(input[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(input[i:])
		}
		switch {
		case unicode.Is(unicode.Han, r):
			if start >= 0 {
				emit(i)
			}
			toks = append(toks, analysis.Token{Term: input[i : i+size], Start: i, End: i + size, Type: analysis.Ideographic})
		case isWordRune(r):
			if start < 0 {
				start = i
			}
			digitsOnly = digitsOnly && unicode.IsDigit(r)
		case start >= 0 && joins(r, input, start, i, size):
			// part of the word
		default:
			if start >= 0 {
				emit(i)
			}
		}
		i += size
	}
	if start >= 0 {
		emit(len(input))
	}
	out := make(analysis.TokenStream, len(toks))
	for i := range toks {
		toks[i].Position = i + 1
		out[i] = &toks[i]
	}
	return out
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc)
}

// joins reports whether r, at input[i:i+size] inside a word that started
// at start, joins it to what follows: an apostrophe between letters, a
// point or comma between digits.
func joins(r rune, input []byte, start, i, size int) bool {
	if i+size >= len(input) {
		return false
	}
	prev, _ := utf8.DecodeLastRune(input[start:i])
	next, _ := utf8.DecodeRune(input[i+size:])
	switch r {
	case '\'', '’':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	case '.', ',':
		return unicode.IsDigit(prev) && unicode.IsDigit(next)
	}
	return false
}

func init() {
	err := registry.RegisterTokenizer(wordsTokenizer, func(map[string]any, *registry.Cache) (analysis.Tokenizer, error) {
		return words{}, nil
	})
	if err != nil {
		panic(err)
	}
}
