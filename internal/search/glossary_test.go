package search

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"plenary/internal/catalog"
)

// fakeAnalyze lower-cases, splits on spaces and drops a few stop words; each
// word is one position with one term.
func fakeAnalyze(_ catalog.Lang, text string) [][]string {
	var out [][]string
	for _, w := range strings.Fields(strings.ToLower(text)) {
		switch w {
		case "de", "of", "in", "the":
			continue
		}
		out = append(out, []string{w})
	}
	return out
}

func loadGlossary(t *testing.T) *Glossary {
	t.Helper()
	g, err := LoadGlossary()
	if err != nil {
		t.Fatalf("LoadGlossary: %v", err)
	}
	return g
}

func conceptByID(t *testing.T, g *Glossary, id string) *Concept {
	t.Helper()
	for _, c := range g.Concepts {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("the glossary has no concept %q", id)
	return nil
}

func TestLoadGlossary(t *testing.T) {
	g := loadGlossary(t)

	// Count the entries independently of parseGlossary.
	var raw struct {
		Terms []struct {
			ID string `json:"id"`
		} `json:"terms"`
	}
	if err := json.Unmarshal(glossaryJSON, &raw); err != nil {
		t.Fatalf("glossary.json: %v", err)
	}
	if len(raw.Terms) == 0 {
		t.Fatal("glossary.json has no terms")
	}
	if len(g.Concepts) != len(raw.Terms) {
		t.Fatalf("LoadGlossary has %d concepts, glossary.json %d terms", len(g.Concepts), len(raw.Terms))
	}

	seen := map[string]bool{}
	for i, c := range g.Concepts {
		t.Run(c.ID, func(t *testing.T) {
			if c.ID == "" || c.ID != raw.Terms[i].ID {
				t.Errorf("concept %d has id %q, want %q", i, c.ID, raw.Terms[i].ID)
			}
			if seen[c.ID] {
				t.Errorf("id %q appears twice", c.ID)
			}
			seen[c.ID] = true
			if len(c.Names) != len(catalog.Languages) {
				t.Errorf("%s has names in %d languages, want %d", c.ID, len(c.Names), len(catalog.Languages))
			}
			for _, l := range catalog.Languages {
				if len(c.Names[l]) == 0 {
					t.Errorf("%s has no name in %s", c.ID, l)
				}
				for _, n := range c.Names[l] {
					if strings.TrimSpace(n) == "" || n != strings.TrimSpace(n) {
						t.Errorf("%s.%s: name %q is blank or has spaces around it", c.ID, l, n)
					}
				}
			}
		})
	}

	t.Run("known entry", func(t *testing.T) {
		c := conceptByID(t, g, "trafficking-in-persons")
		want := map[catalog.Lang][]string{
			catalog.Arabic:     {"الاتجار بالأشخاص", "الاتجار بالبشر"},
			catalog.Chinese:    {"贩运人口", "人口贩运", "贩卖人口", "拐卖人口"},
			catalog.English:    {"trafficking in persons", "human trafficking", "trafficking in human beings"},
			catalog.French:     {"traite des personnes", "traite des êtres humains"},
			catalog.Russian:    {"торговля людьми"},
			catalog.Spanish:    {"trata de personas", "trata de seres humanos", "tráfico de personas"},
			catalog.Portuguese: {"tráfico de pessoas", "tráfico de seres humanos"},
		}
		if !reflect.DeepEqual(c.Names, want) {
			t.Errorf("trafficking-in-persons names\n got %q\nwant %q", c.Names, want)
		}
	})
}

// glossaryEntry is a glossary.json entry with a name in every language
// except those in omit.
func glossaryEntry(id string, omit ...catalog.Lang) map[string]any {
	e := map[string]any{"id": id}
	for _, l := range catalog.Languages {
		if !slices.Contains(omit, l) {
			e[string(l)] = []string{id + " " + string(l)}
		}
	}
	return e
}

func glossaryData(t *testing.T, entries ...map[string]any) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{"terms": entries})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseGlossary(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		g, err := parseGlossary(glossaryData(t, glossaryEntry("a"), glossaryEntry("b")))
		if err != nil {
			t.Fatalf("parseGlossary: %v", err)
		}
		want := &Glossary{}
		for _, id := range []string{"a", "b"} {
			c := &Concept{ID: id, Names: map[catalog.Lang][]string{}}
			for _, l := range catalog.Languages {
				c.Names[l] = []string{id + " " + string(l)}
			}
			want.Concepts = append(want.Concepts, c)
		}
		if !reflect.DeepEqual(g, want) {
			t.Errorf("parseGlossary\n got %#v\nwant %#v", g, want)
		}
	})

	withNames := func(id string, l catalog.Lang, names any) map[string]any {
		e := glossaryEntry(id)
		e[string(l)] = names
		return e
	}
	tests := []struct {
		name string
		data []byte
		msgs []string // each must occur in the message
	}{
		{"bad JSON", []byte(`{"terms": [`), []string{"glossary:", "unexpected end of JSON input"}},
		{"terms not a list", []byte(`{"terms": {}}`), []string{"glossary:", "terms"}},
		{"missing id", glossaryData(t, glossaryEntry("a"), withNames("", catalog.English, []string{"x"})), []string{"terms[1].id", "missing"}},
		{"id not a string", []byte(`{"terms": [{"id": 7}]}`), []string{"terms[0].id"}},
		{"duplicate id", glossaryData(t, glossaryEntry("a"), glossaryEntry("b"), glossaryEntry("a")), []string{"terms[2].id", `"a"`, "twice"}},
		{"missing language", glossaryData(t, glossaryEntry("a"), glossaryEntry("b", catalog.French)), []string{"b.fr", "list of names"}},
		{"missing Portuguese", glossaryData(t, glossaryEntry("a", catalog.Portuguese)), []string{"a.pt", "list of names"}},
		{"empty list of names", glossaryData(t, withNames("a", catalog.Russian, []string{})), []string{"a.ru", "list of names"}},
		{"null list of names", glossaryData(t, withNames("a", catalog.Arabic, nil)), []string{"a.ar", "list of names"}},
		{"names not a list", glossaryData(t, withNames("a", catalog.Chinese, "贩运人口")), []string{"a.zh", "list of names"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := parseGlossary(tc.data)
			if err == nil {
				t.Fatalf("parseGlossary(%s) = %#v, want an error", tc.data, g)
			}
			if g != nil {
				t.Errorf("parseGlossary(%s) returned a glossary with its error", tc.data)
			}
			for _, m := range tc.msgs {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("parseGlossary(%s) error %q does not contain %q", tc.data, err, m)
				}
			}
		})
	}
}

