package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// parityData is the language-parity grid of a session: its documents ×
// the seven languages.
type parityData struct {
	Session *catalog.Session
	Langs   []catalog.Lang
	Rows    []parityRow
	// Missing counts, per language, the documents without a version in it.
	Missing []int
}

type parityRow struct {
	Doc   *readmodel.Doc
	Cells []parityCell
}

// parityCell is one document in one language.
type parityCell struct {
	Lang    catalog.Lang
	Version *catalog.Version
	// Date is the version's date, else the document's.
	Date catalog.Date
	// OlderThan lists the languages whose versions are newer than this one.
	OlderThan []catalog.Lang
}

// sessionLanguages serves /{lang}/edit/sessions/{id}/languages.
func (s *server) sessionLanguages(c *gin.Context, id string) {
	x, ok := s.Model.Session(id)
	if !ok {
		s.Fail(c, apperr.NotFound("no session with id %q", id))
		return
	}
	d := parityData{Session: x, Langs: catalog.Languages, Missing: make([]int, len(catalog.Languages))}
	for _, doc := range s.Model.SessionDocuments(id, catalog.Staff) {
		row := parityRow{Doc: doc}
		var newest catalog.Date
		for _, v := range doc.Versions {
			newest = max(newest, versionDate(doc.Document, &v))
		}
		for i, l := range catalog.Languages {
			cell := parityCell{Lang: l}
			if v, ok := doc.Version(l); ok {
				cell.Version, cell.Date = v, versionDate(doc.Document, v)
				if cell.Date < newest {
					for _, o := range doc.Versions {
						if versionDate(doc.Document, &o) == newest {
							cell.OlderThan = append(cell.OlderThan, o.Lang)
						}
					}
				}
			} else {
				d.Missing[i]++
			}
			row.Cells = append(row.Cells, cell)
		}
		d.Rows = append(d.Rows, row)
	}
	t := s.tr(c)
	s.render(c, http.StatusOK, "edit_languages", t.S("edit.parity_title", "Session", t.Pick(x.Title).Text), "edit", d)
}

// versionDate is when a version was issued: its own date, else the document's.
func versionDate(d *catalog.Document, v *catalog.Version) catalog.Date {
	if v.Date != "" {
		return v.Date
	}
	return d.Date
}
