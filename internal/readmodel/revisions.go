package readmodel

import (
	"slices"

	"plenary/internal/catalog"
)

// replacing reports whether a relation makes its document replace the
// target: a revision or a replacement (a correction or addendum does not).
func replacing(r catalog.Relation) bool {
	return r.Type == catalog.Revises || r.Type == catalog.Supersedes
}

// Newest returns the latest document a may see that revises or replaces
// doc, or revises or replaces what doc itself revises (…/Rev.2 revises the
// base document, not …/Rev.1), following such links to the end; nil when
// nothing newer exists.
func (m *Model) Newest(doc *Doc, a catalog.Audience) *Doc {
	queue := []string{doc.ID}
	for _, r := range doc.Relations {
		if replacing(r) {
			queue = append(queue, r.Target)
		}
	}
	seen := map[string]bool{}
	var latest *Doc
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, other := range m.RelatedTo(id, a) {
			if seen[other.ID] || !slices.ContainsFunc(other.Relations, func(r catalog.Relation) bool { return r.Target == id && replacing(r) }) {
				continue
			}
			queue = append(queue, other.ID)
			if other.ID != doc.ID && compareNewest(other, doc) > 0 && (latest == nil || compareNewest(other, latest) > 0) {
				latest = other
			}
		}
	}
	return latest
}

// RevisionOrder returns the order in which to show documents (search hits,
// best first) so that a revision comes before what it revises: the
// documents of one family (a base document and the documents that revise
// or replace it) are shown together, newest first, where the family's best
// hit was. It returns indexes into ids; unknown ids keep their place.
func (m *Model) RevisionOrder(ids []string) []int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	families := map[string][]int{} // root → indexes, in rank order
	roots := make([]string, len(ids))
	for i, id := range ids {
		roots[i] = m.live.root(id)
		families[roots[i]] = append(families[roots[i]], i)
	}
	out := make([]int, 0, len(ids))
	for i := range ids {
		fam := families[roots[i]]
		if fam == nil {
			continue // shown already, with its family
		}
		delete(families, roots[i])
		slices.SortStableFunc(fam, func(x, y int) int {
			dx, okx := m.live.docs[ids[x]]
			dy, oky := m.live.docs[ids[y]]
			if !okx || !oky {
				return 0
			}
			return -compareNewest(dx, dy)
		})
		out = append(out, fam...)
	}
	return out
}

// root follows a document's revisions and replacements back to the first
// document of its family.
func (c *snapshot) root(id string) string {
	for range 20 { // a chain is short; a loop in bad data must not hang
		d, ok := c.docs[id]
		if !ok {
			return id
		}
		i := slices.IndexFunc(d.Relations, replacing)
		if i < 0 {
			return id
		}
		id = d.Relations[i].Target
	}
	return id
}
