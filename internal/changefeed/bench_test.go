package changefeed_test

import (
	"context"
	"fmt"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/testutil"
)

// BenchmarkCatchUp10kChanges has a follower apply 10,000 changes from the
// feed, read by id a few at a time, against a rebuild of the same 10,000
// records by a full scan, measured in the same run.
func BenchmarkCatchUp10kChanges(b *testing.B) {
	const n = 10_000
	st := testutil.Store(b)
	entities := make([]catalog.Entity, n)
	for i := range entities {
		entities[i] = body(fmt.Sprintf("B%05d", i), fmt.Sprintf("Body %d", i))
	}
	if _, err := st.Put(context.Background(), entities...); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("follow the feed", func(b *testing.B) {
		for b.Loop() {
			m := newModel()
			f := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet(), Start: changefeed.Position{Next: 1}})
			if err := f.Sync(ctx); err != nil {
				b.Fatal(err)
			}
			if len(m.state) != n || m.resets != 0 {
				b.Fatalf("%d records, %d rebuilds", len(m.state), m.resets)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "changes/s")
	})
	b.Run("rebuild (baseline)", func(b *testing.B) {
		for b.Loop() {
			m := newModel()
			f := changefeed.New(st, m, changefeed.Options{Logger: testutil.Quiet()})
			if err := f.Rebuild(ctx); err != nil {
				b.Fatal(err)
			}
			if len(m.state) != n {
				b.Fatalf("%d records", len(m.state))
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}
