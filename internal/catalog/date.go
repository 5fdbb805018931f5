package catalog

import "time"

// Date is a calendar date written YYYY-MM-DD. Its string form sorts in
// date order, which is how it is stored and indexed.
type Date string

const dateLayout = "2006-01-02"

// ParseDate checks that s is a valid YYYY-MM-DD date.
func ParseDate(s string) (Date, bool) {
	t, err := time.Parse(dateLayout, s)
	if err != nil || t.Year() < 1900 || t.Year() > 2200 {
		return "", false
	}
	return Date(s), true
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date { return Date(t.Format(dateLayout)) }

// Valid reports whether d is a valid date.
func (d Date) Valid() bool {
	_, ok := ParseDate(string(d))
	return ok
}

// Time returns midnight UTC at the start of d, or the zero time for an
// invalid date.
func (d Date) Time() time.Time {
	t, err := time.Parse(dateLayout, string(d))
	if err != nil {
		return time.Time{}
	}
	return t
}

// Year returns the year of d, or 0 for an invalid date. It reads the
// digits itself: lists count documents by year and call it often.
func (d Date) Year() int {
	if len(d) != len(dateLayout) || d[4] != '-' || d[7] != '-' {
		return 0
	}
	num := func(s Date) int {
		n := 0
		for i := range len(s) {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			n = n*10 + int(s[i]-'0')
		}
		return n
	}
	y, m, day := num(d[:4]), num(d[5:7]), num(d[8:])
	if y < 1900 || y > 2200 || m < 1 || m > 12 || day < 1 || day > daysIn(time.Month(m), y) {
		return 0
	}
	return y
}

// daysIn is the number of days in month m of year y.
func daysIn(m time.Month, y int) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func (d Date) validate(v *validator, field string, required bool) {
	switch {
	case d == "" && required:
		v.add(field, CodeRequired, "required (YYYY-MM-DD)")
	case d != "" && !d.Valid():
		v.add(field, CodeInvalidDate, "%q is not a date (want YYYY-MM-DD)", string(d))
	}
}
