package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/interop"
	"plenary/internal/readmodel"
)

// feedSize is how many documents the feed of new documents holds.
const feedSize = 50

// Feeds and calendars show what an anonymous visitor may see, whoever
// asks: a feed reader shares its subscriptions, and a signed-in user's
// drafts or restricted documents must not leak into them.
const feedAudience = catalog.Public

// feedRoute serves the Atom feeds under /feeds/:
//
//	/feeds/documents.atom       new and updated documents (?body, session, type, lang)
//	/feeds/documents/{id}.atom  one document: its language versions and the documents that correct, revise or add to it
//	/feeds/sessions.atom        upcoming sessions (?body, lang)
func (s *server) feedRoute(c *gin.Context) {
	if !s.CatalogReady() {
		s.failData(c, apperr.Unavailable("the catalogue is loading; try again in a few seconds", nil))
		return
	}
	p := c.Param("path")
	switch {
	case p == "/documents.atom":
		s.documentsFeed(c)
	case p == "/sessions.atom":
		s.sessionsFeed(c)
	case strings.HasPrefix(p, "/documents/") && strings.HasSuffix(p, ".atom") && len(p) > len("/documents/.atom"):
		s.documentFeed(c, strings.TrimSuffix(strings.TrimPrefix(p, "/documents/"), ".atom"))
	default:
		s.failData(c, apperr.NotFound("no feed at %s", c.Request.URL.Path))
	}
}

// failData answers a feed or calendar request that fails with a problem
// document (RFC 9457), never an HTML page: the client is a program.
func (s *server) failData(c *gin.Context, err error) {
	e := apperr.From(err)
	if e.Status >= 500 {
		s.Logger.Error("request failed", "method", c.Request.Method, "path", c.Request.URL.Path, "status", e.Status, "err", e.Cause)
	}
	if e.Status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	c.Header("Cache-Control", "no-store")
	c.Render(e.Status, problemJSON{problem{
		Type: "about:blank", Title: http.StatusText(e.Status), Status: e.Status,
		Detail: e.Message, Param: e.Param, Instance: c.Request.URL.RequestURI(),
	}})
	c.Abort()
}

// feedLang reads the lang parameter: the language of titles and links,
// English when it is not given.
func feedLang(c *gin.Context) (catalog.Lang, bool, error) {
	v, given := c.GetQuery("lang")
	if !given {
		return catalog.English, false, nil
	}
	l, ok := catalog.ParseLang(v)
	if !ok {
		return "", false, apperr.BadParam("lang", "unknown language %q (want one of ar, zh, en, fr, ru, es, pt)", v)
	}
	return l, true, nil
}

// feedBody reads the body parameter: 404 for a body that does not exist.
func (s *server) feedBody(c *gin.Context) (*catalog.Body, error) {
	v, given := c.GetQuery("body")
	if !given {
		return nil, nil
	}
	code := strings.ToUpper(strings.TrimSpace(v))
	if code == "" {
		return nil, apperr.BadParam("body", "empty body code")
	}
	b, ok := s.Model.Body(code)
	if !ok {
		return nil, apperr.NotFound("no body with code %q", code)
	}
	return b, nil
}

