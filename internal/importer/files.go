package importer

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"plenary/internal/catalog"
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
