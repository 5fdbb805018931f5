package catalog_test

import (
	"encoding/json"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

func validSession() *catalog.Session { return testutil.SessionWG4_12() }

func TestSessionValid(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *catalog.Session)
	}{
		{"as given", func(s *catalog.Session) {}},
		{"one day", func(s *catalog.Session) { s.End = s.Start }},
		{"online without a city", func(s *catalog.Session) { s.Venue = catalog.Venue{Mode: catalog.Online} }},
		{"in person by default", func(s *catalog.Session) { s.Venue = catalog.Venue{City: "Vienna"} }},
		{"no number", func(s *catalog.Session) { s.Number = 0 }},
		{"no agenda", func(s *catalog.Session) { s.Agenda = nil }},
		{"slug id", func(s *catalog.Session) { s.ID = "world-day-against-trafficking-2022" }},
		{"agenda sub-items", func(s *catalog.Session) {
			s.Agenda = []catalog.AgendaItem{{Item: "3 (a)", Title: catalog.Text{"en": "a"}}, {Item: "3 (b)", Title: catalog.Text{"en": "b"}}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validSession()
			tc.edit(s)
			checkImport(t, s)
		})
	}
}

func TestSessionInvalid(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *catalog.Session)
		want []string
	}{
		{"no id", func(s *catalog.Session) { s.ID = "" }, []string{"id required"}},
		{"space in id", func(s *catalog.Session) { s.ID = "WG 4 session 12" }, []string{"id invalid"}},
		{"dot-dot in id", func(s *catalog.Session) { s.ID = "CTOC/../12" }, []string{"id invalid"}},
		{"no body", func(s *catalog.Session) { s.Body = "" }, []string{"body required"}},
		{"negative number", func(s *catalog.Session) { s.Number = -1 }, []string{"number invalid"}},
		{"no title", func(s *catalog.Session) { s.Title = nil }, []string{"title required"}},
		{"unknown language in title", func(s *catalog.Session) { s.Title["xx"] = "?" }, []string{"title.xx unknown_language"}},
		{"no start", func(s *catalog.Session) { s.Start = "" }, []string{"start required"}},
		{"impossible start", func(s *catalog.Session) { s.Start = "2022-02-30" }, []string{"start invalid_date"}},
		{"end not ISO", func(s *catalog.Session) { s.End = "30/06/2022" }, []string{"end invalid_date"}},
		{"end before start", func(s *catalog.Session) { s.End = "2022-06-28" }, []string{"end invalid"}},
		{"unknown mode", func(s *catalog.Session) { s.Venue.Mode = "remote" }, []string{"venue.mode invalid"}},
		{"in person without a city", func(s *catalog.Session) { s.Venue = catalog.Venue{} }, []string{"venue.city required"}},
		{"hybrid without a city", func(s *catalog.Session) { s.Venue = catalog.Venue{Mode: catalog.Hybrid} }, []string{"venue.city required"}},
		{"agenda item without number", func(s *catalog.Session) { s.Agenda[0].Item = " " }, []string{"agenda[0].item required"}},
		{"agenda item duplicated", func(s *catalog.Session) { s.Agenda[1].Item = " 1 " }, []string{"agenda[1].item duplicate"}},
		{"agenda item without title", func(s *catalog.Session) { s.Agenda[1].Title = nil }, []string{"agenda[1].title required"}},
		{"unknown language in agenda title", func(s *catalog.Session) { s.Agenda[0].Title["xx"] = "?" }, []string{"agenda[0].title.xx unknown_language"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validSession()
			tc.edit(s)
			checkImport(t, s, tc.want...)
		})
	}
}

func TestSessionStatus(t *testing.T) {
	s := validSession() // 29 and 30 June 2022
	tests := []struct {
		today catalog.Date
		want  catalog.SessionStatus
	}{
		{"2021-07-01", catalog.Upcoming},
		{"2022-06-28", catalog.Upcoming},
		{"2022-06-29", catalog.Ongoing},
		{"2022-06-30", catalog.Ongoing},
		{"2022-07-01", catalog.Past},
		{"2023-01-01", catalog.Past},
	}
	for _, tc := range tests {
		t.Run(string(tc.today), func(t *testing.T) {
			if got := s.Status(tc.today); got != tc.want {
				t.Errorf("Status(%s) = %q, want %q", tc.today, got, tc.want)
			}
		})
	}
}

func TestVenueJSON(t *testing.T) {
	tests := []struct {
		name string
		json string
		want catalog.Venue
	}{
		{"city", `"Vienna"`, catalog.Venue{City: "Vienna"}},
		{"city with spaces", `"  New York "`, catalog.Venue{City: "New York"}},
		{"online", `"online"`, catalog.Venue{Mode: catalog.Online}},
		{"Online", `"Online"`, catalog.Venue{Mode: catalog.Online}},
		{"hybrid", `"hybrid"`, catalog.Venue{Mode: catalog.Hybrid}},
		{"in-person, which needs a city", `"in-person"`, catalog.Venue{Mode: catalog.InPerson}},
		{"object", `{"city": "Doha", "country": "Qatar", "mode": "hybrid"}`, catalog.Venue{City: "Doha", Country: "Qatar", Mode: catalog.Hybrid}},
		{"object online", `{"mode": "online"}`, catalog.Venue{Mode: catalog.Online}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v catalog.Venue
			if err := json.Unmarshal([]byte(tc.json), &v); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.json, err)
			}
			if v != tc.want {
				t.Errorf("Unmarshal(%s) = %+v, want %+v", tc.json, v, tc.want)
			}
		})
	}
	t.Run("number", func(t *testing.T) {
		var v catalog.Venue
		if err := json.Unmarshal([]byte(`42`), &v); err == nil {
			t.Errorf("Unmarshal(42) = %+v, want an error", v)
		}
	})
}

func TestSessionFromJSON(t *testing.T) {
	tests := []struct {
		name  string
		venue string
		want  catalog.Venue
	}{
		{"city is in person", `"Vienna"`, catalog.Venue{City: "Vienna", Mode: catalog.InPerson}},
		{"online needs no city", `"online"`, catalog.Venue{Mode: catalog.Online}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := `{"id": "ctoc-cop-11-side-event", "body": "ctoc/cop", "title": {"en": "Side event"},
				"start": "2022-10-18", "end": "2022-10-18", "venue": ` + tc.venue + `}`
			var s catalog.Session
			if err := json.Unmarshal([]byte(data), &s); err != nil {
				t.Fatal(err)
			}
			checkImport(t, &s)
			if s.Venue != tc.want || s.Body != "CTOC/COP" {
				t.Errorf("venue %+v, body %q; want %+v, CTOC/COP", s.Venue, s.Body, tc.want)
			}
		})
	}
}
