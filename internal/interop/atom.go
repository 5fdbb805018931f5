package interop

import (
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"time"
)

// AtomType is the media type of an Atom feed, for links; AtomMediaType
// is the Content-Type of one.
const (
	AtomType      = "application/atom+xml"
	AtomMediaType = AtomType + "; charset=utf-8"
)

// atomNS and xmlNS are the namespaces of Atom and of the xml: attributes.
const (
	atomNS = "http://www.w3.org/2005/Atom"
	xmlNS  = "http://www.w3.org/XML/1998/namespace"
)

// Feed is an Atom feed (RFC 4287). Write it with WriteAtom, which fills in
// what the format requires (the updated time of an empty feed).
type Feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	// Lang is the feed's language, its xml:lang.
	Lang    string    `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	ID      string    `xml:"id"`
	Title   Text      `xml:"title"`
	Updated AtomTime  `xml:"updated"`
	Links   []Link    `xml:"link"`
	Authors []Person  `xml:"author"`
	Entries []Entry   `xml:"entry"`
	Gen     Generator `xml:"generator"`
}

// Entry is one entry of a feed.
type Entry struct {
	ID         string     `xml:"id"`
	Title      Text       `xml:"title"`
	Updated    AtomTime   `xml:"updated"`
	Published  *AtomTime  `xml:"published,omitempty"`
	Links      []Link     `xml:"link"`
	Summary    *Text      `xml:"summary,omitempty"`
	Categories []Category `xml:"category"`
	Authors    []Person   `xml:"author"`
}

// Text is a plain text construct, with the language it is written in when
// that differs from its parent's.
type Text struct {
	Lang  string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Value string `xml:",chardata"`
}

// Link is an atom:link.
type Link struct {
	Rel      string `xml:"rel,attr,omitempty"`
	Type     string `xml:"type,attr,omitempty"`
	Href     string `xml:"href,attr"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Title    string `xml:"title,attr,omitempty"`
	Length   int64  `xml:"length,attr,omitempty"`
}

// Category is an atom:category.
type Category struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr,omitempty"`
	Label  string `xml:"label,attr,omitempty"`
}

// Person is an author.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Generator names the program that wrote the feed.
type Generator struct {
	Value string `xml:",chardata"`
}

// AtomTime is a date-time written as RFC 3339 in UTC.
type AtomTime time.Time

// MarshalText implements encoding.TextMarshaler.
func (t AtomTime) MarshalText() ([]byte, error) {
	return []byte(time.Time(t).UTC().Format(time.RFC3339)), nil
}

// Epoch is the updated time of a feed with no entries: fixed, so that an
// empty feed does not look new on every request.
var Epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteAtom writes the feed as an XML document. When the feed's Updated
// is zero it becomes the latest entry's, or Epoch for an empty feed.
func WriteAtom(w io.Writer, f *Feed) error {
	if time.Time(f.Updated).IsZero() {
		f.Updated = AtomTime(Latest(f.Entries))
	}
	if f.Gen.Value == "" {
		f.Gen.Value = "Plenary"
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// Latest is the latest updated time of the entries, or Epoch when there
// are none.
func Latest(entries []Entry) time.Time {
	out := Epoch
	for _, e := range entries {
		if t := time.Time(e.Updated); t.After(out) {
			out = t
		}
	}
	return out
}

// TagURI makes a tag: URI (RFC 4151) that names a thing for good: the
// host of base (without its port), a fixed date, and the parts, each
// escaped, joined by colons. It stays the same when the portal moves
// between schemes or ports.
func TagURI(base string, parts ...string) string {
	host := "localhost"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = strings.ToLower(u.Hostname())
	}
	esc := make([]string, len(parts))
	for i, p := range parts {
		segs := strings.Split(p, "/")
		for j, s := range segs {
			segs[j] = url.PathEscape(s)
		}
		esc[i] = strings.Join(segs, "/")
	}
	return "tag:" + host + ",2022:" + strings.Join(esc, ":")
}
