package search

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"plenary/internal/catalog"
)

// Term constructors for the expectations.
func word(v string) Term           { return Term{Value: v} }
func phrase(v string) Term         { return Term{Value: v, Phrase: true} }
func sym(v string) Term            { return Term{Field: Symbol, Value: v} }
func field(f Field, v string) Term { return Term{Field: f, Value: v} }
func years(v string, from, to int) Term {
	return Term{Field: Year, Value: v, From: from, To: to}
}

// clauses builds Query.Clauses from its groups.
func clauses(groups ...[]Term) [][]Term { return groups }

// or builds one clause of terms joined by OR.
func or(ts ...Term) []Term { return ts }

func mustParse(t *testing.T, s string) Query {
	t.Helper()
	q, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): unexpected error %v", s, err)
	}
	return q
}

func checkQuery(t *testing.T, in string, want Query) {
	t.Helper()
	got := mustParse(t, in)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(%q)\n got %#v\nwant %#v", in, got, want)
	}
}

func TestParseWords(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"one word", "trafficking", Query{Clauses: clauses(or(word("trafficking")))}},
		{"plain words", "trafficking victims", Query{Clauses: clauses(or(word("trafficking")), or(word("victims")))}},
		{"extra spaces", "  trafficking \t victims\n ", Query{Clauses: clauses(or(word("trafficking")), or(word("victims")))}},
		{"non-ASCII words", "торговля людьми", Query{Clauses: clauses(or(word("торговля")), or(word("людьми")))}},
		{"hyphenated word", "non-punishment", Query{Clauses: clauses(or(word("non-punishment")))}},
		{"an unknown name before a space is text", "Geneva: report", Query{Clauses: clauses(or(word("Geneva:")), or(word("report")))}},
		{"phrase", `"forced labour"`, Query{Clauses: clauses(or(phrase("forced labour")))}},
		{"phrase among words", `report "forced labour" 2021`, Query{Clauses: clauses(or(word("report")), or(phrase("forced labour")), or(word("2021")))}},
		{"quoted single word is not a phrase", `"smuggling"`, Query{Clauses: clauses(or(word("smuggling")))}},
		{"spaces inside quotes are trimmed", `" smuggling "`, Query{Clauses: clauses(or(word("smuggling")))}},
		{"curly quotes", "“forced labour”", Query{Clauses: clauses(or(phrase("forced labour")))}},
		{"guillemets", "«travail forcé»", Query{Clauses: clauses(or(phrase("travail forcé")))}},
		{"guillemets with inner spaces", "« travail forcé »", Query{Clauses: clauses(or(phrase("travail forcé")))}},
		{"excluded word", "-smuggling", Query{Not: []Term{word("smuggling")}}},
		{"word and excluded word", "trafficking -smuggling", Query{Clauses: clauses(or(word("trafficking"))), Not: []Term{word("smuggling")}}},
		{"excluded phrase", `-"a phrase"`, Query{Not: []Term{phrase("a phrase")}}},
		{"excluded quoted word", `-"smuggling"`, Query{Not: []Term{word("smuggling")}}},
		{"excluded field", "-type:report", Query{Not: []Term{field(Type, "report")}}},
		{"excluded year", "-year:2020", Query{Not: []Term{years("2020", 2020, 2020)}}},
		{"OR", "a OR b c", Query{Clauses: clauses(or(word("a"), word("b")), or(word("c")))}},
		{"OR after a word", "c a OR b", Query{Clauses: clauses(or(word("c")), or(word("a"), word("b")))}},
		{"OR chain", "a OR b OR c", Query{Clauses: clauses(or(word("a"), word("b"), word("c")))}},
		{"two OR groups", "a OR b c OR d", Query{Clauses: clauses(or(word("a"), word("b")), or(word("c"), word("d")))}},
		{"OR of phrases", `"forced labour" OR "forced labor"`, Query{Clauses: clauses(or(phrase("forced labour"), phrase("forced labor")))}},
		{"OR of fields", "type:report OR type:guide", Query{Clauses: clauses(or(field(Type, "report"), field(Type, "guide")))}},
		{"lower-case or is a word", "a or b", Query{Clauses: clauses(or(word("a")), or(word("or")), or(word("b")))}},
		{"quoted OR is a word", `a "OR" b`, Query{Clauses: clauses(or(word("a")), or(word("OR")), or(word("b")))}},
		{"excluded OR is a word", "a -OR", Query{Clauses: clauses(or(word("a"))), Not: []Term{word("OR")}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkQuery(t, tc.in, tc.want) })
	}
}

