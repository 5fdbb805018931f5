package symbol

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func revs(xs ...Suffix) []Suffix { return xs }

var validCases = []struct {
	in   string
	want string
	sym  Symbol
}{
	{"CTOC/COP/WG.4/2021/2", "", Symbol{Organ: "CTOC", Bodies: []string{"COP", "WG.4"}, Year: 2021, Number: "2"}},
	{"CTOC/COP/WG.7/2021/3", "", Symbol{Organ: "CTOC", Bodies: []string{"COP", "WG.7"}, Year: 2021, Number: "3"}},
	{"CTOC/COP/2020/10", "", Symbol{Organ: "CTOC", Bodies: []string{"COP"}, Year: 2020, Number: "10"}},
	{"E/CN.15/2021/L.3/Rev.1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "L", Number: "3", Suffixes: revs(Suffix{Rev, 1})}},
	{"A/RES/76/7", "", Symbol{Organ: "A", Session: 76, Special: "RES", Number: "7"}},
	{"E/RES/2021/21", "", Symbol{Organ: "E", Year: 2021, Special: "RES", Number: "21"}},
	{"S/RES/2331 (2016)", "", Symbol{Organ: "S", Year: 2016, DatePos: DateInParens, Special: "RES", Number: "2331"}},
	{"S/RES/2331", "", Symbol{Organ: "S", Special: "RES", Number: "2331"}},
	{"A/76/PV.50", "", Symbol{Organ: "A", Session: 76, Special: "PV", Number: "50"}},
	{"A/C.3/76/L.9/Rev.1", "", Symbol{Organ: "A", Bodies: []string{"C.3"}, Session: 76, Special: "L", Number: "9", Suffixes: revs(Suffix{Rev, 1})}},
	{"E/CN.15/2022/CRP.1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2022, Special: "CRP", Number: "1"}},
	{"CTOC/COP/WG.4/2021/CRP.1", "", Symbol{Organ: "CTOC", Bodies: []string{"COP", "WG.4"}, Year: 2021, Special: "CRP", Number: "1"}},
	{"E/CN.15/2021/INF/1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "INF", Number: "1"}},
	{"A/INF/76/4", "", Symbol{Organ: "A", Session: 76, DatePos: DateAfterSpecial, Special: "INF", Number: "4"}},
	{"A/AC.289/R.1", "", Symbol{Organ: "A", Bodies: []string{"AC.289"}, Special: "R", Number: "1"}},
	{"E/CN.15/2021/SR.3", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "SR", Number: "3"}},
	{"A/76/L.39/Rev.1/Corr.1", "", Symbol{Organ: "A", Session: 76, Special: "L", Number: "39", Suffixes: revs(Suffix{Rev, 1}, Suffix{Corr, 1})}},
	{"E/CN.15/2021/L.1/Add.1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "L", Number: "1", Suffixes: revs(Suffix{Add, 1})}},
	{"E/CN.15/2021/L.1/Add.1/Rev.1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "L", Number: "1", Suffixes: revs(Suffix{Add, 1}, Suffix{Rev, 1})}},
	{"ST/SGB/2003/13", "", Symbol{Organ: "ST", Bodies: []string{"SGB"}, Year: 2003, Number: "13"}},
	{"ST/AI/2010/3/Amend.1", "", Symbol{Organ: "ST", Bodies: []string{"AI"}, Year: 2010, Number: "3", Suffixes: revs(Suffix{Amend, 1})}},
	{"A/HRC/47/L.5", "", Symbol{Organ: "A", Bodies: []string{"HRC"}, Session: 47, Special: "L", Number: "5"}},
	{"A/HRC/RES/47/1", "", Symbol{Organ: "A", Bodies: []string{"HRC"}, Session: 47, Special: "RES", Number: "1"}},
	{"A/HRC/DEC/47/115", "", Symbol{Organ: "A", Bodies: []string{"HRC"}, Session: 47, Special: "DEC", Number: "115"}},
	{"E/DEC/2021/201", "", Symbol{Organ: "E", Year: 2021, Special: "DEC", Number: "201"}},
	{"A/CONF.234/L.1", "", Symbol{Organ: "A", Bodies: []string{"CONF.234"}, Special: "L", Number: "1"}},
	{"E/2021/30", "", Symbol{Organ: "E", Year: 2021, Number: "30"}},
	{"A/76/1", "", Symbol{Organ: "A", Session: 76, Number: "1"}},
	{"E/CN.15/2022/WP.1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2022, Special: "WP", Number: "1"}},
	{"E/CN.15/2021/NGO/1", "", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "NGO", Number: "1"}},
	{"A/76/251/Add.1", "", Symbol{Organ: "A", Session: 76, Number: "251", Suffixes: revs(Suffix{Add, 1})}},
	{"S/2021/1000", "", Symbol{Organ: "S", Year: 2021, Number: "1000"}},
	{"S/PRST/2021/1", "", Symbol{Organ: "S", Bodies: []string{"PRST"}, Year: 2021, Number: "1"}},
	{"CAC/COSP/2021/15", "", Symbol{Organ: "CAC", Bodies: []string{"COSP"}, Year: 2021, Number: "15"}},
	{"CTOC/COP/WG.7/2021/CRP.1/Corr.2", "", Symbol{Organ: "CTOC", Bodies: []string{"COP", "WG.7"}, Year: 2021, Special: "CRP", Number: "1", Suffixes: revs(Suffix{Corr, 2})}},
	{"ECE/TRANS/WP.29/2021/1", "", Symbol{Organ: "ECE", Bodies: []string{"TRANS", "WP.29"}, Year: 2021, Number: "1"}},
	{"A/ES-10/L.22", "", Symbol{Organ: "A", Bodies: []string{"ES-10"}, Special: "L", Number: "22"}},
	{"CCPR/C/GC/36", "", Symbol{Organ: "CCPR", Bodies: []string{"C", "GC"}, Number: "36"}},
	{"A/64", "", Symbol{Organ: "A", Number: "64"}},
	{"UNEP/EA.5/L.1", "", Symbol{Organ: "UNEP", Bodies: []string{"EA.5"}, Special: "L", Number: "1"}},

	// Normalisation.
	{"e/cn.15/2021/l.3/rev.1", "E/CN.15/2021/L.3/Rev.1", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "L", Number: "3", Suffixes: revs(Suffix{Rev, 1})}},
	{"ctoc/cop/wg.4/2021/2", "CTOC/COP/WG.4/2021/2", Symbol{Organ: "CTOC", Bodies: []string{"COP", "WG.4"}, Year: 2021, Number: "2"}},
	{"  E / CN.15 / 2021 / L. 3 / Rev. 1  ", "E/CN.15/2021/L.3/Rev.1", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Special: "L", Number: "3", Suffixes: revs(Suffix{Rev, 1})}},
	{"A/76/L.39/REV.1/CORR.1", "A/76/L.39/Rev.1/Corr.1", Symbol{Organ: "A", Session: 76, Special: "L", Number: "39", Suffixes: revs(Suffix{Rev, 1}, Suffix{Corr, 1})}},
	{"A/76/L.39/Rev.01", "A/76/L.39/Rev.1", Symbol{Organ: "A", Session: 76, Special: "L", Number: "39", Suffixes: revs(Suffix{Rev, 1})}},
	{"s/res/2331(2016)", "S/RES/2331 (2016)", Symbol{Organ: "S", Year: 2016, DatePos: DateInParens, Special: "RES", Number: "2331"}},
	{"S/RES/2331   ( 2016 )", "S/RES/2331 (2016)", Symbol{Organ: "S", Year: 2016, DatePos: DateInParens, Special: "RES", Number: "2331"}},
	{"E/CN .15/2021/1", "E/CN.15/2021/1", Symbol{Organ: "E", Bodies: []string{"CN.15"}, Year: 2021, Number: "1"}},
	{"A/76/1\u00a0/Add.1", "A/76/1/Add.1", Symbol{Organ: "A", Session: 76, Number: "1", Suffixes: revs(Suffix{Add, 1})}},
	{"\tctoc/cop/2020/l.9\t", "CTOC/COP/2020/L.9", Symbol{Organ: "CTOC", Bodies: []string{"COP"}, Year: 2020, Special: "L", Number: "9"}},
	{"A/76/L.039", "A/76/L.039", Symbol{Organ: "A", Session: 76, Special: "L", Number: "039"}},
	{"A" + strings.Repeat(" ", 150) + "/1", "A/1", Symbol{Organ: "A", Number: "1"}},
	{"S/RES/2334/Corr.1 (2016)", "S/RES/2334/Corr.1 (2016)", Symbol{Organ: "S", Year: 2016, DatePos: DateInParens, Special: "RES", Number: "2334", Suffixes: revs(Suffix{Corr, 1})}},
}

func TestParse(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.in, err)
			}
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if s := got.String(); s != want {
				t.Errorf("String() = %q, want %q", s, want)
			}
			if !reflect.DeepEqual(got, tc.sym) {
				t.Errorf("Parse(%q) = %#v, want %#v", tc.in, got, tc.sym)
			}
			if s := tc.sym.String(); s != want {
				t.Errorf("hand-built Symbol.String() = %q, want %q", s, want)
			}
			n, err := Normalize(tc.in)
			if err != nil || n != want {
				t.Errorf("Normalize(%q) = %q, %v; want %q", tc.in, n, err, want)
			}
			if n := NormalizePrefix(tc.in); n != want {
				t.Errorf("NormalizePrefix(%q) = %q, want %q", tc.in, n, want)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range validCases {
		t.Run(tc.in, func(t *testing.T) {
			sym, err := Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Parse(sym.String())
			if err != nil {
				t.Fatalf("Parse(%q): %v", sym.String(), err)
			}
			if !reflect.DeepEqual(again, sym) {
				t.Errorf("Parse(%q) = %#v, want %#v", sym.String(), again, sym)
			}
		})
	}
}

var invalidCases = []struct {
	name, in, want string
	elem           int
}{
	{"empty", "", "is empty", 0},
	{"spaces only", "   ", "is empty", 0},
	{"slash", "/", "element 1 is empty", 1},
	{"empty element", "A//1", `symbol "A//1": element 2 is empty`, 2},
	{"trailing slash", "A/", "element 2 is empty", 2},
	{"organ alone", "CTOC", `organ "CTOC" alone is not a symbol`, 0},
	{"suffix alone", "Rev.1", `suffix "Rev.1" must come after the document number`, 1},
	{"organ and suffix", "A/Rev.1", `suffix "Rev.1" must come after the document number`, 2},
	{"suffix before special", "A/76/Rev.1/L.3", `suffix "Rev.1" must come after the document number`, 3},
	{"suffix without number", "E/CN.15/2021/L.3/Rev.x", `symbol "E/CN.15/2021/L.3/Rev.x": suffix "Rev.x" needs a number`, 5},
	{"suffix without dot", "A/76/1/Rev1", `suffix "Rev1" needs a number`, 4},
	{"suffix zero", "A/76/1/Corr.0", `suffix "Corr.0" needs a number from 1 to 9999`, 4},
	{"suffix huge", "A/76/1/Add.99999999999999999999", `needs a number from 1 to 9999`, 4},
	{"script", "A/76/<script>", `invalid character '<' in element 3`, 3},
	{"unicode", "A/76/L.3é", `invalid character 'é' in element 3`, 3},
	{"underscore", "A_B/1", `invalid character '_' in element 1`, 1},
	{"too long", strings.Repeat("A/", 100) + "1", "is too long", 0},
	{"too long once normalised", "S/RES/" + strings.Repeat("1", 108) + "(2016)", "is too long (121 bytes, at most 120)", 0},
	{"invalid utf8", "A/76/\xff", "is not valid UTF-8", 0},
	{"organ digits", "76/1", `organ "76" must be letters and digits`, 1},
	{"organ dotted", "CN.15/1", `organ "CN.15" must be letters and digits`, 1},
	{"no number", "CTOC/COP/WG.4", `element 3 ("WG.4") is not a document number`, 3},
	{"special without number", "E/CN.15/2021/L", `special component "L" needs a number`, 4},
	{"special bad number", "E/CN.15/2021/L.x", `special component "L.x" needs a number`, 4},
	{"RES without number", "A/RES", "RES must be followed by a number", 2},
	{"INF without number", "E/CN.15/2021/INF", "INF must be followed by a number", 4},
	{"space inside element", "A/7 6/1", "unexpected space in element 2", 2},
	{"space in organ", "CT OC/COP/1", "unexpected space in element 1", 1},
	{"too many numbers", "A/76/1/2", `element 3 ("1"): too many numbers`, 3},
	{"body after session", "A/76/C.3/1", `element 3 ("C.3") must come before the session`, 3},
	{"two specials", "A/RES/76/L.3", "RES cannot be combined with L", 2},
	{"two slash specials", "A/RES/INF/1", `element 3 ("INF"): only one special component`, 3},
	{"two dates", "E/CN.15/2021/INF/2021/1", "only one session or year is allowed", 5},
	{"date before RES", "E/2021/RES/21", "the session or year must come after RES", 2},
	{"bad session", "A/0/1", `element 2 ("0") is neither a session number`, 2},
	{"leading zero session", "A/076/1", `element 2 ("076") is neither a session number`, 2},
	{"year out of range", "E/2200/1", `element 2 ("2200") is neither a session number`, 2},
	{"parens not at end", "S/RES/2331 (2016)/Rev.1", "a year in parentheses must come at the end", 0},
	{"parens not year", "S/RES/2331 (16)", "parentheses must hold a four-digit year", 0},
	{"parens without RES", "A/76/1 (2021)", "a year in parentheses is only used with RES or DEC", 0},
	{"parens and session", "A/RES/76/7 (2021)", "has both a session or year and a year in parentheses", 0},
	{"parens year out of range", "S/RES/1 (1900)", "year in parentheses (1900) must be from 1946 to 2100", 0},
	{"bad component", "A/B..C/1", `element 2 ("B..C") is not a valid component`, 2},
	{"unbalanced paren", "S/RES/1 (2016", "a year in parentheses must come at the end", 0},
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalidCases {
		t.Run(tc.name, func(t *testing.T) {
			sym, err := Parse(tc.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %q, want error containing %q", tc.in, sym, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q) error = %q, want it to contain %q", tc.in, err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not *Error", err)
			}
			if e.Input != tc.in || e.Element != tc.elem {
				t.Errorf("Error{Input: %q, Element: %d}, want Input %q, Element %d", e.Input, e.Element, tc.in, tc.elem)
			}
			if _, err := Normalize(tc.in); err == nil {
				t.Errorf("Normalize(%q) succeeded", tc.in)
			}
			if Looks(tc.in) {
				t.Errorf("Looks(%q) = true", tc.in)
			}
		})
	}
}

func TestErrorMessageTruncated(t *testing.T) {
	_, err := Parse(strings.Repeat("x", 1000))
	if err == nil || len(err.Error()) > 120 {
		t.Fatalf("error = %v", err)
	}
}

func mustParse(t *testing.T, s string) Symbol {
	t.Helper()
	sym, err := Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return sym
}

func TestRelate(t *testing.T) {
	tests := []struct {
		a, b string
		want Relation
	}{
		{"A/76/L.39/Rev.1", "A/76/L.39", Revises},
		{"A/76/L.39/Corr.1", "A/76/L.39", Corrects},
		{"E/CN.15/2021/L.1/Add.1", "E/CN.15/2021/L.1", AddsTo},
		{"ST/AI/2010/3/Amend.1", "ST/AI/2010/3", Amends},
		{"A/76/L.39/Rev.1/Corr.1", "A/76/L.39/Rev.1", Corrects},
		{"A/76/L.39/Rev.1/Corr.1", "A/76/L.39", Revises},
		{"E/CN.15/2021/L.1/Add.1/Rev.1", "E/CN.15/2021/L.1/Add.1", Revises},
		{"E/CN.15/2021/L.1/Add.1/Rev.1", "E/CN.15/2021/L.1", AddsTo},
		{"A/76/L.39/Rev.2", "A/76/L.39/Rev.1", Revises},
		{"A/76/L.39/Rev.2", "A/76/L.39/Rev.1/Corr.1", Revises},
		{"A/76/L.39/Rev.2", "A/76/L.39", Revises},
		{"A/76/L.39/Rev.2/Corr.1", "A/76/L.39/Rev.1", Revises},
		{"A/76/L.39/Rev.1", "A/76/L.39/Rev.2", None},
		{"A/76/L.39", "A/76/L.39/Rev.1", None},
		{"A/76/L.39", "A/76/L.39", None},
		{"A/76/L.39/Rev.1", "A/76/L.39/Rev.1", None},
		{"A/76/L.39/Add.2", "A/76/L.39/Add.1", None},
		{"A/76/L.39/Corr.2", "A/76/L.39/Corr.1", None},
		{"A/76/L.39/Rev.1", "A/76/L.39/Add.1", None},
		{"A/76/L.39/Rev.1", "A/76/L.40", None},
		{"A/76/L.39/Rev.1", "A/C.3/76/L.39", None},
		{"S/RES/2331/Corr.1", "S/RES/2331 (2016)", None},
	}
	for _, tc := range tests {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			if got := Relate(mustParse(t, tc.a), mustParse(t, tc.b)); got != tc.want {
				t.Errorf("Relate = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRelationString(t *testing.T) {
	for r, want := range map[Relation]string{None: "none", Revises: "revises", Corrects: "corrects", AddsTo: "adds to", Amends: "amends", 99: "none"} {
		if got := r.String(); got != want {
			t.Errorf("Relation(%d).String() = %q, want %q", int(r), got, want)
		}
	}
}

func TestSameBase(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"A/76/L.39", "A/76/L.39/Rev.1/Corr.1", true},
		{"E/CN.15/2021/L.1/Add.1", "E/CN.15/2021/L.1/Rev.1", true},
		{"e/cn.15/2021/l.1", "E/CN.15/2021/L.1/Add.1/Rev.1", true},
		{"A/76/L.39", "A/76/L.39", true},
		{"A/76/L.39", "A/76/L.40/Rev.1", false},
		{"A/76/L.39", "A/77/L.39", false},
		{"E/CN.15/2021/L.1", "E/CN.15/2022/L.1", false},
		{"A/RES/76/7", "A/76/7", false},
		{"S/RES/2331 (2016)", "S/RES/2331", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+" vs "+tc.b, func(t *testing.T) {
			a, b := mustParse(t, tc.a), mustParse(t, tc.b)
			if got := SameBase(a, b); got != tc.want {
				t.Errorf("SameBase = %v, want %v", got, tc.want)
			}
			if got := SameBase(b, a); got != tc.want {
				t.Errorf("SameBase reversed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParentAndBase(t *testing.T) {
	tests := []struct {
		in, parent, base string
		rel              Relation
	}{
		{"A/76/L.39/Rev.1/Corr.1", "A/76/L.39/Rev.1", "A/76/L.39", Corrects},
		{"A/76/L.39/Rev.1", "A/76/L.39", "A/76/L.39", Revises},
		{"E/CN.15/2021/L.1/Add.1/Rev.1", "E/CN.15/2021/L.1/Add.1", "E/CN.15/2021/L.1", Revises},
		{"ST/AI/2010/3/Amend.1", "ST/AI/2010/3", "ST/AI/2010/3", Amends},
		{"S/RES/2334/Corr.1 (2016)", "S/RES/2334 (2016)", "S/RES/2334 (2016)", Corrects},
		{"A/76/L.39", "", "A/76/L.39", None},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			sym := mustParse(t, tc.in)
			p, ok := sym.Parent()
			if ok != (tc.parent != "") {
				t.Fatalf("Parent ok = %v", ok)
			}
			if ok {
				if p.String() != tc.parent {
					t.Errorf("Parent = %q, want %q", p, tc.parent)
				}
				if !reflect.DeepEqual(p, mustParse(t, tc.parent)) {
					t.Errorf("Parent = %#v, want it equal to Parse(%q)", p, tc.parent)
				}
				if r := Relate(sym, p); r != tc.rel {
					t.Errorf("Relate(sym, parent) = %v, want %v", r, tc.rel)
				}
			} else if !reflect.DeepEqual(p, Symbol{}) {
				t.Errorf("Parent of a base = %#v, want zero", p)
			}
			b := sym.Base()
			if b.String() != tc.base || !reflect.DeepEqual(b, mustParse(t, tc.base)) {
				t.Errorf("Base = %#v, want %q", b, tc.base)
			}
			if sym.String() != mustParse(t, tc.in).String() {
				t.Errorf("Parent or Base changed the symbol: %q", sym)
			}
		})
	}
}

func TestParentDoesNotAlias(t *testing.T) {
	sym := mustParse(t, "CTOC/COP/WG.4/2021/L.1/Add.1/Rev.1")
	p, _ := sym.Parent()
	p.Bodies[0] = "X"
	p.Suffixes[0].N = 9
	b := sym.Base()
	b.Bodies[1] = "Y"
	if got := sym.String(); got != "CTOC/COP/WG.4/2021/L.1/Add.1/Rev.1" {
		t.Errorf("symbol changed to %q", got)
	}
}

func TestPrefixes(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"CTOC/COP/WG.4/2021/2", []string{"CTOC", "CTOC/COP", "CTOC/COP/WG.4", "CTOC/COP/WG.4/2021", "CTOC/COP/WG.4/2021/2"}},
		{"a/76/l.39/rev.1", []string{"A", "A/76", "A/76/L.39", "A/76/L.39/Rev.1"}},
		{"S/RES/2331 (2016)", []string{"S", "S/RES", "S/RES/2331 (2016)"}},
		{"A/64", []string{"A", "A/64"}},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := mustParse(t, tc.in).Prefixes(); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Prefixes = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestIsLimitedIsRestricted(t *testing.T) {
	tests := []struct {
		in                  string
		limited, restricted bool
	}{
		{"E/CN.15/2021/L.3/Rev.1", true, false},
		{"A/C.3/76/L.9", true, false},
		{"A/AC.289/R.1", false, true},
		{"A/AC.289/R.1/Add.2", false, true},
		{"CTOC/COP/WG.4/2021/2", false, false},
		{"E/CN.15/2022/CRP.1", false, false},
		{"A/RES/76/7", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			sym := mustParse(t, tc.in)
			if sym.IsLimited() != tc.limited || sym.IsRestricted() != tc.restricted {
				t.Errorf("IsLimited, IsRestricted = %v, %v; want %v, %v", sym.IsLimited(), sym.IsRestricted(), tc.limited, tc.restricted)
			}
		})
	}
}

func TestKnownOrgan(t *testing.T) {
	tests := []struct {
		in, name string
	}{
		{"A/76/1", "General Assembly"},
		{"E/2021/30", "Economic and Social Council"},
		{"S/2021/1", "Security Council"},
		{"ST/SGB/2003/13", "Secretariat"},
		{"CTOC/COP/2020/10", "Conference of the Parties to the United Nations Convention against Transnational Organized Crime"},
		{"CAC/COSP/2021/15", "Conference of the States Parties to the United Nations Convention against Corruption"},
		{"UNEP/EA.5/L.1", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			sym := mustParse(t, tc.in)
			if sym.OrganName() != tc.name || sym.KnownOrgan() != (tc.name != "") {
				t.Errorf("OrganName, KnownOrgan = %q, %v", sym.OrganName(), sym.KnownOrgan())
			}
		})
	}
}

func TestNormalizePrefix(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ctoc/cop/wg.4/2021", "CTOC/COP/WG.4/2021"},
		{"ctoc/cop/", "CTOC/COP/"},
		{"ctoc", "CTOC"},
		{" e / cn. 15 / 2021 / l.", "E/CN.15/2021/L."},
		{"a/76/l.39/rev", "A/76/L.39/Rev"},
		{"a/76/l.39/re", "A/76/L.39/RE"},
		{"a/76/l.39/rev. 1", "A/76/L.39/Rev.1"},
		{"a/76/L.39/Rev.01", "A/76/L.39/Rev.1"},
		{"s/res/2331(2016)", "S/RES/2331 (2016)"},
		{"s/res/2331 (20", "S/RES/2331 (20"},
		{"a/76/\xff1", "A/76/1"},
		{"", ""},
		{"   ", ""},
		{"/", "/"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got := NormalizePrefix(tc.in)
			if got != tc.want {
				t.Errorf("NormalizePrefix(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if again := NormalizePrefix(got); again != got {
				t.Errorf("NormalizePrefix(%q) = %q, not idempotent", got, again)
			}
		})
	}
}

func TestLooks(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"ctoc/cop/wg.4/2021/2", true},
		{"A/RES/76/7", true},
		{" e/cn.15/2021/l.3/rev.1 ", true},
		{"S/RES/2331 (2016)", true},
		{"UNEP/EA.5/L.1", true},
		{"unep/ea.5/l.1", false},
		{"covid/19", false},
		{"trafficking in persons", false},
		{"A/76", true},
		{"A", false},
		{"and/or", false},
		{"ctoc/cop/wg.4", false},
		{"smuggling 2021/3", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := Looks(tc.in); got != tc.want {
				t.Errorf("Looks(%q) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, tc := range validCases {
		f.Add(tc.in)
	}
	for _, tc := range invalidCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		prefix := NormalizePrefix(in)
		if again := NormalizePrefix(prefix); again != prefix {
			t.Errorf("NormalizePrefix(%q) = %q, but NormalizePrefix of that = %q", in, prefix, again)
		}
		looks := Looks(in)
		sym, err := Parse(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Input != in {
				t.Fatalf("Parse(%q) error %#v is not an *Error for the input", in, err)
			}
			if looks {
				t.Errorf("Looks(%q) = true but Parse failed: %v", in, err)
			}
			return
		}
		s := sym.String()
		if len(s) > MaxLen {
			t.Errorf("String() = %q is longer than MaxLen", s)
		}
		again, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) = %q, but Parse of that: %v", in, s, err)
		}
		if again.String() != s || !reflect.DeepEqual(again, sym) {
			t.Fatalf("Parse(%q) = %#v, but Parse(%q) = %#v", in, sym, s, again)
		}
		if prefix != s {
			t.Errorf("NormalizePrefix(%q) = %q, want %q", in, prefix, s)
		}
		if !looks && sym.KnownOrgan() {
			t.Errorf("Looks(%q) = false for a parsed symbol of a known organ", in)
		}
		ps := sym.Prefixes()
		if ps[len(ps)-1] != s || ps[0] != sym.Organ {
			t.Errorf("Prefixes(%q) = %q", s, ps)
		}
		if b := sym.Base(); !SameBase(sym, b) || len(b.Suffixes) != 0 {
			t.Errorf("Base(%q) = %q", s, b)
		}
		if p, ok := sym.Parent(); ok != (len(sym.Suffixes) > 0) || ok && Relate(sym, p) == None {
			t.Errorf("Parent(%q) = %q, %v", s, p, ok)
		}
	})
}
