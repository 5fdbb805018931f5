package api

import (
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// versionPath matches the tail of /documents/{id}/versions/{lang}[/file].
var versionPath = regexp.MustCompile(`^(.+)/versions/([^/]+)(/file)?$`)

// documentRoute dispatches GET /documents/{id}, /documents/{id}/versions/{lang},
// /documents/{id}/versions/{lang}/file and /documents/{id}/citation. A
// document id may contain slashes (it is usually a symbol), given as they
// are or URL-escaped.
func (h handler) documentRoute(c *gin.Context) {
	tail := pathID(c, "path")
	// GET /documents/{id}/citation, unless a document has that whole id.
	if id, ok := strings.CutSuffix(tail, "/citation"); ok {
		if _, whole := h.Model.Document(tail, audience(c)); !whole {
			h.citationShow(c, id)
			return
		}
	}
	if m := versionPath.FindStringSubmatch(tail); m != nil {
		if m[3] != "" {
			h.versionFile(c, m[1], m[2])
			return
		}
		h.versionShow(c, m[1], m[2])
		return
	}
	h.documentShow(c, tail)
}

// visibleDocument finds a document the requester may see. Drafts and
// restricted documents are reported as missing, not as forbidden, so that
// their existence does not leak.
func (h handler) visibleDocument(c *gin.Context, id string) (*readmodel.Doc, error) {
	d, ok := h.Model.Document(id, audience(c))
	if !ok {
		return nil, apperr.NotFound("no document with id %q", id)
	}
	return d, nil
}

// visibleVersion finds a language version of a document the requester may see.
func (h handler) visibleVersion(c *gin.Context, id, code string) (*readmodel.Doc, catalog.Lang, error) {
	d, err := h.visibleDocument(c, id)
	if err != nil {
		return nil, "", err
	}
	lang, ok := catalog.ParseLang(code)
	if !ok {
		return nil, "", apperr.BadParam("lang", "unknown language %q (want one of ar, zh, en, fr, ru, es, pt)", code)
	}
	if _, ok := d.Version(lang); !ok {
		return nil, "", apperr.NotFound("document %q has no %s version", id, lang.EnglishName())
	}
	return d, lang, nil
}

// storedVersion reads a language version from the database, after the
// read model has said the requester may see it, and asks again of what is
// stored: a document may have changed since the read model last heard.
func (h handler) storedVersion(c *gin.Context, id, code string) (*catalog.Document, *catalog.Version, error) {
	_, lang, err := h.visibleVersion(c, id, code)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), storeTimeout)
	defer cancel()
	rec, err := h.Store.Get(ctx, catalog.KindDocument, id)
	if err != nil {
		return nil, nil, apperr.From(err)
	}
	doc := rec.Entity.(*catalog.Document)
	v, ok := doc.Version(lang)
	if !ok || !doc.VisibleTo(audience(c)) {
		return nil, nil, apperr.NotFound("no document with id %q", id)
	}
	return doc, v, nil
}

// documentURL is the API address of a document.
func documentURL(id string) string { return "/api/v1/documents/" + escapeID(id) }

// versionURL is the API address of a language version.
func versionURL(id string, lang catalog.Lang) string {
	return documentURL(id) + "/versions/" + string(lang)
}

// escapeID escapes each element of an id, keeping its slashes readable.
func escapeID(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}
