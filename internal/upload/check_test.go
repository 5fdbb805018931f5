package upload

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"plenary/internal/testutil"
)

// tinyPDF is a small valid PDF with one page saying "Hello".
const tinyPDF = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" +
	"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
	"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n" +
	"4 0 obj<</Length 35>>stream\nBT /F1 12 Tf 20 100 Td (Hello) Tj ET\nendstream endobj\n" +
	"5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

// zipOf builds a ZIP of the named entries.
func zipOf(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// goodDOCX is a minimal Word document.
func goodDOCX(t testing.TB) []byte {
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml":   `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>`,
	})
}

// bombDOCX streams 300 MiB of zeros into word/document.xml: about 300 KiB
// compressed, a ratio near 1000 to 1.
func bombDOCX(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, "<Types/>")
	testutil.WriteZeroBomb(t, zw, "word/document.xml", 300)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// check runs Check with default limits on data.
func check(data []byte, name string, lim Limits) (string, error) {
	return Check(bytes.NewReader(data), int64(len(data)), name, lim)
}

func TestCheckAccepts(t *testing.T) {
	utf16, _ := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM).NewEncoder().String("الاتجار بالأشخاص")
	cp1252, _ := charmap.Windows1252.NewEncoder().String("Conférence à Vienne")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"report.pdf", []byte(tinyPDF), PDF},
		{"C:\\Users\\me\\REPORT.PDF", []byte(tinyPDF), PDF},
		{"report.docx", goodDOCX(t), DOCX},
		{"page.html", []byte("<!DOCTYPE html><html><body><p>Hi</p></body></html>"), HTML},
		{"page.htm", []byte("<p>Hi</p>"), HTML},
		{"notes.txt", []byte("Рабочая группа по торговле людьми"), Text},
		{"notes.txt", []byte("\xEF\xBB\xBFwith BOM"), Text},
		{"notes.txt", []byte(utf16), Text},
		{"notes.txt", []byte(cp1252), Text},
		{"الاتجار.txt", []byte("نص"), Text},
	} {
		got, err := check(tc.data, tc.name, Limits{})
		if err != nil || got != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestCheckRefuses(t *testing.T) {
	many := map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}
	bomb := bombDOCX(t)
	for i := range 5000 {
		many[fmt.Sprintf("word/media/%d.xml", i)] = ""
	}
	for _, tc := range []struct {
		label, name string
		data        []byte
		lim         Limits
		id, msg     string // msg: a part of the English message
	}{
		{"empty", "a.pdf", nil, Limits{}, IDEmpty, "empty"},
		{"over MaxSize", "a.txt", bytes.Repeat([]byte("a"), 2048), Limits{MaxSize: 1024}, IDTooLarge, "the largest accepted is 1 KiB"},
		{"no extension", "report", []byte(tinyPDF), Limits{}, IDTypeUnsupported, "without an extension"},
		{"exe extension", "setup.exe", []byte("MZ\x90\x00"), Limits{}, IDTypeUnsupported, ".exe"},
		{"legacy .doc extension", "a.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), Limits{}, IDTypeUnsupported, ".doc"},
		{"HTML named .pdf", "a.pdf", []byte("<!doctype html><html><body>x</body></html>"), Limits{}, IDTypeMismatch, "named .pdf but its content is HTML"},
		{"HTML with a PDF header in a comment, named .pdf", "a.pdf", []byte("<html><script>alert(1)</script><!--%PDF-1.4 -->"), Limits{}, IDTypeMismatch, "named .pdf but its content is HTML"},
		{"ZIP named .docx", "a.docx", zipOf(t, map[string]string{"a.txt": "x"}), Limits{}, IDDOCXInvalid, "no word/document.xml"},
		{"no content types", "a.docx", zipOf(t, map[string]string{"word/document.xml": "x"}), Limits{}, IDDOCXInvalid, "[Content_Types].xml"},
		{".doc named .docx", "a.docx", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...), Limits{}, IDTypeMismatch, "legacy or encrypted Office document"},
		{"PDF named .docx", "a.docx", []byte(tinyPDF), Limits{}, IDTypeMismatch, "a PDF document"},
		{"PNG named .txt", "a.txt", []byte("\x89PNG\r\n\x1A\n\x00\x00\x00\rIHDR"), Limits{}, IDTypeMismatch, "a PNG image"},
		{"ELF named .txt", "a.txt", []byte("\x7FELF\x02\x01\x01"), Limits{}, IDTypeMismatch, "a Linux program"},
		{"PE named .html", "a.html", []byte("MZ\x90\x00\x03"), Limits{}, IDTypeMismatch, "a Windows program"},
		{"ZIP named .txt", "a.txt", goodDOCX(t), Limits{}, IDTypeMismatch, "a ZIP archive"},
		{"PDF named .txt", "a.txt", []byte(tinyPDF), Limits{}, IDTypeMismatch, "a PDF document"},
		{"NUL in text", "a.txt", []byte("hello\x00world"), Limits{}, IDTypeMismatch, "binary data"},
		{"NUL late in HTML", "a.html", append(bytes.Repeat([]byte("<p>x</p>"), 10000), 0), Limits{}, IDTypeMismatch, "binary data"},
		{"5000 entries", "a.docx", zipOf(t, many), Limits{}, IDDOCXBomb, "5002 entries; at most 2000 are allowed"},
		{"zip bomb", "a.docx", bomb, Limits{}, IDDOCXBomb, "compressed more than 100 to 1"},
		{"declared sizes too big", "a.docx", goodDOCX(t), Limits{MaxDOCXUncompressed: 100}, IDDOCXBomb, "unpack to more than 100 bytes"},
		{"truncated docx", "a.docx", goodDOCX(t)[:60], Limits{}, IDDOCXInvalid, "ZIP"},
	} {
		t.Run(tc.label, func(t *testing.T) {
			mt, err := check(tc.data, tc.name, tc.lim)
			var ref *Refusal
			if !errors.As(err, &ref) {
				t.Fatalf("got %q, %v; want a refusal %s", mt, err, tc.id)
			}
			if ref.ID != tc.id || !strings.Contains(ref.Message, tc.msg) {
				t.Errorf("got %s %q; want %s containing %q", ref.ID, ref.Message, tc.id, tc.msg)
			}
			if _, ok := MessageIDs()[ref.ID]; !ok {
				t.Errorf("ID %s is not in MessageIDs", ref.ID)
			}
			if strings.Contains(ref.Message, "{{") {
				t.Errorf("unfilled template in %q", ref.Message)
			}
		})
	}
}

