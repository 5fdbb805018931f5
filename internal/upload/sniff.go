package upload

import (
	"bytes"
	"io"
)

// kind is what a file's content turns out to be.
type kind int

const (
	kindText kind = iota // text with no NUL byte (or UTF-16 with a BOM)
	kindHTML             // text that starts like an HTML document
	kindPDF
	kindZIP
	kindOLE // the compound file of legacy Office (.doc, .xls) and of encrypted OOXML
	kindBinary
)

// magic is a signature at the start of a file and what it shows.
type magic struct {
	prefix string
	kind   kind
	found  string // how Refusal messages name it
}

// magics are the signatures recognised, the accepted ones first.
var magics = [...]magic{
	{"PK\x03\x04", kindZIP, "a ZIP archive"},
	{"PK\x05\x06", kindZIP, "an empty ZIP archive"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", kindOLE, "a legacy or encrypted Office document (.doc, .xls)"},
	{"MZ", kindBinary, "a Windows program"},
	{"\x7FELF", kindBinary, "a Linux program"},
	{"\xCF\xFA\xED\xFE", kindBinary, "a macOS program"},
	{"\xCE\xFA\xED\xFE", kindBinary, "a macOS program"},
	{"\xCA\xFE\xBA\xBE", kindBinary, "a Java class or macOS program"},
	{"\x00asm", kindBinary, "a WebAssembly module"},
	{"\x89PNG\r\n\x1A\n", kindBinary, "a PNG image"},
	{"\xFF\xD8\xFF", kindBinary, "a JPEG image"},
	{"GIF87a", kindBinary, "a GIF image"},
	{"GIF89a", kindBinary, "a GIF image"},
	{"RIFF", kindBinary, "a RIFF file (WebP, WAV or AVI)"},
	{"\x1F\x8B", kindBinary, "a gzip archive"},
	{"Rar!\x1A\x07", kindBinary, "a RAR archive"},
	{"7z\xBC\xAF\x27\x1C", kindBinary, "a 7-Zip archive"},
	{"{\\rtf", kindBinary, "an RTF document"},
}

// headSize is how much of a file sniffing looks at.
const headSize = 4096

// sniff looks at the head of a file and tells what it is, with the words a
// Refusal uses for it.
func sniff(head []byte) (kind, string) {
	// A file that a browser would take for HTML is HTML, whatever else it
	// holds further on (such as a "%PDF-" in a comment).
	if looksHTML(head) {
		return kindHTML, "HTML"
	}
	// PDF readers accept the header anywhere in the first 1024 bytes.
	if i := bytes.Index(head[:min(len(head), 1024)], []byte("%PDF-")); i >= 0 {
		return kindPDF, "a PDF document"
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			return m.kind, m.found
		}
	}
	if utf16BOM(head) || bytes.IndexByte(head, 0) < 0 {
		return kindText, "text"
	}
	return kindBinary, "binary data"
}

// utf16BOM reports whether b starts with a UTF-16 byte order mark.
func utf16BOM(b []byte) bool {
	return bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF})
}

// htmlStarts are the openings that make a browser sniff a file as HTML
// (WHATWG MIME Sniffing, "identifying a resource with an unknown MIME
// type"), lower case.
var htmlStarts = [...]string{
	"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font",
	"<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--", "<meta", "<svg",
}

// looksHTML reports whether the text starts, after a BOM and white space,
// like an HTML document.
func looksHTML(head []byte) bool {
	b := bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF"))
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) > 64 {
		b = b[:64]
	}
	lower := bytes.ToLower(b)
	for _, s := range htmlStarts {
		if !bytes.HasPrefix(lower, []byte(s)) {
			continue
		}
		// The tag must end there: "<b" is HTML, "<brief" is not.
		if s == "<!--" || len(lower) == len(s) {
			return true
		}
		switch lower[len(s)] {
		case ' ', '>', '\t', '\n', '\r', '\f', '/':
			return true
		}
	}
	return false
}

// hasNUL reports whether the size bytes of r hold a NUL byte, reading in
// chunks.
func hasNUL(r io.ReaderAt, size int64) (bool, error) {
	buf := make([]byte, 64<<10)
	for off := int64(0); off < size; {
		n, err := r.ReadAt(buf[:min(int64(len(buf)), size-off)], off)
		if bytes.IndexByte(buf[:n], 0) >= 0 {
			return true, nil
		}
		off += int64(n)
		if err != nil && (err != io.EOF || off < size) {
			return false, err
		}
		if n == 0 {
			return false, io.ErrUnexpectedEOF
		}
	}
	return false, nil
}
