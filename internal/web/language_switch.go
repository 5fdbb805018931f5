package web

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
)

// rootRedirect sends / to the home page in the visitor's language.
func (s *server) rootRedirect(c *gin.Context) {
	c.Writer.Header().Add("Vary", "Accept-Language")
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusFound, "/"+string(s.tr(c).Lang)+"/")
}

// languageSwitch serves GET /language?to=fr&next=/fr/meetings: it
// remembers the choice in a cookie for a year and goes on to next, which
// must be an address on this site.
func (s *server) languageSwitch(c *gin.Context) {
	lang, ok := catalog.ParseLang(c.Query("to"))
	if !ok {
		s.Fail(c, apperr.BadParam("to", "must be one of ar zh en fr ru es pt"))
		return
	}
	next := c.Query("next")
	if !strings.HasPrefix(next, "/"+string(lang)+"/") || !localPath(next) {
		next = "/" + string(lang) + "/"
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.secureCookies(c),
	})
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, next)
}

// localPath reports whether p is a path on this site, not an address
// elsewhere: browsers drop tabs and newlines and read a backslash as a
// slash, so "/\t/host" or "/\\host" would leave the site.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") &&
		!strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' })
}
