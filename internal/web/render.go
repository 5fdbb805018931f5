package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/auth"
	"plenary/internal/catalog"
	assets "plenary/web"
)

// pages holds one parsed template per page, each with the layout and the
// shared partials. They are parsed once at start-up; a broken template
// stops the server from starting.
type pages struct {
	byName map[string]*template.Template
	// static maps a static file's name to its address with a content hash,
	// so that browsers may keep it for a year.
	static map[string]string
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}, static: map[string]string{}}
	err := fs.WalkDir(assets.Static, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		buf, err := fs.ReadFile(assets.Static, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(buf)
		p.static[strings.TrimPrefix(name, "static/")] = "/" + name + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{
		"static": func(name string) (string, error) {
			if u, ok := p.static[name]; ok {
				return u, nil
			}
			return "", fmt.Errorf("no static file %q", name)
		},
		"add": func(a, b int) int { return a + b },
		"int": func(n uint64) int { return int(min(n, 1<<31)) },
		"first": func(vs []string) string {
			if len(vs) == 0 {
				return ""
			}
			return vs[0]
		},
		"query": query,
		"dir":   dir,
	}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(assets.Templates, "templates/layout.html", "templates/partials.html")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets.Templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		short := strings.TrimSuffix(path.Base(name), ".html")
		if short == "layout" || short == "partials" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(assets.Templates, name)
		if err != nil {
			return nil, err
		}
		p.byName[short] = t
	}
	return p, nil
}

// page is what every template receives.
type page struct {
	T *T
	// Title is the page's name, in <title> and its one <h1>.
	Title string
	// Path is the page's address after the language prefix, with its
	// query: the language switcher and the hreflang links keep it.
	Path string
	// Nav names the menu entry that is the current section.
	Nav string
	// NoAlternates leaves out the links to the page in other languages:
	// an error page has none.
	NoAlternates bool
	// base is the portal's address, for absolute links.
	base string
	// Bodies holds every body by code, for naming a session's body.
	Bodies map[string]*catalog.Body
	// User is the signed-in user, nil for an anonymous visitor.
	User *auth.User
	// SignIn says the portal has accounts: the header offers to sign in.
	SignIn bool
	Data   any
}

// Staff reports whether the signed-in user is an editor or administrator.
func (p *page) Staff() bool { return p.User != nil && !p.User.Disabled && p.User.Role.Can(auth.Editor) }

// Admin reports whether the signed-in user is an administrator.
func (p *page) Admin() bool { return p.User != nil && !p.User.Disabled && p.User.Role.Can(auth.Admin) }

// With pairs the page with a value, for partial templates that need both:
// {{template "doc-item" ($.With .)}}.
func (p *page) With(v any) withPage { return withPage{P: p, V: v} }

type withPage struct {
	P *page
	V any
}

// BodyOf returns the body to name before a session's title, or nil when
// the title already names it ("World Day against Trafficking in Persons
// 2022").
func (p *page) BodyOf(x *catalog.Session) *catalog.Body {
	b := p.Bodies[x.Body]
	if b == nil || strings.Contains(p.T.Pick(x.Title).Text, p.T.Pick(b.Name).Text) {
		return nil
	}
	return b
}

// Languages lists the seven languages, for the switcher and alternates.
func (p *page) Languages() []catalog.Lang { return catalog.Languages }

// In returns the page's address in another language.
func (p *page) In(l catalog.Lang) string { return "/" + string(l) + p.Path }

// Abs is the absolute address of a path on the portal.
func (p *page) Abs(path string) string { return p.base + path }

// SwitchTo is the switcher's link to the page in another language: it sets
// the cookie that remembers the choice.
func (p *page) SwitchTo(l catalog.Lang) string {
	return "/language?" + url.Values{"to": {string(l)}, "next": {p.In(l)}}.Encode()
}

// render writes page name with status.
func (s *server) render(c *gin.Context, status int, name, title, nav string, data any) {
	t := s.tr(c)
	tmpl, ok := s.pages.byName[name]
	if !ok {
		s.Fail(c, fmt.Errorf("no template %q", name))
		return
	}
	p := &page{T: t, Title: title, Nav: nav, Data: data, Path: pagePath(c), Bodies: s.bodies(), NoAlternates: status >= 400, base: s.baseURL(c),
		User: currentUser(c), SignIn: s.Auth != nil}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, p); err != nil {
		s.Logger.Error("render", "page", name, "err", err)
		s.renderBare(c, http.StatusInternalServerError)
		return
	}
	c.Header("Content-Language", string(t.Lang))
	c.Writer.Header().Add("Vary", "Accept-Language")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// baseURL is the portal's public address: the configured one, else the
// scheme and host the request came to.
func (s *server) baseURL(c *gin.Context) string {
	if s.BaseURL != "" {
		return s.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}

// renderBare is the answer when a page cannot be rendered at all.
func (s *server) renderBare(c *gin.Context, status int) {
	c.Data(status, "text/plain; charset=utf-8", []byte(http.StatusText(status)+"\n"))
	c.Abort()
}

// pagePath is the request's address without its language prefix.
func pagePath(c *gin.Context) string {
	p := c.Request.URL.EscapedPath()
	if len(p) >= 3 && p[0] == '/' {
		if _, ok := catalog.ParseLang(p[1:3]); ok && (len(p) == 3 || p[3] == '/') {
			p = p[3:]
		}
	}
	if p == "" {
		p = "/"
	}
	if q := c.Request.URL.RawQuery; q != "" {
		p += "?" + q
	}
	return p
}

// joinPath joins path elements, escaping each part of each element but
// keeping the slashes of ids such as CTOC/COP/WG.4/2021/2 readable.
func joinPath(parts ...string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('/')
		}
		for j, seg := range strings.Split(p, "/") {
			if j > 0 {
				b.WriteByte('/')
			}
			b.WriteString(url.PathEscape(seg))
		}
	}
	return b.String()
}

// query builds "?k=v&…" from pairs of names and values, leaving out empty
// values: {{query "q" .Q "page" 2}}.
func query(pairs ...any) string {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		k := fmt.Sprint(pairs[i])
		switch x := pairs[i+1].(type) {
		case []string:
			for _, s := range x {
				if s != "" {
					v.Add(k, s)
				}
			}
		default:
			if s := fmt.Sprint(x); s != "" && s != "0" {
				v.Add(k, s)
			}
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// bodies maps each body's code to the body, for templates that name them.
func (s *server) bodies() map[string]*catalog.Body {
	out := map[string]*catalog.Body{}
	for _, b := range s.Model.Bodies() {
		out[b.Code] = b
	}
	return out
}
