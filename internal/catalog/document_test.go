package catalog_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"plenary/internal/catalog"
)

const pdfHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func validDocument() *catalog.Document {
	return &catalog.Document{
		Symbol:       "CTOC/COP/WG.4/2022/2",
		Type:         catalog.TypeBackgroundPaper,
		Body:         "CTOC/COP/WG.4",
		Session:      "CTOC/COP/WG.4/12",
		AgendaItems:  []string{"3"},
		Date:         "2022-04-12",
		Distribution: catalog.General,
		Status:       catalog.Published,
		Subjects:     []string{"procurement"},
		Versions: []catalog.Version{
			{Lang: catalog.English, Title: "Preventing trafficking in persons in public procurement",
				File: &catalog.File{Name: "V2201234.pdf", MediaType: "application/pdf", Size: 123456, SHA256: pdfHash}},
			{Lang: catalog.Arabic, Title: "منع الاتجار بالأشخاص في المشتريات العامة"},
		},
	}
}

func TestDocumentValid(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *catalog.Document)
	}{
		{"as given", func(d *catalog.Document) {}},
		{"id equal to the symbol", func(d *catalog.Document) { d.ID = "CTOC/COP/WG.4/2022/2" }},
		{"lower-case symbol and id", func(d *catalog.Document) { d.Symbol, d.ID = "ctoc/cop/wg.4/2022/2", "ctoc/cop/wg.4/2022/2" }},
		{"slug without symbol", func(d *catalog.Document) { d.Symbol, d.ID = "", "toolkit-on-trafficking-in-persons" }},
		{"no distribution means general", func(d *catalog.Document) { d.Distribution = "" }},
		{"limited", func(d *catalog.Document) { d.Distribution = catalog.Limited }},
		{"no body, session or agenda", func(d *catalog.Document) { d.Body, d.Session, d.AgendaItems = "", "", nil }},
		{"subjects normalised", func(d *catalog.Document) { d.Subjects = []string{"Forced Labour", "  Supply   Chains "} }},
		{"relation to another document", func(d *catalog.Document) {
			d.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: "ctoc/cop/wg.4/2021/2"}}
		}},
		{"ISBN-13", func(d *catalog.Document) { d.Publication = &catalog.Publication{ISBN: "978-92-1-148357-4"} }},
		{"ISBN-10 with X", func(d *catalog.Document) { d.Publication = &catalog.Publication{ISBN: "0-8044-2957-X"} }},
		{"publication without ISBN", func(d *catalog.Document) { d.Publication = &catalog.Publication{SalesNumber: "E.22.IV.1"} }},
		{"file path for import", func(d *catalog.Document) { d.Versions[1].File = &catalog.File{Path: "files/ar/report.pdf"} }},
		{"empty file", func(d *catalog.Document) { d.Versions[0].File.Size = 0 }},
		{"version date", func(d *catalog.Document) { d.Versions[1].Date = "2022-05-02" }},
		{"scheduled draft", func(d *catalog.Document) {
			at := time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC)
			d.Status, d.PublishAt = catalog.Draft, &at
		}},
		{"extraction pending", func(d *catalog.Document) { d.Versions[0].Extraction = catalog.ExtractionPending }},
		{"extraction failed", func(d *catalog.Document) {
			d.Versions[0].Extraction, d.Versions[0].ExtractionError = catalog.ExtractionFailed, "the PDF is encrypted"
		}},
		{"every language", func(d *catalog.Document) {
			d.Versions = nil
			for _, l := range catalog.Languages {
				d.Versions = append(d.Versions, catalog.Version{Lang: l, Title: "Title " + string(l)})
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := validDocument()
			tc.edit(d)
			checkImport(t, d)
		})
	}
}

