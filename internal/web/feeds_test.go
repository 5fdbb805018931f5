package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

// debianPython is Debian's python3, which has python3-feedparser; the
// python3 on PATH may be another one without it.
const debianPython = "/usr/bin/python3"

// parsedFeed is what feedparser makes of a feed.
type parsedFeed struct {
	Bozo    int    `json:"bozo"`
	BozoMsg string `json:"bozo_exception"`
	Feed    struct {
		Title   string `json:"title"`
		ID      string `json:"id"`
		Updated string `json:"updated"`
		Lang    string `json:"language"`
		Links   []struct {
			Rel  string `json:"rel"`
			Href string `json:"href"`
		} `json:"links"`
	} `json:"feed"`
	Entries []parsedEntry `json:"entries"`
}

// fixLinks makes each entry's Link its first alternate link, as most
// feed readers take it (feedparser keeps the last).
func (f *parsedFeed) fixLinks() {
	for i, e := range f.Entries {
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				f.Entries[i].Link = l.Href
				break
			}
		}
	}
}

type parsedEntry struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Link      string `json:"link"`
	Updated   string `json:"updated"`
	Published string `json:"published"`
	Summary   string `json:"summary"`
	Author    string `json:"author"`
	Links     []struct {
		Rel      string `json:"rel"`
		Href     string `json:"href"`
		Hreflang string `json:"hreflang"`
		Type     string `json:"type"`
	} `json:"links"`
	Tags []struct {
		Term string `json:"term"`
	} `json:"tags"`
}

// hreflang returns the address of the entry's alternate link in lang.
func (e parsedEntry) hreflang(lang string) string {
	for _, l := range e.Links {
		if l.Rel == "alternate" && l.Hreflang == lang {
			return l.Href
		}
	}
	return ""
}

func (e parsedEntry) hasTag(term string) bool {
	return slices.ContainsFunc(e.Tags, func(t struct {
		Term string `json:"term"`
	}) bool {
		return t.Term == term
	})
}

const feedparserScript = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def text(v):
    return v if isinstance(v, (str, int, float)) or v is None else str(v)
out = {
    "bozo": int(d.bozo),
    "bozo_exception": str(d.get("bozo_exception", "")),
    "feed": {k: d.feed.get(k, "") for k in ("title", "id", "updated", "language")},
    "entries": [],
}
out["feed"]["links"] = [{"rel": l.get("rel", ""), "href": l.get("href", "")} for l in d.feed.get("links", [])]
for e in d.entries:
    out["entries"].append({
        "id": e.get("id", ""), "title": e.get("title", ""), "link": e.get("link", ""),
        "updated": e.get("updated", ""), "published": e.get("published", ""),
        "summary": e.get("summary", ""), "author": e.get("author", ""),
        "links": [{"rel": l.get("rel", ""), "href": l.get("href", ""), "hreflang": l.get("hreflang", ""), "type": l.get("type", "")} for l in e.get("links", [])],
        "tags": [{"term": t.get("term", "")} for t in e.get("tags", [])],
    })
