package web

import (
	"context"
	"html/template"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// documentPath matches the tails of /documents/{id}/text/{lang} and
// /documents/{id}/compare; anything else is a document id (ids may
// contain slashes).
var documentPath = regexp.MustCompile(`^(.+)/(?:text/([a-z]{2})|(compare))$`)

// documentRoute dispatches /{lang}/documents/….
func (s *server) documentRoute(c *gin.Context) {
	tail := strings.TrimPrefix(c.Param("path"), "/")
	if m := documentPath.FindStringSubmatch(tail); m != nil {
		if _, ok := s.Model.Document(m[1], audience(c)); ok {
			if m[3] != "" {
				s.documentCompare(c, m[1])
			} else {
				s.documentText(c, m[1], m[2])
			}
			return
		}
	}
	s.documentShow(c, tail)
}

// documentData is a document with everything around it.
type documentData struct {
	Doc      *readmodel.Doc
	Body     *catalog.Body
	Session  *catalog.Session
	Versions []*catalog.Version
	// Relations are what this document revises, corrects, adds to or
	// supersedes; Related are the documents that do so to it.
	Relations []relation
	Related   []relation
	// Newer is the latest revision or replacement, when one exists.
	Newer    *readmodel.Doc
	Recs     []*catalog.Recommendation
	Citation string
	URL      string
	// CiteFormats are the citation files to download, in the page's language.
	CiteFormats []citeFormat
	// JSONLD is the schema.org description of the document.
	JSONLD template.JS
}

type relation struct {
	Type catalog.RelationType
	ID   string
	Doc  *readmodel.Doc // nil for a document outside the catalogue
}

// documentShow serves /{lang}/documents/{id}. Everything on it comes from
// the read model; the text of a version has its own page.
func (s *server) documentShow(c *gin.Context, id string) {
	aud := audience(c)
	doc, ok := s.Model.Document(id, aud)
	if !ok {
		s.Fail(c, apperr.NotFound("no document with id %q", id))
		return
	}
	t := s.tr(c)
	d := documentData{Doc: doc}
	d.Body, _ = s.Model.Body(doc.Body)
	if doc.Session != "" {
		d.Session, _ = s.Model.Session(doc.Session)
	}
	for i := range doc.Versions {
		d.Versions = append(d.Versions, &doc.Versions[i])
	}
	for _, r := range doc.Relations {
		if !s.Model.Linkable(r.Target, aud) {
			continue
		}
		target, _ := s.Model.Document(r.Target, aud)
		d.Relations = append(d.Relations, relation{Type: r.Type, ID: r.Target, Doc: target})
	}
	for _, other := range s.Model.RelatedTo(doc.ID, aud) {
		for _, r := range other.Relations {
			if r.Target == doc.ID {
				d.Related = append(d.Related, relation{Type: r.Type, ID: other.ID, Doc: other})
			}
		}
	}
	d.Newer = s.Model.Newest(doc, aud)
	d.Recs = s.Model.Recommendations(readmodel.RecommendationFilter{Document: doc.ID}, aud)
	d.URL = s.baseURL(c) + t.Path("documents", doc.ID)
	d.Citation = citation(t, doc, d.Body, d.URL)
	if doc.Open() { // citations and structured data are open data
		d.CiteFormats = citeFormats(doc.ID, t.Lang)
		d.JSONLD = documentJSONLD(t, s.baseURL(c), doc, d.Body)
	}
	title := t.Title(doc.Document).Text
	s.render(c, http.StatusOK, "document", title, "documents", d)
}

// citation is a reference to the document in the usual United Nations
// style: body, title, symbol, date, address.
func citation(t *T, doc *readmodel.Doc, body *catalog.Body, url string) string {
	var parts []string
	if body != nil {
		parts = append(parts, t.Pick(body.Name).Text)
	}
	parts = append(parts, "“"+t.Title(doc.Document).Text+"”")
	if doc.Symbol != "" {
		parts = append(parts, doc.Symbol)
	}
	parts = append(parts, t.Date(doc.Date))
	return strings.Join(parts, ", ") + ". " + url
}

// citeFormat is a link to the document's citation in one format, from the API.
type citeFormat struct {
	Name, MediaType, URL string
	// Hint names the message that says which programs read the format.
	Hint string
}

// citeFormats links the citation of document id in lang as BibTeX, RIS and CSL-JSON.
func citeFormats(id string, lang catalog.Lang) []citeFormat {
	base := "/api/v1/documents/" + joinPath(id) + "/citation?lang=" + string(lang) + "&format="
	return []citeFormat{
		{Name: "BibTeX", MediaType: "application/x-bibtex", URL: base + "bibtex", Hint: "cite.bibtex"},
		{Name: "RIS", MediaType: "application/x-research-info-systems", URL: base + "ris", Hint: "cite.ris"},
		{Name: "CSL-JSON", MediaType: "application/vnd.citationstyles.csl+json", URL: base + "csl-json", Hint: "cite.csl_json"},
	}
}

// storeTimeout bounds a page's one read from the database.
const storeTimeout = 5 * time.Second

// storedDocument reads a document with its full texts from the database,
// after the read model has said the visitor may see it, and asks again of
// what is stored.
func (s *server) storedDocument(c *gin.Context, id string) (*catalog.Document, error) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), storeTimeout)
	defer cancel()
	rec, err := s.Store.Get(ctx, catalog.KindDocument, id)
	if err != nil {
		return nil, apperr.From(err)
	}
	doc := rec.Entity.(*catalog.Document)
	if !doc.VisibleTo(audience(c)) {
		return nil, apperr.NotFound("no document with id %q", id)
	}
	return doc, nil
}

// paragraphs splits a text at blank lines, or at line ends when it has no
// blank lines.
func paragraphs(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	sep := "\n\n"
	if !strings.Contains(text, sep) {
		sep = "\n"
	}
	var out []string
	for _, p := range strings.Split(text, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
