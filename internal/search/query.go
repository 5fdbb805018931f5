package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"plenary/internal/catalog"
	"plenary/internal/symbol"
)

// Field names a field that a query term can be restricted to. The empty
// Field is the text: titles, abstracts and full texts.
type Field string

// The fields of the query language (`body:CTOC-COP-WG4`, `year:2019..2021`).
const (
	Text    Field = ""
	Symbol  Field = "symbol"
	Body    Field = "body"
	Session Field = "session"
	Type    Field = "type"
	Year    Field = "year"
	Subject Field = "subject"
	Lang    Field = "lang"
)

// Fields lists the fields a query may name, in the order messages list them.
var Fields = []Field{Symbol, Body, Session, Type, Year, Subject, Lang}

// Term is one thing a document must (or, negated, must not) match.
type Term struct {
	Field Field
	// Value is the word, phrase or field value as typed; for Symbol, the
	// normalised symbol or prefix.
	Value string
	// Phrase marks a quoted text: its words must appear in this order.
	Phrase bool
	// From and To bound a Year term (inclusive); both are set.
	From, To int
	// Concept is a glossary concept the term was recognised as (see
	// Glossary.Expand); when set, the term matches the concept's words in
	// any language.
	Concept *Concept
}

// Query is a parsed query: every clause must match, no Not term may.
type Query struct {
	// Clauses are ANDed; each clause is one or more terms joined by OR.
	Clauses [][]Term
	Not     []Term
	// Lang is the language a `lang:` term asked for, if any.
	Lang catalog.Lang
	// Symbol is set when the whole query is a document symbol (normalised).
	Symbol string
}

// Empty reports whether the query has nothing to match on, so that a
// search lists documents by date.
func (q Query) Empty() bool { return len(q.Clauses) == 0 && len(q.Not) == 0 }

// HasText reports whether any clause searches the text.
func (q Query) HasText() bool {
	for _, c := range q.Clauses {
		for _, t := range c {
			if t.Field == Text {
				return true
			}
		}
	}
	return false
}

// SyntaxError is a query that cannot be parsed. Its message says what is
// wrong and where, counting characters from 1.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("at character %d: %s", e.Pos, e.Msg)
}

// MaxQueryLen bounds a query's length in bytes, and MaxTerms its terms.
const (
	MaxQueryLen = 1000
	MaxTerms    = 32
)

// token is one piece of the query as typed.
type token struct {
	pos    int // 1-based, in characters
	text   string
	quoted bool
	neg    bool
	field  string
}

// Parse reads a query in the query language:
//
//	trafficking victims          both words, in any language
//	"forced labour"              the words in this order
//	-smuggling                   not this word (also -"a phrase", -type:report)
//	labour OR labor              either word
//	symbol:CTOC/COP/WG.4/2021    the document and every one whose symbol starts so
//	body:… session:… type:… subject:…   exactly this value
//	year:2021  year:2019..2021   issued in that year, or in that range
//	lang:fr                      versions in French only
//
// A query that is a document symbol on its own (E/CN.15/2021/L.3) finds
// that document first; a symbol among words is searched as a symbol.
func Parse(s string) (Query, error) {
	var q Query
	if len(s) > MaxQueryLen {
		cut := MaxQueryLen
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return q, &SyntaxError{Pos: utf8.RuneCountInString(s[:cut]) + 1, Msg: fmt.Sprintf("the query is longer than %d bytes", MaxQueryLen)}
	}
	if !utf8.ValidString(s) {
		return q, &SyntaxError{Pos: 1, Msg: "the query is not valid UTF-8"}
	}
	if strings.TrimSpace(s) == "" {
		return q, nil
	}
	if symbol.Looks(s) {
		q.Symbol = symbol.NormalizePrefix(s)
		q.Clauses = [][]Term{{{Field: Symbol, Value: q.Symbol}}}
		return q, nil
	}
	toks, err := lex(s)
	if err != nil {
		return q, err
	}
	if len(toks) > MaxTerms {
		return q, &SyntaxError{Pos: toks[MaxTerms].pos, Msg: fmt.Sprintf("a query may have at most %d terms", MaxTerms)}
	}
	var (
		group   []Term
		afterOR bool
		lastPos int
	)
	flush := func() {
		if len(group) > 0 {
			q.Clauses = append(q.Clauses, group)
			group = nil
		}
	}
	for i, tk := range toks {
		lastPos = tk.pos
		if isOR(tk) {
			if len(group) == 0 || afterOR {
				return q, &SyntaxError{Pos: tk.pos, Msg: "OR must stand between two terms"}
			}
			if i == len(toks)-1 {
				return q, &SyntaxError{Pos: tk.pos, Msg: "OR must stand between two terms"}
			}
			afterOR = true
			continue
		}
		t, err := term(tk)
		if err != nil {
			return q, err
		}
		if t.Field == Lang {
			if tk.neg || afterOR || (i+1 < len(toks) && isOR(toks[i+1])) {
				return q, &SyntaxError{Pos: tk.pos, Msg: "lang: cannot be negated or joined with OR"}
			}
			l := catalog.Lang(t.Value)
			if q.Lang != "" && q.Lang != l {
				return q, &SyntaxError{Pos: tk.pos, Msg: "the query names two languages"}
			}
			q.Lang = l
			flush()
			continue
		}
		if tk.neg {
			if afterOR {
				return q, &SyntaxError{Pos: tk.pos, Msg: "an excluded term cannot follow OR"}
			}
			flush()
			q.Not = append(q.Not, t)
			continue
		}
		if !afterOR {
			flush()
		}
		afterOR = false
		group = append(group, t)
	}
	if afterOR {
		return q, &SyntaxError{Pos: lastPos, Msg: "OR must stand between two terms"}
	}
	flush()
	return q, nil
}

