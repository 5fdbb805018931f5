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
	out := ICalendar([]Event{ev}, time.Date(2022, 5, 1, 8, 0, 0, 0, time.UTC))
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
