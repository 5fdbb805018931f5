package web_test

// Browser tests: the portal in headless Chromium, driven by chromedp, as a
// visitor sees it. One browser serves every subtest of TestBrowser; each
// subtest works in a browser context of its own (its own cookies), so the
// subtests do not see each other's language choice. The accessibility
// check injects axe-core, which `make test-deps` installs from npm.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"plenary/internal/auth"
)

// chromiumPath is where Debian's chromium package puts the browser.
const chromiumPath = "/usr/bin/chromium"

// installHint tells how to get what the browser tests need.
const installHint = "run `make test-deps` (it installs Debian's chromium, fonts-noto-core and fonts-noto-cjk " +
	"with apt-get, and axe-core from npm into .cache/npm), or run .ci/run, which does it through `make test`"

// The size of every tab: a desktop window.
const viewportWidth, viewportHeight = 1280, 900

// browserEnv is the portal and the browser that every subtest shares.
type browserEnv struct {
	base    string          // the portal's address, http://127.0.0.1:port
	browser context.Context // a chromedp context that holds the browser
}

func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if testing.Short() {
			t.Skipf("no Chromium at %s (-short): %v", chromiumPath, err)
		}
		t.Fatalf("the browser tests need Chromium at %s, which is missing (%v): %s", chromiumPath, err, installHint)
	}
	start := time.Now()
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	env := &browserEnv{base: p.serve().URL}
	env.browser = startBrowser(t)
	t.Logf("portal and browser ready in %v", time.Since(start).Round(time.Millisecond))

	// The subtests run side by side, each in its own tab (at most
	// GOMAXPROCS at once); the browser and the portal close after the last.
	for _, sub := range []struct {
		name string
		test func(*testing.T)
	}{
		{"ArabicMirrors", env.testArabicMirrors},
		{"LanguageSwitch", env.testLanguageSwitch},
		{"Search", env.testSearch},
		{"Download", env.testDownload},
		{"SkipLink", env.testSkipLink},
		{"Screenshots", env.testScreenshots},
		{"Axe", env.testAxe},
		{"Editor", env.testEditor},
	} {
		t.Run(sub.name, func(t *testing.T) {
			t.Parallel()
			sub.test(t)
		})
	}
}

// startBrowser starts one headless Chromium for the test and its subtests,
// with a fresh profile and none of the calls home that a machine without
// internet refuses.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	profile := t.TempDir() // removed after the browser is gone: cleanups run last in, first out
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(viewportWidth, viewportHeight),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider"),
		chromedp.Flag("lang", "en-US"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc) // waits for the browser to exit
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)
	// The first Do starts the browser and binds it to ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium at %s: %v\n(if it is broken or incomplete, %s)", chromiumPath, err, installHint)
	}
	return ctx
}

// tab opens a tab in a new browser context (no cookies, no history) at the
// desktop size, and returns a context for it that ends with the test or
// after a minute, whichever comes first.
func (e *browserEnv) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(viewportWidth, viewportHeight),
		// Several tabs run at once: each must behave as the focused
		// window, or the keyboard tests see no focus.
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
			return err
		}),
	); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	tctx, cancelTimeout := context.WithTimeout(ctx, time.Minute)
	t.Cleanup(cancelTimeout)
	return tctx
}

// do runs steps and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, expr string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, opts...))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", expr, err)
	}
	return v
}

// open navigates to path on the portal and checks the HTTP status.
func (e *browserEnv) open(t *testing.T, ctx context.Context, path string, status int64) {
	t.Helper()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(e.base+path))
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if res.Status != status {
		t.Fatalf("GET %s: status %d, want %d", path, res.Status, status)
	}
}

// follow runs an action that leads to another page (a click, Enter in a
// form), waits for that page and returns its address, without the host.
func (e *browserEnv) follow(t *testing.T, ctx context.Context, what string, step chromedp.Action[chromedp.Void]) *url.URL {
	t.Helper()
	res, err := chromedp.RunResponse(ctx, step)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if res == nil || res.Status != 200 {
		t.Fatalf("%s: no page loaded (%+v)", what, res)
	}
	return e.location(t, ctx)
}

