package upload

import (
	"bytes"
	"io"
	"regexp"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html/charset"
)

// sanitizePolicy is the allow-list SanitizeHTML applies: text structure,
// links to http, https and mailto, lang and dir. Everything else goes:
// scripts, styles, event handlers, iframes, objects, embeds, forms, meta
// (refresh among them), SVG and MathML, and every URL of another scheme
// (javascript:, data:, vbscript:...).
func sanitizePolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardAttributes() // dir, lang, id, title (id and title are filtered for safe values)
	p.AllowElements(
		"html", "head", "title", "body", "main", "article", "section", "header", "footer", "nav", "aside",
		"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "span", "br", "hr", "blockquote", "pre", "code",
		"ul", "ol", "li", "dl", "dt", "dd", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small",
		"mark", "abbr", "cite", "q", "dfn", "time", "bdi", "bdo", "ruby", "rt", "rp", "wbr", "del", "ins",
		"figure", "figcaption", "caption", "address",
	)
	p.AllowTables()
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("td", "th")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,6}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
}

// SanitizeHTML returns the HTML with everything active removed: scripts,
// styles, event handler attributes, javascript: and data: URLs, iframes,
// objects, embeds, forms, meta refresh, SVG (and its scripts); text
// structure is kept (headings, paragraphs, lists, tables, links to http,
// https and mailto, lang and dir attributes). The input is decoded from
// its declared or sniffed charset (BOM, meta) and the output is UTF-8
// with a <meta charset="utf-8">, to match the media type HTML.
func SanitizeHTML(in []byte) []byte {
	utf8In := toUTF8(in)
	out := sanitizePolicy().SanitizeBytes(utf8In)
	var b bytes.Buffer
	b.Grow(len(out) + 64)
	b.WriteString("<!doctype html>\n<meta charset=\"utf-8\">\n")
	b.Write(out)
	return b.Bytes()
}

// toUTF8 decodes an HTML document from its charset (BOM, then <meta>,
// then a guess) to UTF-8.
func toUTF8(in []byte) []byte {
	enc, name, _ := charset.DetermineEncoding(in, "text/html")
	if name == "utf-8" {
		return bytes.TrimPrefix(in, []byte("\xEF\xBB\xBF"))
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(in)))
	if err != nil {
		return bytes.ToValidUTF8(in, []byte("\uFFFD"))
	}
	return out
}
