package extract

import (
	"bytes"
	"context"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// blockElements end a line of text before and after them.
var blockElements = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "caption": true,
	"dd": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true, "footer": true,
	"form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true, "section": true,
	"table": true, "td": true, "th": true, "title": true, "tr": true, "ul": true, "body": true,
}

// skipElements hold no readable text.
var skipElements = map[string]bool{
	"script": true, "style": true, "template": true, "noscript": true, "svg": true,
	"math": true, "iframe": true, "object": true, "select": true, "textarea": true,
}

// htmlText returns the text of an HTML document, decoded from the charset
// its BOM or <meta> declares (else sniffed): block elements break lines,
// script, style, template, noscript and the like are skipped, runs of
// white space inside a line become one space.
func htmlText(ctx context.Context, in []byte) (string, error) {
	enc, _, _ := charset.DetermineEncoding(in, "text/html")
	var r io.Reader = bytes.NewReader(in)
	if enc != nil {
		r = enc.NewDecoder().Reader(r)
	}
	z := html.NewTokenizer(r)
	var lines []string
	var line strings.Builder
	endLine := func() {
		if s := strings.Join(strings.Fields(line.String()), " "); s != "" {
			lines = append(lines, s)
		}
		line.Reset()
	}
	skip := 0
	pre := 0
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return "", ctx.Err()
		}
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				endLine()
				return strings.Join(lines, "\n"), nil
			}
			return "", z.Err()
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipElements[tag] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
				continue
			}
			if tag == "pre" {
				if tt == html.StartTagToken {
					pre++
				} else if pre > 0 {
					pre--
				}
			}
			if blockElements[tag] {
				endLine()
			}
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text())
			if pre > 0 && strings.Contains(text, "\n") {
				parts := strings.Split(text, "\n")
				for i, p := range parts {
					if i > 0 {
						endLine()
					}
					line.WriteString(p)
				}
				continue
			}
			line.WriteString(text)
		}
	}
}
