package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// mainPages are the pages every language must serve.
var mainPages = []string{
	"/",
	"/meetings",
	"/meetings?body=CTOC/COP/WG.4&when=past",
	"/meetings/calendar?month=2022-06",
	"/sessions/CTOC/COP/WG.4/12",
	"/bodies/CTOC/COP/WG.4",
	"/documents/CTOC/COP/WG.4/2021/2",
	"/documents/CTOC/COP/WG.4/2021/2/text/ar",
	"/documents/CTOC/COP/WG.4/2021/2/compare?a=en&b=ar",
	"/recommendations",
	"/recommendations?theme=procurement",
	"/publications",
	"/publications?lang=pt",
	"/search?q=trafficking",
	"/search?q=migrants&type=background-paper",
}

var (
	h1Tag    = regexp.MustCompile(`<h1[\s>]`)
	hreflang = regexp.MustCompile(`<link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)">`)
)

// TestEveryPageInEveryLanguage opens the main pages in the seven
// languages: each has the language and direction on <html>, one h1, a
// link to itself in every language, and no message id left untranslated.
func TestEveryPageInEveryLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	ids := messageIDs(t)
	for _, lang := range catalog.Languages {
		for _, path := range mainPages {
			t.Run(string(lang)+path, func(t *testing.T) {
				body := p.pageIn(t, "/"+string(lang)+path, http.StatusOK)
				dir := "ltr"
				if lang == catalog.Arabic {
					dir = "rtl"
				}
				if want := `<html lang="` + string(lang) + `" dir="` + dir + `">`; !strings.Contains(body, want) {
					t.Errorf("no %s", want)
				}
				if n := len(h1Tag.FindAllString(body, -1)); n != 1 {
					t.Errorf("%d h1 elements, want 1", n)
				}
				alts := map[string]string{}
				for _, m := range hreflang.FindAllStringSubmatch(body, -1) {
					alts[m[1]] = m[2]
				}
				for _, other := range catalog.Languages {
					want := "http://example.com/" + string(other) + strings.ReplaceAll(path, "&", "&amp;")
					if alts[string(other)] != want {
						t.Errorf("hreflang %s: %q, want %q", other, alts[string(other)], want)
					}
				}
				if alts["x-default"] == "" {
					t.Error("no x-default alternate")
				}
				for _, id := range ids {
					if strings.Contains(body, ">"+id+"<") || strings.Contains(body, `"`+id+`"`) {
						t.Errorf("message %q shows untranslated", id)
					}
				}
			})
		}
	}
}

func messageIDs(t *testing.T) []string {
	var out []string
	for id := range messages(t)[catalog.English] {
		out = append(out, id)
	}
	return out
}

func TestLanguageIsChosenByPrefixThenCookieThenAcceptLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	for _, c := range []struct {
		name   string
		header []string
		want   string
	}{
		{"nothing", nil, "/en/"},
		{"accept-language", []string{"Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5"}, "/ru/"},
		{"a region of a language", []string{"Accept-Language", "pt-BR"}, "/pt/"},
		{"chinese", []string{"Accept-Language", "zh-CN,zh;q=0.9"}, "/zh/"},
		{"a language the portal lacks, then one it has", []string{"Accept-Language", "de-DE, es;q=0.8"}, "/es/"},
		{"the cookie wins", []string{"Accept-Language", "fr", "Cookie", "lang=ar"}, "/ar/"},
		{"a bad cookie is ignored", []string{"Accept-Language", "fr", "Cookie", "lang=xx"}, "/fr/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, _ := p.get("/", c.header...)
			if res.StatusCode != http.StatusFound || res.Header.Get("Location") != c.want {
				t.Errorf("GET / → %d %q, want 302 %q", res.StatusCode, res.Header.Get("Location"), c.want)
			}
		})
	}
	// The prefix wins over both.
	body := p.page("/fr/meetings", http.StatusOK, "Accept-Language", "ru", "Cookie", "lang=ar")
	if !strings.Contains(body, `<html lang="fr"`) {
		t.Error("/fr/meetings is not in French when the cookie says Arabic")
	}
}

