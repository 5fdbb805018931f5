package interop

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"plenary/internal/catalog"
)

// Reference is what a citation says about one document in one language:
// the facts of the document and the title of the version chosen.
type Reference struct {
	// Key identifies the entry in a bibliography: the document id with
	// its slashes made underscores (CTOC_COP_WG.4_2022_2).
	Key string
	// Kind is the document's type; Genre its English name ("Background paper").
	Kind  catalog.DocType
	Genre string
	// Title and Abstract are the chosen version's, in Lang.
	Title    string
	Abstract string
	Lang     catalog.Lang
	// Body is the name of the issuing body, the corporate author; empty
	// when the document names none.
	Body string
	// Publisher publishes the document: a publication's publisher, else the body.
	Publisher string
	// Symbol is the United Nations document symbol, the report number.
	Symbol string
	Date   catalog.Date
	URL    string
	// ISBN, Series and SalesNumber are a publication's.
	ISBN, Series, SalesNumber string
}

// Book reports whether the reference is to a book: a publication with an
// ISBN. Every other document is a report.
func (r Reference) Book() bool { return r.ISBN != "" }

// citeFallback is the order in which languages stand in for a missing one,
// the same as on the portal's pages.
var citeFallback = []catalog.Lang{catalog.English, catalog.French, catalog.Spanish, catalog.Russian, catalog.Chinese, catalog.Arabic, catalog.Portuguese}

// citeVersion returns doc's version in lang, else the first of English,
// French, Spanish, … that it has.
func citeVersion(doc *catalog.Document, lang catalog.Lang) *catalog.Version {
	if v, ok := doc.Version(lang); ok {
		return v
	}
	for _, l := range citeFallback {
		if v, ok := doc.Version(l); ok {
			return v
		}
	}
	return nil
}

// citeText returns tx in lang, else in the first fallback language it has.
func citeText(tx catalog.Text, lang catalog.Lang) string {
	if s := tx[lang]; s != "" {
		return s
	}
	for _, l := range citeFallback {
		if s := tx[l]; s != "" {
			return s
		}
	}
	return ""
}

// NewReference makes the reference to doc in lang: the title of its
// version in lang, else of the version the portal would show instead;
// the body's name likewise. body may be nil; url is the document's page.
func NewReference(doc *catalog.Document, body *catalog.Body, lang catalog.Lang, url string) Reference {
	r := Reference{
		Key:    citeKey(doc.ID),
		Kind:   doc.Type,
		Genre:  citeGenre(doc.Type),
		Symbol: doc.Symbol,
		Date:   doc.Date,
		URL:    url,
		Lang:   lang,
		Title:  doc.ID,
	}
	if v := citeVersion(doc, lang); v != nil {
		r.Title, r.Abstract, r.Lang = v.Title, v.Abstract, v.Lang
		if v.Date.Valid() {
			r.Date = v.Date
		}
	}
	if body != nil {
		r.Body = citeText(body.Name, lang)
	}
	r.Publisher = r.Body
	if p := doc.Publication; p != nil {
		r.ISBN, r.Series, r.SalesNumber = p.ISBN, p.Series, p.SalesNumber
		if p.Publisher != "" {
			r.Publisher = p.Publisher
		}
	}
	return r
}

// Filename is the name a citation file is saved under: the key, the
// language and the format's extension (CTOC_COP_WG.4_2022_2.en.bib).
func (r Reference) Filename(ext string) string {
	return r.Key + "." + string(r.Lang) + "." + ext
}

// citeKey makes a BibTeX key of a document id: letters, digits and
// ".-:" are kept, anything else becomes "_".
func citeKey(id string) string {
	key := strings.Map(func(c rune) rune {
		switch {
		case c < 0x80 && (unicode.IsLetter(c) || unicode.IsDigit(c)), c == '.', c == '-', c == ':':
			return c
		}
		return '_'
	}, id)
	if key == "" {
		return "document"
	}
	return key
}

// citeGenre is the English name of a document type: "Background paper".
func citeGenre(t catalog.DocType) string {
	s := strings.ReplaceAll(string(t), "-", " ")
	if s == "" {
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

var bibMonths = [...]string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// BibTeX writes the reference as one BibTeX (and biblatex) entry: a
// @techreport, or a @book for a publication with an ISBN. Special
// characters are escaped; other characters stay as they are, in UTF-8
// (biber, and bibtex with inputenc, read them).
func BibTeX(r Reference) string {
	var b strings.Builder
	typ := "techreport"
	if r.Book() {
		typ = "book"
	}
	fmt.Fprintf(&b, "@%s{%s,\n", typ, r.Key)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %s = {%s},\n", name, value)
		}
	}
	// Double braces keep a corporate name whole (no "and" splits it, no
	// comma makes it "family, given") and a title's capitals as written.
	if r.Body != "" {
		field("author", "{"+bibEscape(r.Body)+"}")
	}
	field("title", "{"+bibEscape(r.Title)+"}")
	if r.Book() {
		if r.Publisher != "" {
			field("publisher", "{"+bibEscape(r.Publisher)+"}")
		}
		field("series", bibEscape(r.Series))
		field("number", bibEscape(r.Symbol))
		field("isbn", bibEscape(r.ISBN))
		if r.SalesNumber != "" {
			field("note", "Sales No. "+bibEscape(r.SalesNumber))
		}
	} else {
		if r.Body != "" {
			field("institution", "{"+bibEscape(r.Body)+"}")
		}
		field("type", bibEscape(r.Genre))
		field("number", bibEscape(r.Symbol))
	}
	if t := r.Date.Time(); !t.IsZero() {
		field("year", fmt.Sprint(t.Year()))
		fmt.Fprintf(&b, "  month = %s,\n", bibMonths[t.Month()-1])
		field("date", string(r.Date))
	}
	field("url", bibURL(r.URL))
	field("language", string(r.Lang))
	field("abstract", bibEscape(r.Abstract))
	b.WriteString("}\n")
	return b.String()
}