func TestParseFields(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"symbol is normalised", "symbol:ctoc/cop/wg.4/2021", Query{Clauses: clauses(or(sym("CTOC/COP/WG.4/2021")))}},
		{"symbol full", "symbol:e/cn.15/2021/l.3/rev.1", Query{Clauses: clauses(or(sym("E/CN.15/2021/L.3/Rev.1")))}},
		{"body", "body:CTOC-COP-WG4", Query{Clauses: clauses(or(field(Body, "CTOC-COP-WG4")))}},
		{"session", "session:COP-11", Query{Clauses: clauses(or(field(Session, "COP-11")))}},
		{"type", "type:report", Query{Clauses: clauses(or(field(Type, "report")))}},
		{"type with hyphen", "type:draft-resolution", Query{Clauses: clauses(or(field(Type, "draft-resolution")))}},
		{"subject", "subject:trafficking", Query{Clauses: clauses(or(field(Subject, "trafficking")))}},
		{"quoted subject", `subject:"forced labour"`, Query{Clauses: clauses(or(field(Subject, "forced labour")))}},
		{"year", "year:2021", Query{Clauses: clauses(or(years("2021", 2021, 2021)))}},
		{"year range", "year:2019..2021", Query{Clauses: clauses(or(years("2019..2021", 2019, 2021)))}},
		{"year range of one year", "year:2021..2021", Query{Clauses: clauses(or(years("2021..2021", 2021, 2021)))}},
		{"lang", "lang:FR", Query{Lang: catalog.French}},
		{"lang with region", "lang:zh-Hans", Query{Lang: catalog.Chinese}},
		{"lang twice the same", "lang:fr lang:FR", Query{Lang: catalog.French}},
		{"lang among terms", "trafficking lang:es type:report", Query{Clauses: clauses(or(word("trafficking")), or(field(Type, "report"))), Lang: catalog.Spanish}},
		{"lang after OR group", "a OR b lang:fr c", Query{Clauses: clauses(or(word("a"), word("b")), or(word("c"))), Lang: catalog.French}},
		{"upper-case field name", "TYPE:report", Query{Clauses: clauses(or(field(Type, "report")))}},
		{"mixed-case field name", "Year:2021", Query{Clauses: clauses(or(years("2021", 2021, 2021)))}},
		{"capitalised symbol field", "Symbol:e/cn.15/2021/l.3", Query{Clauses: clauses(or(sym("E/CN.15/2021/L.3")))}},
		{"upper-case LANG", "LANG:es", Query{Lang: catalog.Spanish}},
		// A token spelled OR that is not the operator does not make lang:
		// "joined with OR": `a -OR` excludes the word OR (see
		// TestParseWords), so must `lang:fr -OR`.
		{"lang before excluded word OR", "lang:fr -OR", Query{Not: []Term{word("OR")}, Lang: catalog.French}},
		{"lang before field value OR", "lang:fr subject:OR", Query{Clauses: clauses(or(field(Subject, "OR"))), Lang: catalog.French}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkQuery(t, tc.in, tc.want) })
	}
}

func TestParseSymbols(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"whole query is a symbol", "E/CN.15/2021/L.3", Query{Symbol: "E/CN.15/2021/L.3", Clauses: clauses(or(sym("E/CN.15/2021/L.3")))}},
		{"lower-case symbol with spaces around", "  ctoc/cop/wg.4/2021/2 ", Query{Symbol: "CTOC/COP/WG.4/2021/2", Clauses: clauses(or(sym("CTOC/COP/WG.4/2021/2")))}},
		{"symbol with spaces inside", "E / CN.15 / 2021 / L. 3", Query{Symbol: "E/CN.15/2021/L.3", Clauses: clauses(or(sym("E/CN.15/2021/L.3")))}},
		{"Security Council resolution", "S/RES/2331 (2016)", Query{Symbol: "S/RES/2331 (2016)", Clauses: clauses(or(sym("S/RES/2331 (2016)")))}},
		{"symbol among words", "report E/CN.15/2021/L.3", Query{Clauses: clauses(or(word("report")), or(sym("E/CN.15/2021/L.3")))}},
		{"lower-case symbol among words", "ctoc/cop/wg.4/2021/2 report", Query{Clauses: clauses(or(sym("CTOC/COP/WG.4/2021/2")), or(word("report")))}},
		{"excluded symbol", "report -A/76/L.39", Query{Clauses: clauses(or(word("report"))), Not: []Term{sym("A/76/L.39")}}},
		{"quoted symbol is text", `"E/CN.15/2021/L.3"`, Query{Clauses: clauses(or(word("E/CN.15/2021/L.3")))}},
		{"covid/19 is not a symbol", "covid/19", Query{Clauses: clauses(or(word("covid/19")))}},
		{"covid/19 among words", "covid/19 vaccines", Query{Clauses: clauses(or(word("covid/19")), or(word("vaccines")))}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkQuery(t, tc.in, tc.want) })
	}
}