func TestLanguageSwitcherKeepsThePage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/sessions/CTOC/COP/WG.4/12?x=1", http.StatusOK)
	want := `href="/language?next=%2Ffr%2Fsessions%2FCTOC%2FCOP%2FWG.4%2F12%3Fx%3D1&amp;to=fr"`
	if !strings.Contains(body, want) {
		t.Fatalf("the switcher has no link %s", want)
	}
	res, _ := p.get("/language?next=%2Ffr%2Fsessions%2FCTOC%2FCOP%2FWG.4%2F12%3Fx%3D1&to=fr")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/sessions/CTOC/COP/WG.4/12?x=1" {
		t.Errorf("switch → %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c := res.Header.Get("Set-Cookie"); !strings.HasPrefix(c, "lang=fr;") || !strings.Contains(c, "HttpOnly") || !strings.Contains(c, "SameSite=Lax") {
		t.Errorf("Set-Cookie %q", c)
	}
	for _, next := range []string{"//evil.example/", `/\evil.example`, "/\t/evil.example", "/fr/\x7f", `/fr/\\evil.example`, "https://evil.example/", "/en/meetings", ""} {
		res, _ := p.get("/language?to=fr&next=" + url.QueryEscape(next))
		if loc := res.Header.Get("Location"); loc != "/fr/" {
			t.Errorf("next=%q sends to %q, want /fr/", next, loc)
		}
	}
	if res, _ := p.get("/language?to=de"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("to=de: %d, want 400", res.StatusCode)
	}
}

func TestHomeShowsWhatMeetsNextAndWhatIsNew(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/", http.StatusOK)
	ongoing := between(t, body, "Meeting now", "Coming up")
	for _, want := range []string{"/en/sessions/E/CN.15/31", "/en/sessions/IMRF/2022"} {
		if !strings.Contains(ongoing, want) {
			t.Errorf("meeting now: no %s", want)
		}
	}
	upcoming := between(t, body, "Coming up", "Latest documents")
	if strings.Index(upcoming, "/en/sessions/CTOC/COP/WG.7/9") > strings.Index(upcoming, "/en/sessions/CTOC/COP/WG.4/12") {
		t.Error("coming up: the 27 June session is listed after the 29 June one")
	}
	latest := between(t, body, "Latest documents", "</section>")
	if !strings.Contains(latest, "UNODC message on International Migrants Day 2022") {
		t.Error("latest documents: the newest (18 December 2022) is missing")
	}
	if !strings.Contains(body, `action="/en/search"`) {
		t.Error("no search box")
	}
}

func TestMeetingsListAndCalendar(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/fr/meetings?when=upcoming&body=CTOC/COP/WG.4", http.StatusOK)
	if !strings.Contains(body, "/fr/sessions/CTOC/COP/WG.4/12") || strings.Contains(body, "/fr/sessions/CTOC/COP/WG.4/11") {
		t.Error("upcoming WG.4 sessions: want the twelfth only")
	}
	if !strings.Contains(body, "29 juin 2022") {
		t.Error("dates are not written in French")
	}
	cal := p.page("/en/meetings/calendar?month=2022-06", http.StatusOK)
	if !strings.Contains(cal, "Meetings in June 2022") {
		t.Error("calendar: no month heading")
	}
	day := between(t, cal, `datetime="2022-06-29"`, "</td>")
	if !strings.Contains(day, "/en/sessions/CTOC/COP/WG.4/12") {
		t.Error("calendar: 29 June does not show the twelfth session of WG.4")
	}
	if !strings.Contains(cal, `href="/en/meetings/calendar?month=2022-07"`) {
		t.Error("calendar: no link to the next month")
	}
	for _, bad := range []string{"/en/meetings?when=soon", "/en/meetings?year=abc", "/en/meetings?body=NOPE", "/en/meetings/calendar?month=2022-13"} {
		p.page(bad, http.StatusBadRequest)
	}
}

