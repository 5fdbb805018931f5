// Package interop writes the catalogue in formats other programs read.
package interop

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one all-day calendar event: a session.
type Event struct {
	UID         string
	Summary     string
	Description string
	Location    string
	URL         string
	// Start and End are the first and last days, inclusive. Sessions
	// have dates only, so events are all-day (DATE values) and need no
	// time zone.
	Start, End time.Time
	// Stamp is the event's DTSTAMP: when its record last changed, so
	// that the file stays the same until the session does. Zero takes
	// the stamp given to ICalendar.
	Stamp time.Time
}

// Calendar is an iCalendar (RFC 5545) file: its events and an optional name that
// calendar programs show for a subscription (X-WR-CALNAME).
type Calendar struct {
	Name   string
	Events []Event
}

// String writes the calendar, with CRLF line ends, lines folded at 75
// octets and TEXT values escaped; stamp is the DTSTAMP of events that have
// none of their own.
func (cal Calendar) String(stamp time.Time) string {
	var b strings.Builder
	line := func(name, value string) { fold(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Plenary//Meetings//EN")
	line("CALSCALE", "GREGORIAN")
	if cal.Name != "" {
		line("X-WR-CALNAME", escapeText(cal.Name))
	}
	for _, e := range cal.Events {
		st := e.Stamp
		if st.IsZero() {
			st = stamp
		}
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", st.UTC().Format("20060102T150405Z"))
		line("DTSTART;VALUE=DATE", e.Start.Format("20060102"))
		line("DTEND;VALUE=DATE", e.End.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", escapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION", escapeText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.String()
}

// escapeText escapes a TEXT value: backslash, semicolon, comma and line
// breaks, and drops the other control characters, which a content line
// may not hold (RFC 5545, 3.1 and 3.3.11).
func escapeText(s string) string {
	s = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// fold writes a content line, folded at 75 octets without splitting a
// character, ended by CRLF.
func fold(b *strings.Builder, s string) {
	n := 0
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	b.WriteString("\r\n")
}
