package readmodel

import (
	"slices"
	"strings"
	"time"

	"plenary/internal/catalog"
)

// This file lists documents for harvesters (OAI-PMH): in the order of
// their datestamps rather than their dates, so that a harvester can ask
// for what changed since it last came and resume a long list exactly.

// HarvestKey is where a document stands in a harvest: its datestamp, then
// its id. Keys are totally ordered and a document's key only ever grows.
type HarvestKey struct {
	Datestamp time.Time
	ID        string
}

// Compare orders keys by datestamp, then id.
func (k HarvestKey) Compare(o HarvestKey) int {
	if c := k.Datestamp.Compare(o.Datestamp); c != 0 {
		return c
	}
	return strings.Compare(k.ID, o.ID)
}

// HarvestItem is a document with its datestamp.
type HarvestItem struct {
	*Doc
	// Datestamp is when what a harvester is told about the document last
	// changed, in whole seconds, UTC: the latest of the times the
	// document and the documents it names in its relations were stored.
	// A relation shows or hides with its target (hidden documents are
	// never linked), so a change to the target may change the record.
	// Since every write raises a stored time, a datestamp never goes back.
	Datestamp time.Time
}

// Key is the item's place in a harvest.
func (h HarvestItem) Key() HarvestKey { return HarvestKey{h.Datestamp, h.ID} }

// HarvestFilter selects the documents of a harvest. Zero fields do not filter.
type HarvestFilter struct {
	// From and Until bound the datestamps, both inclusive.
	From, Until time.Time
	// Keep, when set, is asked about every document that is visible and
	// within From and Until, in no particular order, and keeps those it
	// accepts.
	Keep func(*Doc) bool
	// After skips the items up to and including this key: the last one a
	// harvester was given.
	After *HarvestKey
}

// HarvestPage is one page of a harvest.
type HarvestPage struct {
	// Total counts the items that match the filter, After apart.
	Total int
	// Before counts those of them at or before After: the place of the
	// page's first item in the whole list.
	Before int
	// Items are the first items after After, ordered by key.
	Items []HarvestItem
}

// Harvest returns the documents that a may see and that match f, ordered
// by (datestamp, id), at most limit of them after f.After. Withdrawn
// documents are included (they are visible); it is for the caller to
// show them as withdrawn. It walks the documents in an order kept between
// changes, so a page costs a pass over the catalogue without a sort.
func (m *Model) Harvest(f HarvestFilter, a catalog.Audience, limit int) HarvestPage {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out HarvestPage
	for _, it := range m.live.harvestOrder() {
		if !it.VisibleTo(a) {
			continue
		}
		if !f.From.IsZero() && it.Datestamp.Before(f.From) || !f.Until.IsZero() && it.Datestamp.After(f.Until) {
			continue
		}
		if f.Keep != nil && !f.Keep(it.Doc) {
			continue
		}
		out.Total++
		if f.After != nil && it.Key().Compare(*f.After) <= 0 {
			out.Before++
			continue
		}
		if len(out.Items) < limit {
			out.Items = append(out.Items, it)
		}
	}
	return out
}

// harvestOrder returns every document with its datestamp, in harvest
// order. The order is made on the first call after a change and kept until
// the next; callers hold at least the model's read lock, and changes take
// its write lock.
func (c *snapshot) harvestOrder() []HarvestItem {
	c.sortMu.Lock()
	defer c.sortMu.Unlock()
	if c.harvest == nil {
		c.harvest = make([]HarvestItem, 0, len(c.docs))
		for _, d := range c.docs {
			c.harvest = append(c.harvest, HarvestItem{Doc: d, Datestamp: c.datestamp(d)})
		}
		slices.SortFunc(c.harvest, func(x, y HarvestItem) int { return x.Key().Compare(y.Key()) })
	}
	return c.harvest
}

// HarvestDocument returns one document with its datestamp, if a may see it.
func (m *Model) HarvestDocument(id string, a catalog.Audience) (HarvestItem, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.live.docs[id]
	if !ok || !d.VisibleTo(a) {
		return HarvestItem{}, false
	}
	return HarvestItem{Doc: d, Datestamp: m.live.datestamp(d)}, true
}

// EarliestDatestamp returns the earliest datestamp of the documents a may
// see, and false when there are none. Documents become visible only by
// being written, which gives them a later datestamp, so no datestamp a
// may see later is earlier than this one.
func (m *Model) EarliestDatestamp(a catalog.Audience) (time.Time, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, it := range m.live.harvestOrder() {
		if it.VisibleTo(a) {
			return it.Datestamp, true
		}
	}
	return time.Time{}, false
}

// datestamp is d's datestamp (see HarvestItem). A withdrawn document's
// record is only its withdrawal, so only its own time counts.
func (c *snapshot) datestamp(d *Doc) time.Time {
	t := d.Updated
	if d.Status != catalog.Withdrawn {
		for _, r := range d.Relations {
			if target, ok := c.docs[r.Target]; ok && target.Updated.After(t) {
				t = target.Updated
			}
		}
	}
	return t.UTC().Truncate(time.Second)
}
