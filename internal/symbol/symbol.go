// Package symbol parses, validates, normalises and compares United Nations
// document symbols such as CTOC/COP/WG.4/2021/2, E/CN.15/2021/L.3/Rev.1,
// A/RES/76/7 or S/RES/2331 (2016).
//
// A symbol is a list of elements separated by "/":
//
//	ORGAN / bodies... / [session or year] / [special component] / number / [suffixes...]
//
// The elements are:
//
//   - The organ is the first element: A (General Assembly), E (ECOSOC), S
//     (Security Council), ST (Secretariat), CTOC (UNTOC Conference of the
//     Parties), CAC, UNEP, ... Any element of letters and digits that starts
//     with a letter is accepted; KnownOrgan reports the well-known ones.
//   - Subsidiary bodies follow: CN.15, C.3, COP, WG.4, HRC, AC.289, CONF.234.
//   - A session or year: a number of up to three digits is a session (76), a
//     four-digit number from 1946 to 2100 is a year (2021).
//   - A special component: L.n (limited), CRP.n (conference room paper), R.n
//     (restricted), SR.n (summary record), PV.n (verbatim record), WP.n
//     (working paper), each carrying the document number after the dot, or
//     INF, NGO, RES (resolutions) and DEC (decisions), each followed by
//     "/" and the number. RES and DEC come before the session or year
//     (A/RES/76/7, E/RES/2021/21); a Security Council resolution carries its
//     year in parentheses (S/RES/2331 (2016)).
//   - The document number, digits.
//   - Suffixes, stacked in the order written: Rev.n (revision), Corr.n
//     (corrigendum), Add.n (addendum), Amend.n (amendment).
//     A/76/L.39/Rev.1/Corr.1 is corrigendum 1 to revision 1 of A/76/L.39.
//
// The last element before the suffixes is always the document number, so a
// dotted element further left is a body (ECE/TRANS/WP.29/2021/1), and a
// partial symbol such as CTOC/COP/WG.4/2021 parses with Number "2021" and no
// year (early symbols such as A/64 have no session either); use
// NormalizePrefix for partial input.
//
// The normalised form (Symbol.String) has no spaces except the single one
// before a parenthesised year, upper-case elements, and suffix words written
// Rev., Corr., Add. and Amend.; for every s that Parse accepts,
// Parse(s.String()) returns a Symbol equal to s (reflect.DeepEqual).
package symbol

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxLen is the maximum length in bytes of a normalised symbol. Longer input
// is rejected by Parse.
const MaxLen = 120

// SuffixKind names the kind of a suffix. Its value is the word as written in
// a normalised symbol, without the dot.
type SuffixKind string

// The suffix kinds.
const (
	Rev   SuffixKind = "Rev"   // revision: replaces the earlier text
	Corr  SuffixKind = "Corr"  // corrigendum: corrects the earlier text
	Add   SuffixKind = "Add"   // addendum: adds to the earlier text
	Amend SuffixKind = "Amend" // amendment: amends the earlier text
)

// suffixKinds maps the upper-case suffix word to its kind.
var suffixKinds = map[string]SuffixKind{
	"REV":   Rev,
	"CORR":  Corr,
	"ADD":   Add,
	"AMEND": Amend,
}

// Suffix is one trailing suffix of a symbol, such as Rev.1. N is positive.
type Suffix struct {
	Kind SuffixKind
	N    int
}

// String returns the suffix as written in a normalised symbol, e.g. "Rev.1".
func (x Suffix) String() string {
	return string(x.Kind) + "." + strconv.Itoa(x.N)
}

// DatePos says where the session or year of a symbol is written. The zero
// value is the usual place, so a Symbol built by hand only needs to set it
// for the unusual forms.
type DatePos uint8

// The places of a session or year.
const (
	// DateUsual: before the special component (E/CN.15/2021/L.3,
	// E/CN.15/2021/INF/1), except after RES and DEC (A/RES/76/7).
	// Also used when a symbol has no session or year.
	DateUsual DatePos = iota
	// DateAfterSpecial: after INF or NGO, which it usually precedes
	// (A/INF/76/1).
	DateAfterSpecial
	// DateInParens: a year in parentheses at the very end, after any
	// suffixes, only with RES or DEC (S/RES/2331 (2016)).
	DateInParens
)