func TestDocumentInvalid(t *testing.T) {
	// validDocument gives English before Arabic: Normalize sorts Arabic
	// first, but errors name the versions as they were given.
	tests := []struct {
		name string
		edit func(d *catalog.Document)
		want []string
	}{
		{"symbol with a different id", func(d *catalog.Document) { d.ID = "background-paper-2" }, []string{"id invalid"}},
		{"symbol with the id of another symbol", func(d *catalog.Document) { d.ID = "CTOC/COP/WG.4/2022/3" }, []string{"id invalid"}},
		{"bad symbol", func(d *catalog.Document) { d.Symbol = "CTOC//2022/2" }, []string{"symbol invalid_symbol"}},
		{"symbol without number", func(d *catalog.Document) { d.Symbol = "CTOC/COP/WG.4/L" }, []string{"symbol invalid_symbol"}},
		{"neither symbol nor id", func(d *catalog.Document) { d.Symbol = "" }, []string{"id required"}},
		{"bad slug", func(d *catalog.Document) { d.Symbol, d.ID = "", "my paper" }, []string{"id invalid"}},
		{"no type", func(d *catalog.Document) { d.Type = "" }, []string{"type required"}},
		{"unknown type", func(d *catalog.Document) { d.Type = "memo" }, []string{"type invalid"}},
		{"bad body", func(d *catalog.Document) { d.Body = "ctoc cop" }, []string{"body invalid"}},
		{"bad session", func(d *catalog.Document) { d.Session = "session 12" }, []string{"session invalid"}},
		{"agenda items without session", func(d *catalog.Document) { d.Session = "" }, []string{"agenda_items invalid"}},
		{"blank agenda item", func(d *catalog.Document) { d.AgendaItems = []string{"3", " "} }, []string{"agenda_items[1] required"}},
		{"no date", func(d *catalog.Document) { d.Date = "" }, []string{"date required"}},
		{"impossible date", func(d *catalog.Document) { d.Date = "2022-04-31" }, []string{"date invalid_date"}},
		{"unknown distribution", func(d *catalog.Document) { d.Distribution = "secret" }, []string{"distribution invalid"}},
		{"no status", func(d *catalog.Document) { d.Status = "" }, []string{"status required"}},
		{"unknown status", func(d *catalog.Document) { d.Status = "archived" }, []string{"status invalid"}},
		{"bad subject", func(d *catalog.Document) { d.Subjects = []string{"procurement", "forced/labour"} }, []string{"subjects[1] invalid"}},
		{"unknown relation type", func(d *catalog.Document) {
			d.Relations = []catalog.Relation{{Type: "cites", Target: "A/76/1"}}
		}, []string{"relations[0].type invalid"}},
		{"relation without target", func(d *catalog.Document) {
			d.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: " "}}
		}, []string{"relations[0].target required"}},
		{"relation to itself", func(d *catalog.Document) {
			d.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: "CTOC/COP/WG.4/2022/2"}}
		}, []string{"relations[0].target invalid"}},
		{"relation to itself in lower case", func(d *catalog.Document) {
			d.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: "ctoc/cop/wg.4/2022/2"}}
		}, []string{"relations[0].target invalid"}},
		{"slug relation to itself", func(d *catalog.Document) {
			d.Symbol, d.ID = "", "toolkit"
			d.Relations = []catalog.Relation{{Type: catalog.Supersedes, Target: "toolkit"}}
		}, []string{"relations[0].target invalid"}},
		{"bad ISBN check digit", func(d *catalog.Document) { d.Publication = &catalog.Publication{ISBN: "978-92-1-148357-5"} }, []string{"publication.isbn invalid"}},
		{"ISBN too short", func(d *catalog.Document) { d.Publication = &catalog.Publication{ISBN: "92-1-148357"} }, []string{"publication.isbn invalid"}},
		{"no versions", func(d *catalog.Document) { d.Versions = nil }, []string{"versions required"}},
		{"duplicate version language", func(d *catalog.Document) {
			d.Versions = []catalog.Version{{Lang: "en", Title: "First"}, {Lang: "en", Title: "Second"}}
		}, []string{"versions[1].lang duplicate"}},
		{"duplicate version language after sorting", func(d *catalog.Document) {
			d.Versions = []catalog.Version{{Lang: "en", Title: "First"}, {Lang: "ar", Title: "عربي"}, {Lang: "en", Title: "Second"}}
		}, []string{"versions[2].lang duplicate"}},
		{"problems in several versions", func(d *catalog.Document) {
			d.Versions = []catalog.Version{{Lang: "pt", Title: ""}, {Lang: "fr", Title: "Rapport"}, {Lang: "ar", Title: "", Date: "2022-02-30"}}
		}, []string{"versions[2].title required", "versions[2].date invalid_date", "versions[0].title required"}},
		{"unknown version language", func(d *catalog.Document) { d.Versions[1].Lang = "xx" }, []string{"versions[1].lang unknown_language"}},
		{"version without language", func(d *catalog.Document) { d.Versions[1].Lang = "" }, []string{"versions[1].lang required"}},
		{"version without title", func(d *catalog.Document) { d.Versions[0].Title = "  " }, []string{"versions[0].title required"}},
		{"title too long", func(d *catalog.Document) { d.Versions[0].Title = strings.Repeat("t", 2001) }, []string{"versions[0].title too_long"}},
		{"abstract too long", func(d *catalog.Document) { d.Versions[0].Abstract = strings.Repeat("a", catalog.MaxAbstractLen+1) }, []string{"versions[0].abstract too_long"}},
		{"text too long", func(d *catalog.Document) { d.Versions[0].Text = strings.Repeat("x", catalog.MaxTextLen+1) }, []string{"versions[0].text too_long"}},
		{"bad version date", func(d *catalog.Document) { d.Versions[1].Date = "2022-13-01" }, []string{"versions[1].date invalid_date"}},
		{"file path out of the import folder", func(d *catalog.Document) { d.Versions[1].File = &catalog.File{Path: "../x.pdf"} }, []string{"versions[1].file invalid"}},
		{"file path climbing out midway", func(d *catalog.Document) { d.Versions[1].File = &catalog.File{Path: "files/../../x.pdf"} }, []string{"versions[1].file invalid"}},
		{"absolute file path", func(d *catalog.Document) { d.Versions[1].File = &catalog.File{Path: "/etc/passwd"} }, []string{"versions[1].file invalid"}},
		{"file path dot", func(d *catalog.Document) { d.Versions[1].File = &catalog.File{Path: "."} }, []string{"versions[1].file invalid"}},
		{"file hash upper case", func(d *catalog.Document) { d.Versions[0].File.SHA256 = strings.ToUpper(pdfHash) }, []string{"versions[0].file.sha256 invalid"}},
		{"file without hash", func(d *catalog.Document) { d.Versions[0].File.SHA256 = "" }, []string{"versions[0].file.sha256 invalid"}},
		{"published document scheduled", func(d *catalog.Document) {
			at := time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC)
			d.PublishAt = &at
		}, []string{"publish_at invalid"}},
		{"unknown extraction state", func(d *catalog.Document) { d.Versions[0].Extraction = "done" }, []string{"versions[0].extraction invalid"}},
		{"extraction state without a file", func(d *catalog.Document) { d.Versions[1].Extraction = catalog.ExtractionPending }, []string{"versions[1].extraction invalid"}},
		{"negative file size", func(d *catalog.Document) { d.Versions[0].File.Size = -1 }, []string{"versions[0].file.size invalid"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := validDocument()
			tc.edit(d)
			checkImport(t, d, tc.want...)
		})
	}
}