// location is the tab's current address, path and query only.
func (e *browserEnv) location(t *testing.T, ctx context.Context) *url.URL {
	t.Helper()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, e.base+"/") {
		t.Fatalf("the tab left the portal: %s", loc)
	}
	u.Scheme, u.Host = "", ""
	return u
}

// rect is an element's box in CSS pixels, from getBoundingClientRect.
type rect struct {
	Left, Right, Top, Bottom, Width float64
}

const rectJS = `(el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; })`

// testArabicMirrors: the Arabic home page is right to left, and its layout
// really is mirrored: the brand at the right of the header and the menu
// running from the right, where the English page has them at the left. Its
// heading is drawn with an Arabic font, not a fallback.
func (e *browserEnv) testArabicMirrors(t *testing.T) {
	ctx := e.tab(t)
	type layout struct {
		Lang, Dir, Direction string
		Bar, Brand, Langs    rect
		FirstNav, LastNav    rect
	}
	get := func(lang string) layout {
		e.open(t, ctx, "/"+lang+"/", 200)
		return eval[layout](t, ctx, `(() => {
			const box = `+rectJS+`;
			const nav = document.querySelectorAll("nav.main-nav li a");
			return {
				lang: document.documentElement.lang,
				dir: document.documentElement.dir,
				direction: getComputedStyle(document.documentElement).direction,
				bar: box(document.querySelector("header.site .bar")),
				brand: box(document.querySelector("header.site a.brand")),
				langs: box(document.querySelector("header.site nav.langs")),
				firstNav: box(nav[0]),
				lastNav: box(nav[nav.length - 1]),
			};
		})()`)
	}
	en, ar := get("en"), get("ar")
	if en.Lang != "en" || en.Dir != "ltr" || en.Direction != "ltr" {
		t.Errorf("English home: lang %q dir %q direction %q, want en, ltr, ltr", en.Lang, en.Dir, en.Direction)
	}
	if ar.Lang != "ar" || ar.Dir != "rtl" || ar.Direction != "rtl" {
		t.Errorf("Arabic home: lang %q dir %q direction %q, want ar, rtl, rtl", ar.Lang, ar.Dir, ar.Direction)
	}
	// The brand at the left of the header in English, at its right in Arabic.
	if en.Brand.Left+en.Brand.Width/2 > en.Bar.Left+en.Bar.Width/2 {
		t.Errorf("English: the brand is not at the left of the header: brand %+v, header %+v", en.Brand, en.Bar)
	}
	if ar.Brand.Left+ar.Brand.Width/2 < ar.Bar.Left+ar.Bar.Width/2 {
		t.Errorf("Arabic: the brand is not at the right of the header: brand %+v, header %+v", ar.Brand, ar.Bar)
	}
	// Mirrored, in logical terms: the brand and the menu begin at the start
	// of the line (the left in English, the right in Arabic); the language
	// switcher ends at the end of the line when it shares the brand's line,
	// else it begins the next one (the header wraps when the texts are
	// long, and they are not as long in every language).
	const edge = 20 // px: the header's padding, and some
	for _, l := range []struct {
		name string
		rtl  bool
		lay  layout
	}{{"English", false, en}, {"Arabic", true, ar}} {
		bar := l.lay.Bar
		// fromStart and toEnd are an element's distances from the start and
		// the end of the header, in the direction of writing.
		fromStart := func(r rect) float64 {
			if l.rtl {
				return bar.Right - r.Right
			}
			return r.Left - bar.Left
		}
		toEnd := func(r rect) float64 {
			if l.rtl {
				return r.Left - bar.Left
			}
			return bar.Right - r.Right
		}
		if d := fromStart(l.lay.Brand); d > edge {
			t.Errorf("%s: the brand is %.0f px from the start of the header", l.name, d)
		}
		if d := fromStart(l.lay.FirstNav); d > edge {
			t.Errorf("%s: the menu begins %.0f px from the start of the line", l.name, d)
		}
		if sameLine := l.lay.Langs.Top < l.lay.Brand.Bottom; sameLine {
			if d := toEnd(l.lay.Langs); d > edge {
				t.Errorf("%s: on the brand's line, the language switcher ends %.0f px before the end of the header", l.name, d)
			}
		} else if d := fromStart(l.lay.Langs); d > edge {
			t.Errorf("%s: on a line of its own, the language switcher begins %.0f px from the start of the header", l.name, d)
		}
	}
	if !(en.FirstNav.Left < en.LastNav.Left) {
		t.Errorf("English: the menu does not run left to right: first %+v, last %+v", en.FirstNav, en.LastNav)
	}
	if !(ar.FirstNav.Left > ar.LastNav.Left) {
		t.Errorf("Arabic: the menu does not run right to left: first %+v, last %+v", ar.FirstNav, ar.LastNav)
	}

	// The heading must be drawn with an Arabic font (fonts-noto-core), not
	// as boxes or with a font that lacks the letters.
	fonts, err := chromedp.Run(ctx, chromedp.QueryAfter(chromedp.CSS("main h1"),
		func(ctx context.Context, tg *chromedp.Target, nodes []*chromedp.Node) ([]*css.PlatformFontUsage, error) {
			if _, err := cdp.Call(ctx, tg, css.Enable, cdp.Empty{}); err != nil {
				return nil, err
			}
			res, err := cdp.Call(ctx, tg, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: nodes[0].NodeID})
			return res.Fonts, err
		}))
	if err != nil {
		t.Fatalf("fonts of the Arabic heading: %v", err)
	}
	var used []string
	arabic := false
	for _, f := range fonts {
		used = append(used, fmt.Sprintf("%s (%v glyphs)", f.FamilyName, f.GlyphCount))
		arabic = arabic || strings.Contains(f.FamilyName, "Arabic")
	}
	t.Logf("the Arabic heading is drawn with %s", strings.Join(used, ", "))
	if !arabic {
		t.Errorf("the Arabic heading is drawn with %v, no Arabic font: is fonts-noto-core installed? %s", used, installHint)
	}
}

