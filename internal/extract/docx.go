package extract

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"plenary/internal/upload"
)

// maxDocumentXML bounds what is read of word/document.xml once unpacked,
// whatever its entry declares.
const maxDocumentXML = 256 << 20

// docxText returns the text of a Word document: one line per paragraph
// (w:p), w:t text, w:tab as a tab, w:br and w:cr as line breaks, table
// cells one per line. The ZIP is held to the limits of upload.Check
// (entry count, declared sizes, compression ratio), and the document part
// is read through a LimitReader, since declared sizes can lie.
func docxText(ctx context.Context, r io.ReaderAt, size int64, lim upload.Limits) (string, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return "", fmt.Errorf("%w: not a ZIP archive: %w", ErrBroken, err)
	}
	if len(zr.File) > lim.MaxDOCXEntries {
		return "", fmt.Errorf("%w: %d ZIP entries", ErrTooLarge, len(zr.File))
	}
	var doc *zip.File
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if f.UncompressedSize64 > 1<<20 && (f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > 100) {
			return "", fmt.Errorf("%w: entry %q is compressed more than 100 to 1", ErrTooLarge, f.Name)
		}
		if strings.EqualFold(f.Name, "word/document.xml") {
			doc = f
		}
	}
	if total > uint64(lim.MaxDOCXUncompressed) {
		return "", fmt.Errorf("%w: entries unpack to %d bytes", ErrTooLarge, total)
	}
	if doc == nil {
		return "", fmt.Errorf("%w: no word/document.xml", ErrBroken)
	}
	rc, err := doc.Open()
	if err != nil {
		return "", fmt.Errorf("%w: opening word/document.xml: %w", ErrBroken, err)
	}
	defer rc.Close()
	capped := &cappedReader{r: io.LimitReader(rc, min(int64(doc.UncompressedSize64), maxDocumentXML)+1), left: min(int64(doc.UncompressedSize64), maxDocumentXML)}
	return wordprocessingText(ctx, capped)
}

// cappedReader fails once more than left bytes have been read: a part that
// unpacks beyond its declared size is an error, not a truncated success.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.left -= int64(n)
	if c.left < 0 {
		return n, fmt.Errorf("%w: word/document.xml unpacks beyond its declared size", ErrTooLarge)
	}
	return n, err
}

// wordNS is the WordprocessingML main namespace (transitional); strict
// documents use another URI, so elements are matched by local name.
const wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// wordprocessingText walks the XML of word/document.xml.
func wordprocessingText(ctx context.Context, r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = false
	var b strings.Builder
	inText := false
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return "", ctx.Err()
		}
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("%w: word/document.xml: %w", ErrBroken, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "t", "delText":
				inText = t.Name.Local == "t"
			case "tab", "ptab":
				b.WriteByte('\t')
			case "br", "cr":
				b.WriteByte('\n')
			case "noBreakHyphen":
				b.WriteString("\u2011")
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t", "delText":
				inText = false
			case "p":
				b.WriteByte('\n')
			case "tc":
				// A cell's last paragraph already ended the line.
			case "tr":
				b.WriteByte('\n')
			}
		case xml.CharData:
			if inText {
				b.Write(t)
			}
		}
	}
	return strings.TrimRight(b.String(), "\n"), nil
}