// documentsFeed serves /feeds/documents.atom.
func (s *server) documentsFeed(c *gin.Context) {
	lang, langGiven, err := feedLang(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	t := s.Locales.forLang(lang)
	f := readmodel.FeedFilter{}
	var about []string // what the filters narrow the feed to, for its title
	b, err := s.feedBody(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	if b != nil {
		f.Body = b.Code
		about = append(about, t.Pick(b.Name).Text)
	}
	if v, given := c.GetQuery("session"); given {
		id := strings.TrimSpace(v)
		if id == "" {
			s.failData(c, apperr.BadParam("session", "empty session id"))
			return
		}
		x, ok := s.Model.Session(id)
		if !ok {
			s.failData(c, apperr.NotFound("no session with id %q", id))
			return
		}
		f.Session = x.ID
		about = append(about, sessionName(t, x, s.bodyOf(x)))
	}
	for _, v := range c.QueryArray("type") {
		for _, typ := range strings.Split(v, ",") {
			typ = strings.TrimSpace(typ)
			if !slices.Contains(catalog.DocTypes, catalog.DocType(typ)) {
				s.failData(c, apperr.BadParam("type", "unknown document type %q", typ))
				return
			}
			f.Types = append(f.Types, catalog.DocType(typ))
			about = append(about, t.Label("doctype", typ))
		}
	}
	if langGiven {
		f.Lang = lang
		about = append(about, t.Name(lang))
	}
	base := s.baseURL(c)
	title := t.S("feeds.documents")
	if len(about) > 0 {
		title += " · " + strings.Join(about, " · ")
	}
	self := base + "/feeds/documents.atom" + canonicalQuery(c.Request.URL.Query(), "body", "session", "type", "lang")
	feed := &interop.Feed{
		Lang: string(lang), ID: self, Title: interop.Text{Value: title},
		Links: []interop.Link{
			{Rel: "self", Type: interop.AtomType, Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + t.Path("search") + query("type", typeStrings(f.Types), "body", f.Body, "session", f.Session, "lang", string(f.Lang), "sort", "newest")},
		},
		Authors: []interop.Person{{Name: t.S("site.name"), URI: base + t.Path("")}},
	}
	for _, d := range s.Model.RecentlyChanged(f, feedAudience, feedSize) {
		feed.Entries = append(feed.Entries, s.documentEntry(t, base, d))
	}
	s.writeAtom(c, feed)
}

// documentEntry is a document as an entry of a feed of documents.
func (s *server) documentEntry(t *T, base string, d *readmodel.Doc) interop.Entry {
	shown := t.Title(d.Document)
	published := interop.AtomTime(d.Date.Time())
	e := interop.Entry{
		ID:        interop.TagURI(base, "document", d.ID),
		Title:     contentText(t, shown),
		Updated:   interop.AtomTime(updatedOr(d.Updated, d.Date)),
		Published: &published,
		Links:     []interop.Link{{Rel: "alternate", Type: "text/html", Href: base + t.Path("documents", d.ID)}},
		Authors:   []interop.Person{s.bodyAuthor(t, base, d.Body)},
	}
	for _, v := range d.Versions {
		e.Links = append(e.Links, interop.Link{Rel: "alternate", Type: "text/html", Hreflang: string(v.Lang),
			Href: base + "/" + string(v.Lang) + "/documents/" + joinPath(d.ID), Title: v.Title})
	}
	if v := abstractOf(t, d.Document); v != nil {
		e.Summary = &interop.Text{Value: v.Abstract}
		if v.Lang != t.Lang {
			e.Summary.Lang = string(v.Lang)
		}
	}
	e.Categories = append(e.Categories, interop.Category{Term: string(d.Type), Scheme: interop.TagURI(base, "doctype"), Label: t.Label("doctype", string(d.Type))})
	for _, sub := range d.Subjects {
		e.Categories = append(e.Categories, interop.Category{Term: sub, Scheme: interop.TagURI(base, "subject"), Label: t.Label("subject", sub)})
	}
	return e
}

// documentFeed serves /feeds/documents/{id}.atom: an entry for each
// language version, dated by the version (or the document), and one for
// each document the public may see that corrects, revises, adds to or
// replaces it, so that a delegate can follow a document until the version
// in their language appears.
func (s *server) documentFeed(c *gin.Context, id string) {
	lang, _, err := feedLang(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	d, ok := s.Model.Document(id, feedAudience)
	if !ok || !d.Open() {
		s.failData(c, apperr.NotFound("no document with id %q", id))
		return
	}
	t := s.Locales.forLang(lang)
	base := s.baseURL(c)
	self := base + "/feeds/documents/" + joinPath(d.ID) + ".atom" + canonicalQuery(c.Request.URL.Query(), "lang")
	shown := t.Title(d.Document)
	feed := &interop.Feed{
		Lang: string(lang), ID: self,
		Title: interop.Text{Value: shown.Text + " · " + t.S("feeds.document")},
		Links: []interop.Link{
			{Rel: "self", Type: interop.AtomType, Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + t.Path("documents", d.ID)},
		},
		Authors: []interop.Person{s.bodyAuthor(t, base, d.Body)},
	}
	for _, v := range d.Versions {
		day := v.Date
		if day == "" {
			day = d.Date
		}
		when := interop.AtomTime(day.Time())
		e := interop.Entry{
			ID:        interop.TagURI(base, "document", d.ID, string(v.Lang)),
			Title:     interop.Text{Value: v.Title + " (" + v.Lang.Native() + ")", Lang: string(v.Lang)},
			Updated:   when,
			Published: &when,
			Links: []interop.Link{{Rel: "alternate", Type: "text/html", Hreflang: string(v.Lang),
				Href: base + "/" + string(v.Lang) + "/documents/" + joinPath(d.ID)}},
			Categories: []interop.Category{{Term: string(v.Lang), Scheme: interop.TagURI(base, "language"), Label: t.Name(v.Lang)}},
		}
		if v.File != nil {
			e.Links = append(e.Links, interop.Link{Rel: "enclosure", Type: v.File.MediaType, Hreflang: string(v.Lang),
				Href: base + t.FileURL(d.ID, v.Lang), Length: v.File.Size})
		}
		if v.Abstract != "" {
			e.Summary = &interop.Text{Value: v.Abstract, Lang: string(v.Lang)}
		} else {
			e.Summary = &interop.Text{Value: t.S("feeds.version_available", "Language", t.Name(v.Lang))}
		}
		feed.Entries = append(feed.Entries, e)
	}
	for _, r := range s.Model.RelatedTo(d.ID, feedAudience) {
		if !r.Open() {
			continue
		}
		e := s.documentEntry(t, base, r)
		for _, rel := range r.Relations {
			if rel.Target == d.ID {
				e.Categories = append(e.Categories, interop.Category{Term: string(rel.Type), Scheme: interop.TagURI(base, "relation"), Label: t.Label("relation", string(rel.Type))})
			}
		}
		feed.Entries = append(feed.Entries, e)
	}
	slices.SortStableFunc(feed.Entries, func(a, b interop.Entry) int {
		return time.Time(b.Updated).Compare(time.Time(a.Updated))
	})
	s.writeAtom(c, feed)
}

// sessionsFeed serves /feeds/sessions.atom: the sessions under way or to
// come, soonest first, each dated by the last change to its record.
func (s *server) sessionsFeed(c *gin.Context) {
	lang, _, err := feedLang(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	b, err := s.feedBody(c)
	if err != nil {
		s.failData(c, err)
		return
	}
	t := s.Locales.forLang(lang)
	base := s.baseURL(c)
	f := readmodel.SessionFilter{Statuses: []catalog.SessionStatus{catalog.Upcoming}, Today: s.today()}
	title := t.S("feeds.sessions")
	if b != nil {
		f.Body = b.Code
		title += " · " + t.Pick(b.Name).Text
	}
	sessions := s.Model.Sessions(f)
	f.Statuses = []catalog.SessionStatus{catalog.Ongoing}
	sessions = append(s.Model.Sessions(f), sessions...)
	stamps := s.sessionStamps(sessions)
	self := base + "/feeds/sessions.atom" + canonicalQuery(c.Request.URL.Query(), "body", "lang")
	feed := &interop.Feed{
		Lang: string(lang), ID: self, Title: interop.Text{Value: title},
		Links: []interop.Link{
			{Rel: "self", Type: interop.AtomType, Href: self},
			{Rel: "alternate", Type: "text/html", Href: base + t.Path("meetings") + query("body", f.Body, "when", "upcoming")},
		},
		Authors: []interop.Person{{Name: t.S("site.name"), URI: base + t.Path("")}},
	}
	for _, x := range sessions {
		published := interop.AtomTime(x.Start.Time())
		e := interop.Entry{
			ID:        interop.TagURI(base, "session", x.ID),
			Title:     interop.Text{Value: sessionName(t, x, s.bodyOf(x))},
			Updated:   interop.AtomTime(updatedOr(stamps[x.ID], x.Start)),
			Published: &published,
			Links: []interop.Link{
				{Rel: "alternate", Type: "text/html", Href: base + t.Path("sessions", x.ID)},
				{Rel: "related", Type: "text/calendar", Href: base + "/sessions/" + joinPath(x.ID) + ".ics" + query("lang", langParam(lang))},
			},
			Summary:    &interop.Text{Value: sessionWhenWhere(t, x)},
			Authors:    []interop.Person{s.bodyAuthor(t, base, x.Body)},
			Categories: []interop.Category{{Term: x.Body, Scheme: interop.TagURI(base, "body"), Label: t.BodyName(s.bodyOf(x)).Text}},
		}
		if title := t.Pick(x.Title); title.Other {
			e.Title.Lang = string(title.Lang)
		}
		feed.Entries = append(feed.Entries, e)
	}
	s.writeAtom(c, feed)
}

// writeAtom writes a feed, answering 304 when the client has it already.
func (s *server) writeAtom(c *gin.Context, feed *interop.Feed) {
	var buf bytes.Buffer
	if err := interop.WriteAtom(&buf, feed); err != nil {
		s.failData(c, apperr.Internal(err))
		return
	}
	s.writeData(c, interop.AtomMediaType, buf.Bytes())
}

// writeData writes a feed or calendar with an ETag made from its content,
// answering 304 to a request that has that version.
func (s *server) writeData(c *gin.Context, mediaType string, body []byte) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "public, max-age=300")
	for _, v := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		if v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "W/")); v == etag || v == "*" {
			c.Status(http.StatusNotModified)
			return
		}
	}
	c.Data(http.StatusOK, mediaType, body)
}

