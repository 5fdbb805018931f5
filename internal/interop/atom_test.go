package interop

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestAtomEscapesAndDates(t *testing.T) {
	day := time.Date(2022, 4, 12, 0, 0, 0, 0, time.UTC)
	later := time.Date(2022, 5, 2, 9, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	title := `Trafficking & smuggling: <draft> "review" of 'rules'` + "\x01"
	f := &Feed{
		Lang: "en", ID: "https://example.org/feeds/documents.atom?body=A&lang=en",
		Title: Text{Value: "Documents"},
		Links: []Link{{Rel: "self", Type: AtomType, Href: "https://example.org/feeds/documents.atom?body=A&lang=en"}},
		Entries: []Entry{
			{ID: TagURI("https://example.org:8080", "document", "A/RES/76/7"), Title: Text{Value: title}, Updated: AtomTime(day)},
			{ID: TagURI("https://example.org", "document", "x", "ar"), Title: Text{Value: "منع الاتجار", Lang: "ar"}, Updated: AtomTime(later),
				Summary: &Text{Value: "a < b"}},
		},
	}
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
		`<updated>2022-05-02T07:30:00Z</updated>`, // the latest entry's, in UTC
		`<title>Trafficking &amp; smuggling: &lt;draft&gt; &#34;review&#34; of &#39;rules&#39;`,
		`<title xml:lang="ar">منع الاتجار</title>`,
		`href="https://example.org/feeds/documents.atom?body=A&amp;lang=en"`,
		`<id>tag:example.org,2022:document:A/RES/76/7</id>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in\n%s", want, out)
		}
	}
	// It reads back as it was written, less the control character.
	var back struct {
		Entries []struct {
			Title string `xml:"title"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	if got := back.Entries[0].Title; got != strings.TrimSuffix(title, "\x01")+"\uFFFD" {
		t.Errorf("title read back as %q", got)
	}
}

func TestAtomEmptyFeedHasFixedDate(t *testing.T) {
	var a, b bytes.Buffer
	for _, buf := range []*bytes.Buffer{&a, &b} {
		if err := WriteAtom(buf, &Feed{ID: "urn:x", Title: Text{Value: "Empty"}}); err != nil {
			t.Fatal(err)
		}
	}
	if a.String() != b.String() || !strings.Contains(a.String(), "<updated>2000-01-01T00:00:00Z</updated>") {
		t.Errorf("empty feed:\n%s", a.String())
	}
}