func TestQueryEmpty(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"empty", "", true},
		{"spaces", "   ", true},
		{"tabs and newlines", "\t\n \r\n", true},
		{"unicode spaces", "\u00a0\u3000\u2003", true},
		{"lang only", "lang:fr", true},
		{"word", "a", false},
		{"excluded word only", "-a", false},
		{"field", "type:report", false},
		{"symbol", "E/CN.15/2021/L.3", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.in)
			if got := q.Empty(); got != tc.want {
				t.Errorf("Parse(%q).Empty() = %v, want %v (query %#v)", tc.in, got, tc.want, q)
			}
		})
	}
	t.Run("empty query is the zero Query", func(t *testing.T) {
		if q := mustParse(t, " \t "); !reflect.DeepEqual(q, Query{}) {
			t.Errorf("Parse(blank) = %#v, want the zero Query", q)
		}
	})
}

func TestQueryHasText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"word", "a", true},
		{"phrase", `"forced labour"`, true},
		{"field and word", "type:report trafficking", true},
		{"word ORed with field", "type:report OR trafficking", true},
		{"word with lang", "lang:fr trafficking", true},
		{"empty", "", false},
		{"field only", "type:report", false},
		{"year only", "year:2021", false},
		{"lang only", "lang:fr", false},
		{"excluded word only", "-trafficking", false},
		{"symbol query", "E/CN.15/2021/L.3", false},
		{"symbol field", "symbol:E/CN.15", false},
		{"symbol among fields", "type:report E/CN.15/2021/L.3", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.in)
			if got := q.HasText(); got != tc.want {
				t.Errorf("Parse(%q).HasText() = %v, want %v (query %#v)", tc.in, got, tc.want, q)
			}
		})
	}
	t.Run("built by hand", func(t *testing.T) {
		if !(Query{Clauses: clauses(or(field(Type, "report"), word("x")))}).HasText() {
			t.Error("HasText() = false for a clause with a text term after a field term")
		}
		if (Query{Not: []Term{word("x")}}).HasText() {
			t.Error("HasText() = true for a query with a text term only among Not")
		}
	})
}