// testLanguageSwitch: the switcher in the header, clicked on a deep page
// with a query, shows the same page in the other language, and the choice
// sticks: / then goes to that language.
func (e *browserEnv) testLanguageSwitch(t *testing.T) {
	ctx := e.tab(t)
	const rest = "/documents/CTOC/COP/WG.4/2022/1/compare"
	const query = "a=fr&b=ar"
	e.open(t, ctx, "/en"+rest+"?"+query, 200)
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "en" {
		t.Fatalf("before the switch: lang %q", lang)
	}
	u := e.follow(t, ctx, "clicking Français in the header",
		chromedp.Click(chromedp.CSS(`header.site nav.langs a[hreflang="fr"]`), chromedp.NodeVisible))
	if u.Path != "/fr"+rest || u.RawQuery != query {
		t.Errorf("after the switch the tab shows %s, want /fr%s?%s", u, rest, query)
	}
	type state struct {
		Lang, Dir, Current, Left, Right string
	}
	got := eval[state](t, ctx, `({
		lang: document.documentElement.lang,
		dir: document.documentElement.dir,
		current: document.querySelector("nav.langs a[aria-current]")?.getAttribute("hreflang") ?? "",
		left: document.querySelector("#c-a")?.value ?? "",
		right: document.querySelector("#c-b")?.value ?? "",
	})`)
	if got != (state{Lang: "fr", Dir: "ltr", Current: "fr", Left: "fr", Right: "ar"}) {
		t.Errorf("the French page: %+v, want lang fr, ltr, Français marked current, comparing fr with ar as asked", got)
	}

	// The choice is remembered: the site's root now leads to French.
	e.open(t, ctx, "/", 200)
	if u := e.location(t, ctx); u.Path != "/fr/" {
		t.Errorf("/ after choosing French goes to %s, want /fr/", u)
	}
	if lang := eval[string](t, ctx, `document.documentElement.lang`); lang != "fr" {
		t.Errorf("/ after choosing French: lang %q", lang)
	}
}

