package changefeed_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/store"
	mongostore "plenary/internal/store/mongo"
	"plenary/internal/testutil"
)

// The follower is tested against the real store on the embedded
// database; crashed writers are imitated by writing the feed's collections
// directly.

func body(code, name string) *catalog.Body {
	return &catalog.Body{Code: code, Name: catalog.Text{"en": name}, Category: catalog.CategoryEvent}
}

func seed(t *testing.T, st store.Catalog, entities ...catalog.Entity) {
	t.Helper()
	if _, err := st.Put(context.Background(), entities...); err != nil {
		t.Fatalf("put: %v", err)
	}
}

// model is a consumer that records what it is given.
type model struct {
	mu      sync.Mutex
	state   map[string]string // kind/id → English name of a body
	applied map[int64]int     // seq → times applied
	resets  int
	pos     changefeed.Position
}

func newModel() *model { return &model{state: map[string]string{}, applied: map[int64]int{}} }

func (m *model) Reset(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.state = map[string]string{}
	m.resets++
	return nil
}

func (m *model) Apply(_ context.Context, updates []changefeed.Update, pos changefeed.Position) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range updates {
		if u.Change.Seq != 0 {
			m.applied[u.Change.Seq]++
		}
		key := string(u.Kind) + "/" + u.ID
		if b, ok := u.Record.Entity.(*catalog.Body); ok {
			m.state[key] = b.Name["en"]
		} else {
			delete(m.state, key)
		}
	}
	m.pos = pos
	return nil
}

// dbState reads every body's English name from the store.
func dbState(t *testing.T, st store.Catalog) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := st.Scan(context.Background(), catalog.KindBody, store.ScanOptions{}, func(r store.Record) error {
		out["body/"+r.Entity.Key()] = r.Entity.(*catalog.Body).Name["en"]
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameState(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("consumer holds %d records, database %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: consumer has %q, database %q", k, got[k], v)
		}
	}
}

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func follower(st changefeed.Source, m *model, clk *clock) *changefeed.Follower {
	return changefeed.New(st, m, changefeed.Options{Grace: time.Minute, Logger: testutil.Quiet(), Now: clk.Now})
}

// followed seeds a fresh store and starts a follower on it, synced once.
func followed(t *testing.T, entities ...catalog.Entity) (*mongostore.Store, *model, *clock, *changefeed.Follower) {
	t.Helper()
	st := testutil.Store(t)
	if len(entities) > 0 {
		seed(t, st, entities...)
	}
	m := newModel()
	clk := &clock{now: time.Now()}
	f := follower(st, m, clk)
	syncOnce(t, f)
	return st, m, clk, f
}