func TestExpand(t *testing.T) {
	g := loadGlossary(t)
	e := NewExpander(g, fakeAnalyze)
	concept := func(id, value string) Term {
		return Term{Value: value, Phrase: true, Concept: conceptByID(t, g, id)}
	}
	tip := func(v string) Term { return concept("trafficking-in-persons", v) }

	tests := []struct {
		name string
		in   string
		want Query // nil Clauses and zero Query: the parsed query unchanged
	}{
		{"Spanish name", "trata de personas", Query{Clauses: clauses(or(tip("trata de personas")))}},
		{"case kept as typed", "Trata De Personas", Query{Clauses: clauses(or(tip("Trata De Personas")))}},
		{"English name", "trafficking in persons", Query{Clauses: clauses(or(tip("trafficking in persons")))}},
		{"Russian name", "торговля людьми", Query{Clauses: clauses(or(tip("торговля людьми")))}},
		{"single-word Chinese name", "贩运人口", Query{Clauses: clauses(or(tip("贩运人口")))}},
		{"year after the name", "trata de personas 2021", Query{Clauses: clauses(or(tip("trata de personas")), or(word("2021")))}},
		{"words around the name", "informe trata de personas 2021", Query{Clauses: clauses(or(word("informe")), or(tip("trata de personas")), or(word("2021")))}},
		{"stop word before the name", "the trafficking in persons", Query{Clauses: clauses(or(word("the")), or(tip("trafficking in persons")))}},
		{"phrase", `"smuggling of migrants"`, Query{Clauses: clauses(or(concept("smuggling-of-migrants", "smuggling of migrants")))}},
		{"phrase among words", `report "smuggling of migrants" 2021`, Query{Clauses: clauses(or(word("report")), or(concept("smuggling-of-migrants", "smuggling of migrants")), or(word("2021")))}},
		{"two concepts", "trata de personas y tráfico de migrantes", Query{Clauses: clauses(or(tip("trata de personas")), or(word("y")), or(concept("smuggling-of-migrants", "tráfico de migrantes")))}},
		{"single-word concept", "extradition", Query{Clauses: clauses(or(concept("extradition", "extradition")))}},
		{"field term before the name", "type:report trata de personas", Query{Clauses: clauses(or(field(Type, "report")), or(tip("trata de personas")))}},
		{"lang and excluded terms kept", "lang:es trata de personas -informe", Query{Clauses: clauses(or(tip("trata de personas"))), Not: []Term{word("informe")}, Lang: catalog.Spanish}},
		{"longest name wins", "trafficking in persons for the purpose of organ removal", Query{Clauses: clauses(or(concept("trafficking-for-organ-removal", "trafficking in persons for the purpose of organ removal")))}},
		{"longest Spanish name wins", "trata de personas con fines de extracción de órganos", Query{Clauses: clauses(or(concept("trafficking-for-organ-removal", "trata de personas con fines de extracción de órganos")))}},
		{"longest name wins within a concept", "forced labour or services", Query{Clauses: clauses(or(concept("forced-labour", "forced labour or services")))}},
		// The longest name wins across languages too: the French
		// "exploitation sexuelle" (sexual-exploitation), not the English
		// "exploitation" followed by the word "sexuelle".
		{"longest name in a later language wins", "exploitation sexuelle", Query{Clauses: clauses(or(concept("sexual-exploitation", "exploitation sexuelle")))}},
		{"longest French name wins over an English word", "Convention de Palerme", Query{Clauses: clauses(or(concept("organized-crime-convention", "Convention de Palerme")))}},

		// Unchanged.
		{"no glossary terms", "weather report 2021", Query{}},
		{"name split by a field term", "trata type:report de personas", Query{}},
		{"name in an OR group", "trafficking in persons OR smuggling", Query{}},
		{"name after an OR group", "trata OR tráfico de personas", Query{}},
		{"excluded phrase", `-"trata de personas" report`, Query{}},
		{"subject field", `subject:"trafficking in persons"`, Query{}},
		{"part of a name", "trata de", Query{}},
		{"phrase longer than a name", `"smuggling of migrants by sea"`, Query{}},
		{"phrase covering part of a name", `"trafficking in"`, Query{}},
		{"symbol query", "E/CN.15/2021/L.3", Query{}},
		{"empty", "", Query{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := mustParse(t, tc.in)
			want := tc.want
			if reflect.DeepEqual(want, Query{}) {
				want = mustParse(t, tc.in)
			}
			got := e.Expand(q)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Expand(Parse(%q))\n got %s\nwant %s", tc.in, showQuery(got), showQuery(want))
			}
			if again := mustParse(t, tc.in); !reflect.DeepEqual(q, again) {
				t.Errorf("Expand changed its argument: %s, want %s", showQuery(q), showQuery(again))
			}
		})
	}
}

