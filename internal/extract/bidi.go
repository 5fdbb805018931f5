package extract

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// PDF producers, Chromium among them, draw right-to-left script in visual
// order: a word's letters may be stored left to right or right to left,
// and the runs of a line in any order. PDFium's text follows the order of
// the drawing, so an Arabic line comes out with some words reversed and
// mixed symbols (CTOC/COP/WG.4/2024/2) scrambled. The functions here
// rebuild such a line from the characters' positions: order by x, then
// turn the visual order back into the logical one (the reverse of the
// Unicode bidi algorithm, simplified to what text extraction needs).

// glyph is one character of a PDF page, as PDFium reports it.
type glyph struct {
	r           rune
	idx         int     // position in PDFium's character stream
	left, right float64 // box, in points
	base        float64 // baseline (y of the origin), in points
	size        float64 // font size, in points
	newline     bool    // a line break PDFium inserted (\r or \n)
}

// isRTL reports whether r belongs to a right-to-left script (Arabic,
// Hebrew, Syriac, Thaana, N'Ko and their presentation forms).
func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko) &&
		!unicode.IsDigit(r) && !unicode.IsPunct(r) || r == 0x061F || r == 0x060C || r == 0x061B
}

// hasRTL reports whether s holds any right-to-left letter.
func hasRTL(s string) bool {
	return strings.IndexFunc(s, isRTL) >= 0
}

// direction is a bidi class, simplified: strong right-to-left, strong
// left-to-right (letters of other scripts and all digits, which lay out
// left to right even inside Arabic), or neutral.
type direction int8

const (
	neutral direction = iota
	ltr
	rtl
)

// dirOf is the class of a rune.
func dirOf(r rune) direction {
	switch {
	case isRTL(r):
		return rtl
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return ltr
	}
	return neutral
}

// orderPage splits the page's characters into lines and returns them in
// logical order, one line each. PDFium's own line breaks decide the lines;
// consecutive pieces that sit on the same baseline are joined first, since
// a right-to-left run drawn out of order can look like a new line to it.
func orderPage(gs []glyph) string {
	var lines [][]glyph
	var cur []glyph
	flush := func() {
		if len(cur) == 0 {
			return
		}
		if n := len(lines); n > 0 && sameLine(lines[n-1], cur) {
			lines[n-1] = append(lines[n-1], cur...)
		} else {
			lines = append(lines, cur)
		}
		cur = nil
	}
	for _, g := range gs {
		if g.newline {
			flush()
			continue
		}
		cur = append(cur, g)
	}
	flush()
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		out = append(out, orderLine(l))
	}
	return strings.Join(out, "\n")
}

// sameLine reports whether two pieces of text share a baseline.
func sameLine(a, b []glyph) bool {
	ba, sa := baseline(a)
	bb, sb := baseline(b)
	return math.Abs(ba-bb) < 0.3*max(sa, sb, 1)
}

// baseline is the median baseline and the largest font size of a piece.
func baseline(gs []glyph) (base, size float64) {
	var ys []float64
	for _, g := range gs {
		if g.r != ' ' {
			ys = append(ys, g.base)
			size = max(size, g.size)
		}
	}
	if len(ys) == 0 {
		return math.Inf(1), size
	}
	slices.Sort(ys)
	return ys[len(ys)/2], size
}

// cluster is one or more characters that PDFium reports in one place: a
// single glyph, or a ligature such as lam-alef (لا) that stands for two
// characters with nearly the same box. Its characters stay in stream
// order, which is logical order.
type cluster struct {
	text        []rune
	first, last int // stream positions
	left, right float64
	size        float64
	dir         direction
	space       bool // a space between two clusters, not a glyph
	ltrRun      bool // part of a left-to-right run inside a right-to-left line
}

// orderLine returns the characters of one line in logical order. A line
// without right-to-left letters keeps PDFium's order.
func orderLine(gs []glyph) string {
	spaces := map[int]bool{}
	var rtlN, ltrN int
	for _, g := range gs {
		if g.r == ' ' || unicode.IsSpace(g.r) {
			spaces[g.idx] = true
		}
		switch dirOf(g.r) {
		case rtl:
			rtlN++
		case ltr:
			ltrN++
		}
	}
	if rtlN == 0 {
		var b strings.Builder
		for _, g := range gs {
			b.WriteRune(g.r)
		}
		return b.String()
	}

	// Clusters: a glyph whose box mostly covers the previous one in the
	// stream is part of the same ligature.
	var cs []cluster
	for _, g := range gs {
		if spaces[g.idx] {
			continue
		}
		if n := len(cs); n > 0 && cs[n-1].last == g.idx-1 && overlap(cs[n-1].left, cs[n-1].right, g.left, g.right) > 0.5 {
			c := &cs[n-1]
			c.text = append(c.text, g.r)
			c.last = g.idx
			c.left, c.right = min(c.left, g.left), max(c.right, g.right)
			c.dir = max(c.dir, dirOf(g.r))
			continue
		}
		cs = append(cs, cluster{text: []rune{g.r}, first: g.idx, last: g.idx, left: g.left, right: g.right, size: g.size, dir: dirOf(g.r)})
	}
	if len(cs) == 0 {
		return ""
	}
	// Visual order, left to right.
	slices.SortStableFunc(cs, func(a, b cluster) int {
		return cmpFloat((a.left+a.right)/2, (b.left+b.right)/2)
	})
	// Spaces between neighbours: where the stream had one between them,
	// or, for neighbours that were not next to each other in the stream,
	// where the gap is wide.
	vis := make([]cluster, 0, 2*len(cs))
	for i, c := range cs {
		if i > 0 && spaceBetween(cs[i-1], c, spaces) {
			vis = append(vis, cluster{text: []rune{' '}, space: true})
		}
		vis = append(vis, c)
	}

	if rtlN >= ltrN {
		// Right-to-left line: read from the right, then put each
		// left-to-right run (Latin words, numbers, symbols, with the
		// neutrals between them) back in its own order.
		slices.Reverse(vis)
		reverseRuns(vis, ltr, rtl)
		fixBrackets(vis)
	} else {
		// Left-to-right line with right-to-left phrases in it.
		reverseRuns(vis, rtl, ltr)
	}
	var b strings.Builder
	for _, c := range vis {
		if c.dir == rtl {
			fixLamAlef(c.text)
		}
		b.WriteString(string(c.text))
	}
	return b.String()
}