func TestParseErrors(t *testing.T) {
	fieldNames := "symbol: body: session: type: year: subject: lang:"
	tests := []struct {
		name string
		in   string
		pos  int
		msgs []string // each must occur in the message
	}{
		{"unterminated quote", `"forced labour`, 1, []string{"quotation mark is not closed"}},
		{"unterminated quote after words", `a b "forced labour`, 5, []string{"quotation mark is not closed"}},
		{"unterminated curly quote", "a “b c", 3, []string{"quotation mark is not closed"}},
		{"unterminated guillemet", "«travail forcé", 1, []string{"quotation mark is not closed"}},
		{"unterminated excluded quote", `-"a b`, 2, []string{"quotation mark is not closed"}},
		{"position counts characters", `пытка "abc`, 7, []string{"quotation mark is not closed"}},
		{"position counts characters in CJK", `贩运 "abc`, 4, []string{"quotation mark is not closed"}},
		{"empty quotes", `""`, 1, []string{"quotation marks hold nothing"}},
		{"blank quotes after word", `a "  "`, 3, []string{"quotation marks hold nothing"}},
		{"OR alone", "OR", 1, []string{"OR must stand between two terms"}},
		{"OR at start", "OR a", 1, []string{"OR must stand between two terms"}},
		{"OR at end", "a OR", 3, []string{"OR must stand between two terms"}},
		{"OR at end after non-ASCII", "пытка OR", 7, []string{"OR must stand between two terms"}},
		{"OR doubled", "a OR OR b", 6, []string{"OR must stand between two terms"}},
		{"OR after excluded term", "a -b OR c", 6, []string{"OR must stand between two terms"}},
		{"excluded term after OR", "a OR -b", 6, []string{"excluded term cannot follow OR"}},
		{"unknown field", "foo:bar", 1, []string{`unknown field "foo"`, fieldNames}},
		{"unknown field after words", "пытка foo:bar", 7, []string{`unknown field "foo"`, fieldNames}},
		{"unknown excluded field", "a -foo:bar", 4, []string{`unknown field "foo"`}},
		{"unknown upper-case field", "FOO:bar", 1, []string{`unknown field "foo"`}},
		{"field without value", "type:", 5, []string{"type: needs a value"}},
		{"field followed by space", "type: report", 5, []string{"type: needs a value"}},
		{"year without value", "a year:", 7, []string{"year: needs a value"}},
		{"bad type", "type:nonsense", 1, []string{`"nonsense" is not a document type`}},
		{"bad type after words", "пытка type:nonsense", 7, []string{`"nonsense" is not a document type`}},
		{"bad lang", "lang:de", 1, []string{`lang: "de" is not one of`, "fr"}},
		{"two-digit year", "year:21", 1, []string{"year:", `"21" is not a year`}},
		{"year before 1900", "year:1899", 1, []string{"year:", `"1899" is not a year`}},
		{"range ends before it starts", "year:2021..2019", 1, []string{"year:", "ends before it starts"}},
		{"year not a number", "year:abc", 1, []string{"year:", `"abc" is not a year`}},
		{"open-ended range", "year:2019..", 1, []string{"year:", "is not a year"}},
		{"excluded lang", "-lang:fr", 1, []string{"lang: cannot be negated"}},
		{"lang before OR", "lang:fr OR a", 1, []string{"lang: cannot be negated or joined with OR"}},
		{"lang after OR", "a OR lang:fr", 6, []string{"lang: cannot be negated or joined with OR"}},
		{"two languages", "lang:fr lang:es", 9, []string{"two languages"}},
		{"query too long", strings.Repeat("a", MaxQueryLen+1), MaxQueryLen + 1, []string{"longer than 1000"}}, // the first character past the limit,
		{"too many terms", strings.TrimSpace(strings.Repeat("a ", MaxTerms+1)), 2*MaxTerms + 1, []string{"at most 32 terms"}},
		{"invalid UTF-8", "\xff", 1, []string{"not valid UTF-8"}},
		{"invalid UTF-8 at start", "\xc3(abc", 1, []string{"not valid UTF-8"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %#v, want an error", tc.in, q)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %v is a %T, want *SyntaxError", tc.in, err, err)
			}
			if se.Pos != tc.pos {
				t.Errorf("Parse(%q) error Pos = %d, want %d (%v)", tc.in, se.Pos, tc.pos, err)
			}
			for _, m := range tc.msgs {
				if !strings.Contains(se.Msg, m) {
					t.Errorf("Parse(%q) error message %q does not contain %q", tc.in, se.Msg, m)
				}
			}
		})
	}
}

func TestSyntaxErrorString(t *testing.T) {
	_, err := Parse(`пытка "abc`)
	want := "at character 7: a quotation mark is not closed"
	if err == nil || err.Error() != want {
		t.Errorf("Parse(`пытка \"abc`) error = %v, want %q", err, want)
	}
}

// TestParseLongQuery checks queries over MaxQueryLen bytes written in
// letters of more than one byte: MaxQueryLen counts bytes, while the error
// speaks of characters.
func TestParseLongQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		pos  int // the character holding byte MaxQueryLen (counting from 0): the first past the limit
	}{
		// 400 characters, 1200 bytes: character 334 holds byte 1000.
		{"CJK", strings.Repeat("贩", 400), 334},
		// 999 characters, 1001 bytes: the last character holds byte 1000.
		{"ASCII then CJK", strings.Repeat("a", 998) + "贩", 999},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := utf8.RuneCountInString(tc.in)
			_, err := Parse(tc.in)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%d bytes) error = %v, want a *SyntaxError", len(tc.in), err)
			}
			if se.Pos != tc.pos || se.Pos > n {
				t.Errorf("Parse(%d bytes, %d characters) error Pos = %d, want %d", len(tc.in), n, se.Pos, tc.pos)
			}
			if !strings.Contains(se.Msg, "1000") || strings.Contains(se.Msg, "1000 characters") {
				t.Errorf("Parse(%d characters) error message %q: want the limit of 1000 without calling it characters (the limit is in bytes)", n, se.Msg)
			}
		})
	}
}

func TestParseLimits(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		bytes  int // the length of in, when it matters; else 0
		nTerms int
	}{
		{"MaxQueryLen bytes", strings.Repeat("a", MaxQueryLen), MaxQueryLen, 1},
		{"MaxQueryLen bytes of words", strings.Repeat(strings.Repeat("a", 61)+" ", 16) + strings.Repeat("b", MaxQueryLen-16*62), MaxQueryLen, 17},
		{"MaxQueryLen bytes of Cyrillic", strings.Repeat("п", MaxQueryLen/2), MaxQueryLen, 1},
		{"MaxTerms words", strings.TrimSpace(strings.Repeat("a ", MaxTerms)), 0, MaxTerms},
		{"MaxTerms words with an excluded one", strings.TrimSpace(strings.Repeat("a ", MaxTerms-1)) + " -b", 0, MaxTerms},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.bytes != 0 && len(tc.in) != tc.bytes {
				t.Fatalf("test input is %d bytes, want %d", len(tc.in), tc.bytes)
			}
			q := mustParse(t, tc.in)
			n := len(q.Not)
			for _, c := range q.Clauses {
				n += len(c)
			}
			if n != tc.nTerms {
				t.Errorf("Parse(%q) has %d terms, want %d", tc.in, n, tc.nTerms)
			}
		})
	}
}

