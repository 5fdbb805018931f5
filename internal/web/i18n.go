package web

import (
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/gin-gonic/gin"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"plenary/internal/catalog"
	"plenary/locales"
)

// langCookie remembers the language a visitor picked with the switcher.
const langCookie = "lang"

// Locales holds the interface strings of the seven languages.
type Locales struct {
	bundle  *i18n.Bundle
	byLang  map[catalog.Lang]*i18n.Localizer
	matcher language.Matcher
}

// LoadLocales reads locales/active.<lang>.toml for the seven languages. A
// missing or unreadable file is an error, so that the server does not start
// with a language it cannot show.
func LoadLocales() (*Locales, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	l := &Locales{bundle: b, byLang: map[catalog.Lang]*i18n.Localizer{}}
	tags := make([]language.Tag, len(catalog.Languages))
	for i, lang := range catalog.Languages {
		name := "active." + string(lang) + ".toml"
		if _, err := b.LoadMessageFileFS(locales.FS, name); err != nil {
			return nil, fmt.Errorf("locales: %w", err)
		}
		l.byLang[lang] = i18n.NewLocalizer(b, string(lang))
		tags[i] = language.Make(string(lang))
	}
	l.matcher = language.NewMatcher(tags)
	return l, nil
}

// messageFiles returns each language's file, parsed: for tests that check
// every language has every message.
func messageFiles() (map[catalog.Lang]*i18n.MessageFile, error) {
	out := map[catalog.Lang]*i18n.MessageFile{}
	for _, lang := range catalog.Languages {
		name := "active." + string(lang) + ".toml"
		buf, err := fs.ReadFile(locales.FS, name)
		if err != nil {
			return nil, err
		}
		mf, err := i18n.ParseMessageFileBytes(buf, name, map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal})
		if err != nil {
			return nil, err
		}
		out[lang] = mf
	}
	return out, nil
}

// negotiate picks the interface language of a request that has none in
// its path: the switcher's cookie, then Accept-Language, then English.
func (l *Locales) negotiate(r *http.Request) catalog.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if lang, ok := catalog.ParseLang(c.Value); ok {
			return lang
		}
	}
	if h := r.Header.Get("Accept-Language"); h != "" {
		tags, _, err := language.ParseAcceptLanguage(h)
		if err == nil && len(tags) > 0 {
			_, i, conf := l.matcher.Match(tags...)
			if conf != language.No {
				return catalog.Languages[i]
			}
		}
	}
	return catalog.English
}

// T is what templates use to speak the request's language: its strings,
// its direction, and the addresses of pages in it. One is made per request.
type T struct {
	Lang catalog.Lang
	loc  *i18n.Localizer
	// memo keeps the strings made for this request: a page of fifty
	// documents asks for the same labels hundreds of times.
	memo map[string]string
}

func (l *Locales) forLang(lang catalog.Lang) *T {
	return &T{Lang: lang, loc: l.byLang[lang], memo: map[string]string{}}
}

// Dir is the direction of the interface language: rtl or ltr.
func (t *T) Dir() string { return dir(t.Lang) }

func dir(l catalog.Lang) string {
	if l.RTL() {
		return "rtl"
	}
	return "ltr"
}

// S returns the message id, filled with pairs of names and values:
// {{.T.S "search.took" "Seconds" 0.2}}. A missing message shows its id,
// which the locale tests make sure never happens.
func (t *T) S(id string, pairs ...any) string {
	key := id
	if len(pairs) > 0 {
		key = fmt.Sprint(id, pairs)
	}
	if s, ok := t.memo[key]; ok {
		return s
	}
	s := t.localize(id, pairs)
	t.memo[key] = s
	return s
}

func (t *T) localize(id string, pairs []any) string {
	cfg := &i18n.LocalizeConfig{MessageID: id}
	if len(pairs) > 0 {
		data := map[string]any{}
		for i := 0; i+1 < len(pairs); i += 2 {
			data[fmt.Sprint(pairs[i])] = pairs[i+1]
		}
		cfg.TemplateData = data
	}
	s, err := t.loc.Localize(cfg)
	if err != nil {
		return id
	}
	return s
}

