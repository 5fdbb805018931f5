package demo_test

import (
	"context"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/demo"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

func TestLoadIfEmptyLoadsOnceAndMarksEverythingAsSample(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	rep, loaded, err := demo.LoadIfEmpty(ctx, st)
	if err != nil || !loaded {
		t.Fatalf("first load: loaded %v, %v", loaded, err)
	}
	if len(rep.Errors) > 0 || rep.Stored.Created != rep.Lines {
		t.Fatalf("demo data: %d errors (first %v), %d of %d lines stored", len(rep.Errors), rep.Errors, rep.Stored.Created, rep.Lines)
	}
	for _, kind := range catalog.Kinds {
		err := st.Scan(ctx, kind, store.ScanOptions{WithoutText: true}, func(r store.Record) error {
			var sample bool
			switch e := r.Entity.(type) {
			case *catalog.Body:
				sample = e.Sample
			case *catalog.Session:
				sample = e.Sample
			case *catalog.Document:
				sample = e.Sample
			case *catalog.Recommendation:
				sample = e.Sample
			}
			if !sample {
				t.Errorf("%s %q is not marked as sample content", kind, r.Entity.Key())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	head, _ := st.Head(ctx)
	if _, loaded, err := demo.LoadIfEmpty(ctx, st); loaded || err != nil {
		t.Errorf("second load: loaded %v, %v; want nothing done", loaded, err)
	}
	if again, _ := st.Head(ctx); again != head {
		t.Errorf("the second load wrote: head %+v → %+v", head, again)
	}
}
