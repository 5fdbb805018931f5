package readmodel_test

import (
	"context"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/readmodel"
	"plenary/internal/store"
)

func put(t *testing.T, m *readmodel.Model, entities ...catalog.Entity) {
	t.Helper()
	var us []changefeed.Update
	for _, e := range entities {
		us = append(us, changefeed.Update{Kind: e.EntityKind(), ID: e.Key(), Record: store.Record{Entity: e}})
	}
	if err := m.Apply(context.Background(), us, changefeed.Position{Next: 1}); err != nil {
		t.Fatal(err)
	}
}

func remove(t *testing.T, m *readmodel.Model, kind catalog.Kind, id string) {
	t.Helper()
	if err := m.Apply(context.Background(), []changefeed.Update{{Kind: kind, ID: id}}, changefeed.Position{Next: 1}); err != nil {
		t.Fatal(err)
	}
}

func session(id, start, end string) *catalog.Session {
	return &catalog.Session{ID: id, Body: "B", Title: catalog.Text{"en": id}, Start: catalog.Date(start), End: catalog.Date(end)}
}

func doc(id, session, date string, status catalog.Status, dist catalog.Distribution) *catalog.Document {
	return &catalog.Document{ID: id, Session: session, Date: catalog.Date(date), Status: status, Distribution: dist, Type: catalog.TypeReport,
		Versions: []catalog.Version{{Lang: catalog.English, Title: id}}}
}

func sessionIDs(ss []*catalog.Session) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID)
	}
	return out
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

func TestSessionsOrderAndFilters(t *testing.T) {
	m := readmodel.New()
	put(t, m, session("S/1", "2021-05-17", "2021-05-21"), session("S/2", "2022-05-16", "2022-05-20"),
		session("S/3", "2022-10-17", "2022-10-21"), session("S/4", "2023-03-01", "2023-03-02"))
	today := catalog.Date("2022-05-18")
	equal(t, "all, latest first", sessionIDs(m.Sessions(readmodel.SessionFilter{})), []string{"S/4", "S/3", "S/2", "S/1"})
	equal(t, "upcoming, soonest first", sessionIDs(m.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Upcoming}, Today: today})), []string{"S/3", "S/4"})
	equal(t, "ongoing", sessionIDs(m.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Ongoing}, Today: today})), []string{"S/2"})
	equal(t, "not upcoming", sessionIDs(m.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Ongoing, catalog.Past}, Today: today})), []string{"S/2", "S/1"})
	equal(t, "past", sessionIDs(m.Sessions(readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Past}, Today: today})), []string{"S/1"})
	equal(t, "2022", sessionIDs(m.Sessions(readmodel.SessionFilter{Year: 2022})), []string{"S/3", "S/2"})
	equal(t, "other body", sessionIDs(m.Sessions(readmodel.SessionFilter{Body: "X"})), nil)
}

func TestSessionDocumentsFollowMovesDeletesAndVisibility(t *testing.T) {
	m := readmodel.New()
	put(t, m, doc("D/2", "S/1", "2022-04-02", catalog.Published, catalog.General),
		doc("D/1", "S/1", "2022-04-01", catalog.Published, catalog.Limited),
		doc("D/3", "S/1", "2022-04-03", catalog.Draft, catalog.General),
		doc("D/4", "S/1", "2022-04-04", catalog.Published, catalog.Restricted))
	ids := func(a catalog.Audience) []string {
		var out []string
		for _, d := range m.SessionDocuments("S/1", a) {
			out = append(out, d.ID)
		}
		return out
	}
	equal(t, "public", ids(catalog.Public), []string{"D/1", "D/2"})
	equal(t, "participant", ids(catalog.Participant), []string{"D/1", "D/2", "D/4"})
	equal(t, "staff", ids(catalog.Staff), []string{"D/1", "D/2", "D/3", "D/4"})

	put(t, m, doc("D/2", "S/2", "2022-04-02", catalog.Published, catalog.General)) // moved to another session
	equal(t, "after the move", ids(catalog.Public), []string{"D/1"})
	remove(t, m, catalog.KindDocument, "D/1")
	equal(t, "after the delete", ids(catalog.Public), nil)
	if _, ok := m.Document("D/1", catalog.Staff); ok {
		t.Error("deleted document still served")
	}
	if _, ok := m.Document("D/3", catalog.Public); ok {
		t.Error("a draft is served to the public")
	}
}

func TestRecommendationsOrderByNumberAndHideWithTheirReport(t *testing.T) {
	m := readmodel.New()
	rec := func(n, document string) *catalog.Recommendation {
		return &catalog.Recommendation{ID: "S/1#" + n, Session: "S/1", Document: document, Number: n, Text: catalog.Text{"en": n}}
	}
	put(t, m, session("S/1", "2021-10-18", "2021-10-19"), doc("R/1", "S/1", "2021-11-01", catalog.Draft, catalog.General),
		rec("10", ""), rec("2", ""), rec("3 (b)", ""), rec("3 (a)", ""), rec("1", "R/1"), rec("4", "elsewhere"))
	var got []string
	for _, r := range m.Recommendations(readmodel.RecommendationFilter{}, catalog.Public) {
		got = append(got, r.Number)
	}
	// 1 is in a draft, 4 in a report the catalogue does not hold: both hidden.
	equal(t, "numbers", got, []string{"2", "3 (a)", "3 (b)", "10"})
	if _, ok := m.Recommendation("S/1#1", catalog.Public); ok {
		t.Error("a recommendation in a draft report is served to the public")
	}
	if _, ok := m.Recommendation("S/1#1", catalog.Staff); !ok {
		t.Error("staff cannot see a recommendation in a draft report")
	}
}

// While a rebuild runs, the model keeps serving its last complete copy.
func TestARebuildReplacesTheServedCopyOnlyWhenComplete(t *testing.T) {
	m := readmodel.New()
	put(t, m, session("S/1", "2021-05-17", "2021-05-21"))
	ctx := context.Background()
	if err := m.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	partial := []changefeed.Update{{Kind: catalog.KindSession, ID: "S/2", Record: store.Record{Entity: session("S/2", "2022-05-16", "2022-05-20")}}}
	if err := m.Apply(ctx, partial, changefeed.Position{}); err != nil {
		t.Fatal(err)
	}
	equal(t, "during the rebuild", sessionIDs(m.Sessions(readmodel.SessionFilter{})), []string{"S/1"})
	if err := m.Apply(ctx, nil, changefeed.Position{Next: 7}); err != nil {
		t.Fatal(err)
	}
	equal(t, "after the rebuild", sessionIDs(m.Sessions(readmodel.SessionFilter{})), []string{"S/2"})
}