// dotSpecials are the special components that carry the document number
// after a dot (L.3); slashSpecials are followed by "/" (INF/1).
var (
	dotSpecials   = map[string]bool{"L": true, "CRP": true, "R": true, "SR": true, "PV": true, "WP": true}
	slashSpecials = map[string]bool{"INF": true, "NGO": true, "RES": true, "DEC": true}
)

// dateAfter reports whether the session or year of a symbol with the given
// special component is normally written after it.
func dateAfter(special string) bool { return special == "RES" || special == "DEC" }

// organNames are the organs that KnownOrgan reports.
var organNames = map[string]string{
	"A":    "General Assembly",
	"E":    "Economic and Social Council",
	"S":    "Security Council",
	"T":    "Trusteeship Council",
	"ST":   "Secretariat",
	"CTOC": "Conference of the Parties to the United Nations Convention against Transnational Organized Crime",
	"CAC":  "Conference of the States Parties to the United Nations Convention against Corruption",
}

// Symbol is a parsed UN document symbol. Parse fills it in normalised form:
// upper-case Organ and Bodies, at most one of Year and Session non-zero,
// Bodies and Suffixes nil when empty. The zero Symbol is not a valid symbol.
type Symbol struct {
	// Organ is the first element, e.g. "A", "E", "CTOC".
	Organ string
	// Bodies are the subsidiary-body elements after the organ, e.g.
	// ["COP", "WG.4"] or ["CN.15"]; nil if none.
	Bodies []string
	// Year is the year element (1946–2100) or the parenthesised year, 0 if none.
	Year int
	// Session is the session number element (1–999), 0 if none.
	Session int
	// DatePos says where Year or Session is written; see DatePos.
	DatePos DatePos
	// Special is the special component: "L", "CRP", "R", "SR", "PV", "WP",
	// "INF", "NGO", "RES", "DEC", or "" if none.
	Special string
	// Number is the document number, digits as written (leading zeros kept).
	Number string
	// Suffixes are the trailing suffixes in the order written; nil if none.
	Suffixes []Suffix
}

// Error is the error returned by Parse and Normalize for an invalid symbol.
type Error struct {
	// Input is the string given to Parse.
	Input string
	// Element is the 1-based index of the "/"-separated element at fault,
	// or 0 when the error is about the whole symbol.
	Element int
	// Reason says what is wrong, e.g. `element 2 is empty`.
	Reason string
}

// Error returns `symbol "<input>": <reason>`, with a long input shortened.
func (e *Error) Error() string {
	in := e.Input
	if len(in) > 60 {
		in = in[:60] + "..."
	}
	return fmt.Sprintf("symbol %q: %s", in, e.Reason)
}

// Parse validates s and returns it as a Symbol. It accepts any letter case,
// spaces around "/" and after or before ".", as in "e/cn.15/2021/l. 3/rev. 1",
// and a parenthesised year with or without a space before it. Every error
// is an *Error. Parse never panics, whatever the input.
func Parse(s string) (Symbol, error) {
	p := parser{in: s}
	sym, ok := p.parse()
	if !ok {
		return Symbol{}, &Error{Input: s, Element: p.elem, Reason: p.reason}
	}
	return sym, nil
}

// Normalize returns the normalised form of s, Parse(s) followed by String.
func Normalize(s string) (string, error) {
	sym, err := Parse(s)
	if err != nil {
		return "", err
	}
	return sym.String(), nil
}

type parser struct {
	in     string
	elem   int
	reason string
}