// testSearch: a query typed on the home page and sent with Enter lists
// hits with highlighted words; the first hit opens its document; a
// document symbol typed in the header's box opens that document.
func (e *browserEnv) testSearch(t *testing.T) {
	ctx := e.tab(t)
	e.open(t, ctx, "/en/", 200)
	u := e.follow(t, ctx, "typing a query and pressing Enter",
		chromedp.SendKeys(chromedp.ID("home-q"), "procurement"+kb.Enter, chromedp.NodeVisible))
	if u.Path != "/en/search" || u.Query().Get("q") != "procurement" {
		t.Fatalf("Enter in the search box led to %s, want /en/search?q=procurement", u)
	}
	type hits struct {
		Count, Marks int
		Words        []string
		Highlight    string
		Href, Title  string
	}
	got := eval[hits](t, ctx, `(() => {
		const marks = [...document.querySelectorAll("ol.hits li.hit .snippet mark")];
		const first = document.querySelector("ol.hits li.hit .hit-title a");
		return {
			count: document.querySelectorAll("ol.hits li.hit").length,
			marks: marks.length,
			words: marks.map(m => m.textContent),
			highlight: marks.length ? getComputedStyle(marks[0]).backgroundColor : "",
			href: first ? first.getAttribute("href") : "",
			title: first ? first.textContent.trim() : "",
		};
	})()`)
	if got.Count == 0 || got.Href == "" {
		t.Fatalf("no hits for procurement: %+v", got)
	}
	if got.Marks == 0 {
		t.Errorf("the snippets highlight nothing: %+v", got)
	}
	for _, w := range got.Words {
		if !strings.Contains(strings.ToLower(w), "procure") {
			t.Errorf("highlighted %q, which is not the word searched for", w)
		}
	}
	if got.Highlight == "" || got.Highlight == "rgba(0, 0, 0, 0)" || got.Highlight == "transparent" {
		t.Errorf("the <mark> has no background (%q): the words are not visibly highlighted", got.Highlight)
	}

	u = e.follow(t, ctx, "clicking the first hit",
		chromedp.Click(chromedp.CSS("ol.hits li.hit .hit-title a"), chromedp.NodeVisible))
	if u.Path != got.Href {
		t.Errorf("the first hit (%s) led to %s", got.Href, u)
	}
	if h1 := eval[string](t, ctx, `document.querySelector("main h1").textContent.trim()`); h1 != got.Title {
		t.Errorf("the document page's heading is %q, want the hit's title %q", h1, got.Title)
	}

	// A symbol goes straight to its document, here from the header's box.
	const symbol = "CTOC/COP/WG.4/2022/2"
	u = e.follow(t, ctx, "typing a symbol in the header's search box",
		chromedp.SendKeys(chromedp.ID("site-q"), symbol+kb.Enter, chromedp.NodeVisible))
	if u.Path != "/en/documents/"+symbol {
		t.Errorf("searching for %s led to %s, want its document page", symbol, u)
	}
	if h1 := eval[string](t, ctx, `document.querySelector("main h1").textContent`); !strings.Contains(h1, "Identification of and assistance to victims") {
		t.Errorf("the page of %s has the heading %q", symbol, h1)
	}
}

