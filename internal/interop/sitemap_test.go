package interop

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"plenary/internal/testutil"
)

func TestSitemapIsWellFormedWithAlternates(t *testing.T) {
	when := time.Date(2022, 4, 12, 10, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	urls := []SitemapURL{
		{Loc: "https://example.org/en/documents/A&B", LastMod: when, Alternates: []SitemapAlternate{
			{Hreflang: "en", Href: "https://example.org/en/documents/A&B"},
			{Hreflang: "fr", Href: "https://example.org/fr/documents/A&B"},
			{Hreflang: "x-default", Href: "https://example.org/en/documents/A&B"},
		}},
		{Loc: "https://example.org/en/"},
	}
	var buf bytes.Buffer
	if err := WriteSitemap(&buf, urls); err != nil {
		t.Fatal(err)
	}
	testutil.XMLLint(t, buf.Bytes())
	var got struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
			LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
			Links   []struct {
				Rel      string `xml:"rel,attr"`
				Hreflang string `xml:"hreflang,attr"`
				Href     string `xml:"href,attr"`
			} `xml:"http://www.w3.org/1999/xhtml link"`
		} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || got.XMLName.Local != "urlset" {
		t.Errorf("root %v, want a urlset in the sitemap namespace", got.XMLName)
	}
	if len(got.URLs) != 2 || got.URLs[0].Loc != urls[0].Loc || got.URLs[0].LastMod != "2022-04-12T08:30:00Z" || got.URLs[1].LastMod != "" {
		t.Errorf("urls %+v", got.URLs)
	}
	if l := got.URLs[0].Links; len(l) != 3 || l[1].Rel != "alternate" || l[1].Hreflang != "fr" || l[2].Hreflang != "x-default" {
		t.Errorf("alternates %+v", l)
	}
	if !strings.Contains(buf.String(), "A&amp;B") {
		t.Errorf("& is not escaped:\n%s", buf.String())
	}
}

func TestSitemapIndexIsWellFormed(t *testing.T) {
	var buf bytes.Buffer
	files := []SitemapFile{{Loc: "https://example.org/sitemaps/1.xml", LastMod: time.Date(2022, 1, 2, 3, 4, 5, 0, time.UTC)}, {Loc: "https://example.org/sitemaps/2.xml"}}
	if err := WriteSitemapIndex(&buf, files); err != nil {
		t.Fatal(err)
	}
	testutil.XMLLint(t, buf.Bytes())
	want := `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap>
  <loc>https://example.org/sitemaps/1.xml</loc>
  <lastmod>2022-01-02T03:04:05Z</lastmod>
 </sitemap>
 <sitemap>
  <loc>https://example.org/sitemaps/2.xml</loc>
 </sitemap>
</sitemapindex>`
	if got := buf.String(); got != xml.Header+want+"\n" {
		t.Errorf("index:\n%s\nwant:\n%s", got, want)
	}
}
