package mongo_test

import (
	"context"
	"errors"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

func seed(t *testing.T, st store.Catalog, entities ...catalog.Entity) store.PutResult {
	t.Helper()
	for _, e := range entities {
		e.Normalize()
		if err := e.Validate(); err != nil {
			t.Fatalf("fixture %s %q is invalid: %v", e.EntityKind(), e.Key(), err)
		}
	}
	res, err := st.Put(context.Background(), entities...)
	if err != nil {
		t.Fatalf("put: %v", err)
	}
	return res
}

func TestPutGetRoundTrip(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	doc := testutil.DocumentWG4_2022_2()
	res := seed(t, st, testutil.BodyCOP(), testutil.BodyWG4(), testutil.SessionWG4_12(), doc, testutil.RecommendationWG4_12_3())
	if res != (store.PutResult{Created: 5}) {
		t.Fatalf("first put: %+v, want 5 created", res)
	}

	rec, err := st.Get(ctx, catalog.KindDocument, doc.ID)
	if err != nil {
		t.Fatal(err)
	}
	got := rec.Entity.(*catalog.Document)
	if got.ID != doc.ID || got.Symbol != doc.Symbol || len(got.Versions) != 2 {
		t.Fatalf("got %+v", got)
	}
	if v, _ := got.Version(catalog.Arabic); v.Title != "منع الاتجار بالأشخاص في المشتريات العامة" || v.Text != "نص الورقة." {
		t.Errorf("Arabic version = %+v", v)
	}
	if rec.Hash == "" || rec.Created.IsZero() || rec.Updated.IsZero() {
		t.Errorf("bookkeeping missing: %+v", rec)
	}

	body, err := st.Get(ctx, catalog.KindBody, "CTOC/COP/WG.4")
	if err != nil {
		t.Fatal(err)
	}
	if b := body.Entity.(*catalog.Body); b.Code != "CTOC/COP/WG.4" || b.Parent != "CTOC/COP" || b.Name["fr"] != "Groupe de travail sur la traite des personnes" {
		t.Errorf("body = %+v", b)
	}
	sess, err := st.Get(ctx, catalog.KindSession, "CTOC/COP/WG.4/12")
	if err != nil {
		t.Fatal(err)
	}
	if s := sess.Entity.(*catalog.Session); s.Venue.Mode != catalog.Hybrid || len(s.Agenda) != 2 || s.Agenda[1].Item != "3" {
		t.Errorf("session = %+v", s)
	}
}

func TestPutIsIdempotent(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	seed(t, st, testutil.BodyCOP(), testutil.BodyWG4())
	before, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res := seed(t, st, testutil.BodyCOP(), testutil.BodyWG4())
	if res != (store.PutResult{Unchanged: 2}) {
		t.Fatalf("second put: %+v, want 2 unchanged", res)
	}
	after, _ := st.Head(ctx)
	if after != before {
		t.Errorf("an unchanged put moved the feed from %+v to %+v", before, after)
	}

	changed := testutil.BodyWG4()
	changed.Name["es"] = "Grupo de Trabajo sobre la Trata de Personas"
	res = seed(t, st, changed)
	if res != (store.PutResult{Updated: 1}) {
		t.Fatalf("changed put: %+v, want 1 updated", res)
	}
	rec, _ := st.Get(ctx, catalog.KindBody, changed.Code)
	if rec.Entity.(*catalog.Body).Name["es"] == "" {
		t.Error("update not stored")
	}
	if head, _ := st.Head(ctx); head.Seq != after.Seq+1 {
		t.Errorf("the update moved the feed from %d to %d, want one change", after.Seq, head.Seq)
	}
	if ch, err := st.Change(ctx, after.Seq+1); err != nil || ch.ID != changed.Code {
		t.Errorf("change %d = %+v, %v; want the update of %s", after.Seq+1, ch, err, changed.Code)
	}
}

func TestPutSameIDTwiceInOneCallKeepsTheLast(t *testing.T) {
	st := testutil.Store(t)
	a, b := testutil.BodyCOP(), testutil.BodyCOP()
	b.Name["ru"] = "Конференция участников"
	res := seed(t, st, a, b)
	if res.Created != 1 {
		t.Fatalf("%+v, want 1 created", res)
	}
	rec, _ := st.Get(context.Background(), catalog.KindBody, "CTOC/COP")
	if rec.Entity.(*catalog.Body).Name["ru"] == "" {
		t.Error("the later duplicate was not the one stored")
	}
}

func TestGetMissingIsNotFound(t *testing.T) {
	st := testutil.Store(t)
	for _, k := range catalog.Kinds {
		if _, err := st.Get(context.Background(), k, "nothing/here"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", k, err)
		}
	}
}

func TestSymbolIsUnique(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	seed(t, st, testutil.DocumentWG4_2022_2())
	// A second document cannot claim the same symbol under another id.
	clash := testutil.DocumentWG4_2022_2()
	clash.Normalize()
	clash.ID = "background-paper-copy"
	_, err := st.Put(ctx, clash)
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("err = %v, want ErrDuplicate", err)
	}
	if _, err := st.Get(ctx, catalog.KindDocument, "background-paper-copy"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the clashing document was stored: %v", err)
	}
	// Documents without a symbol do not clash with each other.
	p1, p2 := publication("study-one"), publication("study-two")
	if res := seed(t, st, p1, p2); res.Created != 2 {
		t.Errorf("two documents without symbol: %+v", res)
	}
}

func publication(id string) *catalog.Document {
	return &catalog.Document{ID: id, Type: catalog.TypePublication, Date: "2021-07-01", Status: catalog.Published,
		Versions: []catalog.Version{{Lang: catalog.Portuguese, Title: "Estudo " + id}}}
}

func TestExistsScanCount(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	seed(t, st, testutil.BodyCOP(), testutil.BodyWG4(), testutil.DocumentWG4_2022_2(), publication("study-one"))
	got, err := st.Exists(ctx, catalog.KindBody, []string{"CTOC/COP", "CTOC/COP/WG.7", "CTOC/COP/WG.4"})
	if err != nil {
		t.Fatal(err)
	}
	if !got["CTOC/COP"] || !got["CTOC/COP/WG.4"] || got["CTOC/COP/WG.7"] || len(got) != 2 {
		t.Errorf("Exists = %v", got)
	}
	if n, _ := st.Count(ctx, catalog.KindDocument); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	var texts, ids []string
	err = st.Scan(ctx, catalog.KindDocument, store.ScanOptions{WithoutText: true}, func(r store.Record) error {
		d := r.Entity.(*catalog.Document)
		ids = append(ids, d.ID)
		for _, v := range d.Versions {
			texts = append(texts, v.Text)
			if v.Title == "" {
				t.Errorf("%s %s: title lost in a scan without text", d.ID, v.Lang)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 2 {
		t.Errorf("scanned %v", ids)
	}
	for _, s := range texts {
		if s != "" {
			t.Errorf("scan without text returned text %q", s)
		}
	}
}
