package api

import (
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/interop"
)

// citationFormats are the formats of GET /documents/{id}/citation: the
// media type and the file extension of each.
var citationFormats = map[string]struct{ mediaType, ext string }{
	"bibtex":   {"application/x-bibtex; charset=utf-8", "bib"},
	"ris":      {"application/x-research-info-systems; charset=utf-8", "ris"},
	"csl-json": {"application/vnd.citationstyles.csl+json", "json"},
}

// citationShow serves GET /documents/{id}/citation?format=bibtex|ris|csl-json&lang=xx:
// a reference to the document as a file to import into a reference
// manager. The title is the version's in lang (English when lang is not
// given), else the one the pages would show instead; the body's name
// likewise. The address cited is the document's page in that language.
func (h handler) citationShow(c *gin.Context, id string) {
	// A citation is open data: only of a published document for everyone,
	// whoever asks.
	d, ok := h.Model.Document(id, catalog.Public)
	if !ok || !d.Open() {
		h.Fail(c, apperr.NotFound("no document with id %q", id))
		return
	}
	format, ok := citationFormats[c.Query("format")]
	if !ok {
		h.Fail(c, apperr.BadParam("format", "must be bibtex, ris or csl-json, not %q", c.Query("format")))
		return
	}
	lang := catalog.English
	if code, given := c.GetQuery("lang"); given {
		if lang, ok = catalog.ParseLang(code); !ok {
			h.Fail(c, apperr.BadParam("lang", "unknown language %q (want one of ar, zh, en, fr, ru, es, pt)", code))
			return
		}
	}
	body, _ := h.Model.Body(d.Body)
	url := h.base(c) + "/" + string(lang) + "/documents/" + escapeID(d.ID)
	ref := interop.NewReference(d.Document, body, lang, url)
	var (
		out []byte
		err error
	)
	switch c.Query("format") {
	case "bibtex":
		out = []byte(interop.BibTeX(ref))
	case "ris":
		out = []byte(interop.RIS(ref))
	default:
		if out, err = interop.CSLJSON(ref); err != nil {
			h.Fail(c, apperr.Internal(err))
			return
		}
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ref.Filename(format.ext)}))
	c.Header("Content-Language", string(ref.Lang))
	c.Data(http.StatusOK, format.mediaType, out)
}

// base is the portal's public address: the configured one, else the
// scheme and host the request reached.
func (h handler) base(c *gin.Context) string {
	if h.BaseURL != "" {
		return h.BaseURL
	}
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request.Host
}
