package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// recsData is the list of recommendations with its filters.
type recsData struct {
	Body, Session, Theme, Q string
	Recs                    []recView
	// Total counts the recommendations that match; Recs holds one page.
	Total, Page, Pages int
	Bodies             []*catalog.Body
	Sessions           []*catalog.Session
	Themes             []string
	SessionByID        map[string]*catalog.Session
}

const recsPerPage = 50

// recView is a recommendation with only the follow-up documents that the
// visitor may see.
type recView struct {
	*catalog.Recommendation
	FollowUp []catalog.FollowUp
}

// recommendationsList serves /{lang}/recommendations?body=&session=&theme=&q=.
// q keeps the recommendations whose text, in any language, holds every
// word of it (letter case and accents aside).
func (s *server) recommendationsList(c *gin.Context) {
	aud := audience(c)
	d := recsData{Body: c.Query("body"), Session: c.Query("session"), Theme: c.Query("theme"), Q: strings.TrimSpace(c.Query("q")),
		Bodies: s.Model.Bodies(), SessionByID: map[string]*catalog.Session{}}
	if d.Body != "" {
		if _, ok := s.Model.Body(d.Body); !ok {
			s.Fail(c, apperr.BadParam("body", "no body with code %q", d.Body))
			return
		}
	}
	if d.Session != "" {
		if _, ok := s.Model.Session(d.Session); !ok {
			s.Fail(c, apperr.BadParam("session", "no session with id %q", d.Session))
			return
		}
	}
	all := s.Model.Recommendations(readmodel.RecommendationFilter{}, aud)
	for _, r := range all {
		for _, th := range r.Themes {
			if !slices.Contains(d.Themes, th) {
				d.Themes = append(d.Themes, th)
			}
		}
		if x, ok := s.Model.Session(r.Session); ok && d.SessionByID[r.Session] == nil {
			d.SessionByID[r.Session] = x
			d.Sessions = append(d.Sessions, x)
		}
	}
	slices.Sort(d.Themes)
	d.Page = 1
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100_000 {
			s.Fail(c, apperr.BadParam("page", "must be a page number, not %q", p))
			return
		}
		d.Page = n
	}
	words := strings.Fields(fold(d.Q))
	for _, r := range s.Model.Recommendations(readmodel.RecommendationFilter{Body: d.Body, Session: d.Session, Theme: d.Theme}, aud) {
		if len(words) > 0 && !matchesAll(r, words) {
			continue
		}
		d.Total++
		if d.Total <= (d.Page-1)*recsPerPage || d.Total > d.Page*recsPerPage {
			continue
		}
		v := recView{Recommendation: r}
		for _, f := range r.FollowUp {
			if s.Model.Linkable(f.Document, aud) {
				v.FollowUp = append(v.FollowUp, f)
			}
		}
		d.Recs = append(d.Recs, v)
	}
	d.Pages = (d.Total + recsPerPage - 1) / recsPerPage
	s.render(c, http.StatusOK, "recommendations", s.tr(c).S("recs.title"), "recommendations", d)
}

// matchesAll reports whether r's number or its text in one language holds
// every word.
func matchesAll(r *catalog.Recommendation, words []string) bool {
	for _, text := range r.Text {
		hay := fold(r.Number + " " + text)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// fold lowers letter case and drops accents, for matching words as typed.
func fold(s string) string {
	out, _, err := transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}
