package upload

import (
	"io"
	"path"
	"strings"
)

// extTypes are the extensions accepted and the media type of each.
var extTypes = map[string]string{
	".pdf":  PDF,
	".docx": DOCX,
	".html": HTML,
	".htm":  HTML,
	".txt":  Text,
}

// Check reads the file (r, of size bytes, named name by the uploader) and
// returns its media type, or a *Refusal saying why it is refused.
//
// The type is decided by content (magic bytes, structure) and extension
// together, and both must agree. Refused: an empty file; a file larger
// than lim.MaxSize; an extension other than .pdf, .docx, .html, .htm and
// .txt; content that does not match the extension (HTML named .pdf, a ZIP
// or a .doc named .docx, a program or image named .txt, any binary file
// named .txt or .html); a DOCX that is not a sound ZIP, lacks
// word/document.xml or [Content_Types].xml, has too many entries, or whose
// entries would unpack too far (see checkDOCX). Zero fields of lim take
// their defaults. Check reads the head of the file, the ZIP directory of a
// DOCX, and the whole of a text or HTML file (looking for NUL bytes); it
// decompresses nothing.
func Check(r io.ReaderAt, size int64, name string, lim Limits) (mediaType string, err error) {
	lim = lim.withDefaults()
	ext := extension(name)
	switch {
	case size <= 0:
		return "", refuse(IDEmpty, nil)
	case size > lim.MaxSize:
		return "", refuse(IDTooLarge, map[string]any{"Size": humanSize(size), "Max": humanSize(lim.MaxSize)})
	}
	mt, ok := extTypes[ext]
	if !ok {
		shown := ext
		if shown == "" {
			shown = "without an extension"
		}
		return "", refuse(IDTypeUnsupported, map[string]any{"Ext": shown})
	}
	head := make([]byte, min(size, headSize))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		_ = err
		return "", refuse(IDUnreadable, nil)
	}
	k, found := sniff(head)
	mismatch := func() (string, error) {
		return "", refuse(IDTypeMismatch, map[string]any{"Ext": ext, "Found": found})
	}
	switch mt {
	case PDF:
		if k != kindPDF {
			return mismatch()
		}
	case DOCX:
		if k != kindZIP {
			return mismatch()
		}
		if ref := checkDOCX(r, size, lim); ref != nil {
			return "", ref
		}
	case HTML, Text:
		if k != kindText && k != kindHTML {
			return mismatch()
		}
		if !utf16BOM(head) {
			nul, err := hasNUL(r, size)
			if err != nil {
				return "", refuse(IDUnreadable, nil)
			}
			if nul {
				found = "binary data"
				return mismatch()
			}
		}
	}
	return mt, nil
}

// extension is the lower-case extension of the base name of name, which may
// be a Windows or Unix path.
func extension(name string) string {
	name = name[strings.LastIndexAny(name, `/\`)+1:]
	return strings.ToLower(strings.TrimSpace(path.Ext(strings.TrimSpace(name))))
}
