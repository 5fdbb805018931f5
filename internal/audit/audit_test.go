package audit_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"plenary/internal/audit"
)

func TestIDsSortByTime(t *testing.T) {
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var ids []string
	for i := range 50 {
		ids = append(ids, audit.NewID(base.Add(time.Duration(i)*time.Millisecond)))
	}
	if !sort.StringsAreSorted(ids) {
		t.Fatalf("ids do not sort by time: %v", ids)
	}
	if a, b := audit.NewID(base), audit.NewID(base); a == b || len(a) != 24 {
		t.Errorf("two ids for the same instant: %q, %q", a, b)
	}
}

func TestFilterSize(t *testing.T) {
	for _, c := range []struct{ limit, want int }{{0, audit.DefaultLimit}, {-1, audit.DefaultLimit}, {7, 7}, {5000, audit.MaxLimit}} {
		if got := (audit.Filter{Limit: c.limit}).Size(); got != c.want {
			t.Errorf("Limit %d: size %d, want %d", c.limit, got, c.want)
		}
	}
}

func TestContextCarriesActorAndAddress(t *testing.T) {
	ctx := context.Background()
	if _, ok := audit.ActorFrom(ctx); ok || audit.AddrFrom(ctx) != "" {
		t.Fatal("an empty context has an actor or an address")
	}
	ctx = audit.WithAddr(audit.WithActor(ctx, audit.CLI), "192.0.2.7")
	if a, ok := audit.ActorFrom(ctx); !ok || a != "cli" || audit.AddrFrom(ctx) != "192.0.2.7" {
		t.Errorf("actor %q (%v), addr %q", a, ok, audit.AddrFrom(ctx))
	}
}
