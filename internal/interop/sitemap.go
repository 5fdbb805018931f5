package interop

import (
	"encoding/xml"
	"io"
	"time"
)

// The sitemap protocol's limits (https://www.sitemaps.org/protocol.html):
// a file lists at most 50,000 addresses and is at most 50 MB.
const (
	MaxSitemapURLs  = 50_000
	MaxSitemapBytes = 50 << 20
)

// Sitemap namespaces.
const (
	sitemapNamespace      = "http://www.sitemaps.org/schemas/sitemap/0.9"
	sitemapXHTMLNamespace = "http://www.w3.org/1999/xhtml"
)

// SitemapURL is one address in a sitemap, with the same page in other
// languages (hreflang alternates, the address itself among them).
type SitemapURL struct {
	Loc string
	// LastMod is when the page last changed; zero when not known.
	LastMod    time.Time
	Alternates []SitemapAlternate
}

// SitemapAlternate is the address of a page in one language; Hreflang is a
// language code or "x-default".
type SitemapAlternate struct {
	Hreflang string
	Href     string
}

// SitemapFile is one entry of a sitemap index.
type SitemapFile struct {
	Loc     string
	LastMod time.Time
}

type smURLSet struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	XHTML   string   `xml:"xmlns:xhtml,attr"`
	URLs    []smURL  `xml:"url"`
}

type smURL struct {
	Loc        string    `xml:"loc"`
	LastMod    string    `xml:"lastmod,omitempty"`
	Alternates []smXLink `xml:"xhtml:link"`
}

type smXLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type smIndex struct {
	XMLName  xml.Name    `xml:"sitemapindex"`
	NS       string      `xml:"xmlns,attr"`
	Sitemaps []smSitemap `xml:"sitemap"`
}

type smSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapLastmod writes a time in the W3C datetime form the protocol asks for.
func sitemapLastmod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteSitemap writes a sitemap (a urlset) of urls, with their hreflang
// alternates as xhtml:link elements. The caller keeps to MaxSitemapURLs.
func WriteSitemap(w io.Writer, urls []SitemapURL) error {
	set := smURLSet{NS: sitemapNamespace, XHTML: sitemapXHTMLNamespace, URLs: make([]smURL, len(urls))}
	for i, u := range urls {
		x := smURL{Loc: u.Loc, LastMod: sitemapLastmod(u.LastMod)}
		for _, a := range u.Alternates {
			x.Alternates = append(x.Alternates, smXLink{Rel: "alternate", Hreflang: a.Hreflang, Href: a.Href})
		}
		set.URLs[i] = x
	}
	return writeSitemapXML(w, set)
}

// WriteSitemapIndex writes a sitemap index that points at files.
func WriteSitemapIndex(w io.Writer, files []SitemapFile) error {
	idx := smIndex{NS: sitemapNamespace, Sitemaps: make([]smSitemap, len(files))}
	for i, f := range files {
		idx.Sitemaps[i] = smSitemap{Loc: f.Loc, LastMod: sitemapLastmod(f.LastMod)}
	}
	return writeSitemapXML(w, idx)
}

func writeSitemapXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
