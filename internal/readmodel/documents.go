package readmodel

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"plenary/internal/catalog"
)

// DocumentFilter selects documents. Zero fields do not filter.
type DocumentFilter struct {
	Types   []catalog.DocType
	Body    string
	Lang    catalog.Lang
	Year    int
	Subject string
	// Counts asks for the counts by language, year and subject.
	Counts bool
}

// DocumentPage is one page of documents, newest first, with the number
// of every document that matches the filter.
type DocumentPage struct {
	Total int
	Docs  []*Doc
	// Counts of the matching documents by version language, by year and by
	// subject, when the filter asks for them. The count for a value of a
	// field ignores the filter on that field, so that each shows what
	// choosing it would give.
	Langs    map[catalog.Lang]int
	Years    map[int]int
	Subjects map[string]int
}

// Documents returns the documents that match f and that a may see, newest
// first (by date, then id), skipping offset and keeping at most limit. It
// walks the documents in date order, which the model keeps sorted between
// changes.
func (m *Model) Documents(f DocumentFilter, a catalog.Audience, offset, limit int) DocumentPage {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := DocumentPage{}
	if f.Counts {
		out.Langs, out.Years, out.Subjects = map[catalog.Lang]int{}, map[int]int{}, map[string]int{}
	}
	for _, d := range m.live.newestFirst() {
		if !d.VisibleTo(a) || len(f.Types) > 0 && !slices.Contains(f.Types, d.Type) || f.Body != "" && d.Body != f.Body {
			continue
		}
		inLang := f.Lang == "" || hasVersion(d.Document, f.Lang)
		inYear := f.Year == 0 || d.Date.Year() == f.Year
		inSubject := f.Subject == "" || slices.Contains(d.Subjects, f.Subject)
		if f.Counts {
			if inYear && inSubject {
				for _, v := range d.Versions {
					out.Langs[v.Lang]++
				}
			}
			if inLang && inSubject {
				out.Years[d.Date.Year()]++
			}
			if inLang && inYear {
				for _, s := range d.Subjects {
					out.Subjects[s]++
				}
			}
		}
		if !inLang || !inYear || !inSubject {
			continue
		}
		if out.Total >= offset && out.Total < offset+limit {
			out.Docs = append(out.Docs, d)
		}
		out.Total++
	}
	return out
}

// newestFirst returns every document, newest first. The order is made on
// the first call after a change and kept until the next; callers hold at
// least the model's read lock, and changes take its write lock.
func (c *snapshot) newestFirst() []*Doc {
	c.sortMu.Lock()
	defer c.sortMu.Unlock()
	if c.sorted == nil {
		c.sorted = make([]*Doc, 0, len(c.docs))
		for _, d := range c.docs {
			c.sorted = append(c.sorted, d)
		}
		slices.SortFunc(c.sorted, func(x, y *Doc) int { return -compareNewest(x, y) })
	}
	return c.sorted
}

// Latest returns the n newest documents that match f (its counts aside)
// and that a may see. Unlike Documents it stops there, without counting
// the rest: the cost of a short list does not grow with the catalogue.
func (m *Model) Latest(f DocumentFilter, a catalog.Audience, n int) []*Doc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Doc
	for _, d := range m.live.newestFirst() {
		if len(out) >= n {
			break
		}
		if !d.VisibleTo(a) || len(f.Types) > 0 && !slices.Contains(f.Types, d.Type) || f.Body != "" && d.Body != f.Body ||
			f.Lang != "" && !hasVersion(d.Document, f.Lang) || f.Year != 0 && d.Date.Year() != f.Year ||
			f.Subject != "" && !slices.Contains(d.Subjects, f.Subject) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// RelatedTo returns the documents a may see that revise, correct, add to
// or supersede the document id, newest first.
func (m *Model) RelatedTo(id string, a catalog.Audience) []*Doc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Doc
	for from := range m.live.relatedTo[id] {
		if d, ok := m.live.docs[from]; ok && d.VisibleTo(a) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(x, y *Doc) int { return -compareNewest(x, y) })
	return out
}

func hasVersion(d *catalog.Document, l catalog.Lang) bool {
	_, ok := d.Version(l)
	return ok
}

// compareNewest orders documents by date, then by id, the later greater.
func compareNewest(x, y *Doc) int {
	if c := strings.Compare(string(x.Date), string(y.Date)); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}

// Count is a value and how many records have it.
type Count struct {
	Value string
	N     int
}

// Counts orders a tally by count, then value.
func Counts[K string | int | catalog.Lang](m map[K]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		var v string
		switch k := any(k).(type) {
		case string:
			v = k
		case int:
			v = strconv.Itoa(k)
		case catalog.Lang:
			v = string(k)
		}
		out = append(out, Count{v, n})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return cmp.Compare(a.Value, b.Value)
	})
	return out
}
