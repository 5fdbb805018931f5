package testutil

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"plenary/internal/catalog"
)

// The benchmarks' synthetic documents are made of sentences of real text
// (the Universal Declaration of Human Rights in internal/search/testdata),
// so that every language's analysis does real work.

// Sentences splits a text into sentences: each line, cut after a full stop
// followed by a space and after "。". Pieces shorter than 20 characters
// (article heads, paragraph numbers, "Now, therefore,") are left out.
func Sentences(text string) []string {
	var out []string
	keep := func(s string) {
		if s = strings.TrimSpace(s); utf8.RuneCountInString(s) >= 20 {
			out = append(out, s)
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		start := 0
		for i, c := range line {
			switch {
			case c == '。':
				keep(line[start : i+len("。")])
				start = i + len("。")
			case c == '.' && i+1 < len(line) && line[i+1] == ' ':
				keep(line[start : i+1])
				start = i + 1
			}
		}
		keep(line[start:])
	}
	return out
}

// Title is the start of a sentence of the pool: 4 to 9 words, or 6 to 14
// characters in Chinese.
func Title(r *rand.Rand, pool []string, l catalog.Lang) string {
	s := pool[r.IntN(len(pool))]
	if l == catalog.Chinese {
		runes := []rune(s)
		s = string(runes[:min(len(runes), 6+r.IntN(9))])
	} else {
		words := strings.Fields(s)
		s = strings.Join(words[:min(len(words), 4+r.IntN(6))], " ")
	}
	return strings.TrimRight(s, ",.;:،。，、;")
}

// Text is n bytes or a little more of sentences of the pool in random
// order, in paragraphs of four sentences.
func Text(r *rand.Rand, pool []string, l catalog.Lang, n int) string {
	sep := " "
	if l == catalog.Chinese {
		sep = ""
	}
	var b strings.Builder
	for k := 0; b.Len() < n; k++ {
		if k > 0 {
			if k%4 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(sep)
			}
		}
		b.WriteString(pool[r.IntN(len(pool))])
	}
	return b.String()
}
