package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

// TestOpenDataShowsOnlyWhatIsOpen: a draft, a restricted and a withdrawn
// document appear in none of the open-data outputs (feeds, calendars,
// citations, sitemaps, structured data, OAI-PMH), the withdrawn one only
// as an OAI-PMH deleted record, whether the request comes from an
// anonymous client or from a signed-in editor, who sees drafts on the
// pages.
func TestOpenDataShowsOnlyWhatIsOpen(t *testing.T) {
	p := newDemoPortal(t, may2022)
	withAccounts(t, p, "", auth.Options{})
	draft, restricted, withdrawn := testutil.DocumentDraft(), testutil.DocumentRestricted(), testutil.DocumentDraft()
	draft.Versions[1].Title, restricted.Versions[0].Title = "Quokka draft", "Quokka participants"
	withdrawn.ID, withdrawn.Symbol, withdrawn.Status = "CTOC/COP/WG.4/2022/99", "CTOC/COP/WG.4/2022/99", catalog.Withdrawn
	withdrawn.Versions[1].Title = "Quokka withdrawn"
	for _, d := range []*catalog.Document{draft, restricted, withdrawn} {
		d.Subjects = []string{"quokka-subject"}
		d.Relations = nil
	}
	// A public document that names them: its outputs must not carry them either.
	corr := testutil.DocumentWG4_2022_2()
	corr.ID, corr.Symbol = "CTOC/COP/WG.4/2022/2/Corr.1", "CTOC/COP/WG.4/2022/2/Corr.1"
	corr.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: draft.ID}, {Type: catalog.Supersedes, Target: withdrawn.ID}}
	p.seed(draft, restricted, withdrawn, corr)
	hidden := []*catalog.Document{draft, restricted, withdrawn}
	leaks := []string{"Quokka", "quokka-subject", "WG.4/2022/3", "WG.4/2022/INF/1", "WG.4/2022/99"}

	editor := p.signIn(t, editorEmail)
	if body := p.page("/en/documents/"+draft.ID, http.StatusOK, "Cookie", editor); !strings.Contains(body, "Quokka draft") {
		t.Fatal("the editor does not see the draft's page: the test would prove nothing")
	}
	for _, who := range []struct {
		name   string
		header []string
	}{{"anonymous", nil}, {"editor", []string{"Cookie", editor}}} {
		t.Run(who.name, func(t *testing.T) {
			get := func(path string, status int) string {
				t.Helper()
				res, body := p.get(path, who.header...)
				if res.StatusCode != status {
					t.Fatalf("GET %s: %d, want %d\n%.400s", path, res.StatusCode, status, body)
				}
				return body
			}
			check := func(path, body string) {
				t.Helper()
				for _, leak := range leaks {
					if strings.Contains(body, leak) {
						t.Errorf("%s shows %q", path, leak)
					}
				}
			}
			lists := []string{
				"/feeds/documents.atom", "/feeds/documents.atom?body=CTOC/COP/WG.4", "/feeds/documents.atom?session=CTOC/COP/WG.4/12",
				"/feeds/documents.atom?type=background-paper", "/feeds/documents.atom?lang=en", "/feeds/sessions.atom",
				"/feeds/documents/" + corr.ID + ".atom", "/feeds/documents/CTOC/COP/WG.4/2022/2.atom",
				"/calendar.ics", "/sessions/CTOC/COP/WG.4/12.ics", "/robots.txt",
				"/api/v1/documents/" + corr.ID + "/citation?format=ris",
			}
			index := get("/sitemap.xml", http.StatusOK)
			for _, m := range regexp.MustCompile(`<loc>[^<]*(/sitemaps/[0-9]+\.xml)</loc>`).FindAllStringSubmatch(index, -1) {
				lists = append(lists, m[1])
			}
			if len(lists) < 13 {
				t.Fatalf("the sitemap index lists no files:\n%s", index)
			}
			for _, path := range lists {
				check(path, get(path, http.StatusOK))
			}
			for _, d := range hidden {
				get("/feeds/documents/"+d.ID+".atom", http.StatusNotFound)
				for _, f := range []string{"bibtex", "ris", "csl-json"} {
					get("/api/v1/documents/"+d.ID+"/citation?format="+f, http.StatusNotFound)
				}
			}
			// Structured data: the pages staff see carry none of it.
			for _, path := range []string{"/en/sessions/CTOC/COP/WG.4/12", "/en/documents/" + corr.ID, "/en/documents/" + withdrawn.ID} {
				for _, ld := range regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindAllStringSubmatch(get(path, http.StatusOK), -1) {
					check(path+" (JSON-LD)", ld[1])
				}
			}

			// OAI-PMH: every list, followed through its tokens; the
			// withdrawn document only as a deleted record.
			token := regexp.MustCompile(`<resumptionToken[^>]*>([^<]+)</resumptionToken>`)
			header := regexp.MustCompile(`(?s)<header[^>]*>.*?</header>`)
			for _, verb := range []string{"ListRecords", "ListIdentifiers"} {
				q := "verb=" + verb + "&metadataPrefix=oai_dc"
				deleted := false
				for q != "" {
					body := get("/oai?"+q, http.StatusOK)
					// The withdrawn document's deleted header is the one
					// place it may be named.
					body = header.ReplaceAllStringFunc(body, func(h string) string {
						if !strings.Contains(h, "WG.4/2022/99") {
							return h
						}
						deleted = strings.Contains(h, `status="deleted"`)
						return ""
					})
					check("/oai?"+q, body)
					q = ""
					if m := token.FindStringSubmatch(body); m != nil {
						q = "verb=" + verb + "&resumptionToken=" + url.QueryEscape(m[1])
					}
				}
				if !deleted {
					t.Errorf("%s: the withdrawn document is not a deleted record", verb)
				}
			}
			check("/oai?verb=ListSets", get("/oai?verb=ListSets", http.StatusOK))
			for _, d := range []*catalog.Document{draft, restricted} {
				body := get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.com:"+d.ID, http.StatusOK)
				if !strings.Contains(body, `code="idDoesNotExist"`) {
					t.Errorf("GetRecord of %s:\n%.600s", d.ID, body)
				}
			}
			body := get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.com:"+withdrawn.ID, http.StatusOK)
			if !strings.Contains(body, `status="deleted"`) || strings.Contains(body, "<metadata>") || strings.Contains(body, "Quokka") {
				t.Errorf("GetRecord of the withdrawn document:\n%.600s", body)
			}
		})
	}
}
