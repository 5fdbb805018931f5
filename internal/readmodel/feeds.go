package readmodel

import (
	"slices"
	"strings"

	"plenary/internal/catalog"
)

// FeedFilter selects the documents of a feed. Zero fields do not filter.
type FeedFilter struct {
	Body    string
	Session string
	Types   []catalog.DocType
	// Lang keeps the documents that have a version in this language.
	Lang catalog.Lang
}

// RecentlyChanged returns the documents that match f and that a may see,
// most recently stored first (then by date, then by id), at most limit of
// them. A withdrawn document is left out: a feed of new documents does not
// announce it. It walks an order kept between changes and stops at limit.
func (m *Model) RecentlyChanged(f FeedFilter, a catalog.Audience, limit int) []*Doc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Doc
	for _, d := range m.live.recentFirst() {
		if len(out) >= limit {
			break
		}
		if !d.VisibleTo(a) || d.Status == catalog.Withdrawn ||
			f.Body != "" && d.Body != f.Body ||
			f.Session != "" && d.Session != f.Session ||
			len(f.Types) > 0 && !slices.Contains(f.Types, d.Type) ||
			f.Lang != "" && !hasVersion(d.Document, f.Lang) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// recentFirst returns every document, most recently stored first. The
// order is made on the first call after a change and kept until the next;
// callers hold at least the model's read lock, and changes take its write
// lock.
func (c *snapshot) recentFirst() []*Doc {
	c.sortMu.Lock()
	defer c.sortMu.Unlock()
	if c.recent == nil {
		c.recent = make([]*Doc, 0, len(c.docs))
		for _, d := range c.docs {
			c.recent = append(c.recent, d)
		}
		slices.SortFunc(c.recent, func(x, y *Doc) int {
			if c := y.Updated.Compare(x.Updated); c != 0 {
				return c
			}
			if c := strings.Compare(string(y.Date), string(x.Date)); c != 0 {
				return c
			}
			return strings.Compare(x.ID, y.ID)
		})
	}
	return c.recent
}