func TestSessionPage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/sessions/CTOC/COP/WG.4/12", http.StatusOK)
	agenda := between(t, body, `id="h-agenda"`, `id="h-langs"`)
	item3 := between(t, agenda, "<span class=\"item-no\">3</span>", "</li>\n    <li>")
	if !strings.Contains(item3, "/en/documents/CTOC/COP/WG.4/2022/2") {
		t.Error("agenda item 3 does not list its background paper")
	}
	table := between(t, body, `class="lang-table"`, "</table>")
	row := between(t, table, `/en/documents/CTOC/COP/WG.4/2022/2"`, "</tr>")
	if !strings.Contains(row, `href="/api/v1/documents/CTOC/COP/WG.4/2022/2/versions/es/file"`) {
		t.Error("language table: no Spanish download for CTOC/COP/WG.4/2022/2")
	}
	if !strings.Contains(row, "Not available in Arabic") {
		t.Error("language table: the missing Arabic version is not marked")
	}
	if !strings.Contains(body, `href="/en/sessions/CTOC/COP/WG.4/12/calendar.ics"`) {
		t.Fatal("no calendar link")
	}
	res, ics := p.get("/en/sessions/CTOC/COP/WG.4/12/calendar.ics")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"BEGIN:VEVENT\r\n", "DTSTART;VALUE=DATE:20220629\r\n", "DTEND;VALUE=DATE:20220701\r\n", "LOCATION:Vienna"} {
		if !strings.Contains(ics, want) {
			t.Errorf("calendar: no %q in\n%s", want, ics)
		}
	}
	p.page("/en/sessions/NOPE/1", http.StatusNotFound)
}

func TestDocumentPage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/documents/E/CN.15/2021/L.3", http.StatusOK)
	banner := between(t, body, `class="banner"`, "</div>")
	if !strings.Contains(banner, "/en/documents/E/CN.15/2021/L.3/Rev.1") {
		t.Error("no banner pointing to the revision")
	}
	for _, want := range []string{
		`<bdi class="sym" dir="ltr" translate="no">E/CN.15/2021/L.3</bdi>`,
		"6 language versions",
		`href="/api/v1/documents/E/CN.15/2021/L.3/versions/ar/file"`,
		"(Text, ",
		`<p class="v-title" lang="ar" dir="rtl">`,
		`href="/en/documents/E/CN.15/2021/L.3/compare"`,
		"Revised by",
		`id="citation"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s", want)
		}
	}
	rev := p.page("/en/documents/E/CN.15/2021/L.3/Rev.1", http.StatusOK)
	if strings.Contains(rev, "A newer version of this document exists") {
		t.Error("the revision says a newer version exists")
	}
	if !strings.Contains(rev, "Revises") {
		t.Error("the revision does not name what it revises")
	}
	p.page("/en/documents/NOPE", http.StatusNotFound)
	p.page("/en/documents/E/CN.15/2021/L.3/text/pt", http.StatusNotFound)
}

// TestBaseURLMakesAbsoluteLinks: behind a proxy, the configured public
// address, not the request's host, starts the links that leave the page.
func TestBaseURLMakesAbsoluteLinks(t *testing.T) {
	p := newDemoPortal(t, may2022)
	deps := p.deps
	deps.BaseURL = "https://plenary.example.org"
	h, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = h
	body := p.page("/en/documents/A/RES/76/7", http.StatusOK)
	for _, want := range []string{
		`<link rel="alternate" hreflang="fr" href="https://plenary.example.org/fr/documents/A/RES/76/7">`,
		`https://plenary.example.org/en/documents/A/RES/76/7</textarea>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s", want)
		}
	}
	if _, ics := p.get("/en/sessions/A/HLM/2021/calendar.ics"); !strings.Contains(ics, "URL:https://plenary.example.org/en/sessions/A/HLM/2021") {
		t.Error("the calendar event does not link to the public address")
	}
	// Open data carries the public address too, whatever host the request reached.
	for path, want := range map[string]string{
		"/api/v1/documents/A/RES/76/7/citation?format=ris": "UR  - https://plenary.example.org/en/documents/A/RES/76/7",
		"/feeds/documents.atom":                            `href="https://plenary.example.org/en/documents/`,
		"/sitemap.xml":                                     "<loc>https://plenary.example.org/sitemaps/1.xml</loc>",
		"/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:plenary.example.org:A/RES/76/7": "https://plenary.example.org/en/documents/A/RES/76/7",
	} {
		if res, body := p.get(path); res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("%s: %d, no %s", path, res.StatusCode, want)
		}
	}
}