// sessionStamps returns when the records of the sessions last changed.
func (s *server) sessionStamps(sessions []*catalog.Session) map[string]time.Time {
	out := make(map[string]time.Time, len(sessions))
	for _, x := range sessions {
		out[x.ID] = s.Model.SessionUpdated(x.ID)
	}
	return out
}

// bodyOf returns a session's body, nil when it is unknown.
func (s *server) bodyOf(x *catalog.Session) *catalog.Body {
	b, _ := s.Model.Body(x.Body)
	return b
}

// bodyAuthor is the body that issues a document or holds a session, as an
// Atom author: its name and page. Without a body, the portal.
func (s *server) bodyAuthor(t *T, base, code string) interop.Person {
	if b, ok := s.Model.Body(code); ok {
		return interop.Person{Name: t.Pick(b.Name).Text, URI: base + t.Path("bodies", b.Code)}
	}
	return interop.Person{Name: t.S("site.name"), URI: base + t.Path("")}
}

// sessionName is a session's title with its body's name before it, unless
// the title already names the body.
func sessionName(t *T, x *catalog.Session, b *catalog.Body) string {
	title := t.Pick(x.Title).Text
	if b == nil {
		return title
	}
	name := t.BodyName(b).Text
	if strings.Contains(title, name) || strings.Contains(title, t.Pick(b.Name).Text) {
		return title
	}
	return name + ": " + title
}