// testDownload: on a session page, the cell of a language in the table of
// languages downloads that language version's file, under its own name,
// holding that version's text.
func (e *browserEnv) testDownload(t *testing.T) {
	ctx := e.tab(t)
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior:         browser.SetDownloadBehaviorBehaviorAllow,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
		DownloadPath:     dir,
		EventsEnabled:    new(true),
	}); err != nil {
		t.Fatalf("allowing downloads: %v", err)
	}
	e.open(t, ctx, "/en/sessions/CTOC/COP/WG.4/12", 200)

	// Find the row of the document in the table of languages, and the cell
	// of the English column, as a reader would.
	const symbol = "CTOC/COP/WG.4/2022/2"
	type cell struct {
		Title, Href, Label, Error string
	}
	c := eval[cell](t, ctx, `((symbol, language) => {
		const table = document.querySelector("table.lang-table");
		if (!table) return {error: "no table of languages"};
		const heads = [...table.querySelectorAll("thead th")];
		const col = heads.findIndex(th => th.querySelector("abbr")?.title === language);
		if (col < 0) return {error: "no column for " + language};
		const row = [...table.querySelectorAll("tbody tr")].find(tr => tr.cells[0].textContent.trim() === symbol);
		if (!row) return {error: "no row for " + symbol};
		const a = row.cells[col].querySelector("a");
		if (!a) return {error: "no link in the " + language + " cell"};
		return {title: row.querySelector("th").textContent.trim(), href: a.getAttribute("href"), label: a.textContent.trim()};
	})(`+jsString(symbol)+`, "English")`)
	if c.Error != "" {
		t.Fatalf("session page: %s", c.Error)
	}
	if !strings.Contains(c.Label, "Download in English") {
		t.Errorf("the link's text for a screen reader is %q, want it to say Download in English", c.Label)
	}

	begins := chromedp.BrowserEvents(ctx, browser.DownloadWillBegin)
	progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
	do(t, ctx, "clicking the English cell",
		chromedp.Click(chromedp.CSS(`table.lang-table a[href="`+c.Href+`"]`), chromedp.NodeVisible))
	var begin browser.EventDownloadWillBegin
	for ev, err := range begins {
		if err != nil {
			t.Fatalf("waiting for the download to begin: %v", err)
		}
		begin = ev
		break
	}
	if !strings.HasSuffix(begin.URL, c.Href) {
		t.Errorf("downloading %s, want %s", begin.URL, c.Href)
	}
	var done browser.EventDownloadProgress
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("waiting for the download to end: %v", err)
		}
		if ev.GUID != begin.GUID || ev.State == browser.DownloadProgressStateInProgress {
			continue
		}
		done = ev
		break
	}
	if done.State != browser.DownloadProgressStateCompleted {
		t.Fatalf("download of %s: %s", c.Href, done.State)
	}

	// The demo names a file after the document's symbol and the letter of
	// its language, as the United Nations do.
	const wantName = "CTOC_COP_WG.4_2022_2-E.txt"
	if begin.SuggestedFilename != wantName {
		t.Errorf("the file is named %q, want %q", begin.SuggestedFilename, wantName)
	}
	path := filepath.Join(dir, begin.SuggestedFilename)
	body, err := os.ReadFile(path)
	if err != nil {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("the downloaded file is not where the browser put it: %v (the folder holds %v)", err, entries)
	}
	if len(body) == 0 || int(done.ReceivedBytes) != len(body) {
		t.Errorf("the file has %d bytes, the browser received %v", len(body), done.ReceivedBytes)
	}
	if !strings.Contains(string(body), c.Title) {
		t.Errorf("the file downloaded from the row of %q does not hold that title; it begins %.120q", c.Title, body)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// testSkipLink: the first Tab shows the skip link, and Enter on it moves
// the focus to the main content, in both directions of writing.
func (e *browserEnv) testSkipLink(t *testing.T) {
	ctx := e.tab(t)
	for _, lang := range []string{"en", "ar"} {
		e.open(t, ctx, "/"+lang+"/sessions/CTOC/COP/WG.4/12", 200)
		do(t, ctx, "pressing Tab", chromedp.KeyEvent(kb.Tab))
		type focus struct {
			Tag, Class, ID, Href string
			Box                  rect
		}
		const focused = `(() => {
			const el = document.activeElement;
			return {tag: el.tagName, class: el.className, id: el.id, href: el.getAttribute("href") ?? "", box: ` + rectJS + `(el)};
		})()`
		f := eval[focus](t, ctx, focused)
		if f.Tag != "A" || f.Class != "skip" || f.Href != "#main" {
			t.Fatalf("%s: the first Tab focuses <%s class=%q href=%q>, want the skip link", lang, f.Tag, f.Class, f.Href)
		}
		if f.Box.Top < 0 || f.Box.Bottom > viewportHeight || f.Box.Width == 0 {
			t.Errorf("%s: the focused skip link is not on screen: %+v", lang, f.Box)
		}
		if lang == "ar" && f.Box.Left < viewportWidth/2 {
			t.Errorf("ar: the skip link shows at the left (%+v), want it at the start of the line, the right", f.Box)
		}
		do(t, ctx, "pressing Enter on the skip link", chromedp.KeyEvent(kb.Enter))
		f = eval[focus](t, ctx, focused)
		if f.Tag != "MAIN" || f.ID != "main" {
			t.Errorf("%s: after Enter on the skip link the focus is on <%s id=%q>, want <main id=main>", lang, f.Tag, f.ID)
		}
	}
}

// testScreenshots saves the home page in English and in Arabic as
// docs/screenshots/home-{en,ar}.png when PLENARY_SCREENSHOTS=1 (make
// screenshots), so that a plain test run leaves the tree alone.
func (e *browserEnv) testScreenshots(t *testing.T) {
	if os.Getenv("PLENARY_SCREENSHOTS") != "1" {
		t.Skip("set PLENARY_SCREENSHOTS=1 (make screenshots) to write docs/screenshots/")
	}
	dir := filepath.Join("..", "..", "docs", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := e.tab(t)
	for _, lang := range []string{"en", "ar"} {
		e.open(t, ctx, "/"+lang+"/", 200)
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot of /%s/: %v", lang, err)
		}
		if len(png) > 600<<10 {
			t.Errorf("the screenshot of /%s/ is %d KB, more than 600 KB", lang, len(png)>>10)
		}
		name := filepath.Join(dir, "home-"+lang+".png")
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d KB)", name, len(png)>>10)
	}
}

