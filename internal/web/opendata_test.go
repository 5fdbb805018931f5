package web_test

// Open data for crawlers and reference managers: the sitemap index and
// its files (checked with xmllint and against the protocol's structure),
// robots.txt, the schema.org JSON-LD of session and document pages, and
// the citation links of a document page.

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"html"
	"mime"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// base is the address httptest requests come to.
const base = "http://example.com"

// openDataFixtures are documents that the sitemap must leave out or that
// the structured data must describe, added to the demo content.
type openDataFixtures struct {
	draft, restricted, withdrawn, book, tricky *catalog.Document
	online                                     *catalog.Session
}

func seedOpenData(p *portal) openDataFixtures {
	p.t.Helper()
	doc := func(id string) *catalog.Document {
		d := testutil.DocumentWG4_2022_2()
		d.ID, d.Symbol = id, ""
		return d
	}
	f := openDataFixtures{
		draft: doc("opendata-draft"), restricted: doc("opendata-restricted"), withdrawn: doc("opendata-withdrawn"),
		book: doc("opendata-book"), tricky: doc("opendata-tricky"),
		online: &catalog.Session{ID: "opendata/1", Body: "CTOC/COP/WG.4", Title: catalog.Text{"en": "Online consultation"},
			Start: "2022-09-01", End: "2022-09-01", Venue: catalog.Venue{Mode: catalog.Online}},
	}
	f.draft.Status = catalog.Draft
	f.restricted.Distribution = catalog.Restricted
	f.withdrawn.Status = catalog.Withdrawn
	f.book.Type, f.book.Session, f.book.AgendaItems = catalog.TypePublication, "", nil
	f.book.Publication = &catalog.Publication{ISBN: "978-92-1-130415-2", Publisher: "United Nations"}
	f.tricky.Versions = f.tricky.Versions[1:]
	f.tricky.Versions[0].Title = `Closing </script><script>alert(1)</script> & "quotes" <!-- here`
	p.seed(f.draft, f.restricted, f.withdrawn, f.book, f.tricky, f.online)
	return f
}

const (
	sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	xhtmlNS   = "http://www.w3.org/1999/xhtml"
)

type sitemapIndexXML struct {
	XMLName  xml.Name
	Sitemaps []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemap"`
}

type urlsetXML struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		LastMod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Links   []struct {
			XMLName  xml.Name
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// getXML fetches target and checks it is well-formed XML served as such.
func getXML(t *testing.T, p *portal, target string) string {
	t.Helper()
	res, body := p.get(target)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d\n%.400s", target, res.StatusCode, body)
	}
	if mt, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); mt != "application/xml" {
		t.Errorf("GET %s: Content-Type %q", target, res.Header.Get("Content-Type"))
	}
	testutil.XMLLint(t, []byte(body))
	return body
}