func TestDocumentNormalizeSymbol(t *testing.T) {
	tests := []struct {
		name      string
		symbol    string
		id        string
		relations []catalog.Relation
		wantID    string
		wantRels  []catalog.Relation
	}{
		{
			name:     "revision",
			symbol:   "e/cn.15/2021/l.3/rev.1",
			wantID:   "E/CN.15/2021/L.3/Rev.1",
			wantRels: []catalog.Relation{{Type: catalog.Revises, Target: "E/CN.15/2021/L.3"}},
		},
		{
			name:     "id given as the same symbol",
			symbol:   "E/CN.15/2021/L.3/Rev.1",
			id:       "e/cn.15/2021/l.3/rev.1",
			wantID:   "E/CN.15/2021/L.3/Rev.1",
			wantRels: []catalog.Relation{{Type: catalog.Revises, Target: "E/CN.15/2021/L.3"}},
		},
		{
			name:      "implied relation already given",
			symbol:    "e/cn.15/2021/l.3/rev.1",
			relations: []catalog.Relation{{Type: catalog.Revises, Target: "e/cn.15/2021/l.3"}},
			wantID:    "E/CN.15/2021/L.3/Rev.1",
			wantRels:  []catalog.Relation{{Type: catalog.Revises, Target: "E/CN.15/2021/L.3"}},
		},
		{
			name:      "other relation to the parent wins",
			symbol:    "E/CN.15/2021/L.3/Rev.1",
			relations: []catalog.Relation{{Type: catalog.Supersedes, Target: "E/CN.15/2021/L.3"}},
			wantID:    "E/CN.15/2021/L.3/Rev.1",
			wantRels:  []catalog.Relation{{Type: catalog.Supersedes, Target: "E/CN.15/2021/L.3"}},
		},
		{
			name:      "kept after other relations",
			symbol:    "E/CN.15/2021/L.3/Rev.1",
			relations: []catalog.Relation{{Type: catalog.Supersedes, Target: "e/cn.15/2020/l.3"}},
			wantID:    "E/CN.15/2021/L.3/Rev.1",
			wantRels: []catalog.Relation{
				{Type: catalog.Supersedes, Target: "E/CN.15/2020/L.3"},
				{Type: catalog.Revises, Target: "E/CN.15/2021/L.3"},
			},
		},
		{
			name:     "corrigendum",
			symbol:   "CTOC/COP/WG.7/2021/CRP.1/Corr.1",
			wantID:   "CTOC/COP/WG.7/2021/CRP.1/Corr.1",
			wantRels: []catalog.Relation{{Type: catalog.Corrects, Target: "CTOC/COP/WG.7/2021/CRP.1"}},
		},
		{
			name:     "addendum",
			symbol:   "a/76/251/add.1",
			wantID:   "A/76/251/Add.1",
			wantRels: []catalog.Relation{{Type: catalog.AddsTo, Target: "A/76/251"}},
		},
		{
			name:     "corrigendum to a revision",
			symbol:   "A/76/L.39/Rev.1/Corr.1",
			wantID:   "A/76/L.39/Rev.1/Corr.1",
			wantRels: []catalog.Relation{{Type: catalog.Corrects, Target: "A/76/L.39/Rev.1"}},
		},
		{
			name:   "amendment implies nothing",
			symbol: "ST/AI/2010/3/Amend.1",
			wantID: "ST/AI/2010/3/Amend.1",
		},
		{
			name:   "no suffix",
			symbol: "ctoc/cop/wg.4/2022/2",
			wantID: "CTOC/COP/WG.4/2022/2",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := validDocument()
			d.Symbol, d.ID, d.Relations = tc.symbol, tc.id, tc.relations
			d.Normalize()
			d.Normalize() // a second pass changes nothing
			if d.ID != tc.wantID || d.Symbol != tc.wantID || d.Key() != tc.wantID {
				t.Errorf("id, symbol, key = %q, %q, %q; want %q", d.ID, d.Symbol, d.Key(), tc.wantID)
			}
			if !slices.Equal(d.Relations, tc.wantRels) {
				t.Errorf("relations = %+v, want %+v", d.Relations, tc.wantRels)
			}
			if err := d.Validate(); err != nil {
				t.Errorf("Validate: %v", err)
			}
		})
	}
}