func TestParseYears(t *testing.T) {
	tests := []struct {
		in       string
		from, to int
		wantErr  string // "" for no error; else a phrase of the message
	}{
		{"2021", 2021, 2021, ""},
		{"1900", 1900, 1900, ""},
		{"2200", 2200, 2200, ""},
		{"2019..2021", 2019, 2021, ""},
		{"2021..2021", 2021, 2021, ""},
		{"1899", 0, 0, "is not a year"},
		{"2201", 0, 0, "is not a year"},
		{"21", 0, 0, `"21" is not a year`},
		{"02021", 0, 0, "is not a year"},
		{"+2021", 0, 0, "is not a year"},
		{"abc", 0, 0, "is not a year"},
		{"", 0, 0, "is not a year"},
		{"2021..2019", 0, 0, `"2021..2019": the range ends before it starts`},
		{"2019..", 0, 0, "is not a year"},
		{"..2021", 0, 0, "is not a year"},
		{"2019..2020..2021", 0, 0, "is not a year"},
		{"2019-2021", 0, 0, "is not a year"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			from, to, err := ParseYears(tc.in)
			if tc.wantErr == "" {
				if err != nil || from != tc.from || to != tc.to {
					t.Errorf("ParseYears(%q) = %d, %d, %v; want %d, %d, nil", tc.in, from, to, err, tc.from, tc.to)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseYears(%q) error = %v, want one containing %q", tc.in, err, tc.wantErr)
			}
			if from != 0 || to != 0 {
				t.Errorf("ParseYears(%q) = %d, %d with an error, want 0, 0", tc.in, from, to)
			}
		})
	}
}

func TestFields(t *testing.T) {
	want := []Field{"symbol", "body", "session", "type", "year", "subject", "lang"}
	if !reflect.DeepEqual(Fields, want) {
		t.Errorf("Fields = %q, want %q", Fields, want)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", "   ", "trafficking victims", `"forced labour"`, "“forced labour”", "«travail forcé»",
		"-smuggling", `-"a phrase"`, "-type:report", "a OR b c", "a OR b OR c", "OR", "a OR",
		"symbol:ctoc/cop/wg.4/2021", "body:X", "session:Y", "year:2019..2021", "year:2021..2019",
		"lang:FR", "lang:fr OR a", "E/CN.15/2021/L.3", "  ctoc/cop/wg.4/2021/2  ", "covid/19",
		`пытка "abc`, "foo:bar", "type:", "type: report", "-", "- -", "--a", `-""`, `"`, "“", "«»",
		"a:b:c", "year:", "-year:1900..2200", "S/RES/2331 (2016)", "\xff", "a\x00b",
		strings.Repeat("a ", 40), strings.Repeat("贩", 400),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %v is a %T, want *SyntaxError", s, err, err)
			}
			if se.Pos < 1 || se.Pos > max(1, utf8.RuneCountInString(s)) {
				t.Errorf("Parse(%q) error Pos = %d, outside the query (%d characters)", s, se.Pos, utf8.RuneCountInString(s))
			}
			if se.Msg == "" {
				t.Errorf("Parse(%q) error has no message", s)
			}
			return
		}
		if q.Lang != "" && !q.Lang.Valid() {
			t.Errorf("Parse(%q).Lang = %q, not a language", s, q.Lang)
		}
		check := func(tm Term) {
			switch tm.Field {
			case Year:
				if tm.From > tm.To {
					t.Errorf("Parse(%q): year term %#v has From > To", s, tm)
				}
			case Text:
				if tm.Value == "" {
					t.Errorf("Parse(%q): text term with an empty Value", s)
				}
			case Lang:
				t.Errorf("Parse(%q): lang: left as a term %#v", s, tm)
			}
		}
		for _, c := range q.Clauses {
			if len(c) == 0 {
				t.Errorf("Parse(%q): empty clause", s)
			}
			for _, tm := range c {
				check(tm)
			}
		}
		for _, tm := range q.Not {
			check(tm)
		}
	})
}