// axePath is where `make test-deps` installs axe-core; the Makefile
// passes it as PLENARY_AXE.
func axePath() string {
	if p := os.Getenv("PLENARY_AXE"); p != "" {
		return p
	}
	return filepath.Join("..", "..", ".cache", "npm", "node_modules", "axe-core", "axe.min.js")
}

// axePages are the pages the accessibility check visits, in each language,
// with the status each answers with.
var axePages = []struct {
	name, path string
	status     int64
}{
	{"home", "/", 200},
	{"meetings", "/meetings", 200},
	{"calendar", "/meetings/calendar?month=2022-06", 200},
	{"session", "/sessions/CTOC/COP/WG.4/12", 200},
	{"body", "/bodies/CTOC/COP/WG.4", 200},
	{"document", "/documents/CTOC/COP/WG.4/2022/2", 200},
	{"text", "/documents/CTOC/COP/WG.4/2022/1/text/ar", 200},
	{"compare", "/documents/CTOC/COP/WG.4/2022/1/compare", 200},
	{"recommendations", "/recommendations", 200},
	{"publications", "/publications", 200},
	{"search", "/search?q=procurement", 200},
	{"not-found", "/no-such-page", 404},
}

// axeArabicPaths replace paths of axePages on the Arabic pages that need
// other words: the Arabic search looks for trafficking, in Arabic.
var axeArabicPaths = map[string]string{"search": "/search?q=" + url.QueryEscape("الاتجار")}

// axeResult is what runAxe returns: the rules that fail, in full; the
// names of those that need a person to judge; how many rules pass.
type axeResult struct {
	Violations []axeViolation
	Incomplete []string
	Passes     int
}

// axeViolation is what axe.run reports for one rule.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Nodes                     []struct {
		Target  []any
		HTML    string
		Summary string
	}
}

// runAxe is evaluated in the page once axe is there: every rule of WCAG
// 2.0 and 2.1 at levels A and AA; only the violations are reported in full
// (resultTypes), which makes the run faster, not narrower.
const runAxe = `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
		resultTypes: ["violations"],
	})
	.then(r => ({
		violations: r.violations.map(v => ({
			id: v.id, impact: v.impact, help: v.help, helpURL: v.helpUrl,
			nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
		})),
		incomplete: r.incomplete.map(v => v.id),
		passes: r.passes.length,
	}))`

// testAxe runs axe-core on the main pages in English and in Arabic and
// fails on every serious or critical violation. The two languages run at
// once, each in its own tab, which has axe-core added to every page it
// loads.
func (e *browserEnv) testAxe(t *testing.T) {
	src, err := os.ReadFile(axePath())
	if err != nil {
		t.Fatalf("axe-core is missing (%v): %s", err, installHint)
	}
	axe := string(src)
	for _, lang := range []string{"en", "ar"} {
		t.Run(lang, func(t *testing.T) {
			t.Parallel()
			ctx := e.tab(t)
			do(t, ctx, "adding axe-core to the pages", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axe})
				return err
			}))
			for _, pg := range axePages {
				t.Run(pg.name, func(t *testing.T) {
					path := "/" + lang + pg.path
					if p, ok := axeArabicPaths[pg.name]; ok && lang == "ar" {
						path = "/ar" + p
					}
					e.open(t, ctx, path, pg.status)
					checkAxe(t, ctx, axe, path)
				})
			}
		})
	}
}

