package search

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"plenary/internal/catalog"
)

//go:embed glossary.json
var glossaryJSON []byte

// Concept is one glossary entry: a key term of the field and its names in
// each language.
type Concept struct {
	ID    string
	Names map[catalog.Lang][]string
}

// Glossary is the multilingual glossary that cross-language search uses:
// a query naming a concept in one language also finds documents that name
// it in another.
type Glossary struct {
	Concepts []*Concept
}

// LoadGlossary reads the glossary kept with the code (glossary.json).
func LoadGlossary() (*Glossary, error) {
	return parseGlossary(glossaryJSON)
}

func parseGlossary(data []byte) (*Glossary, error) {
	var raw struct {
		Terms []map[string]json.RawMessage `json:"terms"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("glossary: %w", err)
	}
	g := &Glossary{}
	seen := map[string]bool{}
	for i, t := range raw.Terms {
		var id string
		if err := json.Unmarshal(t["id"], &id); err != nil || id == "" {
			return nil, fmt.Errorf("glossary: terms[%d].id: missing", i)
		}
		if seen[id] {
			return nil, fmt.Errorf("glossary: terms[%d].id: %q appears twice", i, id)
		}
		seen[id] = true
		c := &Concept{ID: id, Names: map[catalog.Lang][]string{}}
		for _, l := range catalog.Languages {
			var names []string
			if err := json.Unmarshal(t[string(l)], &names); err != nil || len(names) == 0 {
				return nil, fmt.Errorf("glossary: %s.%s: a list of names is needed", id, l)
			}
			c.Names[l] = names
		}
		g.Concepts = append(g.Concepts, c)
	}
	return g, nil
}

// Analyze turns a text in a language into its terms, grouped by position
// (several terms at one position are alternatives; a stop word inside the
// text leaves a position holding only the empty term). The index supplies it,
// so that the glossary compares words as the index does.
type Analyze func(lang catalog.Lang, text string) [][]string

// Expander finds glossary concepts in queries. It holds the names of the
// concepts analysed as the index analyses text.
type Expander struct {
	analyze Analyze
	names   map[catalog.Lang][]analysedName
}

type analysedName struct {
	concept *Concept
	terms   [][]string
}

// NewExpander prepares g for queries analysed by analyze.
func NewExpander(g *Glossary, analyze Analyze) *Expander {
	e := &Expander{analyze: analyze, names: map[catalog.Lang][]analysedName{}}
	for _, c := range g.Concepts {
		for _, l := range catalog.Languages {
			for _, name := range c.Names[l] {
				if terms := analyze(l, name); len(terms) > 0 {
					e.names[l] = append(e.names[l], analysedName{c, terms})
				}
			}
		}
	}
	return e
}

// Expand finds glossary concepts among the query's words and replaces
// each run of words (or phrase) that names one, in any language, with a
// term for the concept. Field terms and OR groups are left as they are.
// From each word on, the longest name in any language wins.
func (e *Expander) Expand(q Query) Query {
	type word struct {
		clause bool
		terms  [][]string
	}
	// The query's clauses as words in each language: single-term text
	// clauses with their analysed terms (a stop word has none and is
	// skipped over); other clauses stop a match.
	words := map[catalog.Lang][]word{}
	for _, l := range catalog.Languages {
		for _, c := range q.Clauses {
			if len(c) != 1 || c[0].Field != Text || c[0].Concept != nil {
				words[l] = append(words[l], word{})
				continue
			}
			words[l] = append(words[l], word{clause: true, terms: e.analyze(l, c[0].Value)})
		}
	}
	get := func(w word) ([][]string, bool) { return w.terms, w.clause }
	var out [][]Term
	for start := 0; start < len(q.Clauses); start++ {
		best, bestEnd := (*Concept)(nil), -1
		for _, l := range catalog.Languages {
			if w := words[l][start]; !w.clause || len(w.terms) == 0 {
				continue
			}
			for _, n := range e.names[l] {
				if end, ok := matchAt(words[l], start, n.terms, get); ok && end > bestEnd {
					best, bestEnd = n.concept, end
				}
			}
		}
		if best == nil {
			out = append(out, q.Clauses[start])
			continue
		}
		parts := make([]string, 0, bestEnd-start+1)
		for k := start; k <= bestEnd; k++ {
			parts = append(parts, q.Clauses[k][0].Value)
		}
		out = append(out, []Term{{Value: strings.Join(parts, " "), Phrase: true, Concept: best}})
		start = bestEnd
	}
	q.Clauses = out
	return q
}

// matchAt reports whether the terms of name match the words from start on,
// skipping words without terms (stop words), and where the match ends.
func matchAt[W any](words []W, start int, name [][]string, get func(W) ([][]string, bool)) (int, bool) {
	if len(name) == 0 {
		return 0, false
	}
	k := 0 // position in name
	i := start
	for ; i < len(words) && k < len(name); i++ {
		terms, ok := get(words[i])
		if !ok {
			return 0, false
		}
		for _, pos := range terms {
			for k < len(name) && len(name[k]) == 1 && name[k][0] == "" {
				k++ // a stop word of the name: the query may leave it out
			}
			if k >= len(name) || !overlaps(pos, name[k]) {
				return 0, false
			}
			k++
		}
	}
	if k < len(name) {
		return 0, false
	}
	return i - 1, true
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
