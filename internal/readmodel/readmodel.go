// Package readmodel keeps the whole catalogue in memory, without the full
// texts, so that pages and API lists never wait on the database. It is a
// changefeed.Consumer: the change feed keeps it current.
package readmodel

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
)

// Model is the in-memory catalogue. Values it returns are shared: callers
// must not modify them. It replaces a record as a whole on every update and
// never changes one in place.
type Model struct {
	mu        sync.RWMutex
	bodies    map[string]*catalog.Body
	sessions  map[string]*catalog.Session
	docs      map[string]*Doc
	recs      map[string]*catalog.Recommendation
	bySession map[string]map[string]bool // session id → document ids
}

// Doc is a document as the read model holds it: without full texts, with
// the time it was last stored.
type Doc struct {
	*catalog.Document
	Updated time.Time
}

var _ changefeed.Consumer = (*Model)(nil)

// New returns an empty model.
func New() *Model {
	m := &Model{}
	m.clear()
	return m
}

func (m *Model) clear() {
	m.bodies = map[string]*catalog.Body{}
	m.sessions = map[string]*catalog.Session{}
	m.docs = map[string]*Doc{}
	m.recs = map[string]*catalog.Recommendation{}
	m.bySession = map[string]map[string]bool{}
}

// Reset implements changefeed.Consumer.
func (m *Model) Reset(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.clear()
	return nil
}

// Apply implements changefeed.Consumer. The model lives in memory only, so
// it keeps no position: every start rebuilds it.
func (m *Model) Apply(_ context.Context, updates []changefeed.Update, _ changefeed.Position) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range updates {
		switch u.Kind {
		case catalog.KindBody:
			if b, ok := u.Record.Entity.(*catalog.Body); ok {
				m.bodies[u.ID] = b
			} else {
				delete(m.bodies, u.ID)
			}
		case catalog.KindSession:
			if s, ok := u.Record.Entity.(*catalog.Session); ok {
				m.sessions[u.ID] = s
			} else {
				delete(m.sessions, u.ID)
			}
		case catalog.KindDocument:
			m.removeDoc(u.ID)
			if d, ok := u.Record.Entity.(*catalog.Document); ok {
				m.docs[u.ID] = &Doc{Document: d, Updated: u.Record.Updated}
				if d.Session != "" {
					if m.bySession[d.Session] == nil {
						m.bySession[d.Session] = map[string]bool{}
					}
					m.bySession[d.Session][u.ID] = true
				}
			}
		case catalog.KindRecommendation:
			if r, ok := u.Record.Entity.(*catalog.Recommendation); ok {
				m.recs[u.ID] = r
			} else {
				delete(m.recs, u.ID)
			}
		}
	}
	return nil
}

func (m *Model) removeDoc(id string) {
	if old, ok := m.docs[id]; ok && old.Session != "" {
		delete(m.bySession[old.Session], id)
	}
	delete(m.docs, id)
}

// Counts returns how many records of each kind the model holds.
func (m *Model) Counts() map[catalog.Kind]int {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return map[catalog.Kind]int{
		catalog.KindBody:           len(m.bodies),
		catalog.KindSession:        len(m.sessions),
		catalog.KindDocument:       len(m.docs),
		catalog.KindRecommendation: len(m.recs),
	}
}

// Bodies returns every body, ordered by code.
func (m *Model) Bodies() []*catalog.Body {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*catalog.Body, 0, len(m.bodies))
	for _, b := range m.bodies {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *catalog.Body) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Body returns one body.
func (m *Model) Body(code string) (*catalog.Body, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.bodies[code]
	return b, ok
}

// SessionFilter selects sessions. Zero fields do not filter.
type SessionFilter struct {
	Body   string
	Year   int
	Status catalog.SessionStatus
	// Today decides the status; required when Status is set.
	Today catalog.Date
}

// Sessions returns the sessions that match f: upcoming ones soonest first,
// all others latest first.
func (m *Model) Sessions(f SessionFilter) []*catalog.Session {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*catalog.Session
	for _, s := range m.sessions {
		if f.Body != "" && s.Body != f.Body {
			continue
		}
		if f.Year != 0 && s.Start.Year() != f.Year && s.End.Year() != f.Year {
			continue
		}
		if f.Status != "" && s.Status(f.Today) != f.Status {
			continue
		}
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *catalog.Session) int {
		if c := strings.Compare(string(a.Start), string(b.Start)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if f.Status != catalog.Upcoming {
		slices.Reverse(out)
	}
	return out
}

// Session returns one session.
func (m *Model) Session(id string) (*catalog.Session, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.sessions[id]
	return s, ok
}

// Document returns one document if a may see it.
func (m *Model) Document(id string, a catalog.Audience) (*Doc, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.docs[id]
	if !ok || !d.VisibleTo(a) {
		return nil, false
	}
	return d, true
}

// SessionDocuments returns the documents of a session that a may see,
// by date and then id.
func (m *Model) SessionDocuments(session string, a catalog.Audience) []*Doc {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Doc
	for id := range m.bySession[session] {
		if d := m.docs[id]; d.VisibleTo(a) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(x, y *Doc) int {
		if c := strings.Compare(string(x.Date), string(y.Date)); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return out
}

// RecommendationFilter selects recommendations. Zero fields do not filter.
type RecommendationFilter struct {
	Body     string
	Session  string
	Document string
	Theme    string
}

// Recommendations returns the recommendations that match f and that a may
// see (a recommendation is hidden while its report is), ordered by session
// and number.
func (m *Model) Recommendations(f RecommendationFilter, a catalog.Audience) []*catalog.Recommendation {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*catalog.Recommendation
	for _, r := range m.recs {
		if !m.recVisible(r, a) {
			continue
		}
		if f.Session != "" && r.Session != f.Session {
			continue
		}
		if f.Document != "" && r.Document != f.Document {
			continue
		}
		if f.Theme != "" && !slices.Contains(r.Themes, f.Theme) {
			continue
		}
		if f.Body != "" {
			if s, ok := m.sessions[r.Session]; !ok || s.Body != f.Body {
				continue
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y *catalog.Recommendation) int {
		if c := strings.Compare(x.Session, y.Session); c != 0 {
			return c
		}
		return compareNumbers(x.Number, y.Number)
	})
	return out
}

// Recommendation returns one recommendation if a may see it.
func (m *Model) Recommendation(id string, a catalog.Audience) (*catalog.Recommendation, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.recs[id]
	if !ok || !m.recVisible(r, a) {
		return nil, false
	}
	return r, true
}

func (m *Model) recVisible(r *catalog.Recommendation, a catalog.Audience) bool {
	if r.Document == "" {
		return true
	}
	d, ok := m.docs[r.Document]
	return !ok || d.VisibleTo(a)
}

// compareNumbers orders "2" before "10" and "3 (a)" after "3".
func compareNumbers(a, b string) int {
	na, ra := leadingInt(a)
	nb, rb := leadingInt(b)
	if na != nb {
		return na - nb
	}
	return strings.Compare(ra, rb)
}

func leadingInt(s string) (int, string) {
	n, i := 0, 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && n < 1e8 {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:]
}