// fail records an error about element elem (1-based, 0 for the whole symbol).
func (p *parser) fail(elem int, format string, args ...any) (Symbol, bool) {
	p.elem = elem
	p.reason = fmt.Sprintf(format, args...)
	return Symbol{}, false
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// upper upper-cases ASCII letters only.
func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// leadingWord returns the upper-cased leading run of ASCII letters of e.
func leadingWord(e string) string {
	i := 0
	for i < len(e) && isLetter(e[i]) {
		i++
	}
	return upper(e[:i])
}

// isBody reports whether e (upper case) can be a subsidiary body: dot-separated
// non-empty parts of letters, digits and hyphens, starting with a letter, and
// not a slash special or suffix word.
func isBody(e string) bool {
	if e == "" || !isLetter(e[0]) || slashSpecials[e] {
		return false
	}
	if _, ok := suffixKinds[leadingWord(e)]; ok {
		return false
	}
	for _, part := range strings.Split(e, ".") {
		if part == "" {
			return false
		}
		for i := 0; i < len(part); i++ {
			if c := part[i]; !isLetter(c) && !isDigit(c) && c != '-' {
				return false
			}
		}
	}
	return true
}

// isOrgan reports whether e is letters and digits starting with a letter.
func isOrgan(e string) bool {
	if e == "" || !isLetter(e[0]) {
		return false
	}
	for i := 0; i < len(e); i++ {
		if !isLetter(e[i]) && !isDigit(e[i]) {
			return false
		}
	}
	return true
}

// elementAt returns the 1-based element index of byte offset i in s.
func elementAt(s string, i int) int { return strings.Count(s[:i], "/") + 1 }

// splitParens splits a trailing parenthesised year off t. It returns the
// rest, trimmed, and the digits of the year ("" if none).
func (p *parser) splitParens(t string) (rest, year string, ok bool) {
	open := strings.IndexByte(t, '(')
	if open < 0 && strings.IndexByte(t, ')') < 0 {
		return t, "", true
	}
	if open < 0 || !strings.HasSuffix(t, ")") || strings.Count(t, "(") != 1 || strings.Count(t, ")") != 1 {
		p.fail(0, "a year in parentheses must come at the end, as in S/RES/2331 (2016)")
		return "", "", false
	}
	year = strings.TrimFunc(t[open+1:len(t)-1], isSpace)
	if len(year) != 4 || !isDigits(year) {
		p.fail(0, "parentheses must hold a four-digit year, as in S/RES/2331 (2016)")
		return "", "", false
	}
	return strings.TrimRightFunc(t[:open], isSpace), year, true
}

// dropSpaces removes the spaces next to "/" and "." (and at the ends), and
// rejects any other space.
func (p *parser) dropSpaces(t string) (string, bool) {
	if !strings.ContainsFunc(t, isSpace) {
		return t, true
	}
	var b strings.Builder
	var prev rune // last non-space rune written, 0 at the start
	spaceAt := -1 // byte offset of the pending run of spaces, -1 if none
	for i, r := range t {
		if isSpace(r) {
			if spaceAt < 0 {
				spaceAt = i
			}
			continue
		}
		if spaceAt >= 0 && prev != 0 && prev != '/' && prev != '.' && r != '/' && r != '.' {
			p.fail(elementAt(t, spaceAt), "unexpected space in element %d", elementAt(t, spaceAt))
			return "", false
		}
		spaceAt = -1
		b.WriteRune(r)
		prev = r
	}
	return b.String(), true
}

// date parses a session or year element.
func (p *parser) date(e string, elem int) (session, year int, ok bool) {
	if elem == 0 { // parenthesised, four digits
		if n, _ := strconv.Atoi(e); n >= 1946 && n <= 2100 {
			return 0, n, true
		}
		p.fail(0, "year in parentheses (%s) must be from 1946 to 2100", e)
		return 0, 0, false
	}
	if len(e) > 4 || e[0] == '0' {
		p.fail(elem, "element %d (%q) is neither a session number (1-999) nor a year (1946-2100)", elem, e)
		return 0, 0, false
	}
	n, _ := strconv.Atoi(e)
	switch {
	case len(e) < 4:
		return n, 0, true
	case n >= 1946 && n <= 2100:
		return 0, n, true
	}
	p.fail(elem, "element %d (%q) is neither a session number (1-999) nor a year (1946-2100)", elem, e)
	return 0, 0, false
}

// suffix parses a suffix element such as "REV.1" (upper case); orig is the
// element as written, for messages.
func (p *parser) suffix(e, orig string, elem int) (Suffix, bool) {
	w := leadingWord(e)
	kind := suffixKinds[w]
	num, found := strings.CutPrefix(e[len(w):], ".")
	if !found || !isDigits(num) {
		p.fail(elem, "suffix %q needs a number, as in %s.1", orig, kind)
		return Suffix{}, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 || n > 9999 {
		p.fail(elem, "suffix %q needs a number from 1 to 9999", orig)
		return Suffix{}, false
	}
	return Suffix{Kind: kind, N: n}, true
}

func (p *parser) parse() (Symbol, bool) {
	s := p.in
	if !utf8.ValidString(s) {
		return p.fail(0, "is not valid UTF-8")
	}
	t := strings.TrimFunc(s, isSpace)
	if t == "" {
		return p.fail(0, "is empty")
	}
	if len(t) > 2*MaxLen {
		return p.fail(0, "is too long (%d bytes, at most %d)", len(t), MaxLen)
	}
	for i, r := range t {
		if r >= utf8.RuneSelf || !(isLetter(byte(r)) || isDigit(byte(r)) || strings.ContainsRune("./-() \t", r)) {
			if isSpace(r) {
				continue
			}
			n := elementAt(t, i)
			return p.fail(n, "invalid character %q in element %d", r, n)
		}
	}
	t, parenYear, ok := p.splitParens(t)
	if !ok {
		return Symbol{}, false
	}
	if t, ok = p.dropSpaces(t); !ok {
		return Symbol{}, false
	}
	orig := strings.Split(t, "/")
	els := make([]string, len(orig))
	for i, e := range orig {
		if e == "" {
			return p.fail(i+1, "element %d is empty", i+1)
		}
		els[i] = upper(e)
	}

	// Suffixes: from the first suffix word to the end.
	k := len(els)
	for i, e := range els {
		if _, ok := suffixKinds[leadingWord(e)]; ok {
			k = i
			break
		}
	}
	var sym Symbol
	for i := k; i < len(els); i++ {
		if _, ok := suffixKinds[leadingWord(els[i])]; !ok {
			return p.fail(k+1, "suffix %q must come after the document number", orig[k])
		}
		x, ok := p.suffix(els[i], orig[i], i+1)
		if !ok {
			return Symbol{}, false
		}
		sym.Suffixes = append(sym.Suffixes, x)
	}
	if k <= 1 && k < len(els) {
		return p.fail(k+1, "suffix %q must come after the document number", orig[k])
	}
	core := els[:k]

	// Organ.
	if !isOrgan(core[0]) {
		return p.fail(1, "organ %q must be letters and digits, starting with a letter", orig[0])
	}
	sym.Organ = core[0]
	if len(core) == 1 {
		return p.fail(0, "organ %q alone is not a symbol", orig[0])
	}

	// Document number, the last core element.
	last := core[len(core)-1]
	lastN := len(core)
	switch w := leadingWord(last); {
	case isDigits(last):
		sym.Number = last
	case dotSpecials[w]:
		num, found := strings.CutPrefix(last[len(w):], ".")
		if !found || !isDigits(num) {
			return p.fail(lastN, "special component %q needs a number, as in %s.1", orig[lastN-1], w)
		}
		sym.Special, sym.Number = w, num
	case slashSpecials[last]:
		return p.fail(lastN, "%s must be followed by a number, as in %s/1", last, last)
	default:
		return p.fail(lastN, "element %d (%q) is not a document number", lastN, orig[lastN-1])
	}

	// Between organ and number: bodies, [date], [slash special, [date]].
	mid := core[1 : len(core)-1]
	j := 0
	for j < len(mid) && isBody(mid[j]) {
		sym.Bodies = append(sym.Bodies, mid[j])
		j++
	}
	early, late, dateElem := "", "", 0
	if j < len(mid) && isDigits(mid[j]) {
		early, dateElem = mid[j], j+2
		j++
	}
	if j < len(mid) && slashSpecials[mid[j]] {
		if sym.Special != "" {
			return p.fail(j+2, "%s cannot be combined with %s", mid[j], sym.Special)
		}
		sym.Special = mid[j]
		j++
		if j < len(mid) && isDigits(mid[j]) {
			if early != "" {
				return p.fail(j+2, "element %d (%q): only one session or year is allowed", j+2, orig[j+1])
			}
			late, dateElem = mid[j], j+2
			j++
		}
	}
	if j < len(mid) {
		n, e := j+2, orig[j+1]
		switch {
		case isDigits(mid[j]):
			return p.fail(n, "element %d (%q): too many numbers", n, e)
		case slashSpecials[mid[j]]:
			return p.fail(n, "element %d (%q): only one special component is allowed", n, e)
		case isBody(mid[j]):
			return p.fail(n, "element %d (%q) must come before the session, year or special component", n, e)
		}
		return p.fail(n, "element %d (%q) is not a valid component", n, e)
	}

	// Session or year.
	date := early + late
	if early != "" && dateAfter(sym.Special) {
		return p.fail(dateElem, "the session or year must come after %s, as in A/%s/76/1", sym.Special, sym.Special)
	}
	if late != "" && !dateAfter(sym.Special) {
		sym.DatePos = DateAfterSpecial
	}
	if parenYear != "" {
		if !dateAfter(sym.Special) {
			return p.fail(0, "a year in parentheses is only used with RES or DEC, as in S/RES/2331 (2016)")
		}
		if date != "" {
			return p.fail(0, "has both a session or year and a year in parentheses")
		}
		sym.DatePos = DateInParens
		date, dateElem = parenYear, 0
	}
	if date != "" {
		if sym.Session, sym.Year, ok = p.date(date, dateElem); !ok {
			return Symbol{}, false
		}
	}
	if n := len(sym.String()); n > MaxLen {
		return p.fail(0, "is too long (%d bytes, at most %d)", n, MaxLen)
	}
	return sym, true
}

// String returns the normalised symbol, e.g. "E/CN.15/2021/L.3/Rev.1" or
// "S/RES/2331 (2016)".
func (s Symbol) String() string {
	parts := make([]string, 0, 4+len(s.Bodies)+len(s.Suffixes))
	parts = append(parts, s.Organ)
	parts = append(parts, s.Bodies...)
	date := ""
	switch {
	case s.DatePos == DateInParens:
	case s.Year != 0:
		date = strconv.Itoa(s.Year)
	case s.Session != 0:
		date = strconv.Itoa(s.Session)
	}
	late := date != "" && slashSpecials[s.Special] &&
		(dateAfter(s.Special) || s.DatePos == DateAfterSpecial)
	if date != "" && !late {
		parts = append(parts, date)
	}
	switch {
	case s.Special == "":
		parts = append(parts, s.Number)
	case dotSpecials[s.Special]:
		parts = append(parts, s.Special+"."+s.Number)
	default:
		parts = append(parts, s.Special)
		if late {
			parts = append(parts, date)
		}
		parts = append(parts, s.Number)
	}
	for _, x := range s.Suffixes {
		parts = append(parts, x.String())
	}
	out := strings.Join(parts, "/")
	if s.DatePos == DateInParens && s.Year != 0 {
		out += " (" + strconv.Itoa(s.Year) + ")"
	}
	return out
}

// clone returns a copy of s that shares no slices with it, keeping the first
// n suffixes.
func (s Symbol) clone(n int) Symbol {
	c := s
	c.Bodies = nil
	if len(s.Bodies) > 0 {
		c.Bodies = append([]string(nil), s.Bodies...)
	}
	c.Suffixes = nil
	if n > 0 {
		c.Suffixes = append([]Suffix(nil), s.Suffixes[:n]...)
	}
	return c
}

// Base returns s without any suffixes: A/76/L.39 for A/76/L.39/Rev.1/Corr.1.
// The result shares no memory with s.
func (s Symbol) Base() Symbol { return s.clone(0) }

// Parent returns s with its last suffix removed, the document that s
// revises, corrects, adds to or amends: A/76/L.39/Rev.1 for
// A/76/L.39/Rev.1/Corr.1. It returns false, and the zero Symbol, when s has
// no suffix. Relate(s, parent) tells the kind of the relation.
func (s Symbol) Parent() (Symbol, bool) {
	if len(s.Suffixes) == 0 {
		return Symbol{}, false
	}
	return s.clone(len(s.Suffixes) - 1), true
}

// IsLimited reports whether s is a limited-distribution document (L.n),
// usually a draft resolution or decision.
func (s Symbol) IsLimited() bool { return s.Special == "L" }

// IsRestricted reports whether s is a restricted document (R.n).
func (s Symbol) IsRestricted() bool { return s.Special == "R" }

// KnownOrgan reports whether the organ of s is one of A, E, S, T, ST, CTOC
// and CAC.
func (s Symbol) KnownOrgan() bool { return organNames[s.Organ] != "" }

// OrganName returns the English name of a known organ, e.g. "General
// Assembly" for A, or "" for an organ KnownOrgan does not report.
func (s Symbol) OrganName() string { return organNames[s.Organ] }

// Prefixes returns every leading run of elements of s.String(), shortest
// first; the last one is s.String() itself. For CTOC/COP/WG.4/2021/2:
// CTOC, CTOC/COP, CTOC/COP/WG.4, CTOC/COP/WG.4/2021, CTOC/COP/WG.4/2021/2.
func (s Symbol) Prefixes() []string {
	str := s.String()
	var out []string
	for i := 0; i < len(str); i++ {
		if str[i] == '/' {
			out = append(out, str[:i])
		}
	}
	return append(out, str)
}

// NormalizePrefix normalises a partial symbol typed by a user, for prefix
// search: ctoc/cop/wg.4/2021 becomes CTOC/COP/WG.4/2021. When Normalize
// accepts s, the result is Normalize(s). Otherwise it does its best: it drops
// invalid UTF-8, trims each element, removes spaces next to ".", upper-cases
// and writes complete suffix words as Rev., Corr., Add., Amend. (a partially
// typed word such as "re" stays upper case). A trailing "/" is kept. It never
// fails and NormalizePrefix(NormalizePrefix(s)) == NormalizePrefix(s).
func NormalizePrefix(s string) string {
	if n, err := Normalize(s); err == nil {
		return n
	}
	if len(s) > 4*MaxLen {
		s = s[:4*MaxLen]
	}
	s = strings.ToValidUTF8(s, "")
	if n, err := Normalize(s); err == nil {
		return n
	}
	els := strings.Split(strings.TrimFunc(s, isSpace), "/")
	for i, e := range els {
		e = strings.TrimFunc(e, isSpace)
		for strings.ContainsFunc(e, isSpace) {
			before := e
			e = strings.ReplaceAll(e, ". ", ".")
			e = strings.ReplaceAll(e, " .", ".")
			e = strings.ReplaceAll(e, ".\t", ".")
			e = strings.ReplaceAll(e, "\t.", ".")
			e = strings.ReplaceAll(e, ".\u00a0", ".")
			e = strings.ReplaceAll(e, "\u00a0.", ".")
			if e == before {
				break
			}
		}
		w := leadingWord(e)
		if kind, ok := suffixKinds[w]; ok {
			e = string(kind) + upper(e[len(w):])
		} else {
			e = upper(e)
		}
		els[i] = e
	}
	out := strings.Join(els, "/")
	if n, err := Normalize(out); err == nil {
		return n
	}
	return out
}

// Looks reports whether a search query looks like a symbol, so that a
// search box can go straight to the document: it contains "/", its first
// element is a known organ (any case) or is typed in upper case, and Parse
// accepts it. "ctoc/cop/wg.4/2021/2" and "UNEP/EA.5/1" look like symbols;
// "covid/19" does not.
func Looks(s string) bool {
	first, _, found := strings.Cut(strings.TrimFunc(s, isSpace), "/")
	if !found {
		return false
	}
	first = strings.TrimFunc(first, isSpace)
	if organNames[upper(first)] == "" && first != upper(first) {
		return false
	}
	_, err := Parse(s)
	return err == nil
}
