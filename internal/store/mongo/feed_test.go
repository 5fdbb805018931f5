package mongo_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"plenary/internal/catalog"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

func body(code, name string) *catalog.Body {
	return &catalog.Body{Code: code, Name: catalog.Text{"en": name}, Category: catalog.CategoryEvent}
}

// changesFrom reads the changes from number from on, up to the first
// number that does not exist.
func changesFrom(t *testing.T, st store.Feed, from int64) []store.Change {
	t.Helper()
	var out []store.Change
	for seq := from; ; seq++ {
		ch, err := st.Change(context.Background(), seq)
		if errors.Is(err, store.ErrNotFound) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ch)
	}
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
	changes := changesFrom(t, st, 1)
	if len(changes) != 40 {
		t.Fatalf("%d changes, want 40", len(changes))
	}
	for i, ch := range changes {
		if ch.Seq != int64(i+1) || ch.Kind != catalog.KindBody || ch.ID != fmt.Sprintf("B%d", i) || ch.At.IsZero() {
			t.Errorf("change %d = %+v", i+1, ch)
		}
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
	if _, err := st.Change(ctx, 20); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("change 20 after the trim: %v", err)
	}
	if got := changesFrom(t, st, 21); len(got) != 10 {
		t.Errorf("after the trim: %d changes from 21, want 10", len(got))
	}
}

// A writer that stalled while trimming freed the numbers it tried gets
// numbers above the trimmed mark, where followers look.
func TestClaimsStayAboveTheTrimmedMark(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	seed(t, st, body("B1", "one"))
	// The head is lost (say, by a lost update) while the trimmed mark says 50.
	counters := st.Database().Collection("counters")
	if _, err := counters.DeleteOne(ctx, bson.D{{Key: "_id", Value: "changes"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := counters.InsertOne(ctx, bson.D{{Key: "_id", Value: "trimmed"}, {Key: "seq", Value: int64(50)}}); err != nil {
		t.Fatal(err)
	}
	seed(t, st, body("B2", "two"))
	if got := changesFrom(t, st, 51); len(got) != 1 || got[0].ID != "B2" {
		t.Errorf("changes above the mark = %+v, want B2's", got)
	}
}

func TestRecoverAnnouncesUntilTheWriterDropsItsIntent(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	intents := st.Database().Collection("intents")
	old := time.Now().Add(-time.Minute)
	for _, in := range []struct {
		id      string
		created time.Time
	}{{"slow", old}, {"forgotten", time.Now().Add(-2 * store.Forget)}} {
		_, err := intents.InsertOne(ctx, bson.D{{Key: "_id", Value: in.id}, {Key: "at", Value: old}, {Key: "created", Value: in.created},
			{Key: "records", Value: bson.A{bson.D{{Key: "kind", Value: "body"}, {Key: "id", Value: "B-" + in.id}}}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	n, err := st.Recover(ctx, 30*time.Second)
	if err != nil || n != 2 {
		t.Fatalf("Recover = %d, %v; want both intents announced", n, err)
	}
	got := changesFrom(t, st, 1)
	if len(got) != 2 {
		t.Fatalf("changes = %+v", got)
	}
	// The slow writer's intent stays, dated anew; the forgotten one is gone.
	if left, _ := intents.CountDocuments(ctx, bson.D{}); left != 1 {
		t.Errorf("%d intents left, want the slow writer's", left)
	}
	if n, _ := st.Recover(ctx, 30*time.Second); n != 0 {
		t.Errorf("a second Recover right away announced %d intents", n)
	}
	if n, _ := st.Recover(ctx, 0); n != 1 {
		t.Errorf("Recover of every intent announced %d, want the slow writer's again", n)
	}
}
