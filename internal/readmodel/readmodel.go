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
// never changes one in place. A rebuild is made aside and replaces the
// served snapshot only once complete.
type Model struct {
	mu      sync.RWMutex
	live    *snapshot
	staging *snapshot // the snapshot a rebuild is making, nil outside one
}

// snapshot is one complete set of records with its indexes.
type snapshot struct {
	bodies    map[string]*catalog.Body
	sessions  map[string]*catalog.Session
	sessionAt map[string]time.Time // session id → when its record last changed
	docs      map[string]*Doc
	recs      map[string]*catalog.Recommendation
	bySession map[string]map[string]bool // session id → document ids
	relatedTo map[string]map[string]bool // document id → ids of the documents that name it in a relation

	sortMu sync.Mutex
	sorted []*Doc // every document, newest first; nil after a change until asked for
	// harvest is every document in harvest order (by datestamp, then id);
	// nil after a change until asked for.
	harvest []HarvestItem
	// recent is every document, most recently stored first; nil after a
	// change until asked for.
	recent []*Doc
}

func newSnapshot() *snapshot {
	return &snapshot{
		bodies:    map[string]*catalog.Body{},
		sessions:  map[string]*catalog.Session{},
		sessionAt: map[string]time.Time{},
		docs:      map[string]*Doc{},
		recs:      map[string]*catalog.Recommendation{},
		bySession: map[string]map[string]bool{},
		relatedTo: map[string]map[string]bool{},
	}
}

// Doc is a document as the read model holds it: without full texts, with
// the time it was last stored.
type Doc struct {
	*catalog.Document
	Updated time.Time
}

var _ changefeed.Consumer = (*Model)(nil)

// New returns an empty model.
func New() *Model { return &Model{live: newSnapshot()} }

// Reset implements changefeed.Consumer: it starts a new snapshot aside.
func (m *Model) Reset(context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.staging = newSnapshot()
	return nil
}

// Apply implements changefeed.Consumer. During a rebuild the updates go to
// the new snapshot, which replaces the served one with the last call. The
// model lives in memory only, so it keeps no position: every start
// rebuilds it.
func (m *Model) Apply(_ context.Context, updates []changefeed.Update, pos changefeed.Position) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.live
	if m.staging != nil {
		c = m.staging
	}
	for _, u := range updates {
		c.apply(u)
	}
	if m.staging != nil && pos.Next != 0 {
		m.live, m.staging = m.staging, nil
	}
	return nil
}

func (c *snapshot) apply(u changefeed.Update) {
	switch u.Kind {
	case catalog.KindBody:
		if b, ok := u.Record.Entity.(*catalog.Body); ok {
			c.bodies[u.ID] = b
		} else {
			delete(c.bodies, u.ID)
		}
	case catalog.KindSession:
		if s, ok := u.Record.Entity.(*catalog.Session); ok {
			c.sessions[u.ID], c.sessionAt[u.ID] = s, u.Record.Updated
		} else {
			delete(c.sessions, u.ID)
			delete(c.sessionAt, u.ID)
		}
	case catalog.KindDocument:
		c.sorted, c.harvest, c.recent = nil, nil, nil // Apply holds the write lock: no reader is walking them
		c.removeDoc(u.ID)
		if d, ok := u.Record.Entity.(*catalog.Document); ok {
			c.docs[u.ID] = &Doc{Document: d, Updated: u.Record.Updated}
			if d.Session != "" {
				if c.bySession[d.Session] == nil {
					c.bySession[d.Session] = map[string]bool{}
				}
				c.bySession[d.Session][u.ID] = true
			}
			for _, r := range d.Relations {
				if c.relatedTo[r.Target] == nil {
					c.relatedTo[r.Target] = map[string]bool{}
				}
				c.relatedTo[r.Target][u.ID] = true
			}
		}
	case catalog.KindRecommendation:
		if r, ok := u.Record.Entity.(*catalog.Recommendation); ok {
			c.recs[u.ID] = r
		} else {
			delete(c.recs, u.ID)
		}
	}
}

func (c *snapshot) removeDoc(id string) {
	old, ok := c.docs[id]
	if !ok {
		return
	}
	if old.Session != "" {
		delete(c.bySession[old.Session], id)
		if len(c.bySession[old.Session]) == 0 {
			delete(c.bySession, old.Session)
		}
	}
	for _, r := range old.Relations {
		delete(c.relatedTo[r.Target], id)
		if len(c.relatedTo[r.Target]) == 0 {
			delete(c.relatedTo, r.Target)
		}
	}
	delete(c.docs, id)
}

// Bodies returns every body, ordered by code.
func (m *Model) Bodies() []*catalog.Body {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*catalog.Body, 0, len(m.live.bodies))
	for _, b := range m.live.bodies {
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b *catalog.Body) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// Body returns one body.
func (m *Model) Body(code string) (*catalog.Body, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.live.bodies[code]
	return b, ok
}

// SessionFilter selects sessions. Zero fields do not filter.
type SessionFilter struct {
	Body string
	Year int
	// Statuses keeps the sessions with one of these statuses.
	Statuses []catalog.SessionStatus
	// Today decides the status; required with Statuses.
	Today catalog.Date
}

// Sessions returns the sessions that match f: when only upcoming ones are
// asked for, soonest first; otherwise latest first.
func (m *Model) Sessions(f SessionFilter) []*catalog.Session {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*catalog.Session
	for _, s := range m.live.sessions {
		if f.Body != "" && s.Body != f.Body {
			continue
		}
		if f.Year != 0 && s.Start.Year() != f.Year && s.End.Year() != f.Year {
			continue
		}
		if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, s.Status(f.Today)) {
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
	if !slices.Equal(f.Statuses, []catalog.SessionStatus{catalog.Upcoming}) {
		slices.Reverse(out)
	}
	return out
}

// Session returns one session.
func (m *Model) Session(id string) (*catalog.Session, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.live.sessions[id]
	return s, ok
}

// SessionUpdated returns when the record of session id last changed (zero
// when the session is unknown).
func (m *Model) SessionUpdated(id string) time.Time {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.live.sessionAt[id]
}

// Document returns one document if a may see it.
func (m *Model) Document(id string, a catalog.Audience) (*Doc, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.live.docs[id]
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
	for id := range m.live.bySession[session] {
		if d := m.live.docs[id]; d.VisibleTo(a) {
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
	for _, r := range m.live.recs {
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
			if s, ok := m.live.sessions[r.Session]; !ok || s.Body != f.Body {
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
	r, ok := m.live.recs[id]
	if !ok || !m.recVisible(r, a) {
		return nil, false
	}
	return r, true
}

// recVisible reports whether a may see r: not while its report is hidden,
// nor when its report is unknown.
func (m *Model) recVisible(r *catalog.Recommendation, a catalog.Audience) bool {
	if r.Document == "" {
		return true
	}
	d, ok := m.live.docs[r.Document]
	return ok && d.VisibleTo(a)
}

// Linkable reports whether a may be shown a reference to the document id:
// yes for a document outside the catalogue (published elsewhere), and for
// one in it that a may see.
func (m *Model) Linkable(id string, a catalog.Audience) bool {
	m.mu.RLock()
	defer m.mu.RUnlock()
	d, ok := m.live.docs[id]
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
