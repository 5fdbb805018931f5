package catalog

import (
	"encoding/json"
	"strings"
)

// Session is one meeting of a body: a numbered session of a working group,
// a thematic discussion, a high-level meeting or a one-day event.
type Session struct {
	ID     string       `json:"id" bson:"-"`
	Body   string       `json:"body" bson:"body"`
	Number int          `json:"number,omitempty" bson:"number,omitempty"`
	Title  Text         `json:"title" bson:"title"`
	Start  Date         `json:"start" bson:"start"`
	End    Date         `json:"end" bson:"end"`
	Venue  Venue        `json:"venue" bson:"venue"`
	Agenda []AgendaItem `json:"agenda,omitempty" bson:"agenda,omitempty"`
	// Sample marks demonstration content.
	Sample bool `json:"sample,omitempty" bson:"sample,omitempty"`
}

// AgendaItem is one item of a session's agenda, in agenda order.
type AgendaItem struct {
	// Item is the item's number as printed, such as "3" or "3 (a)".
	Item  string `json:"item" bson:"item"`
	Title Text   `json:"title" bson:"title"`
}

// Mode says how participants attend a session.
type Mode string

// The attendance modes.
const (
	InPerson Mode = "in-person"
	Online   Mode = "online"
	Hybrid   Mode = "hybrid"
)

// Modes lists the attendance modes.
var Modes = []Mode{InPerson, Online, Hybrid}

// Venue is where a session takes place. In JSON it is either an object or
// a plain string: a city, or "online".
type Venue struct {
	City    string `json:"city,omitempty" bson:"city,omitempty"`
	Country string `json:"country,omitempty" bson:"country,omitempty"`
	Mode    Mode   `json:"mode,omitempty" bson:"mode,omitempty"`
}

// UnmarshalJSON accepts a city ("Vienna"), a mode ("online"), or
// {"city": …, "country": …, "mode": …}.
func (v *Venue) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err == nil {
		s = strings.TrimSpace(s)
		switch m := Mode(strings.ToLower(s)); m {
		case Online, Hybrid, InPerson:
			*v = Venue{Mode: m}
		default:
			*v = Venue{City: s}
		}
		return nil
	}
	type plain Venue
	var p plain
	if err := decodeStrict(data, &p, "venue"); err != nil {
		return err
	}
	*v = Venue(p)
	return nil
}

// SessionStatus says where a session stands relative to a given day.
type SessionStatus string

// The session statuses.
const (
	Upcoming SessionStatus = "upcoming"
	Ongoing  SessionStatus = "ongoing"
	Past     SessionStatus = "past"
)

// Status derives the session's status on the day today.
func (s *Session) Status(today Date) SessionStatus {
	switch {
	case today < s.Start:
		return Upcoming
	case today > s.End:
		return Past
	default:
		return Ongoing
	}
}

// EntityKind implements Entity.
func (s *Session) EntityKind() Kind { return KindSession }

// Key implements Entity: the session id.
func (s *Session) Key() string { return s.ID }

// Normalize implements Entity.
func (s *Session) Normalize() {
	s.ID = strings.TrimSpace(s.ID)
	s.Body = strings.ToUpper(strings.TrimSpace(s.Body))
	s.Title = s.Title.normalize()
	s.Venue.City = strings.TrimSpace(s.Venue.City)
	s.Venue.Country = strings.TrimSpace(s.Venue.Country)
	if s.Venue.Mode == "" {
		s.Venue.Mode = InPerson
	}
	for i := range s.Agenda {
		s.Agenda[i].Item = strings.TrimSpace(s.Agenda[i].Item)
		s.Agenda[i].Title = s.Agenda[i].Title.normalize()
	}
}

// Validate implements Entity.
func (s *Session) Validate() error {
	var v validator
	validSlug(&v, "id", s.ID)
	validCode(&v, "body", s.Body)
	if s.Number < 0 {
		v.add("number", CodeInvalid, "must not be negative")
	}
	s.Title.validate(&v, "title", true, maxTitleLen)
	s.Start.validate(&v, "start", true)
	s.End.validate(&v, "end", true)
	if s.Start.Valid() && s.End.Valid() && s.End < s.Start {
		v.add("end", CodeInvalid, "%s is before the start %s", s.End, s.Start)
	}
	oneOf(&v, "venue.mode", s.Venue.Mode, Modes)
	if s.Venue.Mode != Online && s.Venue.City == "" {
		v.add("venue.city", CodeRequired, "required unless the session is online")
	}
	seen := map[string]bool{}
	for i, a := range s.Agenda {
		f := indexed("agenda", i)
		if v.required(f+".item", a.Item) {
			if seen[a.Item] {
				v.add(f+".item", CodeDuplicate, "item %q appears twice", a.Item)
			}
			seen[a.Item] = true
		}
		a.Title.validate(&v, f+".title", true, maxTitleLen)
	}
	return v.err()
}
