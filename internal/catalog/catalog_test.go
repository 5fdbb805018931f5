package catalog_test

import (
	"errors"
	"slices"
	"testing"

	"plenary/internal/catalog"
)

// problems returns the field errors in err as "field code" strings, in the
// order Validate reported them.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var errs catalog.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("error %v (%T) is not catalog.Errors", err, err)
	}
	out := make([]string, len(errs))
	for i, fe := range errs {
		if fe.Reason == "" {
			t.Errorf("%s %s has no reason", fe.Field, fe.Code)
		}
		out[i] = fe.Field + " " + fe.Code
	}
	return out
}

// checkImport normalises e and validates it, as an import does, and
// compares the problems found with want ("field code", in order).
func checkImport(t *testing.T, e catalog.Entity, want ...string) {
	t.Helper()
	e.Normalize()
	got := problems(t, e.Validate())
	if !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestErrorsMessage(t *testing.T) {
	s := validSession()
	s.Start, s.End = "2022-06-30", "2022-06-29"
	s.Title = catalog.Text{"xx": "Session"}
	err := s.Validate()
	want := `title.xx: unknown language "xx" (want one of ar, zh, en, fr, ru, es, pt); end: 2022-06-29 is before the start 2022-06-30`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v\nwant    %s", err, want)
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		date  catalog.Date
		valid bool
		year  int
	}{
		{"2022-06-29", true, 2022},
		{"2020-02-29", true, 2020},
		{"1900-01-01", true, 1900},
		{"2200-12-31", true, 2200},
		{"2021-02-29", false, 0},
		{"2022-04-31", false, 0},
		{"2022-6-29", false, 0},
		{"29/06/2022", false, 0},
		{"2022-06-29T10:00:00Z", false, 0},
		{"1899-12-31", false, 0},
		{"2201-01-01", false, 0},
		{"", false, 0},
	}
	for _, tc := range tests {
		t.Run(string(tc.date), func(t *testing.T) {
			if got := tc.date.Valid(); got != tc.valid {
				t.Errorf("Valid() = %v, want %v", got, tc.valid)
			}
			if got := tc.date.Year(); got != tc.year {
				t.Errorf("Year() = %d, want %d", got, tc.year)
			}
			if d, ok := catalog.ParseDate(string(tc.date)); ok != tc.valid || (ok && d != tc.date) {
				t.Errorf("ParseDate = %q, %v", d, ok)
			}
		})
	}
}

func TestTextLangsInUNOrder(t *testing.T) {
	text := catalog.Text{"pt": "a", "en": "b", "ar": "c", "es": "", "ru": "d"}
	want := []catalog.Lang{catalog.Arabic, catalog.English, catalog.Russian, catalog.Portuguese}
	if got := text.Langs(); !slices.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
}
