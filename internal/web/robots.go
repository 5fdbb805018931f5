package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// robotsDisallowed are the addresses crawlers are asked to leave alone:
// the editor and administration pages in every language (they need an
// account), sign-in, the language switcher (a redirect that sets a
// cookie) and the search API. The rest of the API stays open: the
// documents' files are downloaded from it.
var robotsDisallowed = []string{
	"/edit/",
	"/admin/",
	"/*/edit/",
	"/*/admin/",
	"/*/login",
	"/language",
	"/api/v1/search",
}

// robots serves /robots.txt: everything public may be crawled, and the
// sitemap index says what there is.
func (s *server) robots(c *gin.Context) {
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Allow: /\n")
	for _, p := range robotsDisallowed {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + s.baseURL(c) + "/sitemap.xml\n")
	c.Header("Cache-Control", "public, max-age=86400")
	c.Data(http.StatusOK, "text/plain; charset=utf-8", []byte(b.String()))
}
