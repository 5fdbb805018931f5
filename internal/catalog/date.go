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

// Year returns the year of d, or 0 for an invalid date.
func (d Date) Year() int {
	if !d.Valid() {
		return 0
	}
	return d.Time().Year()
}

func (d Date) validate(v *validator, field string, required bool) {
	switch {
	case d == "" && required:
		v.add(field, CodeRequired, "required (YYYY-MM-DD)")
	case d != "" && !d.Valid():
		v.add(field, CodeInvalidDate, "%q is not a date (want YYYY-MM-DD)", string(d))
	}
}