func TestDocumentNormalizeSortsVersions(t *testing.T) {
	d := validDocument()
	d.Versions = nil
	for _, l := range []catalog.Lang{"pt", "es", "en", "ar", "ru", "zh", "fr"} {
		d.Versions = append(d.Versions, catalog.Version{Lang: l, Title: " Title " + string(l) + " "})
	}
	d.Normalize()
	want := []catalog.Lang{"ar", "zh", "en", "fr", "ru", "es", "pt"}
	if got := d.Langs(); !slices.Equal(got, want) {
		t.Errorf("Langs() = %v, want %v", got, want)
	}
	if v, ok := d.Version(catalog.Russian); !ok || v.Title != "Title ru" {
		t.Errorf("Version(ru) = %+v, %v; want title trimmed to \"Title ru\"", v, ok)
	}
}

func TestDocumentNormalizeFields(t *testing.T) {
	d := validDocument()
	d.Body = " ctoc/cop/wg.4 "
	d.Session = " CTOC/COP/WG.4/12 "
	d.AgendaItems = []string{" 3 "}
	d.Distribution = ""
	d.Subjects = []string{"Forced Labour", "forced   labour", "", " Procurement "}
	d.Publication = &catalog.Publication{ISBN: "  ", Series: " "}
	d.Normalize()
	if d.Body != "CTOC/COP/WG.4" || d.Session != "CTOC/COP/WG.4/12" || !slices.Equal(d.AgendaItems, []string{"3"}) {
		t.Errorf("body %q, session %q, agenda items %q", d.Body, d.Session, d.AgendaItems)
	}
	if d.Distribution != catalog.General {
		t.Errorf("distribution = %q, want general", d.Distribution)
	}
	if want := []string{"forced-labour", "procurement"}; !slices.Equal(d.Subjects, want) {
		t.Errorf("subjects = %q, want %q", d.Subjects, want)
	}
	if d.Publication != nil {
		t.Errorf("blank publication kept: %+v", d.Publication)
	}
}