// TestExpandLongest checks that the longest name wins with glossaries built
// by hand, where the names overlap.
func TestExpandLongest(t *testing.T) {
	short := &Concept{ID: "short", Names: map[catalog.Lang][]string{catalog.English: {"forced labour"}}}
	long := &Concept{ID: "long", Names: map[catalog.Lang][]string{catalog.English: {"forced labour or services"}}}
	enWord := &Concept{ID: "en-word", Names: map[catalog.Lang][]string{catalog.English: {"exploitation"}}}
	frName := &Concept{ID: "fr-name", Names: map[catalog.Lang][]string{catalog.French: {"exploitation sexuelle"}}}
	term := func(c *Concept, v string) Term { return Term{Value: v, Phrase: true, Concept: c} }

	tests := []struct {
		name     string
		concepts []*Concept
		in       string
		want     [][]Term
	}{
		{"long name", []*Concept{short, long}, "forced labour or services", clauses(or(term(long, "forced labour or services")))},
		{"long name listed first", []*Concept{long, short}, "forced labour or services", clauses(or(term(long, "forced labour or services")))},
		{"short name", []*Concept{short, long}, "forced labour", clauses(or(term(short, "forced labour")))},
		{"short name and more words", []*Concept{long, short}, "forced labour or", clauses(or(term(short, "forced labour")), or(word("or")))},
		{"long name then short name", []*Concept{short, long}, "forced labour or services forced labour", clauses(or(term(long, "forced labour or services")), or(term(short, "forced labour")))},
		{"long name in a later language", []*Concept{enWord, frName}, "exploitation sexuelle", clauses(or(term(frName, "exploitation sexuelle")))},
		{"short name in an earlier language", []*Concept{enWord, frName}, "exploitation", clauses(or(term(enWord, "exploitation")))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewExpander(&Glossary{Concepts: tc.concepts}, fakeAnalyze)
			got := e.Expand(mustParse(t, tc.in))
			want := Query{Clauses: tc.want}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Expand(Parse(%q))\n got %s\nwant %s", tc.in, showQuery(got), showQuery(want))
			}
		})
	}
}