// TestContentInAnotherLanguageIsMarked: a document without a French
// version shows in English on a French page, marked as English, with a
// note.
func TestContentInAnotherLanguageIsMarked(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/fr/documents/CTOC/COP/WG.4/2022/3", http.StatusOK)
	h1 := between(t, body, "<h1>", "</h1>")
	if !strings.Contains(h1, `<bdi lang="en" dir="ltr">`) {
		t.Errorf("the English title is not marked: %s", h1)
	}
	if !strings.Contains(body, `class="note"`) || !strings.Contains(body, "Anglais") {
		t.Error("no note that the content is shown in English")
	}
	ar := p.page("/ar/documents/CTOC/COP/WG.4/2022/3", http.StatusOK)
	if !strings.Contains(between(t, ar, "<h1>", "</h1>"), `<bdi lang="en" dir="ltr">`) {
		t.Error("an English title on an Arabic page is not isolated")
	}
}

func TestVersionTextAndSideBySide(t *testing.T) {
	p := newDemoPortal(t, may2022)
	text := p.page("/en/documents/CTOC/COP/WG.4/2021/2/text/ar", http.StatusOK)
	if !strings.Contains(text, `<article class="fulltext" lang="ar" dir="rtl">`) {
		t.Error("the Arabic text is not marked right to left")
	}
	cmp := p.page("/en/documents/CTOC/COP/WG.4/2021/2/compare?a=en&b=ar", http.StatusOK)
	rows := regexp.MustCompile(`<td lang="en" dir="ltr">[^<]+</td>\s*<td lang="ar" dir="rtl">[^<]+</td>`).FindAllString(cmp, -1)
	if len(rows) < 2 {
		t.Errorf("side by side: %d rows of an English and an Arabic paragraph, want several", len(rows))
	}
	p.page("/en/documents/CTOC/COP/WG.4/2021/2/compare?a=en&b=pt", http.StatusBadRequest)
}

func TestPublicationsByLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/publications?lang=pt", http.StatusOK)
	if !strings.Contains(body, "1 publication") || !strings.Contains(body, "/en/documents/brazil-national-report-trafficking-in-persons-2017-2020") {
		t.Error("Portuguese: want the Brazil report only")
	}
	all := p.page("/en/publications", http.StatusOK)
	if !strings.Contains(all, "9 publications") {
		t.Error("all publications: want 9 (eight publications and a guide)")
	}
	if !strings.Contains(all, `href="/en/publications?lang=pt"`) {
		t.Error("no link to the Portuguese publications")
	}
}

func TestRecommendationsFilterAndSearch(t *testing.T) {
	p := newDemoPortal(t, may2022)
	all := p.page("/en/recommendations", http.StatusOK)
	if !strings.Contains(all, "8 recommendations") {
		t.Error("want the 8 demo recommendations")
	}
	proc := p.page("/en/recommendations?theme=procurement", http.StatusOK)
	if strings.Contains(proc, "8 recommendations") || !strings.Contains(proc, "Public procurement") {
		t.Error("theme=procurement does not narrow the list")
	}
	none := p.page("/en/recommendations?q=zzzunlikelyword", http.StatusOK)
	if !strings.Contains(none, "0 recommendations") {
		t.Error("a word no recommendation has still finds some")
	}
}

