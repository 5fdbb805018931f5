package catalog_test

import (
	"slices"
	"strings"
	"testing"

	"plenary/internal/catalog"
)

func validRecommendation() *catalog.Recommendation {
	return &catalog.Recommendation{
		Session:  "CTOC/COP/WG.4/12",
		Document: "CTOC/COP/WG.4/2022/2",
		Number:   "3",
		Themes:   []string{"procurement"},
		Text:     catalog.Text{"en": "States parties should screen suppliers for forced labour.", "es": "Los Estados partes deberían examinar a los proveedores."},
		FollowUp: []catalog.FollowUp{{Document: "CTOC/COP/2022/5", Note: catalog.Text{"en": "Taken up by the Conference."}}},
	}
}

func TestRecommendationNormalize(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(r *catalog.Recommendation)
		wantID   string
		wantDoc  string
		wantNote string
	}{
		{"id from the document", func(r *catalog.Recommendation) {}, "CTOC/COP/WG.4/2022/2#3", "CTOC/COP/WG.4/2022/2", ""},
		{"document symbol normalised first", func(r *catalog.Recommendation) {
			r.Document, r.Number = " ctoc/cop/wg.4/2022/2 ", " 3 "
		}, "CTOC/COP/WG.4/2022/2#3", "CTOC/COP/WG.4/2022/2", ""},
		{"id from the session without a document", func(r *catalog.Recommendation) { r.Document = "" }, "CTOC/COP/WG.4/12#3", "", ""},
		{"given id kept", func(r *catalog.Recommendation) { r.ID = " wg4-12-rec-3#3 " }, "wg4-12-rec-3#3", "CTOC/COP/WG.4/2022/2", ""},
		{"no number, no id", func(r *catalog.Recommendation) { r.Number = "" }, "", "CTOC/COP/WG.4/2022/2", ""},
		{"slug document kept", func(r *catalog.Recommendation) { r.Document = "toolkit" }, "toolkit#3", "toolkit", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := validRecommendation()
			tc.edit(r)
			r.Normalize()
			if r.ID != tc.wantID || r.Key() != tc.wantID {
				t.Errorf("id = %q, key %q, want %q", r.ID, r.Key(), tc.wantID)
			}
			if r.Document != tc.wantDoc {
				t.Errorf("document = %q, want %q", r.Document, tc.wantDoc)
			}
		})
	}
}

func TestRecommendationNormalizeKeywordsAndFollowUp(t *testing.T) {
	r := validRecommendation()
	r.Themes = []string{"Forced Labour", "forced labour", "  ", "Supply  Chains"}
	r.FollowUp = []catalog.FollowUp{{Document: " ctoc/cop/2022/l.5 ", Note: catalog.Text{"en": " Adopted. ", "fr": " "}}}
	r.Normalize()
	if want := []string{"forced-labour", "supply-chains"}; !slices.Equal(r.Themes, want) {
		t.Errorf("themes = %q, want %q", r.Themes, want)
	}
	f := r.FollowUp[0]
	if f.Document != "CTOC/COP/2022/L.5" || len(f.Note) != 1 || f.Note["en"] != "Adopted." {
		t.Errorf("follow-up = %+v, want CTOC/COP/2022/L.5 with the note \"Adopted.\" in English only", f)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestRecommendationValid(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *catalog.Recommendation)
	}{
		{"as given", func(r *catalog.Recommendation) {}},
		{"session only", func(r *catalog.Recommendation) { r.Document = "" }},
		{"sub-numbered", func(r *catalog.Recommendation) { r.Number = "3(a)" }},
		{"dotted number", func(r *catalog.Recommendation) { r.Number = "IV.2" }},
		{"no themes or follow-up", func(r *catalog.Recommendation) { r.Themes, r.FollowUp = nil, nil }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := validRecommendation()
			tc.edit(r)
			checkImport(t, r)
		})
	}
}

func TestRecommendationInvalid(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *catalog.Recommendation)
		want []string
	}{
		{"no number", func(r *catalog.Recommendation) { r.Number = "" }, []string{"id required", "number required"}},
		{"number with a slash", func(r *catalog.Recommendation) { r.Number = "3/a" }, []string{"id invalid", "number invalid"}},
		{"id on a base that is not an id", func(r *catalog.Recommendation) { r.ID = "../../x y#3" }, []string{"id invalid"}},
		{"document that is not an id", func(r *catalog.Recommendation) { r.ID, r.Document = "x#3", "not a doc id !!" }, []string{"document invalid"}},
		{"number starting with a bracket", func(r *catalog.Recommendation) { r.Number = "(a)" }, []string{"id invalid", "number invalid"}},
		{"id without number", func(r *catalog.Recommendation) { r.ID = "CTOC/COP/WG.4/2022/2" }, []string{"id invalid"}},
		{"id without base", func(r *catalog.Recommendation) { r.ID = "#3" }, []string{"id invalid"}},
		{"id too long", func(r *catalog.Recommendation) { r.ID = strings.Repeat("a", 119) + "#3" }, []string{"id invalid"}},
		{"no session", func(r *catalog.Recommendation) { r.Session = "" }, []string{"session required"}},
		{"bad session", func(r *catalog.Recommendation) { r.Session = "WG 4" }, []string{"session invalid"}},
		{"no id source at all", func(r *catalog.Recommendation) { r.Session, r.Document = "", "" }, []string{"id required", "session required"}},
		{"bad theme", func(r *catalog.Recommendation) { r.Themes = []string{"forced/labour"} }, []string{"themes[0] invalid"}},
		{"no text", func(r *catalog.Recommendation) { r.Text = catalog.Text{"en": " "} }, []string{"text required"}},
		{"unknown language in text", func(r *catalog.Recommendation) { r.Text["xx"] = "?" }, []string{"text.xx unknown_language"}},
		{"text too long", func(r *catalog.Recommendation) { r.Text["en"] = strings.Repeat("t", catalog.MaxAbstractLen+1) }, []string{"text.en too_long"}},
		{"follow-up without document", func(r *catalog.Recommendation) { r.FollowUp[0].Document = "" }, []string{"follow_up[0].document required"}},
		{"unknown language in follow-up note", func(r *catalog.Recommendation) { r.FollowUp[0].Note["xx"] = "?" }, []string{"follow_up[0].note.xx unknown_language"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := validRecommendation()
			tc.edit(r)
			checkImport(t, r, tc.want...)
		})
	}
}

func TestRecommendationNumberAsPrinted(t *testing.T) {
	r := &catalog.Recommendation{Session: "CTOC/COP/WG.4/11", Document: "CTOC/COP/WG.4/2021/4", Number: " 3 (a) ", Text: catalog.Text{"en": "…"}}
	r.Normalize()
	if r.ID != "CTOC/COP/WG.4/2021/4#3 (a)" {
		t.Errorf("id = %q", r.ID)
	}
	if err := r.Validate(); err != nil {
		t.Errorf("number 3 (a): %v", err)
	}
}
