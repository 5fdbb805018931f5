package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

func body(code, name string) *catalog.Body {
	return &catalog.Body{Code: code, Name: catalog.Text{"en": name}, Category: catalog.CategoryEvent}
}

func TestFeedHeadAndChanges(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	if h, err := st.Head(ctx); err != nil || h != (store.Head{}) {
		t.Fatalf("empty feed head = %+v, %v", h, err)
	}
	for i := range 40 {
		seed(t, st, body(fmt.Sprintf("B%d", i), "Body"))
	}
	h, err := st.Head(ctx)
	if err != nil || h.Seq != 40 {
		t.Fatalf("head = %+v, %v; want seq 40", h, err)
	}
	for _, r := range []struct {
		from  int64
		limit int
		want  int
	}{{3, 5, 5}, {1, 100, 40}, {35, 60, 6}, {41, 10, 0}} {
		changes, err := st.Changes(ctx, r.from, r.limit)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != r.want {
			t.Fatalf("Changes(%d, %d): %d changes, want %d", r.from, r.limit, len(changes), r.want)
		}
		for i, ch := range changes {
			seq := r.from + int64(i)
			if ch.Seq != seq || ch.Kind != catalog.KindBody || ch.ID != fmt.Sprintf("B%d", seq-1) || ch.Op != store.OpPut {
				t.Errorf("Changes(%d, %d)[%d] = %+v", r.from, r.limit, i, ch)
			}
		}
	}
	ch, err := st.Change(ctx, 7)
	if err != nil || ch.ID != "B6" {
		t.Errorf("Change(7) = %+v, %v", ch, err)
	}
	if _, err := st.Change(ctx, 41); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Change(41): err = %v, want ErrNotFound", err)
	}
}

func TestTrimKeepsTheNewestAndTheYoung(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	for i := range 30 {
		seed(t, st, body(fmt.Sprintf("B%d", i), "Body"))
	}
	h, err := st.Trim(ctx, 10, time.Hour)
	if err != nil || h.Trimmed != 0 {
		t.Fatalf("trim of young changes: head %+v, %v; want nothing trimmed", h, err)
	}
	h, err = st.Trim(ctx, 10, 0)
	if err != nil || h.Trimmed != 20 || h.Seq != 30 {
		t.Fatalf("trim: head %+v, %v; want trimmed 20 of 30", h, err)
	}
	changes, _ := st.Changes(ctx, 1, 100)
	if len(changes) != 10 || changes[0].Seq != 21 {
		t.Fatalf("after trim: %d changes from %d, want 10 from 21", len(changes), changes[0].Seq)
	}
}
