package mongo_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"plenary/internal/audit"
	"plenary/internal/testutil"
)

func TestAuditListFiltersNewestFirstWithACursor(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	entries := []audit.Entry{
		{Actor: "", Action: "login.failure", Target: "ana@example.org", Detail: "wrong password", Addr: "192.0.2.1"},
		{Actor: "ana@example.org", Action: "login.success", Target: "ana@example.org", Addr: "192.0.2.1", OK: true},
		{Actor: "ana@example.org", Action: "document.publish", Target: "CTOC/COP/WG.4/2022/2", OK: true},
		{Actor: "cli", Action: "user.add", Target: "ben@example.org", Detail: "role editor", OK: true},
		{Actor: "cli", Action: "user.disable", Target: "ana@example.org", OK: true},
		{Actor: "ben@example.org", Action: "login.success", Target: "ben@example.org", OK: true},
	}
	for i, e := range entries {
		e.At = base.Add(time.Duration(i) * time.Minute)
		if err := st.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	actions := func(es []audit.Entry) string {
		s := ""
		for _, e := range es {
			s += e.Action + "@" + e.At.Format("15:04") + " "
		}
		return s
	}
	cases := []struct {
		name string
		f    audit.Filter
		want string
	}{
		{"all, newest first", audit.Filter{}, "login.success@09:05 user.disable@09:04 user.add@09:03 document.publish@09:02 login.success@09:01 login.failure@09:00 "},
		{"actor", audit.Filter{Actor: "cli"}, "user.disable@09:04 user.add@09:03 "},
		{"anonymous actor is not a filter", audit.Filter{Actor: ""}, "login.success@09:05 user.disable@09:04 user.add@09:03 document.publish@09:02 login.success@09:01 login.failure@09:00 "},
		{"action prefix", audit.Filter{Action: "login."}, "login.success@09:05 login.success@09:01 login.failure@09:00 "},
		{"exact action", audit.Filter{Action: "user.add"}, "user.add@09:03 "},
		{"prefix is not a pattern", audit.Filter{Action: "login.*"}, ""},
		{"target", audit.Filter{Target: "ana@example.org"}, "user.disable@09:04 login.success@09:01 login.failure@09:00 "},
		{"time range", audit.Filter{From: base.Add(2 * time.Minute), Until: base.Add(4 * time.Minute)}, "user.add@09:03 document.publish@09:02 "},
		{"limit", audit.Filter{Limit: 2}, "login.success@09:05 user.disable@09:04 "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.List(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if actions(got) != c.want {
				t.Errorf("got  %s\nwant %s", actions(got), c.want)
			}
		})
	}

	t.Run("paging with the cursor visits every entry once", func(t *testing.T) {
		var seen []audit.Entry
		f := audit.Filter{Limit: 4}
		for range 5 {
			page, err := st.List(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			seen = append(seen, page...)
			f.Before = page[len(page)-1].ID
		}
		if len(seen) != len(entries) {
			t.Fatalf("paged through %d entries, want %d: %s", len(seen), len(entries), actions(seen))
		}
		for i := 1; i < len(seen); i++ {
			if seen[i].ID >= seen[i-1].ID {
				t.Errorf("entry %d (%s) is not older than entry %d (%s)", i, seen[i].ID, i-1, seen[i-1].ID)
			}
		}
		first := seen[len(seen)-1]
		if first.Addr != "192.0.2.1" || first.Detail != "wrong password" || first.OK || !first.At.Equal(base) {
			t.Errorf("fields did not round-trip: %+v", first)
		}
	})
}

func TestAuditRecordFillsIDAndTime(t *testing.T) {
	st := testutil.Store(t)
	ctx := context.Background()
	for i := range 3 {
		if err := st.Record(ctx, audit.Entry{Actor: "cli", Action: "import", Detail: fmt.Sprint(i), OK: true}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.List(ctx, audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Detail != "2" || got[2].Detail != "0" {
		t.Fatalf("got %+v", got)
	}
	for _, e := range got {
		if len(e.ID) != 24 || e.At.IsZero() || time.Since(e.At) > time.Minute {
			t.Errorf("entry without id or time: %+v", e)
		}
	}
}