// checkAxe runs axe-core on the page the tab shows and fails the test on
// every serious or critical violation.
func checkAxe(t *testing.T, ctx context.Context, axe, path string) {
	t.Helper()
	injectAxe(t, ctx, axe)
	res := eval[axeResult](t, ctx, runAxe, chromedp.EvalAwaitPromise)
	if res.Passes == 0 {
		t.Errorf("%s: axe found no rule that passes: did it run on the page?", path)
	}
	if len(res.Incomplete) > 0 {
		t.Logf("%s: for a person to check: %v", path, res.Incomplete)
	}
	for _, v := range res.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: [%s] %s: %s (%s)", path, v.Impact, v.ID, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n\t%v %s\n\t\t%s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n\t\t"))
		}
		if v.Impact == "serious" || v.Impact == "critical" {
			t.Error(b.String())
		} else {
			t.Log(b.String())
		}
	}
}

// testEditor signs in through the real form, lands on the editor
// dashboard, and runs axe-core on the sign-in page, the dashboard and a
// document's edit form, in English and in Arabic.
func (e *browserEnv) testEditor(t *testing.T) {
	src, err := os.ReadFile(axePath())
	if err != nil {
		t.Fatalf("axe-core is missing (%v): %s", err, installHint)
	}
	axe := string(src)
	ctx := e.tab(t)
	do(t, ctx, "adding axe-core to the pages", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: axe})
		return err
	}))
	for _, lang := range []string{"en", "ar"} {
		e.open(t, ctx, "/"+lang+"/login", 200)
		checkAxe(t, ctx, axe, "/"+lang+"/login")
	}
	e.open(t, ctx, "/en/edit/", 200)
	if u := e.location(t, ctx); u.Path != "/en/login" || u.Query().Get("next") != "/en/edit/" {
		t.Fatalf("the dashboard, signed out, shows %s, want the sign-in page", u)
	}
	do(t, ctx, "typing the email and password",
		chromedp.SendKeys(chromedp.ID("login-email"), editorEmail, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.ID("login-password"), testPassword, chromedp.NodeVisible))
	u := e.follow(t, ctx, "submitting the sign-in form", chromedp.SendKeys(chromedp.ID("login-password"), kb.Enter))
	if u.Path != "/en/edit/" {
		t.Fatalf("signing in led to %s, want the dashboard it was asked for", u)
	}
	if h1 := eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Editor dashboard" {
		t.Errorf("the dashboard's heading is %q", h1)
	}
	for _, path := range []string{"/en/edit/", "/en/edit/documents/CTOC/COP/WG.4/2022/2", "/ar/edit/", "/ar/edit/documents/CTOC/COP/WG.4/2022/2"} {
		e.open(t, ctx, path, 200)
		checkAxe(t, ctx, axe, path)
	}
}

// injectAxe makes sure that axe-core is in the page: the tab adds it to
// every page it loads, else it is evaluated now. Neither is subject to the
// page's Content-Security-Policy; should that change, the page is reloaded
// with CSP bypassed for this tab only (the server's policy stays as it is).
func injectAxe(t *testing.T, ctx context.Context, axe string) {
	t.Helper()
	const check = `typeof axe === "object" && typeof axe.run === "function"`
	if eval[bool](t, ctx, check) {
		return
	}
	_, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](axe))
	if err == nil {
		if ok := eval[bool](t, ctx, check); ok {
			return
		}
		err = errors.New("axe is not defined after the script ran")
	}
	t.Logf("injecting axe-core: %v; reloading with the page's CSP bypassed", err)
	do(t, ctx, "bypassing CSP",
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true})
			return err
		}),
		chromedp.Reload(),
		chromedp.Evaluate[chromedp.Void](axe),
	)
	if !eval[bool](t, ctx, check) {
		t.Fatal("axe-core could not be injected into the page")
	}
}