// reverseRuns reverses, in place, every maximal run that begins and ends
// with a cluster of direction d and holds no cluster of direction other.
func reverseRuns(vis []cluster, d, other direction) {
	for i := 0; i < len(vis); i++ {
		if vis[i].dir != d {
			continue
		}
		end := i
		for j := i + 1; j < len(vis) && vis[j].dir != other; j++ {
			if vis[j].dir == d {
				end = j
			}
		}
		slices.Reverse(vis[i : end+1])
		for k := i; k <= end; k++ {
			vis[k].ltrRun = d == ltr
		}
		i = end
	}
}

// spaceBetween decides whether a space separates the visual neighbours a
// (on the left) and b. A wide gap (over 0.22 em) is a space and a narrow
// one (under 0.09 em) is not, whatever the stream says: PDFium invents
// spaces in odd places when runs are drawn out of order. In between, the
// stream decides where the two were neighbours there, and 0.15 em where
// they were not. The em is the font size PDFium reports, which for
// Chromium's PDFs is the CSS size in px (4/3 of the size in points).
// Measured on Noto Naskh Arabic printed by Chromium: gaps inside words up
// to 0.11 em (after non-joining letters), between words from 0.19 em.
func spaceBetween(a, b cluster, spaces map[int]bool) bool {
	em := max(a.size, b.size, 1)
	gap := b.left - a.right
	switch {
	case gap > 0.22*em:
		return true
	case gap < 0.09*em:
		return false
	case b.first == a.last+1 || a.first == b.last+1:
		return false
	case b.first == a.last+2 && spaces[a.last+1], a.first == b.last+2 && spaces[b.last+1]:
		return true
	}
	return gap > 0.15*em
}

// fixLamAlef puts lam before alef in a lam-alef ligature, which PDFium
// reports in either order depending on how the run was drawn.
func fixLamAlef(text []rune) {
	if len(text) == 2 && isAlef(text[0]) && text[1] == 'ل' {
		text[0], text[1] = text[1], text[0]
	}
}

// isAlef reports whether r is alef or one of its variants with hamza or
// madda.
func isAlef(r rune) bool {
	switch r {
	case 'ا', 'أ', 'إ', 'آ', 'ٱ':
		return true
	}
	return false
}

// mirrors are the paired punctuation marks whose glyphs are mirrored in
// right-to-left text; PDF producers map the mirrored glyph to either
// character, so the right one is chosen from the neighbours.
var mirrors = map[rune][2]rune{
	'(': {'(', ')'}, ')': {'(', ')'},
	'[': {'[', ']'}, ']': {'[', ']'},
	'{': {'{', '}'}, '}': {'{', '}'},
	'«': {'«', '»'}, '»': {'«', '»'},
}

// fixBrackets makes each bracket that stands in right-to-left context an
// opening one when a word follows it and none precedes it, a closing one
// in the opposite case.
func fixBrackets(vis []cluster) {
	word := func(i int) bool {
		return i >= 0 && i < len(vis) && !vis[i].space && vis[i].dir != neutral
	}
	for i := range vis {
		c := &vis[i]
		if c.dir != neutral || len(c.text) != 1 || c.ltrRun {
			continue
		}
		pair, ok := mirrors[c.text[0]]
		if !ok {
			continue
		}
		before, after := word(i-1), word(i+1)
		switch {
		case after && !before:
			c.text[0] = pair[0]
		case before && !after:
			c.text[0] = pair[1]
		}
	}
}

// overlap is the share of the narrower of two intervals that the other
// covers.
func overlap(l1, r1, l2, r2 float64) float64 {
	w := min(r1-l1, r2-l2)
	if w <= 0.01 {
		return 0
	}
	return (min(r1, r2) - max(l1, l2)) / w
}

// cmpFloat compares two floats for sorting.
func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// foldPresentationForms replaces Arabic presentation forms (U+FB50–U+FDFF,
// U+FE70–U+FEFF) and Latin ligatures (U+FB00–U+FB06) with the letters
// they stand for (NFKC), leaving every other character as it is.
func foldPresentationForms(s string) string {
	if strings.IndexFunc(s, isPresentationForm) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isPresentationForm(r) {
			b.WriteString(norm.NFKC.String(string(r)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPresentationForm reports whether r is a compatibility form that text
// extraction should fold.
func isPresentationForm(r rune) bool {
	return r >= 0xFB00 && r <= 0xFB06 || r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF && r != 0xFEFF
}