// N returns the plural form of message id for n; the message sees n as
// .Count.
func (t *T) N(id string, n int) string {
	s, err := t.loc.Localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
	if err != nil {
		return id
	}
	return s
}

// Name is a language's name in the interface language.
func (t *T) Name(l catalog.Lang) string { return t.S("lang." + string(l)) }

// Date formats a date in the interface language.
func (t *T) Date(d catalog.Date) string {
	if s, ok := t.memo["date "+string(d)]; ok {
		return s
	}
	s := ""
	if d.Valid() {
		tm := d.Time()
		s = t.S("date.format", "Day", tm.Day(), "Month", t.S(fmt.Sprintf("month.%d", tm.Month())), "MonthNum", int(tm.Month()), "Year", tm.Year())
	}
	t.memo["date "+string(d)] = s
	return s
}

// Time formats an instant in the interface language, in UTC.
func (t *T) Time(tm time.Time) string {
	u := tm.UTC()
	return t.S("date.time", "Date", t.Date(catalog.DateOf(u)), "Clock", u.Format("15:04"))
}

// Span formats the days from start to end.
func (t *T) Span(start, end catalog.Date) string {
	if end == "" || end == start {
		return t.Date(start)
	}
	return t.S("date.span", "Start", t.Date(start), "End", t.Date(end))
}

// Month names a month of a year: "May 2022".
func (t *T) Month(m time.Time) string {
	return t.S("date.month", "Month", t.S(fmt.Sprintf("month.%d", m.Month())), "Year", m.Year())
}

// Weekday is the short name of a weekday (0 is Monday).
func (t *T) Weekday(i int) string { return t.S(fmt.Sprintf("weekday.%d", i+1)) }

// Size formats a file size.
func (t *T) Size(n int64) string {
	switch {
	case n >= 1<<20:
		return t.S("size.mb", "N", message.NewPrinter(language.Make(string(t.Lang))).Sprintf("%.1f", float64(n)/(1<<20)))
	case n >= 1<<10:
		return t.S("size.kb", "N", fmt.Sprintf("%d", (n+512)>>10))
	default:
		return t.S("size.b", "N", n)
	}
}

// Format names a file's format from its media type: PDF, DOCX, …
func (t *T) Format(mediaType string) string {
	switch {
	case mediaType == "application/pdf":
		return "PDF"
	case strings.Contains(mediaType, "wordprocessingml"):
		return "DOCX"
	case strings.HasPrefix(mediaType, "text/html"):
		return "HTML"
	case strings.HasPrefix(mediaType, "text/plain"):
		return t.S("format.text")
	}
	return mediaType
}

// Path returns the address of a page in the interface language:
// T.Path "documents" id gives /fr/documents/CTOC/COP/WG.4/2021/2.
func (t *T) Path(parts ...string) string {
	return "/" + string(t.Lang) + "/" + joinPath(parts...)
}

// langFromPrefix is the middleware of a language's group of pages: it
// makes the request's T.
func (s *server) langFromPrefix(lang catalog.Lang) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Set(ctxT, s.Locales.forLang(lang))
		c.Next()
	}
}

// ctxT is the context key of the request's *T.
const ctxT = "plenary.t"

// tr returns the request's *T: from its path's language prefix if it has
// one, else negotiated.
func (s *server) tr(c *gin.Context) *T {
	if v, ok := c.Get(ctxT); ok {
		return v.(*T)
	}
	lang := s.Locales.negotiate(c.Request)
	if p := c.Request.URL.Path; len(p) >= 3 && (len(p) == 3 || p[3] == '/') {
		if l, ok := catalog.ParseLang(p[1:3]); ok {
			lang = l // an address under a prefix that no page matched
		}
	}
	t := s.Locales.forLang(lang)
	c.Set(ctxT, t)
	return t
}
