package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// storeFiles puts the files a document's versions name into the blob store
// and fills in their name, type, size and hash. It runs before the document
// is stored, so a stored document never names a missing file.
func (im *Importer) storeFiles(ctx context.Context, n int, d *catalog.Document) *LineError {
	for i := range d.Versions {
		f := d.Versions[i].File
		if f == nil || f.Path == "" {
			continue
		}
		field := fmt.Sprintf("versions[%d].file", d.InputIndex(i))
		if im.Blobs == nil {
			return &LineError{Line: n, Field: field, Reason: "no file store is configured"}
		}
		if im.CheckFile != nil {
			if lerr := im.storeChecked(ctx, n, field, f); lerr != nil {
				return lerr
			}
			continue
		}
		src, err := im.Files.Open(f.Path)
		if err != nil {
			return &LineError{Line: n, Field: field, Reason: fmt.Sprintf("cannot read %q: %v", f.Path, unwrapPathError(err))}
		}
		head := make([]byte, 512)
		k, _ := io.ReadFull(src, head)
		info, err := im.Blobs.Put(ctx, io.MultiReader(strings.NewReader(string(head[:k])), src))
		src.Close()
		if err != nil {
			return &LineError{Line: n, Field: field, Reason: fmt.Sprintf("cannot store %q: %v", f.Path, err)}
		}
		*f = catalog.File{
			Name:      path.Base(f.Path),
			MediaType: mediaType(f.Path, head[:k]),
			Size:      info.Size,
			SHA256:    info.SHA256,
		}
	}
	if im.PendingExtraction {
		return im.markPending(ctx, n, d)
	}
	return nil
}

// storeChecked stores a file that CheckFile accepts, as CheckFile says.
func (im *Importer) storeChecked(ctx context.Context, n int, field string, f *catalog.File) *LineError {
	ra, size, cleanup, err := im.openAt(f.Path)
	if err != nil {
		return &LineError{Line: n, Field: field, Reason: fmt.Sprintf("cannot read %q: %v", f.Path, unwrapPathError(err))}
	}
	defer cleanup()
	ck, err := im.CheckFile(f.Path, ra, size)
	if err != nil {
		return &LineError{Line: n, Field: field, Reason: err.Error()}
	}
	var content io.Reader = io.NewSectionReader(ra, 0, size)
	if ck.Content != nil {
		content = bytes.NewReader(ck.Content)
	}
	info, err := im.Blobs.Put(ctx, content)
	if err != nil {
		return &LineError{Line: n, Field: field, Reason: fmt.Sprintf("cannot store %q: %v", f.Path, err)}
	}
	name := ck.Name
	if name == "" {
		name = path.Base(f.Path)
	}
	typ := ck.MediaType
	if typ == "" {
		head := make([]byte, 512)
		k, _ := ra.ReadAt(head, 0)
		typ = mediaType(f.Path, head[:k])
	}
	*f = catalog.File{Name: name, MediaType: typ, Size: info.Size, SHA256: info.SHA256}
	return nil
}

// checkFile runs CheckFile on the file at p.
func (im *Importer) checkFile(p string) (Checked, error) {
	ra, size, cleanup, err := im.openAt(p)
	if err != nil {
		return Checked{}, fmt.Errorf("cannot read %q: %v", p, unwrapPathError(err))
	}
	defer cleanup()
	return im.CheckFile(p, ra, size)
}

// openAt opens a file of Files for reading at any offset: as it is when it
// can, else through a temporary copy (files in a ZIP archive are streams).
func (im *Importer) openAt(p string) (io.ReaderAt, int64, func(), error) {
	src, err := im.Files.Open(p)
	if err != nil {
		return nil, 0, nil, err
	}
	st, err := src.Stat()
	if err != nil {
		src.Close()
		return nil, 0, nil, err
	}
	if ra, ok := src.(io.ReaderAt); ok {
		return ra, st.Size(), func() { src.Close() }, nil
	}
	defer src.Close()
	tmp, err := os.CreateTemp("", "plenary-import-file-*")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	var r io.Reader = src
	if im.MaxFileSize > 0 {
		r = io.LimitReader(src, im.MaxFileSize+1)
	}
	size, err := io.Copy(tmp, r)
	if err != nil {
		cleanup()
		return nil, 0, nil, err
	}
	return tmp, size, cleanup, nil
}

// markPending marks the versions that have a file and no text as waiting
// for extraction, except where the stored document has the same file in
// that language with its text (or its failure) already, which it keeps:
// re-importing the same input changes nothing.
func (im *Importer) markPending(ctx context.Context, n int, d *catalog.Document) *LineError {
	var stored *catalog.Document
	for i := range d.Versions {
		v := &d.Versions[i]
		if v.File == nil || v.Text != "" || v.Extraction != "" {
			continue
		}
		if stored == nil {
			rec, err := im.Store.Get(ctx, catalog.KindDocument, d.ID)
			switch {
			case err == nil:
				stored = rec.Entity.(*catalog.Document)
			case errors.Is(err, store.ErrNotFound):
				stored = &catalog.Document{}
			default:
				return &LineError{Line: n, Reason: fmt.Sprintf("cannot read the stored document: %v", err)}
			}
		}
		if old, ok := stored.Version(v.Lang); ok && old.File != nil && old.File.SHA256 == v.File.SHA256 && old.Extraction != catalog.ExtractionPending {
			v.Text, v.Extraction, v.ExtractionError = old.Text, old.Extraction, old.ExtractionError
			continue
		}
		v.Extraction = catalog.ExtractionPending
	}
	return nil
}

// mediaType names a file's type from its extension, else from its content.
func mediaType(name string, head []byte) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return http.DetectContentType(head)
}
