package publish

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/importer"
	"plenary/internal/upload"
)

// Limits of a ZIP import.
const (
	// MaxZIPEntries is the most files a ZIP import may hold.
	MaxZIPEntries = 10_000
	// MaxZIPSize is the most its files may hold together, uncompressed.
	MaxZIPSize = 2 << 30
	// Manifest is the name of the JSON Lines file at the root of a ZIP import.
	Manifest = "manifest.jsonl"
)

// ImportOptions tune an import.
type ImportOptions struct {
	// DryRun validates and resolves every line, and stores nothing.
	DryRun bool
}

// Import imports JSON Lines (the format of docs/import.md) without files:
// a line that names a file is refused. Documents without a status are
// published, as in every import. It returns an error only when the import
// could not run; bad lines are in the report.
func (s *Service) Import(ctx context.Context, a Actor, r io.Reader, o ImportOptions) (importer.Report, error) {
	im := importer.Importer{Store: s.d.Store, DryRun: o.DryRun}
	return s.runImport(ctx, a, &im, r, "jsonl", o)
}

// ImportZIP imports a ZIP archive: manifest.jsonl at its root, in the
// import format, and the files its lines name by paths relative to the
// root. Every file is vetted as an upload is (a refused file fails its
// line: "versions[i].file: <reason>"), HTML is sanitised, and versions with
// a file and no text wait for extraction. The archive may hold at most
// MaxZIPEntries files and MaxZIPSize bytes uncompressed.
func (s *Service) ImportZIP(ctx context.Context, a Actor, r io.ReaderAt, size int64, o ImportOptions) (importer.Report, error) {
	zr, err := openZIP(r, size)
	if err != nil {
		s.record(ctx, a, "import", "", "zip", err)
		return importer.Report{}, err
	}
	manifest, err := zr.Open(Manifest)
	if err != nil {
		err = badImport("the ZIP archive has no %s at its root", Manifest)
		s.record(ctx, a, "import", "", "zip", err)
		return importer.Report{}, err
	}
	defer manifest.Close()
	im := importer.Importer{
		Store: s.d.Store, Blobs: s.d.Blobs, Files: zr, DryRun: o.DryRun,
		CheckFile:         s.checkImportFile,
		MaxFileSize:       s.d.Limits.MaxSize,
		PendingExtraction: true,
	}
	return s.runImport(ctx, a, &im, manifest, "zip", o)
}

func (s *Service) runImport(ctx context.Context, a Actor, im *importer.Importer, r io.Reader, format string, o ImportOptions) (importer.Report, error) {
	rep, err := im.Import(ctx, r)
	if err != nil {
		err = apperr.From(fmt.Errorf("import: %w", err))
	}
	if !o.DryRun {
		s.record(ctx, a, "import", "", fmt.Sprintf("%s lines=%d valid=%d created=%d updated=%d unchanged=%d errors=%d",
			format, rep.Lines, validCount(rep), rep.Stored.Created, rep.Stored.Updated, rep.Stored.Unchanged, len(rep.Errors)), err)
		s.Wake()
	}
	return rep, err
}

func validCount(rep importer.Report) int {
	n := 0
	for _, k := range catalog.Kinds {
		n += rep.Valid[k]
	}
	return n
}

// openZIP opens an archive within the limits.
func openZIP(r io.ReaderAt, size int64) (*zip.Reader, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, badImport("not a ZIP archive: %v", err)
	}
	if len(zr.File) > MaxZIPEntries {
		return nil, tooLarge("the ZIP archive holds %d files; at most %d are accepted", len(zr.File), MaxZIPEntries)
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxZIPSize {
			return nil, tooLarge("the files in the ZIP archive add up to more than %d GiB uncompressed", MaxZIPSize>>30)
		}
	}
	return zr, nil
}

// checkImportFile vets a file of an import as an upload is vetted.
// archive/zip refuses to read more than an entry's declared size, so the
// sizes checked above hold.
func (s *Service) checkImportFile(p string, r io.ReaderAt, size int64) (importer.Checked, error) {
	return CheckImportFile(s.d.Limits)(p, r, size)
}

// CheckImportFile returns the importer's CheckFile for files named by an
// import (from a ZIP or a folder): each is vetted as an upload is, within
// lim, and HTML is sanitised.
func CheckImportFile(lim upload.Limits) func(p string, r io.ReaderAt, size int64) (importer.Checked, error) {
	return func(p string, r io.ReaderAt, size int64) (importer.Checked, error) {
		return checkFile(p, r, size, lim)
	}
}

func checkFile(p string, r io.ReaderAt, size int64, lim upload.Limits) (importer.Checked, error) {
	name := path.Base(p)
	typ, err := upload.Check(r, size, name, lim)
	if err != nil {
		return importer.Checked{}, err
	}
	out := importer.Checked{MediaType: typ, Name: upload.SafeName(name)}
	if typ == upload.HTML {
		data, err := io.ReadAll(io.NewSectionReader(r, 0, size))
		if err != nil {
			return importer.Checked{}, err
		}
		out.Content = upload.SanitizeHTML(data)
	}
	return out, nil
}

func badImport(format string, args ...any) *apperr.Error {
	return &apperr.Error{Status: http.StatusUnprocessableEntity, ID: "error.import", Message: fmt.Sprintf(format, args...)}
}

func tooLarge(format string, args ...any) *apperr.Error {
	return &apperr.Error{Status: http.StatusRequestEntityTooLarge, ID: "error.too_large", Message: fmt.Sprintf(format, args...)}
}

var _ fs.FS = (*zip.Reader)(nil)
