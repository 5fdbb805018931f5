package extract

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// legacyEncodings are the single- and double-byte encodings tried for a
// text file that is not UTF-8, in order of preference on a tie.
func legacyEncodings() []encoding.Encoding {
	return []encoding.Encoding{
		charmap.Windows1252, // Latin (a superset of ISO-8859-1's printable characters)
		charmap.Windows1256, // Arabic
		charmap.Windows1251, // Cyrillic
		charmap.KOI8R,       // Cyrillic
		simplifiedchinese.GB18030,
	}
}

// decodeText decodes a plain-text file: UTF-8 (with or without BOM),
// UTF-16 with a BOM, else the legacy encoding whose decoding reads most
// plausibly (see plausibility).
func decodeText(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")):
		return string(bytes.ToValidUTF8(b[3:], []byte("\uFFFD")))
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(b)
		if err == nil {
			return string(out)
		}
	case utf8.Valid(b):
		return string(b)
	}
	best, bestScore := "", -1<<62
	for _, enc := range legacyEncodings() {
		out, err := enc.NewDecoder().Bytes(b)
		if err != nil {
			continue
		}
		if s := plausibility(string(out)); s > bestScore {
			best, bestScore = string(out), s
		}
	}
	if best == "" {
		return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
	}
	return best
}

// script is the writing system of a letter, coarse.
type script int8

const (
	scriptOther script = iota
	scriptLatin
	scriptCyrillic
	scriptArabic
	scriptHan
)

// scriptOf is the script of letter r.
func scriptOf(r rune) script {
	switch {
	case r < 0x250:
		return scriptLatin
	case unicode.Is(unicode.Cyrillic, r):
		return scriptCyrillic
	case unicode.Is(unicode.Arabic, r):
		return scriptArabic
	case unicode.Is(unicode.Han, r):
		return scriptHan
	}
	return scriptOther
}

// plausibility scores how much s reads like real text in one of the
// scripts the legacy encodings cover. Words (runs of letters) score their
// length when they look right and lose it when they look like a wrong
// decoding: scripts mixed within a word, Latin words made mostly of
// accented letters (Arabic or Cyrillic read as windows-1252), Cyrillic
// words whose case flips inside the word (KOI8-R read as windows-1251 and
// back), Han "words" of one to three characters between spaces (Arabic
// read as GB18030). Replacement characters, control characters and
// stray symbols cost more.
func plausibility(s string) int {
	score := 0
	var word []rune
	flush := func() {
		if len(word) > 0 {
			score += wordScore(word)
			word = word[:0]
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			word = append(word, r)
			continue
		case r == utf8.RuneError:
			score -= 10
		case unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' && r != '\f':
			score -= 10
		case r >= 0x80 && !unicode.IsSpace(r) && !commonPunct(r) && !unicode.IsDigit(r):
			score -= 3
		}
		flush()
	}
	flush()
	return score
}

// wordScore scores one word for plausibility.
func wordScore(w []rune) int {
	n := len(w)
	sc := scriptOf(w[0])
	for _, r := range w[1:] {
		if scriptOf(r) != sc {
			return -3 * n
		}
	}
	switch sc {
	case scriptLatin:
		ascii := 0
		for _, r := range w {
			if r < 0x80 {
				ascii++
			}
		}
		if 2*ascii < n {
			return -2 * n
		}
		return n
	case scriptCyrillic:
		flips, upper := 0, 0
		for i, r := range w {
			if unicode.IsUpper(r) {
				upper++
				if i > 0 && unicode.IsLower(w[i-1]) {
					flips++
				}
			}
		}
		if flips > 0 {
			return -3 * n
		}
		if upper == n && n > 1 {
			return n / 4 // possible (abbreviations), but rarer than lower case
		}
		return n
	case scriptArabic:
		return n
	case scriptHan:
		if n < 4 {
			return -n
		}
		return n
	}
	return -n
}

// commonPunct reports whether r is punctuation real text uses outside
// ASCII: typographic quotes and dashes, the euro sign, guillemets, CJK and
// Arabic punctuation.
func commonPunct(r rune) bool {
	switch r {
	case '«', '»', '–', '—', '‘', '’', '“', '”', '…', '€', '•', '°', '§', '№', '·',
		'，', '。', '、', '；', '：', '？', '！', '（', '）', '《', '》', '「', '」',
		'،', '؛', '؟', 0xA0:
		return true
	}
	return false
}