func TestSearchPage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/search?q=trafficking", http.StatusOK)
	if !strings.Contains(body, "<mark>") {
		t.Error("no highlighted passage")
	}
	if !regexp.MustCompile(`\d+ documents found`).MatchString(body) {
		t.Error("no count of documents found")
	}
	facets := between(t, body, `class="facets"`, "</aside>")
	if !regexp.MustCompile(`href="/en/search\?q=trafficking&amp;type=background-paper"[^>]*>Background paper\s*<span class="count">\d+</span>`).MatchString(facets) {
		t.Error("no type facet with a count")
	}
	narrowed := p.page("/en/search?q=trafficking&type=background-paper", http.StatusOK)
	if !strings.Contains(narrowed, `aria-current="true" class="selected"`) {
		t.Error("the chosen filter is not marked")
	}
	res, _ := p.get("/fr/search?q=e/cn.15/2021/l.3/rev.1")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/fr/documents/E/CN.15/2021/L.3/Rev.1" {
		t.Errorf("a symbol: %d %q, want 303 to the document", res.StatusCode, res.Header.Get("Location"))
	}
	bad := p.page("/en/search?q=%22unclosed", http.StatusBadRequest)
	if !strings.Contains(bad, "a quotation mark is not closed") || !strings.Contains(bad, `aria-invalid="true"`) {
		t.Error("a bad query does not say what is wrong")
	}
	p.page("/en/search?q=x&type=nope", http.StatusBadRequest)
	ar := p.page("/ar/search?q=الاتجار", http.StatusOK)
	if !strings.Contains(ar, `class="snippet" lang="ar" dir="rtl"`) {
		t.Error("Arabic hits are not marked right to left")
	}
}

// TestHiddenDocumentsNeverShow: a draft and a restricted document, with a
// word no other document has, appear on no page, in no count.
func TestHiddenDocumentsNeverShow(t *testing.T) {
	p := newDemoPortal(t, may2022)
	draft, restricted := testutil.DocumentDraft(), testutil.DocumentRestricted()
	draft.Versions[1].Title, restricted.Versions[0].Title = "Quokka draft", "Quokka participants"
	draft.Subjects, restricted.Subjects = []string{"quokka-subject"}, []string{"quokka-subject"}
	rec := testutil.RecommendationWG4_12_3()
	rec.FollowUp = []catalog.FollowUp{{Document: draft.ID, Note: catalog.Text{"en": "Quokka follow-up"}}}
	p.seed(draft, restricted, rec)
	for _, path := range []string{
		"/en/", "/en/sessions/CTOC/COP/WG.4/12", "/en/bodies/CTOC/COP/WG.4", "/en/publications",
		"/en/search?q=quokka", "/en/search?q=" + url.QueryEscape("CTOC/COP/WG.4/2022"), "/en/search?session=CTOC/COP/WG.4/12",
		"/en/search", "/en/recommendations",
	} {
		body := p.page(path, http.StatusOK)
		for _, leak := range []string{"Quokka", "quokka-subject", "WG.4/2022/3", "WG.4/2022/INF/1"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s shows %q", path, leak)
			}
		}
	}
	if body := p.page("/en/search?q=quokka", http.StatusOK); !strings.Contains(body, "0 documents found") {
		t.Error("a word only hidden documents have finds something")
	}
	for _, path := range []string{
		"/en/documents/CTOC/COP/WG.4/2022/3", "/en/documents/CTOC/COP/WG.4/2022/INF/1",
		"/en/documents/CTOC/COP/WG.4/2022/INF/1/text/en", "/en/documents/CTOC/COP/WG.4/2022/INF/1/compare",
	} {
		p.page(path, http.StatusNotFound)
	}
	res, _ := p.get("/en/search?q=CTOC/COP/WG.4/2022/INF/1")
	if res.StatusCode == http.StatusSeeOther {
		t.Error("the symbol of a restricted document leads to it")
	}
}

func TestErrorPagesSpeakTheVisitorsLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/fr/nope", http.StatusNotFound)
	if !strings.Contains(body, `<html lang="fr"`) || !strings.Contains(body, "Page introuvable") {
		t.Error("/fr/nope is not a French 404 page")
	}
	body = p.page("/nope", http.StatusNotFound, "Accept-Language", "ru")
	if !strings.Contains(body, `<html lang="ru"`) {
		t.Error("/nope with Accept-Language ru is not in Russian")
	}
	body = p.page("/ar/meetings?year=x", http.StatusBadRequest)
	if !strings.Contains(body, `<html lang="ar" dir="rtl">`) || !strings.Contains(body, `<span lang="en" dir="ltr">year:`) {
		t.Error("an Arabic 400 page does not name the parameter")
	}
	res, _ := p.get("/api/v1/nope")
	if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("an API 404 is %q, want a problem document", ct)
	}

	deps := p.deps
	deps.CatalogReady = func() bool { return false }
	deps.SearchReady = func() bool { return false }
	loading, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = loading
	body = p.page("/es/", http.StatusServiceUnavailable)
	if !strings.Contains(body, `<html lang="es"`) {
		t.Error("the 503 page is not in Spanish")
	}
	deps.CatalogReady = func() bool { return true }
	p.handler, _ = web.New(deps)
	p.page("/es/search?q=trata", http.StatusServiceUnavailable)
	p.page("/es/meetings", http.StatusOK) // the rest still serves while search builds
}

// TestPagesDoNotWaitOnTheDatabase stops the database: every list and
// search page still answers from memory and the index.
func TestPagesDoNotWaitOnTheDatabase(t *testing.T) {
	t.Parallel() // most of its time is spent waiting for the stopped database
	p := newDemoPortal(t, may2022)
	if err := p.db.Close(); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/en/", "/en/meetings", "/en/meetings/calendar?month=2022-06", "/en/sessions/CTOC/COP/WG.4/12",
		"/en/bodies/CTOC/COP/WG.4", "/en/documents/CTOC/COP/WG.4/2021/2", "/en/recommendations",
		"/en/publications", "/en/search?q=trafficking",
	} {
		p.page(path, http.StatusOK)
	}
	// The text of a version is read from the database: a clear 503.
	p.page("/en/documents/CTOC/COP/WG.4/2021/2/text/en", http.StatusServiceUnavailable)
}

func TestStaticFilesAndSecurityHeaders(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/en/", http.StatusOK)
	css := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if css == nil {
		t.Fatal("no versioned style sheet")
	}
	res, _ := p.get(css[1])
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("style sheet: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res, _ := p.get("/static/style.css"); res.Header.Get("Cache-Control") != "no-cache" {
		t.Error("an unversioned address may be cached for good")
	}
	res, _ = p.get("/en/")
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	if strings.Contains(body, "<script") {
		t.Error("a page has a script; pages work without JavaScript")
	}
}

// between returns the part of s after the first from and before the next
// to, failing the test when either is missing.
func between(t *testing.T, s, from, to string) string {
	t.Helper()
	_, after, ok := strings.Cut(s, from)
	if !ok {
		t.Fatalf("no %q in the page", from)
	}
	before, _, ok := strings.Cut(after, to)
	if !ok {
		t.Fatalf("no %q after %q", to, from)
	}
	return before
}

// FuzzPages sends any address to the pages: none may fail on our side.
func FuzzPages(f *testing.F) {
	p := newDemoPortal(f, may2022)
	for _, seed := range []string{
		"/en/search?q=%22a&type=report&page=3&sort=oldest", "/ar/documents/E/CN.15/2021/L.3/compare?a=ar&b=zh",
		"/fr/meetings/calendar?month=0000-00", "/zh/publications?lang=pt&year=2021&subject=gender&page=2",
		"/ru/sessions/CTOC/COP/WG.4/12/calendar.ics", "/language?to=es&next=/es/", "/es/documents/%00/text/en",
		"/pt/recommendations?q=%C3%A9tat&theme=x", "/en/search?q=year:2019..2021+-covid+OR+symbol:A/", "/static/../go.mod",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, target string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n#") {
			return
		}
		if _, err := url.ParseRequestURI(target); err != nil {
			return
		}
		rec := httptest.NewRecorder()
		p.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code >= 500 && rec.Code != http.StatusServiceUnavailable {
			t.Fatalf("GET %s: %d\n%.300s", target, rec.Code, rec.Body.String())
		}
	})
}

