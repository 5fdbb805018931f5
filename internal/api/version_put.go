package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/publish"
)

// multipartMemory is how much of a multipart body is held in memory; the
// rest (the file) spills to a temporary file, removed after the request.
const multipartMemory = 8 << 20

// versionPut serves PUT /documents/{id}/versions/{lang}: a multipart form
// with a file and/or the fields title and abstract (a form or JSON
// without a file changes the metadata only). The body may be at most the
// upload limit plus 1 MiB. It answers 200 with the document; the text of
// a new file is extracted in the background (the version says
// "extraction": "pending" until then).
func (h handler) versionPut(c *gin.Context, id, code string) {
	lang, ok := catalog.ParseLang(code)
	if !ok {
		h.fail(c, apperr.BadParam("lang", "unknown language %q (want one of ar, zh, en, fr, ru, es, pt)", code))
		return
	}
	limit := h.MaxUpload
	if limit <= 0 {
		limit = h.Publish.Limits().MaxSize
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+1<<20)
	var in publish.VersionInput
	switch c.ContentType() {
	case "multipart/form-data":
		err := c.Request.ParseMultipartForm(multipartMemory)
		if form := c.Request.MultipartForm; form != nil {
			defer form.RemoveAll()
		}
		if err != nil {
			h.fail(c, uploadBodyError(err, limit))
			return
		}
		form := c.Request.MultipartForm
		in.Title, in.Abstract = formValue(form, "title"), formValue(form, "abstract")
		if files := form.File["file"]; len(files) > 0 {
			fh := files[0]
			f, err := fh.Open()
			if err != nil {
				h.fail(c, apperr.BadParam("file", "cannot read the file: %v", err))
				return
			}
			defer f.Close()
			in.File, in.FileSize, in.FileName = f, fh.Size, fh.Filename
		}
	case "application/x-www-form-urlencoded":
		if err := c.Request.ParseForm(); err != nil {
			h.fail(c, uploadBodyError(err, limit))
			return
		}
		if vs, ok := c.Request.PostForm["title"]; ok {
			in.Title = &vs[0]
		}
		if vs, ok := c.Request.PostForm["abstract"]; ok {
			in.Abstract = &vs[0]
		}
	case "application/json":
		var meta struct {
			Title    *string `json:"title"`
			Abstract *string `json:"abstract"`
		}
		dec := json.NewDecoder(c.Request.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(&meta); err != nil {
			if errors.As(err, new(*http.MaxBytesError)) {
				h.fail(c, uploadBodyError(err, limit))
				return
			}
			h.fail(c, jsonError(err))
			return
		}
		in.Title, in.Abstract = meta.Title, meta.Abstract
	default:
		h.fail(c, &apperr.Error{Status: http.StatusUnsupportedMediaType, ID: "error.unsupported_media_type",
			Message: "send the file as multipart/form-data (fields file, title, abstract), or the title and abstract as a form or JSON"})
		return
	}
	d, err := h.Publish.PutVersion(c.Request.Context(), actor(c), id, lang, in)
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, h.writtenDocument(d))
}

func formValue(form *multipart.Form, name string) *string {
	if vs, ok := form.Value[name]; ok && len(vs) > 0 {
		return &vs[0]
	}
	return nil
}

// uploadBodyError explains an upload whose body could not be read: too
// large, or not a well-formed form.
func uploadBodyError(err error, limit int64) error {
	if errors.As(err, new(*http.MaxBytesError)) {
		return &apperr.Error{Status: http.StatusRequestEntityTooLarge, ID: "upload.too_large", Param: "file",
			Message: fmt.Sprintf("the upload is larger than the limit: a file may be at most %s", humanBytes(limit))}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return apperr.BadParam("file", "the upload ended early; send it again")
	}
	return apperr.BadParam("body", "cannot read the form: %v", err)
}