func TestDocumentVisibleTo(t *testing.T) {
	audiences := []struct {
		name string
		a    catalog.Audience
	}{{"public", catalog.Public}, {"participant", catalog.Participant}, {"staff", catalog.Staff}}
	tests := []struct {
		status       catalog.Status
		distribution catalog.Distribution
		want         [3]bool // public, participant, staff
	}{
		{catalog.Draft, catalog.General, [3]bool{false, false, true}},
		{catalog.Draft, catalog.Limited, [3]bool{false, false, true}},
		{catalog.Draft, catalog.Restricted, [3]bool{false, false, true}},
		{catalog.Published, catalog.General, [3]bool{true, true, true}},
		{catalog.Published, catalog.Limited, [3]bool{true, true, true}},
		{catalog.Published, catalog.Restricted, [3]bool{false, true, true}},
		{catalog.Withdrawn, catalog.General, [3]bool{true, true, true}},
		{catalog.Withdrawn, catalog.Limited, [3]bool{true, true, true}},
		{catalog.Withdrawn, catalog.Restricted, [3]bool{false, true, true}},
	}
	for _, tc := range tests {
		for i, au := range audiences {
			t.Run(fmt.Sprintf("%s %s to %s", tc.status, tc.distribution, au.name), func(t *testing.T) {
				d := validDocument()
				d.Status, d.Distribution = tc.status, tc.distribution
				if got := d.VisibleTo(au.a); got != tc.want[i] {
					t.Errorf("VisibleTo(%s) = %v, want %v", au.name, got, tc.want[i])
				}
			})
		}
	}
}

func TestValidISBN(t *testing.T) {
	tests := []struct {
		isbn string
		want bool
	}{
		{"978-92-1-148357-4", true},
		{"9789211483574", true},
		{"978 92 1 148357 4", true},
		{"978-0-306-40615-7", true},
		{"92-1-148357-3", true},
		{"0-306-40615-2", true},
		{"0-8044-2957-X", true},
		{"0-8044-2957-x", true},
		{"978-92-1-148357-5", false},
		{"978-0-306-40615-8", false},
		{"92-1-148357-4", false},
		{"0-8044-2957-9", false},
		{"X-8044-2957-0", false},
		{"978-92-1-14835X-4", false},
		{"978-92-1-148357", false},
		{"978-92-1-148357-45", false},
		{"ISBN 978-92-1-148357-4", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.isbn, func(t *testing.T) {
			if got := catalog.ValidISBN(tc.isbn); got != tc.want {
				t.Errorf("ValidISBN(%q) = %v, want %v", tc.isbn, got, tc.want)
			}
		})
	}
}

func TestFileJSON(t *testing.T) {
	tests := []struct {
		name string
		json string
		want catalog.File
	}{
		{"path", `"files/report-en.pdf"`, catalog.File{Path: "files/report-en.pdf"}},
		{"object", `{"name": "V2201234.pdf", "media_type": "application/pdf", "size": 123456, "sha256": "` + pdfHash + `"}`,
			catalog.File{Name: "V2201234.pdf", MediaType: "application/pdf", Size: 123456, SHA256: pdfHash}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v catalog.Version
			data := `{"lang": "en", "title": "Report", "file": ` + tc.json + `}`
			if err := json.Unmarshal([]byte(data), &v); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if v.File == nil || *v.File != tc.want {
				t.Errorf("file = %+v, want %+v", v.File, tc.want)
			}
		})
	}
	for _, bad := range []string{`{"name": "a.pdf", "path": "/etc/passwd"}`, `{"name": "a.pdf", "bogus": 1}`} {
		var v catalog.Version
		err := json.Unmarshal([]byte(`{"lang": "en", "title": "Report", "file": `+bad+`}`), &v)
		var fe catalog.FieldError
		if !errors.As(err, &fe) || !strings.HasPrefix(fe.Field, "file.") || fe.Reason != "unknown field" {
			t.Errorf("file %s: err = %v, want an unknown field under file", bad, err)
		}
	}
	t.Run("number", func(t *testing.T) {
		var f catalog.File
		if err := json.Unmarshal([]byte(`7`), &f); err == nil {
			t.Errorf("Unmarshal(7) = %+v, want an error", f)
		}
	})
	t.Run("path is never written", func(t *testing.T) {
		out, err := json.Marshal(catalog.File{Name: "a.pdf", Path: "files/secret-folder/a.pdf"})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"name":"a.pdf","media_type":"","size":0,"sha256":""}`; string(out) != want {
			t.Errorf("Marshal = %s, want %s", out, want)
		}
	})
}

func TestKeywordSeparatorsCollapse(t *testing.T) {
	d := validDocument()
	d.Subjects = []string{"Forced - Labour", "forced_labour", "Supply\tChains"}
	d.Normalize()
	if want := []string{"forced-labour", "supply-chains"}; !slices.Equal(d.Subjects, want) {
		t.Errorf("subjects = %q, want %q", d.Subjects, want)
	}
	if err := d.Validate(); err != nil {
		t.Errorf("normalised subjects are invalid: %v", err)
	}
}
