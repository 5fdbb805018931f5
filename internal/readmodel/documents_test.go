package readmodel_test

import (
	"fmt"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

func docIDs(ds []*readmodel.Doc) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func TestDocumentsPagesNewestFirstAndCounts(t *testing.T) {
	m := readmodel.New()
	var all []catalog.Entity
	for i := range 30 {
		d := doc(fmt.Sprintf("d%02d", i), "", fmt.Sprintf("20%02d-01-01", 10+i%3), catalog.Published, catalog.General)
		d.Type = catalog.TypePublication
		d.Subjects = []string{"s" + fmt.Sprint(i%2)}
		if i%5 == 0 {
			d.Versions = append(d.Versions, catalog.Version{Lang: catalog.Portuguese, Title: "pt"})
		}
		all = append(all, d)
	}
	all = append(all,
		doc("hidden-draft", "", "2030-01-01", catalog.Draft, catalog.General),
		doc("hidden-restricted", "", "2030-01-01", catalog.Published, catalog.Restricted))
	put(t, m, all...)

	equal(t, "latest", docIDs(m.Latest(readmodel.DocumentFilter{}, catalog.Public, 4)), []string{"d29", "d26", "d23", "d20"})
	equal(t, "latest in Portuguese", docIDs(m.Latest(readmodel.DocumentFilter{Lang: catalog.Portuguese}, catalog.Public, 3)), []string{"d20", "d05", "d25"})
	p := m.Documents(readmodel.DocumentFilter{}, catalog.Public, 0, 4)
	if p.Total != 30 {
		t.Errorf("total %d, want 30 (hidden documents are not counted)", p.Total)
	}
	equal(t, "first page", docIDs(p.Docs), []string{"d29", "d26", "d23", "d20"})
	p = m.Documents(readmodel.DocumentFilter{}, catalog.Public, 8, 4)
	equal(t, "third page", docIDs(p.Docs), []string{"d05", "d02", "d28", "d25"})
	if got := m.Documents(readmodel.DocumentFilter{}, catalog.Public, 40, 4); len(got.Docs) != 0 || got.Total != 30 {
		t.Errorf("past the end: %d documents, total %d", len(got.Docs), got.Total)
	}
	if got := m.Documents(readmodel.DocumentFilter{}, catalog.Staff, 0, 1); got.Total != 32 || got.Docs[0].ID != "hidden-restricted" {
		t.Errorf("staff: total %d, first %v", got.Total, docIDs(got.Docs))
	}

	pt := m.Documents(readmodel.DocumentFilter{Lang: catalog.Portuguese, Counts: true}, catalog.Public, 0, 10)
	equal(t, "in Portuguese", docIDs(pt.Docs), []string{"d20", "d05", "d25", "d10", "d15", "d00"})
	// A count ignores its own field's filter: choosing another language
	// shows what it would give.
	if pt.Langs[catalog.English] != 30 || pt.Langs[catalog.Portuguese] != 6 {
		t.Errorf("language counts %v, want en 30, pt 6", pt.Langs)
	}
	if pt.Years[2010] != 2 || pt.Subjects["s0"] != 3 {
		t.Errorf("counts within Portuguese: years %v, subjects %v", pt.Years, pt.Subjects)
	}
	both := m.Documents(readmodel.DocumentFilter{Year: 2011, Subject: "s1"}, catalog.Public, 0, 100)
	if both.Langs != nil {
		t.Error("counts made without being asked for")
	}
	for _, d := range both.Docs {
		if d.Date.Year() != 2011 || d.Subjects[0] != "s1" {
			t.Errorf("%s does not match year 2011 and subject s1", d.ID)
		}
	}
	if both.Total != 5 {
		t.Errorf("year 2011 and subject s1: %d, want 5", both.Total)
	}
	if none := m.Documents(readmodel.DocumentFilter{Types: []catalog.DocType{catalog.TypeGuide}}, catalog.Public, 0, 10); none.Total != 0 {
		t.Errorf("guides: %d, want none", none.Total)
	}

	// A change reorders: a newer document comes first, a deleted one goes.
	put(t, m, doc("d99", "", "2020-01-01", catalog.Published, catalog.General))
	remove(t, m, catalog.KindDocument, "d29")
	equal(t, "after a change", docIDs(m.Documents(readmodel.DocumentFilter{}, catalog.Public, 0, 3).Docs), []string{"d99", "d26", "d23"})
}

func TestRelatedToFollowsChanges(t *testing.T) {
	m := readmodel.New()
	base := doc("A/1", "", "2021-01-01", catalog.Published, catalog.General)
	rev := doc("A/1/Rev.1", "", "2021-02-01", catalog.Published, catalog.General)
	rev.Relations = []catalog.Relation{{Type: catalog.Revises, Target: "A/1"}}
	corr := doc("A/1/Corr.1", "", "2021-03-01", catalog.Draft, catalog.General)
	corr.Relations = []catalog.Relation{{Type: catalog.Corrects, Target: "A/1"}}
	put(t, m, base, rev, corr)
	equal(t, "public", docIDs(m.RelatedTo("A/1", catalog.Public)), []string{"A/1/Rev.1"})
	equal(t, "staff", docIDs(m.RelatedTo("A/1", catalog.Staff)), []string{"A/1/Corr.1", "A/1/Rev.1"})

	rev2 := doc("A/1/Rev.1", "", "2021-02-01", catalog.Published, catalog.General) // the relation is gone
	put(t, m, rev2)
	equal(t, "after the relation is dropped", docIDs(m.RelatedTo("A/1", catalog.Staff)), []string{"A/1/Corr.1"})
	remove(t, m, catalog.KindDocument, "A/1/Corr.1")
	equal(t, "after the correction is deleted", docIDs(m.RelatedTo("A/1", catalog.Staff)), nil)
}
