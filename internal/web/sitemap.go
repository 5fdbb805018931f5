package web

import (
	"bytes"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/interop"
	"plenary/internal/readmodel"
)

// defaultSitemapURLs is how many addresses one sitemap file lists. The
// protocol allows 50,000 and 50 MB; with eight hreflang links an address
// takes 1–2.5 KB, so 20,000 keeps a file under 50 MB even for the longest
// ids. Deps.SitemapURLs sets another (tests lower it).
const defaultSitemapURLs = 20_000

// sitemapPage is a page that exists in every interface language: its
// address after the language prefix, and when it last changed if known.
type sitemapPage struct {
	path    string
	updated time.Time
}

// sitemapPages lists every page an anonymous visitor may see and a search
// engine should know, in a stable order: home, meetings, publications,
// recommendations, each body, each session, each published document and
// the text page of each of its versions. Drafts and restricted documents
// are left out as everywhere for the public; withdrawn documents too: their
// pages stay, with a notice, for the links that lead there, but they are
// not offered to be indexed. Search pages and the calendar are left out:
// their content is in the other pages.
func (s *server) sitemapPages() []sitemapPage {
	pages := []sitemapPage{{path: "/"}, {path: "/meetings"}, {path: "/publications"}, {path: "/recommendations"}}
	for _, b := range s.Model.Bodies() {
		pages = append(pages, sitemapPage{path: "/" + joinPath("bodies", b.Code)})
	}
	for _, x := range s.Model.Sessions(readmodel.SessionFilter{}) {
		pages = append(pages, sitemapPage{path: "/" + joinPath("sessions", x.ID)})
	}
	for _, d := range s.Model.Documents(readmodel.DocumentFilter{}, catalog.Public, 0, math.MaxInt).Docs {
		if !d.Open() {
			continue
		}
		pages = append(pages, sitemapPage{path: "/" + joinPath("documents", d.ID), updated: d.Updated})
		for _, v := range d.Versions {
			pages = append(pages, sitemapPage{path: "/" + joinPath("documents", d.ID, "text", string(v.Lang)), updated: d.Updated})
		}
	}
	return pages
}

// sitemapFiles is how many files n addresses take: at least one.
func (s *server) sitemapFiles(n int) int { return max(1, (n+s.SitemapURLs-1)/s.SitemapURLs) }

// sitemapIndex serves /sitemap.xml: the index of the sitemap files. Each
// page is listed in each of the seven languages, one address after the
// other, so file k holds addresses (k-1)·limit to k·limit of that list.
func (s *server) sitemapIndex(c *gin.Context) {
	pages := s.sitemapPages()
	langs := len(catalog.Languages)
	n := s.sitemapFiles(len(pages) * langs)
	base := s.baseURL(c)
	files := make([]interop.SitemapFile, n)
	for i := range files {
		files[i].Loc = base + "/sitemaps/" + strconv.Itoa(i+1) + ".xml"
	}
	for i, p := range pages {
		// The file of the page's first and last address.
		for _, k := range []int{i * langs / s.SitemapURLs, (i*langs + langs - 1) / s.SitemapURLs} {
			if p.updated.After(files[k].LastMod) {
				files[k].LastMod = p.updated
			}
		}
	}
	var buf bytes.Buffer
	if err := interop.WriteSitemapIndex(&buf, files); err != nil {
		s.Fail(c, apperr.Internal(err))
		return
	}
	s.writeSitemap(c, buf.Bytes())
}

// sitemapFile serves /sitemaps/{k}.xml, k from 1.
func (s *server) sitemapFile(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	num, ok := strings.CutSuffix(name, ".xml")
	k, err := strconv.Atoi(num)
	pages := s.sitemapPages()
	langs := len(catalog.Languages)
	total := len(pages) * langs
	if !ok || err != nil || k < 1 || k > s.sitemapFiles(total) || num != strconv.Itoa(k) {
		s.Fail(c, apperr.NotFound("no sitemap %q", name))
		return
	}
	base := s.baseURL(c)
	var urls []interop.SitemapURL
	for i := (k - 1) * s.SitemapURLs; i < min(k*s.SitemapURLs, total); i++ {
		p, lang := pages[i/langs], catalog.Languages[i%langs]
		u := interop.SitemapURL{Loc: base + "/" + string(lang) + p.path, LastMod: p.updated}
		for _, l := range catalog.Languages {
			u.Alternates = append(u.Alternates, interop.SitemapAlternate{Hreflang: string(l), Href: base + "/" + string(l) + p.path})
		}
		u.Alternates = append(u.Alternates, interop.SitemapAlternate{Hreflang: "x-default", Href: base + "/" + string(catalog.English) + p.path})
		urls = append(urls, u)
	}
	var buf bytes.Buffer
	if err := interop.WriteSitemap(&buf, urls); err != nil {
		s.Fail(c, apperr.Internal(err))
		return
	}
	s.writeSitemap(c, buf.Bytes())
}

// writeSitemap answers with an XML sitemap, which may be kept an hour.
func (s *server) writeSitemap(c *gin.Context, body []byte) {
	c.Header("Cache-Control", "public, max-age=3600")
	c.Data(http.StatusOK, "application/xml; charset=utf-8", body)
}