func TestBombDOCXIsSmall(t *testing.T) {
	b := bombDOCX(t)
	if n := len(b); n > 1<<20 {
		t.Errorf("the bomb takes %d bytes", n)
	}
	// It is a real one: the entry unpacks to zeros (the first 8 MiB read).
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[1].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	head, err := io.ReadAll(io.LimitReader(rc, 8<<20))
	if err != nil || len(head) != 8<<20 || bytes.IndexFunc(head, func(r rune) bool { return r != 0 }) >= 0 {
		t.Errorf("unpacking: %d bytes, %v", len(head), err)
	}
	t.Logf("%d bytes declaring %d MiB (ratio %d:1)", len(b), zr.File[1].UncompressedSize64>>20, zr.File[1].UncompressedSize64/zr.File[1].CompressedSize64)
}

func TestSafeName(t *testing.T) {
	long := strings.Repeat("تقرير", 40) + ".pdf"
	for _, tc := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\me\Report 2024.docx`, "Report 2024.docx"},
		{".htaccess", "file.htaccess"},
		{"...", "file"},
		{"", "file"},
		{".pdf", "file.pdf"},
		{"a\"b'c`.txt", "abc.txt"},
		{"evil\u202Egpj.exe", "evilgpj.exe"},
		{"line\nbreak\t.txt", "line break.txt"},
		{"الاتجار بالأشخاص.pdf", "الاتجار بالأشخاص.pdf"},
		{"打击贩运人口问题工作组.docx", "打击贩运人口问题工作组.docx"},
		{"CON.txt", "file-CON.txt"},
		{"\x00\x01.pdf", "file.pdf"},
	} {
		if got := SafeName(tc.in); got != tc.want {
			t.Errorf("SafeName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	got := SafeName(long)
	if len(got) > 120 || !strings.HasSuffix(got, ".pdf") || !strings.HasPrefix(got, "تقرير") {
		t.Errorf("SafeName(long) = %q (%d bytes)", got, len(got))
	}
}

func TestSanitizeHTML(t *testing.T) {
	in := `<html><head><meta http-equiv="refresh" content="0;url=http://evil"><style>body{}</style><script>alert(1)</script></head><body>` +
		`<h1 onclick="x()">Title</h1><p lang="ar" dir="rtl">الاتجار بالأشخاص</p><img src=x onerror="alert(2)">` +
		`<a href="javascript:alert(3)">bad</a><a href="https://www.unodc.org/">good</a><a href="data:text/html,<script>">d</a>` +
		`<iframe src="https://evil"></iframe><object data="x"></object><form action="/x"><input name=q></form>` +
		`<svg><script>alert(4)</script></svg><table><tr><td>cell</td></tr></table><ul><li>item</li></ul></body></html>`
	out := string(SanitizeHTML([]byte(in)))
	for _, bad := range []string{"<script", "alert", "onerror", "onclick", "javascript:", "data:", "<iframe", "<object", "<form", "<input", "refresh", "<style", "<svg", "<img"} {
		if strings.Contains(strings.ToLower(out), bad) {
			t.Errorf("%q survived:\n%s", bad, out)
		}
	}
	for _, good := range []string{`<p lang="ar" dir="rtl">الاتجار بالأشخاص</p>`, "<h1>Title</h1>", `href="https://www.unodc.org/"`, "<td>cell</td>", "<li>item</li>"} {
		if !strings.Contains(out, good) {
			t.Errorf("%q is missing:\n%s", good, out)
		}
	}
	// A windows-1256 page comes out as UTF-8.
	in1256, _ := charmap.Windows1256.NewEncoder().String(`<meta charset="windows-1256"><p>حقوق الإنسان</p>`)
	if out := string(SanitizeHTML([]byte(in1256))); !strings.Contains(out, "<p>حقوق الإنسان</p>") {
		t.Errorf("windows-1256: %s", out)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add([]byte(tinyPDF), "a.pdf")
	f.Add(goodDOCX(f), "a.docx")
	f.Add([]byte("<p>x</p>"), "a.html")
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), "a.docx")
	f.Add([]byte("PK\x03\x04\xff\xff\xff\xff"), "a.docx")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		mt, err := check(data, name, Limits{MaxSize: 1 << 20})
		var ref *Refusal
		if err != nil && !errors.As(err, &ref) {
			t.Fatalf("error that is not a Refusal: %v", err)
		}
		if err == nil && mt == "" {
			t.Fatal("no type and no error")
		}
		_ = SafeName(name)
		_ = SanitizeHTML(data)
	})
}
