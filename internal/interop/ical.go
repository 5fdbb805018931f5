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
	// Start and End are the first and last days, inclusive.
	Start, End time.Time
}

// ICalendar writes events as an iCalendar (RFC 5545) file. stamp is when
// the file was made.
func ICalendar(events []Event, stamp time.Time) string {
	var b strings.Builder
	line := func(name, value string) { fold(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Plenary//Meetings//EN")
	line("CALSCALE", "GREGORIAN")
	for _, e := range events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", stamp.UTC().Format("20060102T150405Z"))
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

// escapeText escapes a TEXT value.
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", "").Replace(s)
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