func syncOnce(t *testing.T, f *changefeed.Follower) {
	t.Helper()
	if err := f.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// land writes a body as the writer of change seq would have.
func land(t *testing.T, st *mongostore.Store, id string, seq int64, name string) {
	t.Helper()
	_, err := st.Database().Collection("bodies").UpdateOne(context.Background(), bson.D{{Key: "_id", Value: id}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "seq", Value: seq}, {Key: "name.en", Value: name}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestFollowerAppliesEveryChangeOnceWhileWritesInterleave(t *testing.T) {
	st, m, clk, f := followed(t, body("B0", "before the follower started"))
	ctx := context.Background()

	// Four writers update an overlapping set of bodies, one or several
	// records per call, while the follower keeps syncing.
	const writers, rounds = 4, 25
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				batch := []catalog.Entity{body(fmt.Sprintf("B%d", r%7), fmt.Sprintf("writer %d round %d", w, r))}
				if r%5 == 0 {
					batch = append(batch, body(fmt.Sprintf("W%d-%d", w, r), "fresh"))
				}
				if _, err := st.Put(ctx, batch...); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for syncing := true; syncing; {
		select {
		case <-done:
			syncing = false
		default:
		}
		if err := f.Sync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	// Writers that lost a race for the same record may leave a change
	// pending until the grace period; let it pass.
	clk.Advance(2 * time.Minute)
	syncOnce(t, f)

	// The head is a high-water mark that may lag; the changes themselves
	// say how far the feed goes.
	all, err := st.Changes(ctx, 1, 10_000)
	if err != nil {
		t.Fatal(err)
	}
	last := all[len(all)-1].Seq
	if int64(len(all)) != last {
		t.Fatalf("%d changes up to number %d: the feed has a gap", len(all), last)
	}
	if len(f.Position().Outstanding) != 0 || f.Position().Next != last+1 {
		t.Fatalf("position %+v, last change %d: not caught up", f.Position(), last)
	}
	for seq := int64(2); seq <= last; seq++ {
		if n := m.applied[seq]; n != 1 {
			t.Errorf("change %d applied %d times, want once", seq, n)
		}
	}
	if m.resets != 1 {
		t.Errorf("%d rebuilds, want only the first", m.resets)
	}
	sameState(t, m.state, dbState(t, st))
}

// announce does what a writer does before it writes a record: claim the
// next number by inserting the change. It does not write the record, as a
// writer that dies at that point would not; nor does it raise the head.
func announce(t *testing.T, st *mongostore.Store, kind catalog.Kind, id string) int64 {
	t.Helper()
	ctx := context.Background()
	head, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seq := head.Seq + 1
	for {
		if _, err := st.Change(ctx, seq); errors.Is(err, store.ErrNotFound) {
			break
		}
		seq++
	}
	_, err = st.Database().Collection("changes").InsertOne(ctx, bson.D{
		{Key: "_id", Value: fmt.Sprintf("%019d", seq)}, {Key: "seq", Value: seq},
		{Key: "kind", Value: string(kind)}, {Key: "id", Value: id}, {Key: "op", Value: "put"}, {Key: "at", Value: time.Now()},
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

func TestFollowerWaitsForAPendingChange(t *testing.T) {
	st, m, clk, f := followed(t, body("B1", "one"))

	// A writer announced B1 and B2 but has not written them yet.
	seqB1 := announce(t, st, catalog.KindBody, "B1")
	seqB2 := announce(t, st, catalog.KindBody, "B2")
	seed(t, st, body("B3", "three")) // a later, complete write
	syncOnce(t, f)
	if m.state["body/B3"] != "three" {
		t.Errorf("the complete write after the pending ones was not applied")
	}
	if m.applied[seqB1] != 0 || m.applied[seqB2] != 0 {
		t.Fatalf("pending changes were applied before their records landed")
	}
	if out := f.Position().Outstanding; len(out) != 2 {
		t.Fatalf("outstanding = %v, want the two pending changes", out)
	}

	// B1's write lands, stamped with its number: it is applied at once.
	land(t, st, "B1", seqB1, "one, revised")
	syncOnce(t, f)
	if m.state["body/B1"] != "one, revised" || m.applied[seqB1] != 1 {
		t.Errorf("landed change not applied: state %q, applied %d", m.state["body/B1"], m.applied[seqB1])
	}
	// B2's writer died. Before the grace period nothing happens; after it,
	// the stored state (no B2) is final.
	clk.Advance(30 * time.Second)
	syncOnce(t, f)
	if m.applied[seqB2] != 0 {
		t.Fatal("gave up on a pending change before the grace period")
	}
	clk.Advance(time.Minute)
	syncOnce(t, f)
	if m.applied[seqB2] != 1 || len(f.Position().Outstanding) != 0 {
		t.Errorf("after the grace period: applied %d, outstanding %v", m.applied[seqB2], f.Position().Outstanding)
	}
	sameState(t, m.state, dbState(t, st))
}

func TestClaimMovesPastNumbersTakenByAnotherWriter(t *testing.T) {
	st, m, _, f := followed(t, body("B1", "one"))
	ctx := context.Background()
	// Another writer claimed the next number but has not raised the head.
	taken := announce(t, st, catalog.KindBody, "B2")
	seed(t, st, body("B3", "three"))
	rec, err := st.Get(ctx, catalog.KindBody, "B3")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Seq != taken+1 {
		t.Errorf("B3 got number %d, want %d, right after the taken %d", rec.Seq, taken+1, taken)
	}
	syncOnce(t, f)
	if m.state["body/B3"] != "three" {
		t.Error("the change after the taken number was not applied")
	}
	if _, ok := f.Position().Outstanding[taken]; !ok {
		t.Errorf("the other writer's change %d is not pending: %+v", taken, f.Position())
	}
}

func TestFollowerRebuildsOnAGapInTheFeed(t *testing.T) {
	st, m, _, f := followed(t, body("B0", "zero"))
	ctx := context.Background()
	for i := range 12 {
		seed(t, st, body(fmt.Sprintf("B%d", i), fmt.Sprintf("v%d", i)))
	}
	// Changes vanish without the trimmed mark, as after a lost update of it.
	if _, err := st.Database().Collection("changes").DeleteMany(ctx, bson.D{{Key: "_id", Value: bson.D{{Key: "$lte", Value: fmt.Sprintf("%019d", 5)}}}}); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, f)
	if m.resets != 2 {
		t.Errorf("%d rebuilds, want 2 (start, gap)", m.resets)
	}
	sameState(t, m.state, dbState(t, st))
}

func TestFollowerRebuildsWhenTheFeedWasTrimmedPastIt(t *testing.T) {
	st, m, _, f := followed(t, body("B0", "zero"))
	ctx := context.Background()
	for i := range 20 {
		seed(t, st, body(fmt.Sprintf("B%d", i), fmt.Sprintf("v%d", i)))
	}
	if _, err := st.Trim(ctx, 5, 0); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, f)
	if m.resets != 2 {
		t.Errorf("%d rebuilds, want 2 (start, trim)", m.resets)
	}
	sameState(t, m.state, dbState(t, st))
}

func TestRebuildKeepsInFlightChangesOutstanding(t *testing.T) {
	st := testutil.Store(t)
	seed(t, st, body("B1", "one"))
	pending := announce(t, st, catalog.KindBody, "B1") // announced, not written
	seed(t, st, body("B3", "three"))                   // a later writer finished
	m := newModel()
	clk := &clock{now: time.Now()}
	f := follower(st, m, clk)
	syncOnce(t, f)
	if _, ok := f.Position().Outstanding[pending]; !ok {
		t.Fatalf("the in-flight change %d is not outstanding after a rebuild: %+v", pending, f.Position())
	}
	land(t, st, "B1", pending, "one, landed")
	syncOnce(t, f)
	if m.state["body/B1"] != "one, landed" {
		t.Errorf("state = %q after the in-flight write landed", m.state["body/B1"])
	}
}

// A consumer that keeps its copy across restarts hands its saved position
// to the next follower, which carries on without a rebuild.
func TestAFollowerCarriesOnFromASavedPosition(t *testing.T) {
	st, m, _, f := followed(t, body("B1", "one"))
	seed(t, st, body("B2", "two"))
	syncOnce(t, f)
	saved := m.pos
	if saved.Next == 0 {
		t.Fatal("the consumer was given no position")
	}

	seed(t, st, body("B3", "three"))
	clk := &clock{now: time.Now()}
	restarted := changefeed.New(st, m, changefeed.Options{Grace: time.Minute, Logger: testutil.Quiet(), Now: clk.Now, Start: saved})
	syncOnce(t, restarted)
	if m.resets != 1 {
		t.Errorf("%d rebuilds, want only the first one", m.resets)
	}
	if m.state["body/B3"] != "three" {
		t.Error("the change after the saved position was not applied")
	}
	for seq, n := range m.applied {
		if n != 1 {
			t.Errorf("change %d applied %d times", seq, n)
		}
	}
}
