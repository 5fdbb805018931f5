package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"plenary/internal/catalog"
)

// documentJSON is a document with every version's title, abstract and file,
// but not the full texts, which are served per version.
type documentJSON struct {
	*catalog.Document
	Relations []catalog.Relation `json:"relations,omitempty"`
	Languages []catalog.Lang     `json:"languages"`
	Versions  []versionJSON      `json:"versions"`
	Updated   time.Time          `json:"updated"`
	URL       string             `json:"url"`
}

type versionJSON struct {
	catalog.Version
	File *fileJSON `json:"file,omitempty"`
	URL  string    `json:"url"`
}

type fileJSON struct {
	catalog.File
	URL string `json:"url"`
}

func newVersionJSON(id string, v catalog.Version) versionJSON {
	out := versionJSON{Version: v, URL: versionURL(id, v.Lang)}
	if v.File != nil {
		out.File = &fileJSON{File: *v.File, URL: versionURL(id, v.Lang) + "/file"}
	}
	return out
}

// documentShow serves GET /documents/{id}.
func (h handler) documentShow(c *gin.Context, id string) {
	d, err := h.visibleDocument(c, id)
	if err != nil {
		h.Fail(c, err)
		return
	}
	out := documentJSON{Document: d.Document, Languages: d.Langs(), Updated: d.Updated, URL: documentURL(d.ID)}
	for _, r := range d.Relations {
		if h.Model.Linkable(r.Target, audience(c)) {
			out.Relations = append(out.Relations, r)
		}
	}
	for _, v := range d.Versions {
		out.Versions = append(out.Versions, newVersionJSON(d.ID, v))
	}
	c.JSON(http.StatusOK, out)
}
