package readmodel_test

import (
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

func TestRevisionsNewestAndOrder(t *testing.T) {
	m := readmodel.New()
	base := doc("base", "", "2024-01-10", catalog.Published, catalog.General)
	rev1 := doc("rev1", "", "2024-02-01", catalog.Published, catalog.General)
	rev1.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "base"}}
	rev2 := doc("rev2", "", "2024-03-01", catalog.Published, catalog.General)
	rev2.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "base"}}
	draft := doc("rev3", "", "2024-04-01", catalog.Draft, catalog.General)
	draft.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "base"}}
	corr := doc("corr", "", "2024-05-01", catalog.Published, catalog.General)
	corr.Relations = []catalog.Relation{{Type: catalog.Corrects, Target: "rev2"}}
	loopA := doc("loop-a", "", "2024-01-01", catalog.Published, catalog.General)
	loopA.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "loop-b"}}
	loopB := doc("loop-b", "", "2024-01-02", catalog.Published, catalog.General)
	loopB.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "loop-a"}}
	other := doc("other", "", "2025-01-01", catalog.Published, catalog.General)
	put(t, m, base, rev1, rev2, draft, corr, loopA, loopB, other)

	for _, tc := range []struct {
		id   string
		aud  catalog.Audience
		want string
	}{
		{"base", catalog.Public, "rev2"},
		{"rev1", catalog.Public, "rev2"},
		{"rev2", catalog.Public, ""},
		{"rev2", catalog.Staff, "rev3"}, // staff see the draft revision
		{"other", catalog.Public, ""},
		{"loop-a", catalog.Public, "loop-b"},
	} {
		d, _ := m.Document(tc.id, catalog.Staff)
		got := ""
		if n := m.Newest(d, tc.aud); n != nil {
			got = n.ID
		}
		if got != tc.want {
			t.Errorf("Newest(%s) for audience %d = %q, want %q", tc.id, tc.aud, got, tc.want)
		}
	}

	// Hits ranked base, other, rev1, unknown, rev2: the family of base is
	// shown where base was, newest first.
	ids := []string{"base", "other", "rev1", "unknown", "rev2", "loop-a"}
	var got []string
	for _, i := range m.RevisionOrder(ids) {
		got = append(got, ids[i])
	}
	equal(t, "order", got, []string{"rev2", "rev1", "base", "other", "unknown", "loop-a"})
	if n := len(m.RevisionOrder(nil)); n != 0 {
		t.Errorf("RevisionOrder(nil) has %d entries", n)
	}
}
