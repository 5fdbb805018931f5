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

func TestRecentlyChangedIsNewestStoredFirstAndPublicOnly(t *testing.T) {
	m := readmodel.New()
	at := time.Date(2022, 5, 1, 0, 0, 0, 0, time.UTC)
	var us []changefeed.Update
	add := func(d *catalog.Document, hours int) {
		us = append(us, changefeed.Update{Kind: catalog.KindDocument, ID: d.ID,
			Record: store.Record{Entity: d, Updated: at.Add(time.Duration(hours) * time.Hour)}})
	}
	old := doc("old-but-edited", "S1", "2010-01-01", catalog.Published, catalog.General)
	old.Versions = append(old.Versions, catalog.Version{Lang: catalog.French, Title: "fr"})
	add(old, 5)
	add(doc("new", "S1", "2022-04-01", catalog.Published, catalog.General), 3)
	other := doc("other-session", "S2", "2022-04-02", catalog.Published, catalog.General)
	other.Type = catalog.TypeAgenda
	add(other, 4)
	add(doc("draft", "S1", "2022-04-03", catalog.Draft, catalog.General), 9)
	add(doc("restricted", "S1", "2022-04-03", catalog.Published, catalog.Restricted), 9)
	add(doc("withdrawn", "S1", "2022-04-03", catalog.Withdrawn, catalog.General), 9)
	if err := m.Apply(context.Background(), us, changefeed.Position{Next: 1}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		f     readmodel.FeedFilter
		limit int
		want  []string
	}{
		{"all", readmodel.FeedFilter{}, 50, []string{"old-but-edited", "other-session", "new"}},
		{"limit", readmodel.FeedFilter{}, 2, []string{"old-but-edited", "other-session"}},
		{"session", readmodel.FeedFilter{Session: "S1"}, 50, []string{"old-but-edited", "new"}},
		{"type", readmodel.FeedFilter{Types: []catalog.DocType{catalog.TypeAgenda}}, 50, []string{"other-session"}},
		{"lang", readmodel.FeedFilter{Lang: catalog.French}, 50, []string{"old-but-edited"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			equal(t, tc.name, docIDs(m.RecentlyChanged(tc.f, catalog.Public, tc.limit)), tc.want)
		})
	}
	// Staff see drafts elsewhere, but a withdrawn document is never news.
	got := docIDs(m.RecentlyChanged(readmodel.FeedFilter{}, catalog.Staff, 50))
	equal(t, "staff", got, []string{"draft", "restricted", "old-but-edited", "other-session", "new"})
}