// TestEveryRevisionPointsToTheNewest: Rev.2 revises the base document,
// yet Rev.1's page too says that a newer version exists.
func TestEveryRevisionPointsToTheNewest(t *testing.T) {
	p := newDemoPortal(t, may2022)
	base := testutil.DocumentWG4_2022_2()
	rev1, rev2 := testutil.DocumentWG4_2022_2(), testutil.DocumentWG4_2022_2()
	rev1.ID, rev1.Symbol, rev1.Date = "CTOC/COP/WG.4/2022/2/Rev.1", "CTOC/COP/WG.4/2022/2/Rev.1", "2022-05-01"
	rev2.ID, rev2.Symbol, rev2.Date = "CTOC/COP/WG.4/2022/2/Rev.2", "CTOC/COP/WG.4/2022/2/Rev.2", "2022-05-10"
	p.seed(base, rev1, rev2)
	for _, id := range []string{"CTOC/COP/WG.4/2022/2", "CTOC/COP/WG.4/2022/2/Rev.1"} {
		body := p.page("/en/documents/"+id, http.StatusOK)
		if !strings.Contains(between(t, body, `class="banner"`, "</div>"), "/en/documents/CTOC/COP/WG.4/2022/2/Rev.2") {
			t.Errorf("%s: no banner pointing to Rev.2", id)
		}
	}
	if body := p.page("/en/documents/CTOC/COP/WG.4/2022/2/Rev.2", http.StatusOK); strings.Contains(body, "A newer version") {
		t.Error("Rev.2 says a newer version exists")
	}
}

func TestMeetingsArePaged(t *testing.T) {
	p := newDemoPortal(t, may2022)
	var extra []catalog.Entity
	for i := range 60 {
		x := testutil.SessionWG4_12()
		x.ID, x.Number = fmt.Sprintf("CTOC/COP/WG.4/%d", 100+i), 100+i
		x.Start, x.End = catalog.Date(fmt.Sprintf("2030-01-%02d", 1+i%28)), catalog.Date(fmt.Sprintf("2030-01-%02d", 1+i%28))
		extra = append(extra, x)
	}
	p.seed(extra...)
	first := p.page("/en/meetings?body=CTOC/COP/WG.4", http.StatusOK)
	if !strings.Contains(first, "62 sessions") || !strings.Contains(first, "Page 1 of 2") {
		t.Error("the first page does not say 62 sessions on 2 pages")
	}
	if n := strings.Count(between(t, first, "<tbody>", "</tbody>"), "<tr>"); n != 50 {
		t.Errorf("the first page lists %d sessions, want 50", n)
	}
	second := p.page("/en/meetings?body=CTOC/COP/WG.4&page=2", http.StatusOK)
	if n := strings.Count(between(t, second, "<tbody>", "</tbody>"), "<tr>"); n != 12 {
		t.Errorf("the second page lists %d sessions, want 12", n)
	}
	p.page("/en/meetings?page=0", http.StatusBadRequest)
}

func TestRecommendationsArePaged(t *testing.T) {
	p := newDemoPortal(t, may2022)
	var extra []catalog.Entity
	for i := range 55 {
		r := testutil.RecommendationWG4_12_3()
		r.Number = fmt.Sprint(100 + i)
		r.ID = "CTOC/COP/WG.4/2022/2#" + r.Number
		extra = append(extra, r)
	}
	p.seed(extra...)
	first := p.page("/en/recommendations", http.StatusOK)
	if !strings.Contains(first, "63 recommendations") || !strings.Contains(first, "Page 1 of 2") {
		t.Error("the first page does not say 63 recommendations on 2 pages")
	}
	if n := strings.Count(first, `<li class="rec">`); n != 50 {
		t.Errorf("the first page lists %d, want 50", n)
	}
	second := p.page("/en/recommendations?page=2", http.StatusOK)
	if n := strings.Count(second, `<li class="rec">`); n != 13 {
		t.Errorf("the second page lists %d, want 13", n)
	}
	p.page("/en/recommendations?page=x", http.StatusBadRequest)
}