// venueText is where a session takes place, in words: "Vienna, Austria",
// or the attendance mode for an online session.
func venueText(t *T, x *catalog.Session) string {
	var place []string
	for _, p := range []string{x.Venue.City, x.Venue.Country} {
		if p != "" {
			place = append(place, p)
		}
	}
	if len(place) == 0 {
		return t.Label("mode", string(x.Venue.Mode))
	}
	return strings.Join(place, ", ")
}

// sessionWhenWhere is a session's dates, venue and attendance mode.
func sessionWhenWhere(t *T, x *catalog.Session) string {
	out := t.Span(x.Start, x.End) + " · " + venueText(t, x)
	if x.Venue.City != "" || x.Venue.Country != "" {
		out += " · " + t.Label("mode", string(x.Venue.Mode))
	}
	return out
}

// contentText is shown content as an Atom text, marked with its language
// when that is not the feed's.
func contentText(t *T, sh Shown) interop.Text {
	out := interop.Text{Value: sh.Text}
	if sh.Lang != t.Lang {
		out.Lang = string(sh.Lang)
	}
	return out
}

// abstractOf is the version whose abstract to show: the shown version's,
// else the first in fallback order that has one; nil when none has.
func abstractOf(t *T, d *catalog.Document) *catalog.Version {
	if v := t.Version(d); v != nil && v.Abstract != "" {
		return v
	}
	for _, l := range fallbackOrder {
		if v, ok := d.Version(l); ok && v.Abstract != "" {
			return v
		}
	}
	return nil
}

// updatedOr is when a record last changed, or its date when that is unknown.
func updatedOr(updated time.Time, day catalog.Date) time.Time {
	if updated.IsZero() {
		return day.Time()
	}
	return updated
}

// canonicalQuery keeps the named parameters of q, in a fixed order, for a
// feed's self link and id.
func canonicalQuery(q url.Values, names ...string) string {
	out := url.Values{}
	for _, n := range names {
		for _, v := range q[n] {
			if v != "" {
				out.Add(n, v)
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "?" + out.Encode()
}

func typeStrings(ts []catalog.DocType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}

// langParam is the lang parameter of a link: empty (left out) for English.
func langParam(l catalog.Lang) string {
	if l == catalog.English {
		return ""
	}
	return string(l)
}