func TestSitemapListsEveryPublicPageInEveryLanguage(t *testing.T) {
	p := newDemoPortal(t, may2022)
	f := seedOpenData(p)
	const limit = 100
	p.deps.SitemapURLs = limit
	h, err := web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = h

	var index sitemapIndexXML
	if err := xml.Unmarshal([]byte(getXML(t, p, "/sitemap.xml")), &index); err != nil {
		t.Fatal(err)
	}
	if index.XMLName.Space != sitemapNS || index.XMLName.Local != "sitemapindex" {
		t.Fatalf("index root %v", index.XMLName)
	}
	if len(index.Sitemaps) < 2 {
		t.Fatalf("%d sitemap files for the demo catalogue at %d addresses a file, want several", len(index.Sitemaps), limit)
	}
	langs := []string{"ar", "zh", "en", "fr", "ru", "es", "pt"}
	seen := map[string]string{} // address → its lastmod
	for i, sm := range index.Sitemaps {
		want := base + "/sitemaps/" + strconv.Itoa(i+1) + ".xml"
		if sm.Loc != want {
			t.Fatalf("sitemap %d at %s, want %s", i+1, sm.Loc, want)
		}
		var set urlsetXML
		if err := xml.Unmarshal([]byte(getXML(t, p, strings.TrimPrefix(sm.Loc, base))), &set); err != nil {
			t.Fatal(err)
		}
		if set.XMLName.Space != sitemapNS || set.XMLName.Local != "urlset" {
			t.Fatalf("%s: root %v", sm.Loc, set.XMLName)
		}
		if n := len(set.URLs); n == 0 || n > limit || i < len(index.Sitemaps)-1 && n != limit {
			t.Errorf("%s lists %d addresses (limit %d)", sm.Loc, n, limit)
		}
		for _, u := range set.URLs {
			if _, dup := seen[u.Loc]; dup {
				t.Errorf("%s is listed twice", u.Loc)
			}
			seen[u.Loc] = u.LastMod
			lang, path, ok := strings.Cut(strings.TrimPrefix(u.Loc, base+"/"), "/")
			if !strings.HasPrefix(u.Loc, base+"/") || !ok || !slices.Contains(langs, lang) {
				t.Fatalf("%s is not an absolute address under a language", u.Loc)
			}
			// The seven languages and x-default (English), the address itself among them.
			var got []string
			for _, l := range u.Links {
				if l.XMLName.Space != xhtmlNS || l.Rel != "alternate" {
					t.Fatalf("%s: link %+v", u.Loc, l)
				}
				want := "en"
				if l.Hreflang != "x-default" {
					want = l.Hreflang
				}
				if l.Href != base+"/"+want+"/"+path {
					t.Errorf("%s: %s alternate %s", u.Loc, l.Hreflang, l.Href)
				}
				got = append(got, l.Hreflang)
			}
			if !slices.Equal(got, append(slices.Clone(langs), "x-default")) {
				t.Errorf("%s: alternates %v", u.Loc, got)
			}
			if u.LastMod != "" {
				if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
					t.Errorf("%s: lastmod %q: %v", u.Loc, u.LastMod, err)
				}
			}
		}
	}
	if len(seen)%len(langs) != 0 {
		t.Errorf("%d addresses: not every page in every language", len(seen))
	}
	for _, path := range []string{
		"/", "/meetings", "/publications", "/recommendations",
		"/bodies/CTOC/COP/WG.4", "/sessions/CTOC/COP/WG.4/12", "/sessions/opendata/1",
		"/documents/CTOC/COP/WG.4/2021/2", "/documents/CTOC/COP/WG.4/2021/2/text/ar",
		"/documents/opendata-book", "/documents/opendata-book/text/en",
	} {
		for _, l := range langs {
			if _, ok := seen[base+"/"+l+path]; !ok {
				t.Errorf("%s is missing", base+"/"+l+path)
			}
		}
	}
	if seen[base+"/fr/documents/opendata-book"] == "" || seen[base+"/ar/documents/opendata-book/text/ar"] == "" {
		t.Error("a document's pages have no lastmod")
	}
	for loc := range seen {
		for _, d := range []*catalog.Document{f.draft, f.restricted, f.withdrawn} {
			if strings.Contains(loc, "/documents/"+d.ID) {
				t.Errorf("%s is listed: drafts, restricted and withdrawn documents are not", loc)
			}
		}
		for _, part := range []string{"/edit", "/admin", "/search", "/login"} {
			if strings.Contains(loc, part) {
				t.Errorf("%s is listed", loc)
			}
		}
	}

	for _, target := range []string{"/sitemaps/0.xml", "/sitemaps/" + strconv.Itoa(len(index.Sitemaps)+1) + ".xml", "/sitemaps/x.xml", "/sitemaps/01.xml", "/sitemaps/1.xml/2"} {
		if res, _ := p.get(target); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status %d, want 404", target, res.StatusCode)
		}
	}
}

func TestSitemapHasOneFileForASmallCatalogue(t *testing.T) {
	p := newDemoPortal(t, may2022)
	var index sitemapIndexXML
	if err := xml.Unmarshal([]byte(getXML(t, p, "/sitemap.xml")), &index); err != nil {
		t.Fatal(err)
	}
	if len(index.Sitemaps) != 1 || index.Sitemaps[0].Loc != base+"/sitemaps/1.xml" || index.Sitemaps[0].LastMod == "" {
		t.Errorf("index %+v, want one file with a lastmod", index.Sitemaps)
	}
	var set urlsetXML
	if err := xml.Unmarshal([]byte(getXML(t, p, "/sitemaps/1.xml")), &set); err != nil {
		t.Fatal(err)
	}
	if len(set.URLs) < 7*50 {
		t.Errorf("%d addresses, want the demo catalogue in seven languages", len(set.URLs))
	}
}