// TestExpandAlternatives checks an analyser that gives several terms at one
// position (a word and its stem) and several positions for one word.
func TestExpandAlternatives(t *testing.T) {
	analyze := func(_ catalog.Lang, text string) [][]string {
		var out [][]string
		for _, w := range strings.Fields(strings.ToLower(text)) {
			for _, part := range strings.Split(w, "-") {
				if part == "of" {
					continue
				}
				out = append(out, []string{part, strings.TrimSuffix(part, "s")})
			}
		}
		return out
	}
	c := &Concept{ID: "non-punishment", Names: map[catalog.Lang][]string{catalog.English: {"non-punishment of victims"}}}
	e := NewExpander(&Glossary{Concepts: []*Concept{c}}, analyze)
	tests := []struct {
		name string
		in   string
		want [][]Term
	}{
		{"as named", "non-punishment of victims", clauses(or(Term{Value: "non-punishment of victims", Phrase: true, Concept: c}))},
		{"words split differently", "non punishment victim", clauses(or(Term{Value: "non punishment victim", Phrase: true, Concept: c}))},
		{"name ends inside a word", "non-punishment of victims-rights", clauses(or(word("non-punishment")), or(word("of")), or(word("victims-rights")))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := e.Expand(mustParse(t, tc.in))
			want := Query{Clauses: tc.want}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Expand(Parse(%q))\n got %s\nwant %s", tc.in, showQuery(got), showQuery(want))
			}
		})
	}
}

// showQuery prints a query with concepts by id.
func showQuery(q Query) string {
	var b strings.Builder
	show := func(tm Term) {
		b.WriteString("{")
		if tm.Field != Text {
			b.WriteString(string(tm.Field) + ":")
		}
		b.WriteString(strings.ReplaceAll(tm.Value, " ", "_"))
		if tm.Phrase {
			b.WriteString(" phrase")
		}
		if tm.Concept != nil {
			b.WriteString(" concept=" + tm.Concept.ID)
		}
		b.WriteString("}")
	}
	b.WriteString("[")
	for _, c := range q.Clauses {
		b.WriteString("(")
		for i, tm := range c {
			if i > 0 {
				b.WriteString(" OR ")
			}
			show(tm)
		}
		b.WriteString(")")
	}
	b.WriteString("]")
	if len(q.Not) > 0 {
		b.WriteString(" not ")
		for _, tm := range q.Not {
			show(tm)
		}
	}
	if q.Lang != "" {
		b.WriteString(" lang:" + string(q.Lang))
	}
	if q.Symbol != "" {
		b.WriteString(" symbol=" + q.Symbol)
	}
	return b.String()
}
