package readmodel_test

import (
	"context"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/readmodel"
	"plenary/internal/store"
)

func putAt(t *testing.T, m *readmodel.Model, updated time.Time, docs ...*catalog.Document) {
	t.Helper()
	var us []changefeed.Update
	for _, d := range docs {
		us = append(us, changefeed.Update{Kind: catalog.KindDocument, ID: d.ID, Record: store.Record{Entity: d, Updated: updated}})
	}
	if err := m.Apply(context.Background(), us, changefeed.Position{Next: 1}); err != nil {
		t.Fatal(err)
	}
}

func harvestIDs(p readmodel.HarvestPage) []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

func TestHarvestOrdersByDatestampAndHidesWhatThePublicCannotSee(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := readmodel.New()
	putAt(t, m, base.Add(-time.Hour), doc("draft", "", "2020-01-01", catalog.Draft, catalog.General),
		doc("restricted", "", "2020-01-01", catalog.Published, catalog.Restricted))
	putAt(t, m, base.Add(900*time.Millisecond), doc("b", "", "2020-01-01", catalog.Published, catalog.General))
	putAt(t, m, base.Add(100*time.Millisecond), doc("c", "", "2019-01-01", catalog.Withdrawn, catalog.General))
	putAt(t, m, base.Add(2*time.Second), doc("a", "", "2021-01-01", catalog.Published, catalog.Limited))
	rel := doc("d", "", "2021-01-01", catalog.Published, catalog.General)
	rel.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "b"}}
	putAt(t, m, base.Add(time.Second), rel)

	all := m.Harvest(readmodel.HarvestFilter{}, catalog.Public, 10)
	equal(t, "harvest", harvestIDs(all), []string{"b", "c", "d", "a"}) // b and c in one second, by id
	if all.Total != 4 || all.Before != 0 || !all.Items[0].Datestamp.Equal(base) {
		t.Errorf("total %d, before %d, first datestamp %v", all.Total, all.Before, all.Items[0].Datestamp)
	}
	next := m.Harvest(readmodel.HarvestFilter{After: &readmodel.HarvestKey{Datestamp: base, ID: "c"}}, catalog.Public, 1)
	equal(t, "after c", harvestIDs(next), []string{"d"})
	if next.Total != 4 || next.Before != 2 {
		t.Errorf("after c: total %d, before %d", next.Total, next.Before)
	}
	window := m.Harvest(readmodel.HarvestFilter{From: base.Add(time.Second), Until: base.Add(time.Second)}, catalog.Public, 10)
	equal(t, "one second", harvestIDs(window), []string{"d"})
	if first, ok := m.EarliestDatestamp(catalog.Public); !ok || !first.Equal(base) {
		t.Errorf("earliest %v %v", first, ok)
	}
	if _, ok := m.HarvestDocument("draft", catalog.Public); ok {
		t.Error("a draft is harvested")
	}
	if got := harvestIDs(m.Harvest(readmodel.HarvestFilter{}, catalog.Staff, 10)); len(got) != 6 {
		t.Errorf("staff harvest %v", got)
	}

	// A change to the document d revises raises d's datestamp: its record
	// links to it.
	putAt(t, m, base.Add(5*time.Second), doc("b", "", "2020-01-01", catalog.Published, catalog.General))
	equal(t, "after b changes", harvestIDs(m.Harvest(readmodel.HarvestFilter{}, catalog.Public, 10)), []string{"c", "a", "b", "d"})
	if it, _ := m.HarvestDocument("d", catalog.Public); !it.Datestamp.Equal(base.Add(5 * time.Second)) {
		t.Errorf("d's datestamp %v", it.Datestamp)
	}
}
