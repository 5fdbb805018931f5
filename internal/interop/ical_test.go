package interop

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestICalendarEscapesAndFolds(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	ev := Event{
		UID: "CTOC/COP/WG.4/12@plenary", Summary: "Working Group; twelfth session, Vienna",
		Location: "Vienna, Austria", URL: "https://example.org/en/sessions/CTOC/COP/WG.4/12",
		Description: strings.Repeat("الفريق العامل المعني بالاتجار بالأشخاص ", 5) + "\nline two",
		Start:       day("2022-06-29"), End: day("2022-06-30"),
	}
	out := Calendar{Events: []Event{ev}}.String(time.Date(2022, 5, 1, 8, 0, 0, 0, time.UTC))
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		"DTSTAMP:20220501T080000Z\r\n",
		"DTSTART;VALUE=DATE:20220629\r\n",
		"DTEND;VALUE=DATE:20220701\r\n", // the day after the last, as RFC 5545 wants
		`SUMMARY:Working Group\; twelfth session\, Vienna` + "\r\n",
		`LOCATION:Vienna\, Austria` + "\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("a line of %d octets: %q", len(line), line)
		}
		if !utf8.ValidString(line) {
			t.Errorf("folding split a character: %q", line)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.Contains(unfolded, `\nline two`) || !strings.Contains(unfolded, "بالأشخاص الفريق") {
		t.Error("the description does not survive unfolding")
	}
}

func TestICalendarStampsAndName(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	changed := time.Date(2022, 3, 4, 5, 6, 7, 0, time.FixedZone("X", 3600))
	cal := Calendar{Name: "Plenary, meetings", Events: []Event{
		{UID: "a@x", Summary: "A\x00B\r\nC\rD", Start: day("2022-06-29"), End: day("2022-06-29"), Stamp: changed},
		{UID: "b@x", Summary: "B", Start: day("2022-07-01"), End: day("2022-07-02")},
	}}
	out := cal.String(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, want := range []string{
		"X-WR-CALNAME:Plenary\\, meetings\r\n",
		"UID:a@x\r\nDTSTAMP:20220304T040607Z\r\n", // the event's own stamp, in UTC
		"UID:b@x\r\nDTSTAMP:20000101T000000Z\r\n", // the calendar's
		"SUMMARY:AB\\nC\\nD\r\n",                  // no control characters, line breaks escaped
		"DTEND;VALUE=DATE:20220630\r\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestFoldKeepsCharactersWhole(t *testing.T) {
	for _, s := range []string{strings.Repeat("中", 60), strings.Repeat("ب", 90), strings.Repeat("a", 74) + "é" + strings.Repeat("😀", 30)} {
		var b strings.Builder
		fold(&b, "SUMMARY:"+s)
		lines := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
		for i, l := range lines {
			if len(l) > 75 || !utf8.ValidString(l) || i > 0 && l[0] != ' ' {
				t.Errorf("bad line %d (%d octets): %q", i, len(l), l)
			}
		}
		if got := strings.ReplaceAll(b.String(), "\r\n ", ""); got != "SUMMARY:"+s+"\r\n" {
			t.Errorf("unfolds to %q", got)
		}
	}
}
