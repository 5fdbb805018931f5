package interop

import (
	"strings"
	"testing"

	"plenary/internal/catalog"
	"plenary/internal/testutil"
)

// reportDoc is a background paper in Arabic, Chinese and English.
func reportDoc() *catalog.Document {
	return &catalog.Document{
		ID: "CTOC/COP/WG.4/2022/2", Symbol: "CTOC/COP/WG.4/2022/2", Type: catalog.TypeBackgroundPaper,
		Body: "CTOC/COP/WG.4", Date: "2022-04-12", Distribution: catalog.General, Status: catalog.Published,
		Versions: []catalog.Version{
			{Lang: catalog.Arabic, Title: "منع الاتجار بالأشخاص في المشتريات العامة"},
			{Lang: catalog.Chinese, Title: "防止公共采购中的人口贩运", Date: "2022-04-20"},
			{Lang: catalog.English, Title: "Preventing trafficking in persons in public procurement", Abstract: "How States can keep trafficking out of supply chains."},
		},
	}
}

func commission() *catalog.Body {
	return &catalog.Body{Code: "E/CN.15", Name: catalog.Text{
		"en": "Commission on Crime Prevention and Criminal Justice", "fr": "Commission pour la prévention du crime et la justice pénale",
		"ar": "لجنة منع الجريمة والعدالة الجنائية", "zh": "预防犯罪和刑事司法委员会",
	}}
}

func TestCitationsReadBackByCitationJS(t *testing.T) {
	tricky := reportDoc()
	tricky.ID, tricky.Symbol = "A/RES/77_1", "A/RES/77_1"
	tricky.Versions = []catalog.Version{{Lang: catalog.English,
		Title: `Braces {x} \ back & 100% $5 #1 snake_case ^ ~ "quoted" </script> ö`}}
	cases := []struct {
		name  string
		doc   *catalog.Document
		lang  catalog.Lang
		title string
		year  float64
		body  string
	}{
		{"English", reportDoc(), catalog.English, "Preventing trafficking in persons in public procurement", 2022, "Commission on Crime Prevention and Criminal Justice"},
		{"Arabic", reportDoc(), catalog.Arabic, "منع الاتجار بالأشخاص في المشتريات العامة", 2022, "لجنة منع الجريمة والعدالة الجنائية"},
		{"Chinese", reportDoc(), catalog.Chinese, "防止公共采购中的人口贩运", 2022, "预防犯罪和刑事司法委员会"},
		{"FrenchFallsBackToEnglishTitle", reportDoc(), catalog.French, "Preventing trafficking in persons in public procurement", 2022, "Commission pour la prévention du crime et la justice pénale"},
		{"SpecialCharacters", tricky, catalog.English, tricky.Versions[0].Title, 2022, "Commission on Crime Prevention and Criminal Justice"},
	}
	for _, tc := range cases {
		ref := NewReference(tc.doc, commission(), tc.lang, "https://example.org/"+string(tc.lang)+"/documents/"+tc.doc.ID)
		for _, f := range []struct {
			name string
			text string
		}{{"BibTeX", BibTeX(ref)}, {"RIS", RIS(ref)}, {"CSL-JSON", string(must(CSLJSON(ref)))}} {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				items := testutil.CitationJS(t, f.text)
				if len(items) != 1 {
					t.Fatalf("citation-js read %d items, want 1:\n%s", len(items), f.text)
				}
				it := items[0]
				for field, want := range map[string]any{
					"type":      "report",
					"title":     tc.title,
					"number":    tc.doc.Symbol,
					"publisher": tc.body,
					"URL":       ref.URL,
					"language":  string(ref.Lang),
				} {
					if it[field] != want {
						t.Errorf("%s: %q, want %q\n%s", field, it[field], want, f.text)
					}
				}
				if y := year(it); y != tc.year {
					t.Errorf("year %v, want %v (issued %v)", y, tc.year, it["issued"])
				}
				if a, _ := it["author"].([]any); len(a) != 1 {
					t.Errorf("author %v, want the body alone", it["author"])
				}
			})
		}
	}
}

// year is the first date part of a CSL item's issued date.
func year(it map[string]any) float64 {
	issued, _ := it["issued"].(map[string]any)
	parts, _ := issued["date-parts"].([]any)
	if len(parts) == 0 {
		return 0
	}
	first, _ := parts[0].([]any)
	if len(first) == 0 {
		return 0
	}
	y, _ := first[0].(float64)
	return y
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestPublicationWithISBNIsABook(t *testing.T) {
	doc := reportDoc()
	doc.Type = catalog.TypePublication
	doc.Publication = &catalog.Publication{ISBN: "978-92-1-130415-2", Series: "Studies & Surveys", SalesNumber: "E.21.IV.1", Publisher: "United Nations"}
	ref := NewReference(doc, commission(), catalog.English, "https://example.org/en/documents/x")
	for name, text := range map[string]string{"BibTeX": BibTeX(ref), "RIS": RIS(ref), "CSL-JSON": string(must(CSLJSON(ref)))} {
		t.Run(name, func(t *testing.T) {
			it := testutil.CitationJS(t, text)[0]
			for field, want := range map[string]any{"type": "book", "ISBN": "978-92-1-130415-2", "publisher": "United Nations", "title": doc.Versions[2].Title} {
				if it[field] != want {
					t.Errorf("%s: %q, want %q\n%s", field, it[field], want, text)
				}
			}
		})
	}
}

func TestRISRecordShape(t *testing.T) {
	doc := reportDoc()
	doc.Versions[2].Abstract = "Two\nlines"
	ris := RIS(NewReference(doc, commission(), catalog.Chinese, "https://example.org/zh/documents/CTOC/COP/WG.4/2022/2"))
	if !strings.HasPrefix(ris, "TY  - RPRT\r\n") || !strings.HasSuffix(ris, "ER  - \r\n") {
		t.Errorf("a record starts with TY and ends with ER:\n%q", ris)
	}
	if strings.Contains(strings.ReplaceAll(ris, "\r\n", ""), "\n") {
		t.Errorf("a line ends without CR:\n%q", ris)
	}
	for _, line := range []string{"TI  - 防止公共采购中的人口贩运", "SN  - CTOC/COP/WG.4/2022/2", "PY  - 2022", "DA  - 2022/04/20/", "LA  - zh", "PB  - 预防犯罪和刑事司法委员会"} {
		if !strings.Contains(ris, line+"\r\n") {
			t.Errorf("no line %q:\n%s", line, ris)
		}
	}
}

func TestBibTeXEscapes(t *testing.T) {
	ref := Reference{Key: "k", Title: `a{b}c\d&e%f$g#h_i^j~k`, Lang: catalog.English, Body: "A and B", Date: "2021-12-01"}
	bib := BibTeX(ref)
	for _, want := range []string{
		`title = {{a\{b\}c\textbackslash{}d\&e\%f\$g\#h\_i\textasciicircum{}j\textasciitilde{}k}},`,
		`institution = {{A and B}},`, // braces: "and" does not split the name
		"month = dec,", "year = {2021},", "date = {2021-12-01},",
	} {
		if !strings.Contains(bib, want) {
			t.Errorf("no %s in\n%s", want, bib)
		}
	}
}
