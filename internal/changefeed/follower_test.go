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
// database; writers that stop half-way are imitated by writing the
// store's collections directly.

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

// followed seeds a fresh store and starts a follower on it, synced once.
func followed(t *testing.T, entities ...catalog.Entity) (*mongostore.Store, *model, *changefeed.Follower) {
	t.Helper()
	st := testutil.Store(t)
	if len(entities) > 0 {
		seed(t, st, entities...)
	}
	m := newModel()
	f := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet()})
	syncOnce(t, f)
	return st, m, f
}

func syncOnce(t *testing.T, f *changefeed.Follower) {
	t.Helper()
	if err := f.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// writeRaw writes a body the way a writer does before it announces it:
// its intent, then the record. It leaves the announcement to Recover.
func writeRaw(t *testing.T, st *mongostore.Store, code, name string, age time.Duration) {
	t.Helper()
	intend(t, st, code, age)
	_, err := st.Database().Collection("bodies").UpdateOne(context.Background(), bson.D{{Key: "_id", Value: code}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "name.en", Value: name}}}})
	if err != nil {
		t.Fatal(err)
	}
}

// intend records a writer's intent to write the body code, age ago.
func intend(t *testing.T, st *mongostore.Store, code string, age time.Duration) {
	t.Helper()
	_, err := st.Database().Collection("intents").InsertOne(context.Background(), bson.D{
		{Key: "_id", Value: fmt.Sprintf("intent-%s-%d", code, time.Now().UnixNano())},
		{Key: "records", Value: bson.A{bson.D{{Key: "kind", Value: "body"}, {Key: "id", Value: code}}}},
		{Key: "at", Value: time.Now().Add(-age)},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allChanges returns every change in the feed, which must have no gap.
func allChanges(t *testing.T, st store.Feed) []store.Change {
	t.Helper()
	var all []store.Change
	for seq := int64(1); ; seq++ {
		ch, err := st.Change(context.Background(), seq)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, ch)
	}
	head, _ := st.Head(context.Background())
	if int64(len(all)) < head.Seq {
		t.Fatalf("the feed stops at %d below its head %d", len(all), head.Seq)
	}
	return all
}

func TestFollowerAppliesEveryChangeOnceWhileWritesInterleave(t *testing.T) {
	st, m, f := followed(t, body("B0", "before the follower started"))
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
		syncOnce(t, f)
	}
	syncOnce(t, f)

	all := allChanges(t, st)
	last := all[len(all)-1].Seq
	if f.Position().Next != last+1 {
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

// Writer A writes a record after writer B wrote and announced the same
// record, and announces late: the follower ends with A's write, which is
// what the database holds.
func TestALateWriteIsAppliedWhenAnnounced(t *testing.T) {
	st, m, f := followed(t, body("B1", "v0"))
	seed(t, st, body("B1", "from B"))
	syncOnce(t, f)
	if m.state["body/B1"] != "from B" {
		t.Fatalf("state = %q after B's write", m.state["body/B1"])
	}
	writeRaw(t, st, "B1", "from A, late", 0)
	n, err := st.Recover(context.Background(), 0) // A announces
	if err != nil || n != 1 {
		t.Fatalf("Recover = %d, %v; want 1 intent announced", n, err)
	}
	syncOnce(t, f)
	sameState(t, m.state, dbState(t, st))
	if m.state["body/B1"] != "from A, late" {
		t.Errorf("state = %q", m.state["body/B1"])
	}
}

// A writer that stopped between writing and announcing leaves its intent;
// Recover announces the intents older than it is told, and only those.
func TestRecoverAnnouncesTheWritesOfAWriterThatStopped(t *testing.T) {
	st, m, f := followed(t, body("B1", "one"), body("B2", "two"))
	ctx := context.Background()
	writeRaw(t, st, "B1", "one, written by a writer that stopped", time.Hour)
	writeRaw(t, st, "B2", "two, being written now", 0)
	syncOnce(t, f)
	if m.state["body/B1"] != "one" {
		t.Fatal("a write was applied before it was announced")
	}
	n, err := st.Recover(ctx, time.Minute)
	if err != nil || n != 1 {
		t.Fatalf("Recover = %d, %v; want the one old intent", n, err)
	}
	syncOnce(t, f)
	if m.state["body/B1"] != "one, written by a writer that stopped" || m.state["body/B2"] != "two" {
		t.Errorf("state = %v", m.state)
	}
	if n, _ := st.Recover(ctx, time.Minute); n != 0 {
		t.Errorf("a second Recover announced %d intents again", n)
	}
}

func TestClaimMovesPastNumbersTakenByAnotherWriter(t *testing.T) {
	st, m, f := followed(t, body("B1", "one"))
	ctx := context.Background()
	// Another writer claimed the next number but has not raised the head.
	head, _ := st.Head(ctx)
	taken := head.Seq + 1
	_, err := st.Database().Collection("changes").InsertOne(ctx, bson.D{
		{Key: "_id", Value: fmt.Sprintf("%019d", taken)}, {Key: "seq", Value: taken},
		{Key: "kind", Value: "body"}, {Key: "id", Value: "B1"}, {Key: "op", Value: "put"}, {Key: "at", Value: time.Now()},
	})
	if err != nil {
		t.Fatal(err)
	}
	seed(t, st, body("B3", "three"))
	ch, err := st.Change(ctx, taken+1)
	if err != nil || ch.ID != "B3" {
		t.Fatalf("change %d = %+v, %v; want B3's, right after the taken number", taken+1, ch, err)
	}
	syncOnce(t, f)
	if m.state["body/B3"] != "three" || m.applied[taken] != 1 || m.applied[taken+1] != 1 {
		t.Errorf("state %v, applied %v", m.state, m.applied)
	}
	allChanges(t, st)
}

func TestFollowerRebuildsOnAGapInTheFeed(t *testing.T) {
	st, m, f := followed(t, body("B0", "zero"))
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
	st, m, f := followed(t, body("B0", "zero"))
	for i := range 20 {
		seed(t, st, body(fmt.Sprintf("B%d", i), fmt.Sprintf("v%d", i)))
	}
	if _, err := st.Trim(context.Background(), 5, 0); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, f)
	if m.resets != 2 {
		t.Errorf("%d rebuilds, want 2 (start, trim)", m.resets)
	}
	sameState(t, m.state, dbState(t, st))
}

// A consumer that keeps its copy across restarts hands its saved position
// to the next follower, which carries on without a rebuild.
func TestAFollowerCarriesOnFromASavedPosition(t *testing.T) {
	st, m, f := followed(t, body("B1", "one"))
	seed(t, st, body("B2", "two"))
	syncOnce(t, f)
	saved := m.pos
	if saved.Next == 0 {
		t.Fatal("the consumer was given no position")
	}

	seed(t, st, body("B3", "three"))
	restarted := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet(), Start: saved})
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

// A record that cannot be read is left out; it does not stop the copy.
func TestARecordThatCannotBeReadIsLeftOut(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	seed(t, st, body("B1", "one"), body("B2", "two"))
	if _, err := st.Database().Collection("bodies").UpdateOne(ctx, bson.D{{Key: "_id", Value: "B2"}},
		bson.D{{Key: "$set", Value: bson.D{{Key: "name", Value: 5}}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Get(ctx, catalog.KindBody, "B2"); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("Get of the broken record: %v, want ErrCorrupt", err)
	}
	m := newModel()
	f := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet()})
	syncOnce(t, f)
	if !f.Ready() || m.state["body/B1"] != "one" || len(m.state) != 1 {
		t.Fatalf("ready %v, state %v", f.Ready(), m.state)
	}
	seed(t, st, body("B3", "three"))
	intend(t, st, "B2", 0) // a change for the unreadable record, announced below
	if _, err := st.Recover(ctx, 0); err != nil {
		t.Fatal(err)
	}
	syncOnce(t, f)
	if m.state["body/B3"] != "three" || len(m.state) != 2 {
		t.Errorf("state %v: the follower did not carry on past the unreadable record", m.state)
	}
}

// A saved position beyond the feed (the database was restored from an
// older copy) is not trusted: the follower rebuilds.
func TestAFollowerAheadOfTheFeedRebuilds(t *testing.T) {
	st, m, _ := followed(t, body("B1", "one"))
	ahead := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet(), Start: changefeed.Position{Next: 1000}})
	syncOnce(t, ahead)
	if m.resets != 2 {
		t.Fatalf("%d rebuilds, want 2", m.resets)
	}
	seed(t, st, body("B2", "two"))
	syncOnce(t, ahead)
	if m.state["body/B2"] != "two" {
		t.Errorf("state = %v: the write after the rebuild was not applied", m.state)
	}
}

// With the head counter lost, a rebuild starts after the trimmed mark and
// does not loop.
func TestARebuildWithALostHeadStartsAfterTheTrim(t *testing.T) {
	st, m, f := followed(t, body("B0", "zero"))
	ctx := context.Background()
	for i := range 20 {
		seed(t, st, body(fmt.Sprintf("B%d", i), fmt.Sprintf("v%d", i)))
	}
	if _, err := st.Trim(ctx, 5, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Database().Collection("counters").DeleteOne(ctx, bson.D{{Key: "_id", Value: "changes"}}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		syncOnce(t, f)
	}
	if m.resets != 2 {
		t.Errorf("%d rebuilds, want 2 (start, trim)", m.resets)
	}
	seed(t, st, body("B20", "after"))
	syncOnce(t, f)
	if m.state["body/B20"] != "after" || m.resets != 2 {
		t.Errorf("state %v, %d rebuilds", m.state["body/B20"], m.resets)
	}
	sameState(t, m.state, dbState(t, st))
}
