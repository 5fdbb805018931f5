package bleveindex

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"plenary/internal/search"
	"plenary/internal/testutil"
)

// BenchmarkPutToSearchable measures how long a stored document takes to be
// found by search on the same process, with the follower polling the
// change feed as the server does (every 250 ms).
func BenchmarkPutToSearchable(b *testing.B) {
	f := newFixture(b)
	f.importLines(b, library)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go f.follower.Run(ctx)

	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		d := testutil.DocumentWG4_2022_2()
		word := fmt.Sprintf("zebra%dx", i)
		d.ID = fmt.Sprintf("bench-%d", i)
		d.Symbol = ""
		d.Versions[1].Text = "A paper about " + word + "."
		q, err := search.Parse(word)
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		if _, err := f.store.Put(ctx, d); err != nil {
			b.Fatal(err)
		}
		for {
			res, err := f.index.Search(ctx, search.Request{Query: q})
			if err != nil {
				b.Fatal(err)
			}
			if res.Total == 1 {
				break
			}
			if time.Since(start) > 10*time.Second {
				b.Fatalf("%s not found after 10 s", d.ID)
			}
			time.Sleep(5 * time.Millisecond)
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
}