// isOR reports whether a token is the OR operator (not "OR" quoted,
// excluded or as a field value).
func isOR(tk token) bool { return tk.text == "OR" && !tk.quoted && tk.field == "" && !tk.neg }

// lex splits the query into words, quoted phrases, and field:value pairs.
func lex(s string) ([]token, error) {
	var out []token
	runes := []rune(s)
	i := 0
	for i < len(runes) {
		if unicode.IsSpace(runes[i]) {
			i++
			continue
		}
		tk := token{pos: i + 1}
		if runes[i] == '-' && i+1 < len(runes) && !unicode.IsSpace(runes[i+1]) {
			tk.neg = true
			i++
		}
		// field:
		j := i
		for j < len(runes) && (runes[j] >= 'a' && runes[j] <= 'z' || runes[j] >= 'A' && runes[j] <= 'Z') {
			j++
		}
		name := strings.ToLower(string(runes[i:j]))
		known := slices.Contains(Fields, Field(name))
		valueNext := j+1 < len(runes) && !unicode.IsSpace(runes[j+1])
		// An unknown name with a value next is a mistyped field; one
		// before a space is text ("Geneva: report").
		if j > i && j < len(runes) && runes[j] == ':' && (known || valueNext) {
			if !known {
				return nil, &SyntaxError{Pos: i + 1, Msg: fmt.Sprintf("unknown field %q; the fields are %s", name, fieldList())}
			}
			tk.field = name
			i = j + 1
			if i >= len(runes) || unicode.IsSpace(runes[i]) {
				return nil, &SyntaxError{Pos: j + 1, Msg: fmt.Sprintf("%s: needs a value", name)}
			}
		}
		if i < len(runes) && (runes[i] == '"' || runes[i] == '“' || runes[i] == '”' || runes[i] == '«') {
			end := i + 1
			for end < len(runes) && !isCloseQuote(runes[end]) {
				end++
			}
			if end >= len(runes) {
				return nil, &SyntaxError{Pos: i + 1, Msg: "a quotation mark is not closed"}
			}
			tk.text = strings.TrimSpace(string(runes[i+1 : end]))
			tk.quoted = true
			i = end + 1
			if tk.text == "" {
				return nil, &SyntaxError{Pos: tk.pos, Msg: "the quotation marks hold nothing"}
			}
		} else {
			end := i
			for end < len(runes) && !unicode.IsSpace(runes[end]) {
				end++
			}
			tk.text = string(runes[i:end])
			i = end
		}
		out = append(out, tk)
	}
	return out, nil
}

func isCloseQuote(r rune) bool { return r == '"' || r == '”' || r == '“' || r == '»' }

func fieldList() string {
	names := make([]string, len(Fields))
	for i, f := range Fields {
		names[i] = string(f) + ":"
	}
	return strings.Join(names, " ")
}

// term turns a token into a term, checking field values.
func term(tk token) (Term, error) {
	f := Field(tk.field)
	v := tk.text
	switch f {
	case Text:
		if !tk.quoted && symbol.Looks(v) {
			return Term{Field: Symbol, Value: symbol.NormalizePrefix(v)}, nil
		}
		return Term{Value: v, Phrase: tk.quoted && strings.ContainsFunc(v, unicode.IsSpace)}, nil
	case Symbol:
		return Term{Field: Symbol, Value: symbol.NormalizePrefix(v)}, nil
	case Type:
		if !slices.Contains(catalog.DocTypes, catalog.DocType(v)) {
			return Term{}, &SyntaxError{Pos: tk.pos, Msg: fmt.Sprintf("type: %q is not a document type", v)}
		}
	case Lang:
		l, ok := catalog.ParseLang(v)
		if !ok {
			return Term{}, &SyntaxError{Pos: tk.pos, Msg: fmt.Sprintf("lang: %q is not one of ar zh en fr ru es pt", v)}
		}
		v = string(l)
	case Year:
		from, to, err := ParseYears(v)
		if err != nil {
			return Term{}, &SyntaxError{Pos: tk.pos, Msg: "year: " + err.Error()}
		}
		return Term{Field: Year, Value: v, From: from, To: to}, nil
	}
	return Term{Field: f, Value: v}, nil
}

// ParseYears reads a year (2021) or an inclusive range of years
// (2019..2021).
func ParseYears(s string) (from, to int, err error) {
	a, b, isRange := strings.Cut(s, "..")
	from, err = parseYear(a)
	if err != nil {
		return 0, 0, err
	}
	to = from
	if isRange {
		if to, err = parseYear(b); err != nil {
			return 0, 0, err
		}
		if to < from {
			return 0, 0, fmt.Errorf("%q: the range ends before it starts", s)
		}
	}
	return from, to, nil
}

func parseYear(s string) (int, error) {
	y, err := strconv.Atoi(s)
	if err != nil || len(s) != 4 || y < 1900 || y > 2200 {
		return 0, fmt.Errorf("%q is not a year such as 2021 or a range such as 2019..2021", s)
	}
	return y, nil
}
