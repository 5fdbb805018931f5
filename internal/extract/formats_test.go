package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"plenary/internal/testutil"
	"plenary/internal/upload"
)

// makeDOCX builds a minimal Word document around the body XML.
func makeDOCX(t testing.TB, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="` + wordNS + `"><w:body>` + body + `</w:body></w:document>`,
	} {
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

func TestDOCX(t *testing.T) {
	x := newTestExtractor(t, Limits{})
	doc := makeDOCX(t, `<w:p><w:r><w:t>Рабочая группа</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> по торговле людьми</w:t></w:r></w:p>`+
		`<w:p><w:r><w:t>الاتجار بالأشخاص</w:t><w:br/><w:t>جريمة خطيرة</w:t></w:r></w:p>`+
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>CTOC/COP/WG.4/2024/2</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>打击贩运人口问题工作组</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`)
	text, err := x.Text(context.Background(), upload.DOCX, bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		t.Fatal(err)
	}
	want := "Рабочая группа\t по торговле людьми\nالاتجار بالأشخاص\nجريمة خطيرة\nCTOC/COP/WG.4/2024/2\n打击贩运人口问题工作组"
	if text != want {
		t.Errorf("got\n%q\nwant\n%q", text, want)
	}
}

func TestDOCXBombFails(t *testing.T) {
	// word/document.xml declares 300 MiB of zeros, compressed to about 300 KiB.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	io.WriteString(w, "<Types/>")
	testutil.WriteZeroBomb(t, zw, "word/document.xml", 300)
	zw.Close()
	x := newTestExtractor(t, Limits{})
	_, err := x.Text(context.Background(), upload.DOCX, bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

func TestHTML(t *testing.T) {
	x := newTestExtractor(t, Limits{})
	in := `<!doctype html><html><head><title>CTOC</title><style>p{color:red}</style><script>alert("x")</script></head>` +
		`<body><h1>Working   Group</h1><p lang="ar" dir="rtl">الاتجار بالأشخاص <b>جريمة</b> خطيرة</p>` +
		`<noscript>enable js</noscript><template><p>hidden</p></template><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>`
	text, err := x.Text(context.Background(), upload.HTML, strings.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	want := "CTOC\nWorking Group\nالاتجار بالأشخاص جريمة خطيرة\none\ntwo\na\nb"
	if text != want {
		t.Errorf("got\n%q\nwant\n%q", text, want)
	}
	// A meta charset is honoured.
	arabic1256, _ := charmap.Windows1256.NewEncoder().String(`<html><head><meta charset="windows-1256"></head><body><p>حقوق الإنسان</p></body></html>`)
	text, err = x.Text(context.Background(), upload.HTML, strings.NewReader(arabic1256), int64(len(arabic1256)))
	if err != nil || text != "حقوق الإنسان" {
		t.Errorf("windows-1256 HTML: got %q, %v", text, err)
	}
}

func TestPlainTextEncodings(t *testing.T) {
	x := newTestExtractor(t, Limits{})
	utf16le := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	utf16be := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	for _, tc := range []struct {
		name string
		enc  encoding.Encoding
		text string
	}{
		{"UTF-8", nil, "Рабочая группа по торговле людьми. الاتجار بالأشخاص."},
		{"UTF-8 BOM", xunicode.UTF8BOM, "Conférence des Parties à la Convention."},
		{"UTF-16LE", utf16le, "打击贩运人口问题工作组"},
		{"UTF-16BE", utf16be, "الاتجار بالأشخاص جريمة خطيرة تنتهك حقوق الإنسان."},
		{"windows-1252", charmap.Windows1252, "La Conférence des Parties a adopté la résolution à Vienne, « déjà » en été."},
		{"windows-1256", charmap.Windows1256, "الاتجار بالأشخاص جريمة خطيرة تنتهك حقوق الإنسان."},
		{"windows-1251", charmap.Windows1251, "Рабочая группа по торговле людьми провела совещание в Вене."},
		{"KOI8-R", charmap.KOI8R, "Рабочая группа по торговле людьми провела совещание в Вене."},
		{"GB18030", simplifiedchinese.GB18030, "打击贩运人口问题工作组于二〇二四年在维也纳举行会议。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.text)
			if tc.enc != nil {
				var err error
				if data, err = tc.enc.NewEncoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			got, err := x.Text(context.Background(), upload.Text, bytes.NewReader(data), int64(len(data)))
			if err != nil || got != tc.text {
				t.Errorf("got %q, %v; want %q", got, err, tc.text)
			}
		})
	}
}

func TestUnsupportedAndLimits(t *testing.T) {
	x := newTestExtractor(t, Limits{MaxText: 5})
	if _, err := x.Text(context.Background(), "image/png", strings.NewReader("x"), 1); !errors.Is(err, ErrUnsupported) {
		t.Errorf("image/png: got %v", err)
	}
	got, err := x.Text(context.Background(), "TEXT/PLAIN", strings.NewReader("Рабочая группа"), int64(len("Рабочая группа")))
	if err != nil || got != "Рабоч" {
		t.Errorf("MaxText: got %q, %v", got, err)
	}
}
