package publish

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/store"
	"plenary/internal/upload"
)

// VersionInput is what PutVersion changes in a language version. Nil
// fields are kept; File nil changes the metadata only.
type VersionInput struct {
	Title, Abstract *string
	File            io.ReaderAt
	FileSize        int64
	FileName        string
}

// PutVersion creates or changes the version of document docID in lang.
// A new version needs a title. A file is vetted (upload.Check against the
// service's limits), HTML is sanitised, and the file is stored under its
// SHA-256; the version's text is then cleared and its extraction pending,
// unless the file is the one already there. Run extracts the text later:
// an upload never waits for it.
func (s *Service) PutVersion(ctx context.Context, a Actor, docID string, lang catalog.Lang, in VersionInput) (*catalog.Document, error) {
	detail := "lang=" + string(lang)
	if in.File != nil {
		detail += " file=" + upload.SafeName(in.FileName)
	}
	d, err := s.putVersion(ctx, docID, lang, in)
	s.record(ctx, a, "version.upload", docID, detail, err)
	if err != nil {
		return nil, err
	}
	if v, ok := d.Version(lang); ok && v.Extraction == catalog.ExtractionPending {
		s.enqueue(job{doc: d.ID, lang: lang, sha: v.File.SHA256})
		s.Wake()
	}
	return d, nil
}

func (s *Service) putVersion(ctx context.Context, docID string, lang catalog.Lang, in VersionInput) (*catalog.Document, error) {
	if !lang.Valid() {
		return nil, catalog.Errors{{Field: "lang", Code: catalog.CodeUnknownLanguage, Reason: fmt.Sprintf("unknown language %q", string(lang))}}
	}
	// A first look, to refuse early what can be refused without the file.
	d, err := s.getDocument(ctx, docID)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, notFound(catalog.KindDocument, docID)
		}
		return nil, apperr.From(err)
	}
	if err := checkVersionInput(d, lang, in); err != nil {
		return nil, err
	}
	var file *catalog.File
	if in.File != nil {
		if file, err = s.storeFile(ctx, in); err != nil {
			return nil, err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if d, err = s.getDocument(ctx, docID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return nil, notFound(catalog.KindDocument, docID)
		}
		return nil, apperr.From(err)
	}
	if err := checkVersionInput(d, lang, in); err != nil {
		return nil, err
	}
	v, ok := d.Version(lang)
	if !ok {
		d.Versions = append(d.Versions, catalog.Version{Lang: lang})
		v = &d.Versions[len(d.Versions)-1]
	}
	if in.Title != nil {
		v.Title = *in.Title
	}
	if in.Abstract != nil {
		v.Abstract = *in.Abstract
	}
	if file != nil {
		same := v.File != nil && v.File.SHA256 == file.SHA256 && v.Extraction != catalog.ExtractionPending
		v.File = file
		if !same {
			v.Text, v.Extraction, v.ExtractionError = "", catalog.ExtractionPending, ""
		}
	}
	d.Normalize()
	if err := d.Validate(); err != nil {
		return nil, versionErrors(d, lang, fieldErrors(err), err)
	}
	if _, err := s.put(ctx, d); err != nil {
		return nil, err
	}
	return d, nil
}

// checkVersionInput refuses an input that says nothing, or a new version
// or a title without a title.
func checkVersionInput(d *catalog.Document, lang catalog.Lang, in VersionInput) error {
	_, exists := d.Version(lang)
	switch {
	case in.Title != nil && strings.TrimSpace(*in.Title) == "":
		return catalog.Errors{{Field: "title", Code: catalog.CodeRequired, Reason: "a version needs a title"}}
	case !exists && in.Title == nil:
		return catalog.Errors{{Field: "title", Code: catalog.CodeRequired,
			Reason: fmt.Sprintf("document %q has no %s version yet: a new version needs a title", d.ID, lang.EnglishName())}}
	case in.File == nil && in.Title == nil && in.Abstract == nil:
		return catalog.Errors{{Field: "file", Code: catalog.CodeRequired, Reason: "give a file, a title or an abstract"}}
	}
	return nil
}

// versionErrors names the errors of the version in lang by their own
// field ("title", not "versions[2].title"), as the upload form has it.
func versionErrors(d *catalog.Document, lang catalog.Lang, errs catalog.Errors, err error) error {
	if errs == nil {
		return err
	}
	prefix := ""
	for i := range d.Versions {
		if d.Versions[i].Lang == lang {
			prefix = fmt.Sprintf("versions[%d].", d.InputIndex(i))
		}
	}
	out := make(catalog.Errors, len(errs))
	for i, fe := range errs {
		if rest, ok := strings.CutPrefix(fe.Field, prefix); ok && prefix != "" {
			fe.Field = rest
		}
		out[i] = fe
	}
	return out
}

// storeFile vets an uploaded file and puts it in the blob store.
func (s *Service) storeFile(ctx context.Context, in VersionInput) (*catalog.File, error) {
	typ, err := upload.Check(in.File, in.FileSize, in.FileName, s.d.Limits)
	if err != nil {
		return nil, refused(err)
	}
	var content io.Reader = io.NewSectionReader(in.File, 0, in.FileSize)
	if typ == upload.HTML {
		data, err := io.ReadAll(content)
		if err != nil {
			return nil, apperr.Internal(fmt.Errorf("read the upload: %w", err))
		}
		content = bytes.NewReader(upload.SanitizeHTML(data))
	}
	info, err := s.d.Blobs.Put(ctx, content)
	if err != nil {
		return nil, apperr.From(fmt.Errorf("store the file: %w", err))
	}
	return &catalog.File{Name: upload.SafeName(in.FileName), MediaType: typ, Size: info.Size, SHA256: info.SHA256}, nil
}

// refused turns a refusal of upload.Check into an error with its status:
// 413 for a file too large, 415 for a type that is not accepted or not
// what the name says, 422 for anything else. The Refusal stays reachable
// with errors.As.
func refused(err error) error {
	var r *upload.Refusal
	if !errors.As(err, &r) {
		return apperr.Internal(fmt.Errorf("check the upload: %w", err))
	}
	status := http.StatusUnprocessableEntity
	switch {
	case r.ID == "upload.too_large":
		status = http.StatusRequestEntityTooLarge
	case strings.Contains(r.ID, "type") || strings.Contains(r.ID, "unsupported"):
		status = http.StatusUnsupportedMediaType
	}
	return &apperr.Error{Status: status, ID: r.ID, Param: "file", Message: r.Message, Cause: r}
}
