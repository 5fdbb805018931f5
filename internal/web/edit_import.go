package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/importer"
	"plenary/internal/publish"
)

// importData is the bulk upload form and, after an upload, its report.
type importData struct {
	Form   *form
	Report *importer.Report
	Max    string
}

// importLimit is the largest ZIP file an editor may upload: it holds
// many files, each up to MaxUpload.
func (s *server) importLimit() int64 { return 8 * s.MaxUpload }

// editImport serves /{lang}/edit/import: a ZIP file with manifest.jsonl
// in the import format and the files it names; the answer is a report,
// line by line.
func (s *server) editImport(c *gin.Context) {
	t := s.tr(c)
	d := importData{Form: newForm(t, url.Values{}), Max: t.Size(s.importLimit())}
	title := t.S("edit.import_title")
	if c.Request.Method != http.MethodPost {
		s.render(c, http.StatusOK, "edit_import", title, "edit", d)
		return
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, s.importLimit()+1<<20)
	err := c.Request.ParseMultipartForm(8 << 20)
	if c.Request.MultipartForm != nil {
		defer c.Request.MultipartForm.RemoveAll()
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		d.Form.add("file", t.S("upload.request_too_large", "Max", d.Max), "")
		s.render(c, http.StatusRequestEntityTooLarge, "edit_import", title, "edit", d)
		return
	case err != nil:
		s.Fail(c, apperr.BadParam("form", "not a multipart form: %v", err))
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		d.Form.fieldMessage("file", "validation.required")
		s.render(c, http.StatusUnprocessableEntity, "edit_import", title, "edit", d)
		return
	}
	file, err := fh.Open()
	if err != nil {
		s.Fail(c, err)
		return
	}
	defer file.Close()
	rep, err := s.Publish.ImportZIP(c.Request.Context(), actor(c), file, fh.Size, publish.ImportOptions{})
	if err != nil {
		status, shown := s.saveFailed(d.Form, err)
		if !shown {
			s.Fail(c, err)
			return
		}
		s.render(c, status, "edit_import", title, "edit", d)
		return
	}
	d.Report = &rep
	status := http.StatusOK
	if len(rep.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	s.render(c, status, "edit_import", title, "edit", d)
}
