package demo_test

import (
	"context"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/demo"
	"plenary/internal/store"
	"plenary/internal/store/blobdir"
	"plenary/internal/testutil"
)

func TestLoadIfEmptyLoadsOnceAndMarksEverythingAsSample(t *testing.T) {
	st := testutil.Store(t)
	blobs, err := blobdir.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rep, loaded, err := demo.LoadIfEmpty(ctx, st, blobs)
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
				for _, v := range e.Versions {
					if v.File == nil || v.File.Size == 0 || v.File.MediaType != "text/plain; charset=utf-8" || !strings.HasSuffix(v.File.Name, "-"+v.Lang.Letter()+".txt") || len(v.File.Name) < 10 {
						t.Errorf("document %q: the %s version has no file to download: %+v", e.ID, v.Lang, v.File)
					} else if rc, _, err := blobs.Open(ctx, v.File.SHA256); err != nil {
						t.Errorf("document %q: the %s version's file is not stored: %v", e.ID, v.Lang, err)
					} else {
						rc.Close()
					}
				}
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
	if _, loaded, err := demo.LoadIfEmpty(ctx, st, blobs); loaded || err != nil {
		t.Errorf("second load: loaded %v, %v; want nothing done", loaded, err)
	}
	if again, _ := st.Head(ctx); again != head {
		t.Errorf("the second load wrote: head %+v → %+v", head, again)
	}
}
