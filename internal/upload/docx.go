package upload

import (
	"archive/zip"
	"encoding/binary"
	"errors"
	"io"
	"strings"
)

// DOCX bomb thresholds: an entry bigger than bombMinSize once unpacked
// may not be compressed more than bombRatio to 1.
const (
	bombMinSize = 1 << 20
	bombRatio   = 100
)

// checkDOCX checks the ZIP structure of a DOCX from its directory alone:
// the entry count (read from the end record before the directory is
// parsed, so a directory of millions of entries costs nothing), the
// presence of [Content_Types].xml and word/document.xml, the compression
// methods (stored or deflated, no encryption), the sum of the declared
// uncompressed sizes and each entry's compression ratio. Declared sizes
// can lie; whoever reads the entries must still cap what they read
// (internal/extract does).
func checkDOCX(r io.ReaderAt, size int64, lim Limits) *Refusal {
	invalid := func(reason string) *Refusal {
		return refuse(IDDOCXInvalid, map[string]any{"Reason": reason})
	}
	bomb := func(reason string) *Refusal {
		return refuse(IDDOCXBomb, map[string]any{"Reason": reason})
	}
	n, err := zipEntryCount(r, size)
	if err != nil {
		return invalid(err.Error())
	}
	if n > lim.MaxDOCXEntries {
		return bomb(plural(n, "entry", "entries") + "; at most " + plural(lim.MaxDOCXEntries, "is", "are") + " allowed")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return invalid("its ZIP structure is broken (" + strings.TrimPrefix(err.Error(), "zip: ") + ")")
	}
	if len(zr.File) > lim.MaxDOCXEntries {
		return bomb(plural(len(zr.File), "entry", "entries") + "; at most " + plural(lim.MaxDOCXEntries, "is", "are") + " allowed")
	}
	var total uint64
	var hasTypes, hasDocument bool
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "[content_types].xml":
			hasTypes = true
		case "word/document.xml":
			hasDocument = true
		}
		if f.Flags&0x1 != 0 {
			return invalid("the entry " + quoteName(f.Name) + " is encrypted")
		}
		if f.Method != zip.Store && f.Method != zip.Deflate {
			return invalid("the entry " + quoteName(f.Name) + " uses an unsupported compression method")
		}
		if f.UncompressedSize64 > bombMinSize &&
			(f.CompressedSize64 == 0 || f.UncompressedSize64/f.CompressedSize64 > bombRatio) {
			return bomb("the entry " + quoteName(f.Name) + " is compressed more than " +
				itoa(bombRatio) + " to 1")
		}
		total += f.UncompressedSize64
		if total > uint64(lim.MaxDOCXUncompressed) {
			return bomb("its entries unpack to more than " + humanSize(lim.MaxDOCXUncompressed))
		}
	}
	switch {
	case !hasDocument:
		return invalid("it has no word/document.xml")
	case !hasTypes:
		return invalid("it has no [Content_Types].xml")
	}
	return nil
}

// zipEntryCount reads the number of entries from the end of central
// directory record (or its ZIP64 form).
func zipEntryCount(r io.ReaderAt, size int64) (int, error) {
	const eocdLen = 22
	if size < eocdLen {
		return 0, errors.New("it is too short to be a ZIP archive")
	}
	tail := make([]byte, min(size, eocdLen+65535))
	off := size - int64(len(tail))
	if n, err := r.ReadAt(tail, off); n < len(tail) {
		return 0, errors.New("it could not be read (" + errString(err) + ")")
	}
	i := -1
	for j := len(tail) - eocdLen; j >= 0; j-- {
		if binary.LittleEndian.Uint32(tail[j:]) == 0x06054b50 {
			i = j
			break
		}
	}
	if i < 0 {
		return 0, errors.New("its ZIP directory is missing")
	}
	count := int(binary.LittleEndian.Uint16(tail[i+10:]))
	if count != 0xFFFF {
		return count, nil
	}
	// ZIP64: the locator sits just before the end record and points at
	// the ZIP64 end record, which holds the real count.
	loc := off + int64(i) - 20
	if loc < 0 {
		return 0, errors.New("its ZIP64 directory is missing")
	}
	buf := make([]byte, 56)
	if n, _ := r.ReadAt(buf[:20], loc); n < 20 || binary.LittleEndian.Uint32(buf) != 0x07064b50 {
		return 0, errors.New("its ZIP64 directory is missing")
	}
	at := binary.LittleEndian.Uint64(buf[8:])
	if at > uint64(size-56) {
		return 0, errors.New("its ZIP64 directory is out of bounds")
	}
	if n, _ := r.ReadAt(buf, int64(at)); n < 56 || binary.LittleEndian.Uint32(buf) != 0x06064b50 {
		return 0, errors.New("its ZIP64 directory is broken")
	}
	c := binary.LittleEndian.Uint64(buf[32:])
	if c > 1<<31 {
		return 1 << 31, nil
	}
	return int(c), nil
}

// quoteName quotes an entry name for a message, shortened and with
// control characters dropped.
func quoteName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, name)
	if len(name) > 60 {
		name = name[:60] + "…"
	}
	return "“" + name + "”"
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}