json.dump(out, sys.stdout, ensure_ascii=False)
`

// feedparse reads an Atom feed with Python's feedparser and checks that it
// found nothing wrong (bozo 0).
func feedparse(t *testing.T, body string) parsedFeed {
	t.Helper()
	if err := exec.Command(debianPython, "-c", "import feedparser").Run(); err != nil {
		if testing.Short() {
			t.Skipf("no python3-feedparser (-short): %v", err)
		}
		t.Fatalf("the feed tests need Debian's python3-feedparser: %v (run `make test-deps`)", err)
	}
	cmd := exec.Command(debianPython, "-c", feedparserScript)
	cmd.Stdin = strings.NewReader(body)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var f parsedFeed
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("feedparser output: %v\n%s", err, out)
	}
	if f.Bozo != 0 {
		t.Fatalf("feedparser: bozo %d (%s)\n%.3000s", f.Bozo, f.BozoMsg, body)
	}
	f.fixLinks()
	return f
}

// icalEvent is what ical.js makes of a VEVENT.
type icalEvent struct {
	UID, Summary, Description, Location, URL, Start, End, Stamp string
	StartIsDate                                                 bool
}

const icalScript = `
const ICAL = require('ical.js');
let src = '';
process.stdin.on('data', d => src += d);
process.stdin.on('end', () => {
  const cal = new ICAL.Component(ICAL.parse(src));
  const out = cal.getAllSubcomponents('vevent').map(v => {
    const e = new ICAL.Event(v);
    return {UID: e.uid, Summary: e.summary, Description: e.description || '', Location: e.location || '',
      URL: String(v.getFirstPropertyValue('url') || ''), Start: e.startDate.toString(), End: e.endDate.toString(),
      Stamp: v.getFirstPropertyValue('dtstamp').toString(), StartIsDate: e.startDate.isDate};
  });
  process.stdout.write(JSON.stringify({name: String(cal.getFirstPropertyValue('x-wr-calname') || ''), events: out}));
});
`

// icalParse reads an iCalendar file with ical.js (from npm).
func icalParse(t *testing.T, ics string) (string, []icalEvent) {
	t.Helper()
	out := testutil.Node(t, "ical.js", icalScript, ics)
	var res struct {
		Name   string
		Events []icalEvent
	}
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("ical.js output: %v\n%s", err, out)
	}
	return res.Name, res.Events
}

// feedFixtures are documents and a session that the feeds must show, or
// must not.
type feedFixtures struct {
	tricky, withdrawn, corr *catalog.Document
	longSession             *catalog.Session
}

// Long titles in Arabic and Chinese, folded over several lines in a calendar.
const (
	arabicTitle  = "الدورة الاستثنائية للفريق العامل المعني بالاتجار بالأشخاص: منع الاتجار بالأشخاص في سلاسل الإمداد والمشتريات العامة"
	chineseTitle = "贩运人员问题工作组特别会议：防止公共采购和供应链中的人口贩运行为，以及保护被害人的权利"
	trickyTitle  = `Trafficking & smuggling: <draft> "review" of 'rules'`
)

func seedFeedFixtures(p *portal) feedFixtures {
	var f feedFixtures
	base := testutil.DocumentWG4_2022_2()
	base.Versions = append(base.Versions, catalog.Version{Lang: catalog.French, Title: "Prévenir la traite dans les marchés publics", Date: "2022-05-02"})

	f.tricky = testutil.DocumentWG4_2022_2()
	f.tricky.ID, f.tricky.Symbol = "CTOC/COP/WG.4/2022/CRP.9", "CTOC/COP/WG.4/2022/CRP.9"
	f.tricky.Type = catalog.TypeConferenceRoomPaper
	f.tricky.Versions = []catalog.Version{{Lang: catalog.English, Title: trickyTitle, Abstract: `A & B < C > D "E"`}}

	f.withdrawn = testutil.DocumentWG4_2022_2()
	f.withdrawn.ID, f.withdrawn.Symbol, f.withdrawn.Status = "CTOC/COP/WG.4/2022/CRP.8", "CTOC/COP/WG.4/2022/CRP.8", catalog.Withdrawn
	f.withdrawn.Versions = f.withdrawn.Versions[1:]
	f.withdrawn.Versions[0].Title = "A withdrawn paper"

	f.corr = testutil.DocumentWG4_2022_2()
	f.corr.ID, f.corr.Symbol, f.corr.Date = "CTOC/COP/WG.4/2022/2/Corr.1", "CTOC/COP/WG.4/2022/2/Corr.1", "2022-05-10"
	f.corr.Versions = f.corr.Versions[1:]
	f.corr.Versions[0].Title = "Preventing trafficking in persons in public procurement: corrigendum"

	f.longSession = &catalog.Session{
		ID: "CTOC/COP/WG.4/special", Body: "CTOC/COP/WG.4",
		Title: catalog.Text{"ar": arabicTitle, "zh": chineseTitle, "en": "Special meeting; procurement, supply chains"},
		Start: "2022-09-05", End: "2022-09-07", Venue: catalog.Venue{City: "Vienna", Country: "Austria", Mode: catalog.Hybrid},
	}
	p.seed(base, testutil.DocumentDraft(), testutil.DocumentRestricted(), f.tricky, f.withdrawn, f.corr, f.longSession)
	return f
}

// getFeed fetches an Atom feed, checks its status, media type and that
// xmllint and feedparser read it, and returns it parsed.
func getFeed(t *testing.T, p *portal, target string, header ...string) (parsedFeed, string) {
	t.Helper()
	res, body := p.get(target, header...)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%.600s", target, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
		t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	testutil.XMLLint(t, []byte(body))
	return feedparse(t, body), body
}

func entryByLink(f parsedFeed, suffix string) (parsedEntry, bool) {
	for _, e := range f.Entries {
		if strings.HasSuffix(e.Link, suffix) {
			return e, true
		}
	}
	return parsedEntry{}, false
}

func TestFeeds(t *testing.T) {
	p := newDemoPortal(t, may2022)
	svc := withAccounts(t, p, "https://plenary.example.org", auth.Options{})
	fx := seedFeedFixtures(p)
	token, _, err := svc.CreateToken(context.Background(), editorEmail, "feeds")
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://plenary.example.org"

	t.Run("documents", func(t *testing.T) {
		f, body := getFeed(t, p, "/feeds/documents.atom")
		if f.Feed.Lang != "en" || f.Feed.ID != base+"/feeds/documents.atom" || f.Feed.Updated == "" {
			t.Errorf("feed: lang %q id %q updated %q", f.Feed.Lang, f.Feed.ID, f.Feed.Updated)
		}
		if !slices.ContainsFunc(f.Feed.Links, func(l struct {
			Rel  string `json:"rel"`
			Href string `json:"href"`
		}) bool {
			return l.Rel == "self" && l.Href == base+"/feeds/documents.atom"
		}) {
			t.Errorf("no self link: %+v", f.Feed.Links)
		}
		if n := len(f.Entries); n == 0 || n > 50 {
			t.Fatalf("%d entries", n)
		}
		for i := 1; i < len(f.Entries); i++ {
			if f.Entries[i].Updated > f.Entries[i-1].Updated {
				t.Errorf("entry %d (%s) is newer than the one before", i, f.Entries[i].Updated)
			}
		}
		// The entries just stored are the newest.
		e, ok := entryByLink(f, "/en/documents/CTOC/COP/WG.4/2022/2")
		if !ok {
			t.Fatalf("no entry for CTOC/COP/WG.4/2022/2 in %s", body)
		}
		if e.Title != "Preventing trafficking in persons in public procurement" || e.Summary != "How States can keep trafficking out of supply chains." {
			t.Errorf("entry: title %q summary %q", e.Title, e.Summary)
		}
		if e.Link != base+"/en/documents/CTOC/COP/WG.4/2022/2" || !strings.HasPrefix(e.ID, "tag:plenary.example.org,") {
			t.Errorf("entry: link %q id %q", e.Link, e.ID)
		}
		for _, l := range []string{"ar", "en", "fr"} {
			if got := e.hreflang(l); got != base+"/"+l+"/documents/CTOC/COP/WG.4/2022/2" {
				t.Errorf("hreflang %s: %q", l, got)
			}
		}
		if e.hreflang("zh") != "" {
			t.Error("an alternate for a version that does not exist")
		}
		if !e.hasTag("background-paper") || !e.hasTag("procurement") || e.Author != "Working Group on Trafficking in Persons" || e.Published == "" {
			t.Errorf("entry: tags %+v author %q published %q", e.Tags, e.Author, e.Published)
		}
		// Escaping: the title comes back exactly.
		tricky, ok := entryByLink(f, "/en/documents/CTOC/COP/WG.4/2022/CRP.9")
		if !ok || tricky.Title != trickyTitle || tricky.Summary != `A & B &lt; C &gt; D "E"` && tricky.Summary != `A & B < C > D "E"` {
			t.Errorf("escaped entry: %+v", tricky)
		}
		if !strings.Contains(body, "Trafficking &amp; smuggling: &lt;draft&gt;") {
			t.Error("the title is not escaped in the XML")
		}
		// What the public may not see, or is no news.
		for _, hidden := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1", fx.withdrawn.ID} {
			if strings.Contains(body, "/documents/"+hidden+"<") || strings.Contains(body, "/documents/"+hidden+`"`) {
				t.Errorf("%s is in the feed", hidden)
			}
		}
	})

	t.Run("signed-in-sees-the-public-feed", func(t *testing.T) {
		res, body := p.get("/feeds/documents.atom", "Authorization", "Bearer "+token)
		if res.StatusCode != http.StatusOK || strings.Contains(body, "Draft background paper") || strings.Contains(body, "List of participants") {
			t.Fatalf("an editor's feed: %d, has a draft or restricted document", res.StatusCode)
		}
		if res, _ := p.get("/feeds/documents/CTOC/COP/WG.4/2022/3.atom", "Authorization", "Bearer "+token); res.StatusCode != http.StatusNotFound {
			t.Errorf("an editor's feed of a draft: %d, want 404", res.StatusCode)
		}
	})

	t.Run("filters", func(t *testing.T) {
		cases := []struct {
			name, query string
			check       func(e parsedEntry) bool
			want        string // a document that must be there
		}{
			{"session", "?session=CTOC/COP/WG.4/12", func(e parsedEntry) bool {
				return (strings.Contains(e.Link, "/documents/CTOC/COP/WG.4/2022/") || strings.HasSuffix(e.Link, "/ctoc-cop-wg4-2022-information-note")) && !strings.Contains(e.Link, "/2021/")
			}, "CTOC/COP/WG.4/2022/2"},
			{"body", "?body=CTOC/COP/WG.4", func(e parsedEntry) bool {
				return strings.Contains(e.Link, "/documents/CTOC/COP/WG.4/") || strings.Contains(e.Link, "/documents/ctoc-cop-wg4-")
			}, "CTOC/COP/WG.4/2021/1"},
			{"type", "?type=conference-room-paper", func(e parsedEntry) bool { return e.hasTag("conference-room-paper") }, "CTOC/COP/WG.4/2022/CRP.9"},
			{"lang", "?lang=ar", func(e parsedEntry) bool {
				return strings.HasPrefix(e.Link, base+"/ar/documents/") && e.hreflang("ar") != ""
			}, "CTOC/COP/WG.4/2022/2"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f, _ := getFeed(t, p, "/feeds/documents.atom"+tc.query)
				if len(f.Entries) == 0 {
					t.Fatal("no entries")
				}
				for _, e := range f.Entries {
					if !tc.check(e) {
						t.Errorf("%s does not match the filter", e.Link)
					}
				}
				if _, ok := entryByLink(f, "/documents/"+tc.want); !ok {
					t.Errorf("%s is missing", tc.want)
				}
			})
		}
		f, _ := getFeed(t, p, "/feeds/documents.atom?lang=ar")
		if e, _ := entryByLink(f, "/ar/documents/CTOC/COP/WG.4/2022/2"); e.Title != "منع الاتجار بالأشخاص في المشتريات العامة" || f.Feed.Lang != "ar" {
			t.Errorf("Arabic feed: lang %q title %q", f.Feed.Lang, e.Title)
		}
		for _, bad := range []struct {
			query, param string
			status       int
		}{
			{"?type=memo", "type", http.StatusBadRequest},
			{"?lang=xx", "lang", http.StatusBadRequest},
			{"?body=", "body", http.StatusBadRequest},
			{"?body=NOPE", "", http.StatusNotFound},
			{"?session=NOPE/1", "", http.StatusNotFound},
		} {
			res, body := p.get("/feeds/documents.atom" + bad.query)
			var prob struct {
				Status int
				Param  string
			}
			_ = json.Unmarshal([]byte(body), &prob)
			if res.StatusCode != bad.status || res.Header.Get("Content-Type") != "application/problem+json" || prob.Param != bad.param {
				t.Errorf("%s: %d %s %s", bad.query, res.StatusCode, res.Header.Get("Content-Type"), body)
			}
		}
	})

	t.Run("document", func(t *testing.T) {
		f, body := getFeed(t, p, "/feeds/documents/CTOC/COP/WG.4/2022/2.atom?lang=fr")
		if f.Feed.Lang != "fr" || f.Feed.ID != base+"/feeds/documents/CTOC/COP/WG.4/2022/2.atom?lang=fr" {
			t.Errorf("feed: lang %q id %q", f.Feed.Lang, f.Feed.ID)
		}
		byLink := map[string]parsedEntry{}
		for _, e := range f.Entries {
			byLink[strings.TrimPrefix(e.Link, base)] = e
		}
		for _, l := range []string{"ar", "en", "fr"} {
			if _, ok := byLink["/"+l+"/documents/CTOC/COP/WG.4/2022/2"]; !ok {
				t.Errorf("no entry for the %s version in\n%s", l, body)
			}
		}
		if fr := byLink["/fr/documents/CTOC/COP/WG.4/2022/2"]; !strings.HasPrefix(fr.Updated, "2022-05-02") || fr.Title != "Prévenir la traite dans les marchés publics (Français)" {
			t.Errorf("French version: %+v", fr)
		}
		if en := byLink["/en/documents/CTOC/COP/WG.4/2022/2"]; !strings.HasPrefix(en.Updated, "2022-04-12") {
			t.Errorf("English version is dated %q, want the document's date", en.Updated)
		}
		corr, ok := byLink["/fr/documents/"+fx.corr.ID]
		if !ok || !corr.hasTag("corrects") {
			t.Errorf("no entry for the correction: %+v", byLink)
		}
		if len(f.Entries) != 4 {
			t.Errorf("%d entries, want 3 versions and 1 correction", len(f.Entries))
		}
		for _, id := range []string{"CTOC/COP/WG.4/2022/3", "CTOC/COP/WG.4/2022/INF/1", "NOPE/1"} {
			if res, body := p.get("/feeds/documents/" + id + ".atom"); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404\n%.300s", id, res.StatusCode, body)
			}
		}
		if res, _ := p.get("/feeds/documents/CTOC/COP/WG.4/2022/2.rss"); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown feed: %d", res.StatusCode)
		}
		// A withdrawn document keeps its page, but it is no longer open
		// data: it has no feed.
		if res, _ := p.get("/feeds/documents/" + fx.withdrawn.ID + ".atom"); res.StatusCode != http.StatusNotFound {
			t.Errorf("the withdrawn document's feed: %d, want 404", res.StatusCode)
		}
	})

	t.Run("conditional", func(t *testing.T) {
		res, _ := p.get("/feeds/documents.atom")
		etag := res.Header.Get("ETag")
		if etag == "" {
			t.Fatal("no ETag")
		}
		if res, _ := p.get("/feeds/documents.atom", "If-None-Match", etag); res.StatusCode != http.StatusNotModified {
			t.Errorf("If-None-Match: %d, want 304", res.StatusCode)
		}
	})

	t.Run("sessions", func(t *testing.T) {
		f, _ := getFeed(t, p, "/feeds/sessions.atom")
		var links []string
		for _, e := range f.Entries {
			links = append(links, strings.TrimPrefix(e.Link, base))
		}
		if !slices.Contains(links, "/en/sessions/CTOC/COP/WG.4/12") || !slices.Contains(links, "/en/sessions/"+fx.longSession.ID) {
			t.Errorf("upcoming sessions missing: %v", links)
		}
		if slices.Contains(links, "/en/sessions/CTOC/COP/WG.4/11") {
			t.Error("a past session is in the feed of upcoming ones")
		}
		e, _ := entryByLink(f, "/en/sessions/CTOC/COP/WG.4/12")
		if !strings.Contains(e.Summary, "Vienna") || !strings.Contains(e.Summary, "2022") || e.Title != "WG on TIP: Twelfth session" {
			t.Errorf("session entry: %+v", e)
		}
		f, _ = getFeed(t, p, "/feeds/sessions.atom?lang=zh&body=CTOC/COP/WG.4")
		e, _ = entryByLink(f, "/zh/sessions/"+fx.longSession.ID)
		if !strings.HasSuffix(e.Title, chineseTitle) {
			t.Errorf("Chinese title: %q", e.Title)
		}
		for _, e := range f.Entries {
			if !strings.Contains(e.Link, "/sessions/CTOC/COP/WG.4/") {
				t.Errorf("another body's session: %s", e.Link)
			}
		}
		if res, _ := p.get("/feeds/sessions.atom?body=NOPE"); res.StatusCode != http.StatusNotFound {
			t.Errorf("unknown body: %d", res.StatusCode)
		}
	})

	t.Run("calendar", func(t *testing.T) {
		res, ics := p.get("/calendar.ics")
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Fatalf("calendar: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		name, events := icalParse(t, ics)
		if name == "" || len(events) < 10 {
			t.Errorf("calendar %q has %d events", name, len(events))
		}
		var wg *icalEvent
		for i := range events {
			if events[i].UID == "CTOC/COP/WG.4/12@plenary.example.org" {
				wg = &events[i]
			}
		}
		if wg == nil {
			t.Fatalf("no event for CTOC/COP/WG.4/12 in %+v", events)
		}
		if wg.Start != "2022-06-29" || wg.End != "2022-07-01" || !wg.StartIsDate || wg.Summary != "WG on TIP: Twelfth session" ||
			wg.URL != base+"/en/sessions/CTOC/COP/WG.4/12" || wg.Location != "Vienna, Austria" || !strings.Contains(wg.Description, "Working Group on Trafficking in Persons") {
			t.Errorf("event: %+v", *wg)
		}
		// Stable between changes; changed by a change.
		if _, again := p.get("/calendar.ics"); again != ics {
			t.Error("the calendar changes between two requests")
		}
		changed := *fx.longSession
		changed.End = "2022-09-08"
		p.seed(&changed)
		_, after := p.get("/sessions/" + changed.ID + ".ics")
		_, evs := icalParse(t, after)
		var before icalEvent
		for _, e := range events {
			if e.UID == changed.ID+"@plenary.example.org" {
				before = e
			}
		}
		if len(evs) != 1 || evs[0].End != "2022-09-09" || evs[0].Stamp == before.Stamp || before.Stamp == "" {
			t.Errorf("after a change: %+v, before %+v", evs, before)
		}
		_, events = icalParse(t, p.mustGet(t, "/calendar.ics?body=CTOC/COP/WG.4"))
		for _, e := range events {
			if !strings.HasPrefix(e.UID, "CTOC/COP/WG.4/") {
				t.Errorf("another body's session: %s", e.UID)
			}
		}
		if len(events) < 3 {
			t.Errorf("%d WG.4 sessions", len(events))
		}
	})

	t.Run("calendar-languages-and-folding", func(t *testing.T) {
		id := fx.longSession.ID
		for lang, title := range map[string]string{"ar": arabicTitle, "zh": chineseTitle} {
			ics := p.mustGet(t, "/sessions/"+id+".ics?lang="+lang)
			for _, line := range strings.Split(ics, "\r\n") {
				if len(line) > 75 {
					t.Errorf("%s: a line of %d octets", lang, len(line))
				}
			}
			if !strings.Contains(ics, "\r\n ") {
				t.Errorf("%s: nothing folded", lang)
			}
			_, evs := icalParse(t, ics)
			if len(evs) != 1 {
				t.Fatalf("%s: %d events", lang, len(evs))
			}
			e := evs[0]
			if !strings.HasSuffix(e.Summary, title) || !strings.Contains(e.Description, title) || e.UID != id+"@plenary.example.org" {
				t.Errorf("%s: the title does not survive folding: %+v", lang, e)
			}
			if e.Location != "Vienna, Austria" || !strings.HasPrefix(e.URL, base+"/"+lang+"/sessions/") {
				t.Errorf("%s: %+v", lang, e)
			}
		}
		// Commas and semicolons escaped, and read back.
		_, evs := icalParse(t, p.mustGet(t, "/sessions/"+id+".ics"))
		if len(evs) != 1 || !strings.HasSuffix(evs[0].Summary, "Special meeting; procurement, supply chains") {
			t.Errorf("escaping: %+v", evs)
		}
		// The page's calendar is the same event.
		_, page := icalParse(t, p.mustGet(t, "/en/sessions/"+id+"/calendar.ics"))
		if len(page) != 1 || page[0] != evs[0] {
			t.Errorf("/en/sessions/…/calendar.ics differs: %+v vs %+v", page, evs)
		}
		for _, target := range []string{"/sessions/NOPE/1.ics", "/calendar.ics?body=NOPE", "/sessions/CTOC/COP/WG.4/12"} {
			if res, _ := p.get(target); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", target, res.StatusCode)
			}
		}
		if res, _ := p.get("/calendar.ics?lang=klingon"); res.StatusCode != http.StatusBadRequest {
			t.Errorf("bad lang: %d", res.StatusCode)
		}
	})

	t.Run("pages-link-their-feeds", func(t *testing.T) {
		for _, tc := range []struct{ page, want string }{
			{"/en/documents/CTOC/COP/WG.4/2022/2", `<link rel="alternate" type="application/atom+xml" title="Language versions, corrections and revisions" href="https://plenary.example.org/feeds/documents/CTOC/COP/WG.4/2022/2.atom?lang=en">`},
			{"/fr/", `href="https://plenary.example.org/feeds/documents.atom"`},
			{"/en/sessions/CTOC/COP/WG.4/12", `<link rel="alternate" type="application/atom+xml" title="New and updated documents" href="https://plenary.example.org/feeds/documents.atom?session=CTOC/COP/WG.4/12">`},
			{"/en/bodies/CTOC/COP/WG.4", `href="https://plenary.example.org/feeds/documents.atom?body=CTOC/COP/WG.4"`},
			{"/en/bodies/CTOC/COP/WG.4", `href="https://plenary.example.org/calendar.ics?body=CTOC/COP/WG.4&amp;lang=en"`},
			{"/ar/meetings", `href="https://plenary.example.org/calendar.ics?lang=ar"`},
		} {
			body := p.page(tc.page, http.StatusOK)
			if !strings.Contains(body, tc.want) {
				t.Errorf("%s: no %s", tc.page, tc.want)
			}
			head := body[:strings.Index(body, "</head>")]
			if !strings.Contains(head, `type="application/atom+xml"`) {
				t.Errorf("%s: no feed in the head", tc.page)
			}
		}
	})
}

// mustGet fetches target and fails unless it answers 200.
func (p *portal) mustGet(t *testing.T, target string) string {
	t.Helper()
	res, body := p.get(target)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d\n%.600s", target, res.StatusCode, body)
	}
	return body
}