// bibEscape escapes the characters that BibTeX and LaTeX give a meaning.
var bibEscape = strings.NewReplacer(
	`\`, `\textbackslash{}`,
	`{`, `\{`,
	`}`, `\}`,
	`&`, `\&`,
	`%`, `\%`,
	`$`, `\$`,
	`#`, `\#`,
	`_`, `\_`,
	`^`, `\textasciicircum{}`,
	`~`, `\textasciitilde{}`,
	"\r\n", " ",
	"\n", " ",
	"\r", " ",
).Replace

// bibURL keeps a URL verbatim, as biblatex reads the url field, but
// percent-encodes what would end the field or the entry.
var bibURL = strings.NewReplacer(`{`, "%7B", `}`, "%7D", `\`, "%5C", " ", "%20", "\n", "", "\r", "").Replace

// RIS writes the reference as one RIS record (TY RPRT, or BOOK for a
// publication with an ISBN), with CRLF line ends. The symbol is the
// report number (SN) of a report; a book's SN is its ISBN and the symbol
// goes in M1.
func RIS(r Reference) string {
	var b strings.Builder
	tag := func(name, value string) {
		value = strings.TrimSpace(citeRISClean(value))
		if value != "" {
			b.WriteString(name + "  - " + value + "\r\n")
		}
	}
	if r.Book() {
		tag("TY", "BOOK")
	} else {
		tag("TY", "RPRT")
	}
	tag("TI", r.Title)
	// RIS writes people as "Family, Given": a corporate name with a
	// comma would be split, so such a body is only the publisher.
	if !strings.Contains(r.Body, ",") {
		tag("AU", r.Body)
	}
	tag("PB", r.Publisher)
	if t := r.Date.Time(); !t.IsZero() {
		tag("PY", fmt.Sprint(t.Year()))
		tag("DA", t.Format("2006/01/02")+"/")
	}
	if r.Book() {
		tag("SN", r.ISBN)
		tag("M1", r.Symbol)
		tag("T3", r.Series)
		if r.SalesNumber != "" {
			tag("N1", "Sales No. "+r.SalesNumber)
		}
	} else {
		tag("SN", r.Symbol)
	}
	tag("M3", r.Genre)
	tag("UR", r.URL)
	tag("LA", string(r.Lang))
	tag("AB", r.Abstract)
	b.WriteString("ER  - \r\n")
	return b.String()
}

// citeRISClean keeps a value on its one line.
var citeRISClean = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace

// citeCSLItem is one CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).
type citeCSLItem struct {
	ID             string        `json:"id"`
	Type           string        `json:"type"`
	Title          string        `json:"title"`
	Author         []citeCSLName `json:"author,omitempty"`
	Publisher      string        `json:"publisher,omitempty"`
	Number         string        `json:"number,omitempty"`
	Genre          string        `json:"genre,omitempty"`
	CollectionName string        `json:"collection-title,omitempty"`
	ISBN           string        `json:"ISBN,omitempty"`
	Note           string        `json:"note,omitempty"`
	Issued         *citeCSLDate  `json:"issued,omitempty"`
	URL            string        `json:"URL,omitempty"`
	Language       string        `json:"language,omitempty"`
	Abstract       string        `json:"abstract,omitempty"`
}

type citeCSLName struct {
	Literal string `json:"literal"`
}

type citeCSLDate struct {
	DateParts [][]int `json:"date-parts"`
}

// CSLJSON writes the reference as a CSL-JSON array of one item, of type
// "report" or "book".
func CSLJSON(r Reference) ([]byte, error) {
	it := citeCSLItem{
		ID: r.Key, Type: "report", Title: r.Title, Publisher: r.Publisher,
		Number: r.Symbol, Genre: r.Genre, URL: r.URL, Language: string(r.Lang), Abstract: r.Abstract,
	}
	if r.Book() {
		it.Type, it.ISBN, it.CollectionName = "book", r.ISBN, r.Series
		if r.SalesNumber != "" {
			it.Note = "Sales No. " + r.SalesNumber
		}
	}
	if r.Body != "" {
		it.Author = []citeCSLName{{Literal: r.Body}}
	}
	if t := r.Date.Time(); !t.IsZero() {
		it.Issued = &citeCSLDate{DateParts: [][]int{{t.Year(), int(t.Month()), t.Day()}}}
	}
	return json.MarshalIndent([]citeCSLItem{it}, "", "  ")
}