func TestCrawlerFilesUseTheBaseURL(t *testing.T) {
	p := newDemoPortal(t, may2022)
	deps := p.deps
	deps.BaseURL = "https://plenary.example.org/portal"
	h, err := web.New(deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = h
	if _, body := p.get("/robots.txt"); !strings.Contains(body, "\nSitemap: https://plenary.example.org/portal/sitemap.xml\n") {
		t.Errorf("robots.txt:\n%s", body)
	}
	if body := getXML(t, p, "/sitemap.xml"); !strings.Contains(body, "<loc>https://plenary.example.org/portal/sitemaps/1.xml</loc>") {
		t.Errorf("index:\n%s", body)
	}
	body := getXML(t, p, "/sitemaps/1.xml")
	for _, want := range []string{
		"<loc>https://plenary.example.org/portal/ar/documents/A/RES/76/7</loc>",
		`<xhtml:link rel="alternate" hreflang="x-default" href="https://plenary.example.org/portal/en/documents/A/RES/76/7"></xhtml:link>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %s in the sitemap", want)
		}
	}
	ld := jsonLD(t, p.page("/en/documents/A/RES/76/7", 200))
	has(t, "document", ld, map[string]any{"url": "https://plenary.example.org/portal/en/documents/A/RES/76/7"})
}

func TestRobotsTxt(t *testing.T) {
	p := newDemoPortal(t, may2022)
	res, body := p.get("/robots.txt")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("status %d, Content-Type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, line := range []string{"User-agent: *", "Allow: /", "Disallow: /edit/", "Disallow: /admin/", "Disallow: /*/edit/", "Disallow: /*/admin/", "Sitemap: " + base + "/sitemap.xml"} {
		if !slices.Contains(strings.Split(body, "\n"), line) {
			t.Errorf("no line %q in\n%s", line, body)
		}
	}
	for _, line := range strings.Split(body, "\n") {
		if d, ok := strings.CutPrefix(line, "Disallow: "); ok && (d == "/" || strings.HasPrefix("/en/documents/x", d) || strings.HasPrefix("/api/v1/documents/x/versions/en/file", d)) {
			t.Errorf("%q keeps crawlers from public pages or files", line)
		}
	}
}

// jsonLD returns the JSON-LD node of a page, decoded.
func jsonLD(t *testing.T, body string) map[string]any {
	t.Helper()
	scripts := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(body, -1)
	if len(scripts) != 1 {
		t.Fatalf("%d JSON-LD scripts, want 1", len(scripts))
	}
	head, _, _ := strings.Cut(body, "</head>")
	if !strings.Contains(head, scripts[0][0]) {
		t.Error("the JSON-LD is not in the head")
	}
	var n map[string]any
	if err := json.Unmarshal([]byte(scripts[0][1]), &n); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, scripts[0][1])
	}
	if n["@context"] != "https://schema.org" {
		t.Errorf("@context %v", n["@context"])
	}
	return n
}

// has checks that node has each property with the given value; a nil
// value only asks that the property be there.
func has(t *testing.T, what string, node map[string]any, want map[string]any) {
	t.Helper()
	for k, v := range want {
		got, ok := node[k]
		if !ok {
			t.Errorf("%s: no %s", what, k)
			continue
		}
		if v != nil && !jsonEqual(got, v) {
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(v)
			t.Errorf("%s: %s = %s, want %s", what, k, g, w)
		}
	}
}

func jsonEqual(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestSessionPageDescribesAnEvent(t *testing.T) {
	p := newDemoPortal(t, may2022)
	seedOpenData(p)
	ev := jsonLD(t, p.page("/fr/sessions/CTOC/COP/WG.4/12", 200))
	has(t, "hybrid session", ev, map[string]any{
		"@type":               "Event",
		"url":                 base + "/fr/sessions/CTOC/COP/WG.4/12",
		"name":                nil,
		"startDate":           "2022-06-29",
		"endDate":             "2022-06-30",
		"eventStatus":         "https://schema.org/EventScheduled",
		"eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
		"organizer": map[string]any{"@type": "GovernmentOrganization", "name": "Groupe de travail sur la traite des personnes",
			"url": base + "/fr/bodies/CTOC/COP/WG.4"},
	})
	locs, _ := ev["location"].([]any)
	if len(locs) != 2 {
		t.Fatalf("location %v, want a place and a virtual location", ev["location"])
	}
	has(t, "place", locs[0].(map[string]any), map[string]any{"@type": "Place",
		"address": map[string]any{"@type": "PostalAddress", "addressLocality": "Vienna", "addressCountry": "Austria"}})
	has(t, "virtual location", locs[1].(map[string]any), map[string]any{"@type": "VirtualLocation", "url": base + "/fr/sessions/CTOC/COP/WG.4/12"})

	online := jsonLD(t, p.page("/en/sessions/opendata/1", 200))
	has(t, "online session", online, map[string]any{
		"name": "Online consultation", "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
		"location": map[string]any{"@type": "VirtualLocation", "url": base + "/en/sessions/opendata/1"},
	})
}

func TestDocumentPageDescribesAReportAndItsTranslations(t *testing.T) {
	p := newDemoPortal(t, may2022)
	f := seedOpenData(p)
	const page = "/en/documents/CTOC/COP/WG.4/2021/2"
	body := p.page(page, 200)
	doc := jsonLD(t, body)
	has(t, "report", doc, map[string]any{
		"@type": "Report", "@id": base + page, "url": base + page, "name": nil,
		"identifier":   map[string]any{"@type": "PropertyValue", "propertyID": "UN document symbol", "value": "CTOC/COP/WG.4/2021/2"},
		"reportNumber": "CTOC/COP/WG.4/2021/2", "datePublished": nil, "inLanguage": "en",
		"publisher": nil, "workTranslation": nil,
	})
	versions := doc["workTranslation"].([]any)
	var langs []string
	for _, v := range versions {
		v := v.(map[string]any)
		l, _ := v["inLanguage"].(string)
		langs = append(langs, l)
		has(t, "version "+l, v, map[string]any{
			"@type": "Report", "@id": base + "/" + l + "/documents/CTOC/COP/WG.4/2021/2/text/" + l, "name": nil,
			"translationOfWork": map[string]any{"@id": base + page},
		})
		// The @id is a page that exists.
		p.page(strings.TrimPrefix(v["@id"].(string), base), 200)
	}
	if len(langs) < 2 {
		t.Errorf("versions %v, want one node per language version", langs)
	}

	book := jsonLD(t, p.page("/ar/documents/"+f.book.ID, 200))
	has(t, "publication", book, map[string]any{"@type": "Book", "isbn": "978-92-1-130415-2", "inLanguage": "ar",
		"name": f.book.Versions[0].Title, "publisher": map[string]any{"@type": "Organization", "name": "United Nations"}})

	// A withdrawn document keeps its page, without structured data.
	if page := p.page("/en/documents/"+f.withdrawn.ID, 200); strings.Contains(page, "application/ld+json") {
		t.Error("the withdrawn document's page has structured data")
	}

	// A title cannot end the script element: encoding/json escapes < > &.
	tricky := p.page("/en/documents/"+f.tricky.ID, 200)
	if strings.Contains(tricky, "<script>alert") || strings.Count(tricky, "</script>") != 1 {
		t.Errorf("the title breaks out of the JSON-LD:\n%s", between(t, tricky, "<head>", "</head>"))
	}
	has(t, "tricky title", jsonLD(t, tricky), map[string]any{"name": f.tricky.Versions[0].Title})
}

func TestDocumentPageLinksCitations(t *testing.T) {
	p := newDemoPortal(t, may2022)
	body := p.page("/ar/documents/CTOC/COP/WG.4/2021/2", 200)
	section := between(t, body, `id="h-cite"`, "</section>")
	links := regexp.MustCompile(`<a href="([^"]+)" type="([^"]+)" download>`).FindAllStringSubmatch(section, -1)
	if len(links) != 3 {
		t.Fatalf("%d citation links, want 3:\n%s", len(links), section)
	}
	for i, format := range []string{"bibtex", "ris", "csl-json"} {
		href := html.UnescapeString(links[i][1])
		if want := "/api/v1/documents/CTOC/COP/WG.4/2021/2/citation?lang=ar&format=" + format; href != want {
			t.Errorf("link %s, want %s", href, want)
		}
		res, _ := p.get(href)
		if ct, _, _ := mime.ParseMediaType(res.Header.Get("Content-Type")); res.StatusCode != 200 || ct != html.UnescapeString(links[i][2]) {
			t.Errorf("GET %s: %d %s, want the link's type %s", href, res.StatusCode, ct, links[i][2])
		}
		if !strings.HasPrefix(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("GET %s: not an attachment", href)
		}
	}
}

// TestStructuredDataInChromium loads a session and a document page in
// headless Chromium and checks that the JSON-LD raises no error: the
// Content-Security-Policy allows no script, and a data block is not one.
// A page with an inline script under the same policy shows that such an
// error would be seen.
func TestStructuredDataInChromium(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if testing.Short() {
			t.Skipf("no Chromium at %s (-short): %v", chromiumPath, err)
		}
		t.Fatalf("this test needs Chromium at %s: %v: %s", chromiumPath, err, installHint)
	}
	p := newDemoPortal(t, may2022)
	f := seedOpenData(p)
	env := &browserEnv{base: p.serve().URL}
	env.browser = startBrowser(t)

	// errorsOn opens path (the control page when path is empty) and
	// returns the errors it logged.
	errorsOn := func(t *testing.T, path string) []string {
		ctx := env.tab(t)
		var (
			mu   sync.Mutex
			errs []string
		)
		note := func(s string) {
			mu.Lock()
			defer mu.Unlock()
			errs = append(errs, s)
		}
		if err := chromedp.Listen(ctx, func(ev any) {
			switch ev := ev.(type) {
			case *log.EventEntryAdded:
				if ev.Entry != nil && ev.Entry.Level == log.EntryLevelError {
					note(string(ev.Entry.Source) + ": " + ev.Entry.Text)
				}
			case *runtime.EventExceptionThrown:
				note("exception: " + ev.ExceptionDetails.Text)
			case *runtime.EventConsoleAPICalled:
				if ev.Type == runtime.ConsoleAPICalledTypeError {
					note("console.error")
				}
			}
		}); err != nil {
			t.Fatal(err)
		}
		do(t, ctx, "enabling the log", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
			return err
		}))
		if path == "" {
			env.open(t, ctx, "/en/", 200)
			do(t, ctx, "writing a page with a script", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				tree, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
				if err != nil {
					return err
				}
				_, err = cdp.Call(ctx, tg, page.SetDocumentContent, page.SetDocumentContentParams{FrameID: tree.FrameTree.Frame.ID,
					HTML: `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"><script>document.title = "ran"</script></head><body></body></html>`})
				return err
			}))
		} else {
			env.open(t, ctx, path, 200)
			if ok := eval[bool](t, ctx, `JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent)["@context"] === "https://schema.org"`); !ok {
				t.Errorf("%s: the browser does not read the JSON-LD", path)
			}
		}
		time.Sleep(500 * time.Millisecond) // let late log entries arrive
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(errs)
	}

	errs := errorsOn(t, "")
	if len(errs) == 0 {
		t.Fatal("the control page's blocked script raised no error: the listener sees nothing")
	}
	t.Logf("control: %q", errs)
	for _, path := range []string{"/en/sessions/CTOC/COP/WG.4/12", "/ar/documents/CTOC/COP/WG.4/2021/2", "/en/documents/" + f.tricky.ID} {
		if errs := errorsOn(t, path); len(errs) > 0 {
			t.Errorf("%s: %v", path, errs)
		}
	}
}
