package interop

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/changefeed"
	"plenary/internal/readmodel"
	"plenary/internal/store"
	"plenary/internal/testutil"
)

// oaiT0 is when the catalogue of these tests was first stored.
var oaiT0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// oaiStored is an entity with the time it was last stored.
type oaiStored struct {
	e       catalog.Entity
	updated time.Time
}

func oaiAt(e catalog.Entity, seconds float64) oaiStored {
	return oaiStored{e, oaiT0.Add(time.Duration(seconds * float64(time.Second)))}
}

func oaiBody(code, name, parent string) *catalog.Body {
	return &catalog.Body{Code: code, Name: catalog.Text{catalog.English: name, catalog.French: "FR " + name}, Parent: parent, Category: catalog.CategoryWorkingGroup}
}

func oaiDocument(sym string, typ catalog.DocType, bodyCode string, status catalog.Status, dist catalog.Distribution) *catalog.Document {
	return &catalog.Document{Symbol: sym, Type: typ, Body: bodyCode, Date: "2021-08-03", Status: status, Distribution: dist,
		Versions: []catalog.Version{{Lang: catalog.English, Title: "Title of " + sym}}}
}

// Named fixtures.
func oaiBackgroundPaperWG4() *catalog.Document {
	d := oaiDocument("CTOC/COP/WG.4/2021/2", catalog.TypeBackgroundPaper, "CTOC/COP/WG.4", catalog.Published, catalog.General)
	d.Subjects = []string{"trafficking-in-persons", "procurement"}
	d.Versions = []catalog.Version{
		{Lang: catalog.English, Title: "Procurement & trafficking <in persons>", Abstract: "How public buyers can avoid \"forced labour\"."},
		{Lang: catalog.French, Title: "Marchés publics et traite des personnes"},
		{Lang: catalog.Arabic, Title: "المشتريات العامة والاتجار بالأشخاص", Abstract: "ملخص"},
	}
	return d
}

func oaiRevisionWG4() *catalog.Document {
	d := oaiDocument("CTOC/COP/WG.4/2021/2/Rev.1", catalog.TypeBackgroundPaper, "CTOC/COP/WG.4", catalog.Published, catalog.General)
	d.Relations = []catalog.Relation{
		{Type: catalog.Supersedes, Target: "CTOC/COP/WG.4/2021/5"}, // a draft: never named
		{Type: catalog.AddsTo, Target: "E/CN.15/2021/1"},           // outside the catalogue: its symbol
	}
	return d
}

func oaiReportWG7() *catalog.Document {
	return oaiDocument("CTOC/COP/WG.7/2021/4", catalog.TypeReport, "CTOC/COP/WG.7", catalog.Published, catalog.General)
}

func oaiWithdrawnWG4() *catalog.Document {
	return oaiDocument("CTOC/COP/WG.4/2021/3", catalog.TypeReport, "CTOC/COP/WG.4", catalog.Withdrawn, catalog.General)
}

func oaiDraftWG4() *catalog.Document {
	return oaiDocument("CTOC/COP/WG.4/2021/5", catalog.TypeReport, "CTOC/COP/WG.4", catalog.Draft, catalog.General)
}

func oaiRestrictedWG9() *catalog.Document {
	return oaiDocument("CTOC/COP/WG.9/2021/CRP.1", catalog.TypeConferenceRoomPaper, "CTOC/COP/WG.9", catalog.Published, catalog.Restricted)
}

func oaiLimitedWG4() *catalog.Document {
	return oaiDocument("CTOC/COP/WG.4/2021/L.1", catalog.TypeDraftResolution, "CTOC/COP/WG.4", catalog.Published, catalog.Limited)
}

func oaiSlugDocument() *catalog.Document {
	d := oaiDocument("", catalog.TypeGuide, "", catalog.Published, catalog.General)
	d.ID = "guides/toolkit_2020"
	return d
}

// oaiCatalogue is the test catalogue: three records in one second (10),
// hidden records stored earliest, so that nothing shows their times.
func oaiCatalogue() []oaiStored {
	return []oaiStored{
		oaiAt(oaiBody("CTOC/COP", "Conference of the Parties", ""), 0),
		oaiAt(oaiBody("CTOC/COP/WG.4", "Working Group on Trafficking in Persons", "CTOC/COP"), 0),
		oaiAt(oaiBody("CTOC/COP/WG.7", "Working Group on the Smuggling of Migrants", "CTOC/COP"), 0),
		oaiAt(oaiBody("CTOC/COP/WG.9", "A body with restricted documents only", "CTOC/COP"), 0),
		oaiAt(oaiDraftWG4(), -20),
		oaiAt(oaiRestrictedWG9(), -10),
		oaiAt(oaiBackgroundPaperWG4(), 1),
		oaiAt(oaiRevisionWG4(), 2),
		oaiAt(oaiReportWG7(), 10.9),
		oaiAt(oaiWithdrawnWG4(), 10.1),
		oaiAt(oaiLimitedWG4(), 10.5),
		oaiAt(oaiSlugDocument(), 11),
	}
}

// oaiVisibleIDs are the ids a harvest of catalogue gives, in order.
var oaiVisibleIDs = []string{
	"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/2/Rev.1",
	"CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.4/2021/L.1", "CTOC/COP/WG.7/2021/4", // all at second 10, by id
	"guides/toolkit_2020",
}

func oaiModel(t *testing.T, entities ...oaiStored) *readmodel.Model {
	t.Helper()
	m := readmodel.New()
	oaiPut(t, m, entities...)
	return m
}

func oaiPut(t *testing.T, m *readmodel.Model, entities ...oaiStored) {
	t.Helper()
	var us []changefeed.Update
	for _, s := range entities {
		s.e.Normalize()
		if err := s.e.Validate(); err != nil {
			t.Fatalf("fixture %s: %v", s.e.Key(), err)
		}
		us = append(us, changefeed.Update{Kind: s.e.EntityKind(), ID: s.e.Key(), Record: store.Record{Entity: s.e, Updated: s.updated}})
	}
	if err := m.Apply(context.Background(), us, changefeed.Position{Next: 1}); err != nil {
		t.Fatal(err)
	}
}

// oaiHarness answers requests as the portal https://docs.example.org would.
type oaiHarness struct {
	t   *testing.T
	oai *OAI
	now time.Time
}

func oaiNewHarness(t *testing.T, m *readmodel.Model, pageSize int) *oaiHarness {
	return &oaiHarness{t: t, oai: &OAI{Model: m, PageSize: pageSize}, now: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}
}

// ask sends a query string ("verb=Identify") and returns the response,
// checked well formed by xmllint and parsed.
func (h *oaiHarness) ask(query string) (*oaiResponse, string) {
	h.t.Helper()
	args, err := url.ParseQuery(query)
	if err != nil {
		h.t.Fatal(err)
	}
	out := h.oai.Respond(OAIRequest{Args: args, BaseURL: "https://docs.example.org", Now: h.now,
		DocumentURL: func(id string) string { return "https://docs.example.org/en/documents/" + id }})
	testutil.XMLLint(h.t, out)
	var r oaiResponse
	if err := xml.Unmarshal(out, &r); err != nil {
		h.t.Fatalf("%s: %v\n%s", query, err, out)
	}
	return &r, string(out)
}

// errorCodes asks and returns the error codes of the answer.
func (h *oaiHarness) errorCodes(query string) []string {
	h.t.Helper()
	r, _ := h.ask(query)
	var codes []string
	for _, e := range r.Errors {
		codes = append(codes, e.Code)
	}
	return codes
}

// oaiResponse is what the tests read of a response, parsed independently
// of the types that write it.
type oaiResponse struct {
	XMLName      xml.Name `xml:"http://www.openarchives.org/OAI/2.0/ OAI-PMH"`
	ResponseDate string   `xml:"responseDate"`
	Request      struct {
		Attrs []xml.Attr `xml:",any,attr"`
		URL   string     `xml:",chardata"`
	} `xml:"request"`
	Errors []struct {
		Code    string `xml:"code,attr"`
		Message string `xml:",chardata"`
	} `xml:"error"`
	Identify *struct {
		RepositoryName    string   `xml:"repositoryName"`
		BaseURL           string   `xml:"baseURL"`
		ProtocolVersion   string   `xml:"protocolVersion"`
		AdminEmail        []string `xml:"adminEmail"`
		EarliestDatestamp string   `xml:"earliestDatestamp"`
		DeletedRecord     string   `xml:"deletedRecord"`
		Granularity       string   `xml:"granularity"`
		RepositoryID      string   `xml:"description>oai-identifier>repositoryIdentifier"`
		SampleIdentifier  string   `xml:"description>oai-identifier>sampleIdentifier"`
	} `xml:"Identify"`
	Formats    []string        `xml:"ListMetadataFormats>metadataFormat>metadataPrefix"`
	Sets       []oaiTestSet    `xml:"ListSets>set"`
	SetsToken  *oaiTestToken   `xml:"ListSets>resumptionToken"`
	Headers    []oaiTestHeader `xml:"ListIdentifiers>header"`
	IDsToken   *oaiTestToken   `xml:"ListIdentifiers>resumptionToken"`
	Records    []oaiTestRecord `xml:"ListRecords>record"`
	RecsToken  *oaiTestToken   `xml:"ListRecords>resumptionToken"`
	GetRecords []oaiTestRecord `xml:"GetRecord>record"`
}

type oaiTestSet struct {
	Spec string `xml:"setSpec"`
	Name string `xml:"setName"`
}

type oaiTestToken struct {
	CompleteListSize int    `xml:"completeListSize,attr"`
	Cursor           int    `xml:"cursor,attr"`
	Value            string `xml:",chardata"`
}

type oaiTestHeader struct {
	Status     string   `xml:"status,attr"`
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	SetSpecs   []string `xml:"setSpec"`
}

type oaiTestRecord struct {
	Header oaiTestHeader `xml:"header"`
	DC     *struct {
		Elements []struct {
			XMLName xml.Name
			Lang    string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Value   string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"metadata>dc"`
}

// dc lists a record's Dublin Core elements as "name value" or
// "name@lang value".
func (r oaiTestRecord) dc() []string {
	var out []string
	if r.DC == nil {
		return nil
	}
	for _, e := range r.DC.Elements {
		if e.XMLName.Space != "http://purl.org/dc/elements/1.1/" {
			out = append(out, "wrong namespace: "+e.XMLName.Space)
		}
		name := e.XMLName.Local
		if e.Lang != "" {
			name += "@" + e.Lang
		}
		out = append(out, name+" "+e.Value)
	}
	return out
}

func (r *oaiResponse) requestAttrs() map[string]string {
	out := map[string]string{}
	for _, a := range r.Request.Attrs {
		out[a.Name.Local] = a.Value
	}
	return out
}

func (r *oaiResponse) headers() []oaiTestHeader {
	out := r.Headers
	for _, rec := range append(r.Records, r.GetRecords...) {
		out = append(out, rec.Header)
	}
	return out
}

func (r *oaiResponse) token() *oaiTestToken {
	switch {
	case r.IDsToken != nil:
		return r.IDsToken
	case r.RecsToken != nil:
		return r.RecsToken
	}
	return r.SetsToken
}

func oaiIDs(hs []oaiTestHeader) []string {
	var out []string
	for _, h := range hs {
		out = append(out, strings.TrimPrefix(h.Identifier, "oai:docs.example.org:"))
	}
	return out
}

func TestOAIIdentify(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 0)
	r, raw := h.ask("verb=Identify")
	if len(r.Errors) > 0 || r.Identify == nil {
		t.Fatalf("no Identify:\n%s", raw)
	}
	id := r.Identify
	for what, got := range map[string][2]string{
		"baseURL":              {id.BaseURL, "https://docs.example.org/oai"},
		"protocolVersion":      {id.ProtocolVersion, "2.0"},
		"earliestDatestamp":    {id.EarliestDatestamp, "2024-03-01T12:00:01Z"}, // not the draft's nor the restricted one's
		"deletedRecord":        {id.DeletedRecord, "persistent"},
		"granularity":          {id.Granularity, "YYYY-MM-DDThh:mm:ssZ"},
		"adminEmail":           {strings.Join(id.AdminEmail, ","), "webmaster@docs.example.org"},
		"repositoryIdentifier": {id.RepositoryID, "docs.example.org"},
		"sampleIdentifier":     {id.SampleIdentifier, "oai:docs.example.org:CTOC/COP/WG.4/2021/2"},
		"responseDate":         {r.ResponseDate, "2024-06-01T00:00:00Z"},
		"request":              {r.Request.URL, "https://docs.example.org/oai"},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %q, want %q", what, got[0], got[1])
		}
	}
	for _, want := range []string{
		`<?xml version="1.0" encoding="UTF-8"?>`,
		`<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">`,
		`<request verb="Identify">https://docs.example.org/oai</request>`,
		`xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"`,
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("no %s in\n%s", want, raw)
		}
	}

	empty := oaiNewHarness(t, oaiModel(t, oaiAt(oaiDraftWG4(), 5)), 0)
	if r, _ := empty.ask("verb=Identify"); r.Identify.EarliestDatestamp != "1970-01-01T00:00:00Z" {
		t.Errorf("earliestDatestamp of a repository with nothing public = %q", r.Identify.EarliestDatestamp)
	}
}

func TestOAIListMetadataFormats(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 0)
	for _, q := range []string{
		"verb=ListMetadataFormats",
		"verb=ListMetadataFormats&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/2",
		"verb=ListMetadataFormats&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/3", // withdrawn: still an item
	} {
		if r, raw := h.ask(q); len(r.Errors) > 0 || !slices.Equal(r.Formats, []string{"oai_dc"}) {
			t.Errorf("%s: formats %v\n%s", q, r.Formats, raw)
		}
	}
	for _, id := range []string{"CTOC/COP/WG.4/2021/5", "CTOC/COP/WG.9/2021/CRP.1", "CTOC/COP/WG.4/2099/1"} {
		if got := h.errorCodes("verb=ListMetadataFormats&identifier=oai:docs.example.org:" + id); !slices.Equal(got, []string{"idDoesNotExist"}) {
			t.Errorf("formats of %s: %v, want idDoesNotExist", id, got)
		}
	}
}

func TestOAIListSets(t *testing.T) {
	want := []oaiTestSet{
		{"body", "Documents by issuing body"},
		{"body:CTOC", "CTOC"},
		{"body:CTOC:COP", "Conference of the Parties"},
		{"body:CTOC:COP:WG.4", "Working Group on Trafficking in Persons"},
		{"body:CTOC:COP:WG.7", "Working Group on the Smuggling of Migrants"},
		// no body:CTOC:COP:WG.9 nor type:conference-room-paper: only restricted documents
		{"type", "Documents by type"},
		{"type:background-paper", "Background paper"},
		{"type:draft-resolution", "Draft resolution"},
		{"type:guide", "Guide"},
		{"type:report", "Report"},
	}
	m := oaiModel(t, oaiCatalogue()...)
	r, raw := oaiNewHarness(t, m, 0).ask("verb=ListSets")
	if !slices.Equal(r.Sets, want) || r.SetsToken != nil {
		t.Fatalf("sets:\n%v\nwant\n%v\n%s", r.Sets, want, raw)
	}

	// Three to a page, resumed by a token; the last page has an empty one.
	h := oaiNewHarness(t, m, 3)
	var got []oaiTestSet
	query := "verb=ListSets"
	for page := 0; ; page++ {
		r, raw := h.ask(query)
		tok := r.SetsToken
		if tok == nil || tok.CompleteListSize != len(want) || tok.Cursor != 3*page {
			t.Fatalf("page %d: token %+v\n%s", page, tok, raw)
		}
		got = append(got, r.Sets...)
		if tok.Value == "" {
			break
		}
		query = "verb=ListSets&resumptionToken=" + url.QueryEscape(tok.Value)
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged sets:\n%v\nwant\n%v", got, want)
	}
}

func TestOAIGetRecord(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 0)
	r, raw := h.ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/2/Rev.1")
	if len(r.GetRecords) != 1 {
		t.Fatalf("no record:\n%s", raw)
	}
	if got := r.requestAttrs(); got["identifier"] != "oai:docs.example.org:CTOC/COP/WG.4/2021/2/Rev.1" || got["metadataPrefix"] != "oai_dc" {
		t.Errorf("request oaiEchoes %v", got)
	}
	rec := r.GetRecords[0]
	if rec.Header.Datestamp != "2024-03-01T12:00:02Z" || !slices.Equal(rec.Header.SetSpecs, []string{"body:CTOC:COP:WG.4", "type:background-paper"}) {
		t.Errorf("header %+v", rec.Header)
	}
	wantDC := []string{
		"title@en Title of CTOC/COP/WG.4/2021/2/Rev.1",
		"creator@en Working Group on Trafficking in Persons",
		"publisher@en Working Group on Trafficking in Persons",
		"date 2021-08-03",
		"type Text",
		"type background-paper",
		"identifier CTOC/COP/WG.4/2021/2/Rev.1",
		"identifier https://docs.example.org/en/documents/CTOC/COP/WG.4/2021/2/Rev.1",
		"language en",
		"relation E/CN.15/2021/1", // outside the catalogue; the superseded draft is not named
		"relation https://docs.example.org/en/documents/CTOC/COP/WG.4/2021/2", // revises, implied by the symbol
	}
	if got := rec.dc(); !slices.Equal(got, wantDC) {
		t.Errorf("dc:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantDC, "\n"))
	}

	r, raw = h.ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/2")
	got := r.GetRecords[0].dc()
	for _, want := range []string{
		"title@en Procurement & trafficking <in persons>",
		"title@fr Marchés publics et traite des personnes",
		"title@ar المشتريات العامة والاتجار بالأشخاص",
		`description@en How public buyers can avoid "forced labour".`,
		"description@ar ملخص",
		"subject trafficking-in-persons", "subject procurement",
		"language ar", "language en", "language fr",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no %q in\n%s", want, raw)
		}
	}
	if !strings.Contains(raw, "Procurement &amp; trafficking &lt;in persons&gt;") {
		t.Errorf("title not escaped:\n%s", raw)
	}

	// A withdrawn document is a deleted record: a header, no metadata.
	r, raw = h.ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/3")
	if len(r.GetRecords) != 1 || r.GetRecords[0].Header.Status != "deleted" || r.GetRecords[0].DC != nil || strings.Contains(raw, "<metadata>") {
		t.Errorf("withdrawn document:\n%s", raw)
	}

	// An id that is no symbol keeps its slashes.
	r, raw = h.ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:guides/toolkit_2020")
	if len(r.GetRecords) != 1 || slices.Contains(r.GetRecords[0].dc(), "creator ") {
		t.Errorf("slug document:\n%s", raw)
	}
}

// TestOAIHiddenDocumentsAppearNowhere: drafts and restricted documents
// are in no answer, count or set.
func TestOAIHiddenDocumentsAppearNowhere(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 2)
	var all strings.Builder
	for _, q := range []string{
		"verb=Identify", "verb=ListSets", "verb=ListMetadataFormats",
		"verb=ListIdentifiers&metadataPrefix=oai_dc", "verb=ListRecords&metadataPrefix=oai_dc",
		"verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:conference-room-paper",
		"verb=ListRecords&metadataPrefix=oai_dc&set=body:CTOC:COP:WG.9",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/5",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.9/2021/CRP.1",
	} {
		for {
			r, raw := h.ask(q)
			// what the request names is echoed: leave it out
			all.WriteString(oaiEchoes.ReplaceAllString(raw, ""))
			if tok := r.token(); tok != nil && tok.CompleteListSize != 0 && !strings.HasPrefix(q, "verb=ListSets") && tok.CompleteListSize != len(oaiVisibleIDs) {
				t.Errorf("%s: completeListSize %d, want %d", q, tok.CompleteListSize, len(oaiVisibleIDs))
			}
			tok := r.token()
			if tok == nil || tok.Value == "" {
				break
			}
			q = strings.SplitN(q, "&", 2)[0] + "&resumptionToken=" + url.QueryEscape(tok.Value)
		}
	}
	for _, hidden := range []string{"WG.4/2021/5", "WG.9", "CRP.1", "conference-room-paper", "11:59:40", "11:59:50"} {
		if strings.Contains(all.String(), hidden) {
			t.Errorf("%q shows", hidden)
		}
	}
}

// oaiEchoes are the request element and error messages of a response.
var oaiEchoes = regexp.MustCompile(`<request[^>]*>[^<]*</request>|<error[^>]*>[^<]*</error>`)

// harvest follows a list to its end and returns its headers, checking
// every page's token.
func (h *oaiHarness) harvest(verb, args string) []oaiTestHeader {
	h.t.Helper()
	var out []oaiTestHeader
	q := "verb=" + verb + "&" + args
	for page := 0; page < 100; page++ {
		r, raw := h.ask(q)
		if len(r.Errors) > 0 {
			h.t.Fatalf("%s: %v\n%s", q, r.Errors, raw)
		}
		tok := r.token()
		if page > 0 && tok == nil {
			h.t.Fatalf("%s: a resumed page without a token\n%s", q, raw)
		}
		out = append(out, r.headers()...)
		if tok == nil || tok.Value == "" {
			return out
		}
		if tok.Cursor+len(r.headers()) >= tok.CompleteListSize {
			h.t.Fatalf("a token where the list ends: %+v", tok)
		}
		q = "verb=" + verb + "&resumptionToken=" + url.QueryEscape(tok.Value)
	}
	h.t.Fatal("the list does not end")
	return nil
}

func TestOAIListsPageWithTokens(t *testing.T) {
	m := oaiModel(t, oaiCatalogue()...)
	for _, verb := range []string{"ListIdentifiers", "ListRecords"} {
		for _, size := range []int{1, 2, 5, 6, 100} {
			h := oaiNewHarness(t, m, size)
			if got := oaiIDs(h.harvest(verb, "metadataPrefix=oai_dc")); !slices.Equal(got, oaiVisibleIDs) {
				t.Errorf("%s, %d a page: %v\nwant %v", verb, size, got, oaiVisibleIDs)
			}
		}
	}
	// cursor and completeListSize, page by page
	h := oaiNewHarness(t, m, 4)
	r, _ := h.ask("verb=ListRecords&metadataPrefix=oai_dc")
	if tok := r.RecsToken; len(r.Records) != 4 || tok == nil || tok.Cursor != 0 || tok.CompleteListSize != 6 || tok.Value == "" {
		t.Fatalf("first page: %d records, token %+v", len(r.Records), tok)
	}
	r, raw := h.ask("verb=ListRecords&resumptionToken=" + url.QueryEscape(r.RecsToken.Value))
	if tok := r.RecsToken; len(r.Records) != 2 || tok == nil || tok.Cursor != 4 || tok.CompleteListSize != 6 || tok.Value != "" {
		t.Fatalf("last page: %d records, token %+v\n%s", len(r.Records), tok, raw)
	}
	if !strings.Contains(raw, `<resumptionToken completeListSize="6" cursor="4"></resumptionToken>`) {
		t.Errorf("no empty token on the last page:\n%s", raw)
	}
	if got := r.requestAttrs(); len(got) != 2 || got["resumptionToken"] == "" {
		t.Errorf("request oaiEchoes %v", got)
	}
	// A list in one page has no token.
	if r, _ := oaiNewHarness(t, m, 10).ask("verb=ListIdentifiers&metadataPrefix=oai_dc"); r.IDsToken != nil {
		t.Errorf("token on a complete list: %+v", r.IDsToken)
	}
}

// TestOAITokensSurviveChangesAndRestarts: a token holds all there is to
// resume; records changed between pages are neither lost nor skipped.
func TestOAITokensSurviveChangesAndRestarts(t *testing.T) {
	m := oaiModel(t, oaiCatalogue()...)
	r, _ := oaiNewHarness(t, m, 2).ask("verb=ListIdentifiers&metadataPrefix=oai_dc")
	first := oaiIDs(r.Headers)
	// The first record given changes, one not yet given too, and a new one comes.
	bg := oaiBackgroundPaperWG4()
	bg.Subjects = append(bg.Subjects, "forced-labour")
	report := oaiReportWG7()
	report.Subjects = []string{"smuggling-of-migrants"}
	extra := oaiDocument("CTOC/COP/WG.4/2021/1", catalog.TypeAgenda, "CTOC/COP/WG.4", catalog.Published, catalog.General)
	oaiPut(t, m, oaiAt(bg, 30), oaiAt(report, 31), oaiAt(extra, 32))
	// A new provider (a restarted server) takes the token.
	rest := oaiNewHarness(t, m, 2)
	var all []oaiTestHeader
	q := "verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(r.IDsToken.Value)
	for {
		r, raw := rest.ask(q)
		if len(r.Errors) > 0 {
			t.Fatalf("%v\n%s", r.Errors, raw)
		}
		all = append(all, r.Headers...)
		if r.IDsToken.Value == "" {
			break
		}
		q = "verb=ListIdentifiers&resumptionToken=" + url.QueryEscape(r.IDsToken.Value)
	}
	want := []string{"CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.4/2021/L.1", "guides/toolkit_2020", // not yet given, unchanged
		"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/2/Rev.1", // changed: again, later; Rev.1 links to it, so its record changed too
		"CTOC/COP/WG.7/2021/4", "CTOC/COP/WG.4/2021/1"} // changed, new
	if got := append(first, oaiIDs(all)...); !slices.Equal(got[2:], want) || !slices.Equal(first, oaiVisibleIDs[:2]) {
		t.Errorf("harvest across changes: %v then %v, want %v then %v", first, oaiIDs(all), oaiVisibleIDs[:2], want)
	}
}

func TestOAIFromUntil(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 0)
	at10 := []string{"CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.4/2021/L.1", "CTOC/COP/WG.7/2021/4"} // stored at 10.1, 10.5 and 10.9 s
	for _, c := range []struct {
		args string
		want []string
	}{
		{"from=2024-03-01T12:00:10Z", append(slices.Clone(at10), "guides/toolkit_2020")},
		{"from=2024-03-01T12:00:11Z", []string{"guides/toolkit_2020"}},
		{"until=2024-03-01T12:00:10Z", append(oaiVisibleIDs[:2:2], at10...)},
		{"until=2024-03-01T12:00:09Z", oaiVisibleIDs[:2]},
		{"from=2024-03-01T12:00:10Z&until=2024-03-01T12:00:10Z", at10},
		{"from=2024-03-01T12:00:02Z&until=2024-03-01T12:00:02Z", []string{"CTOC/COP/WG.4/2021/2/Rev.1"}},
		{"from=2024-03-01T12:00:01Z&until=2024-03-01T12:00:02Z", oaiVisibleIDs[:2]},
		{"until=2024-03-01T12:00:00Z", nil},
		{"from=2024-03-01T12:00:12Z", nil},
		// days: a from day from its first second, an until day to its last
		{"from=2024-03-01", oaiVisibleIDs},
		{"from=2024-03-01&until=2024-03-01", oaiVisibleIDs},
		{"until=2024-02-29", nil},
		{"from=2024-03-02", nil},
	} {
		r, raw := h.ask("verb=ListIdentifiers&metadataPrefix=oai_dc&" + c.args)
		if got := oaiIDs(r.Headers); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v\n%s", c.args, got, c.want, raw)
		}
		if c.want == nil && (len(r.Errors) != 1 || r.Errors[0].Code != "noRecordsMatch") {
			t.Errorf("%s: errors %v, want noRecordsMatch", c.args, r.Errors)
		}
		if got := r.requestAttrs(); len(r.Errors) == 0 && strings.Contains(c.args, "from=") && !strings.Contains(c.args, "from="+got["from"]) {
			t.Errorf("%s: request oaiEchoes %v", c.args, got)
		}
	}
	// Bounds go with the token.
	h = oaiNewHarness(t, h.oai.Model, 1)
	if got := oaiIDs(h.harvest("ListRecords", "metadataPrefix=oai_dc&from=2024-03-01T12:00:02Z&until=2024-03-01T12:00:10Z")); !slices.Equal(got, append([]string{"CTOC/COP/WG.4/2021/2/Rev.1"}, at10...)) {
		t.Errorf("paged from/until: %v", got)
	}
}

func TestOAISelectiveHarvestBySet(t *testing.T) {
	m := oaiModel(t, oaiCatalogue()...)
	for _, c := range []struct {
		set  string
		want []string
	}{
		{"body:CTOC:COP:WG.4", []string{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/2/Rev.1", "CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.4/2021/L.1"}},
		{"body:CTOC:COP:WG.7", []string{"CTOC/COP/WG.7/2021/4"}},
		{"body:CTOC:COP", oaiVisibleIDs[:5]}, // a set holds its subsets
		{"body:CTOC", oaiVisibleIDs[:5]},
		{"body", oaiVisibleIDs[:5]},
		{"type:report", []string{"CTOC/COP/WG.4/2021/3", "CTOC/COP/WG.7/2021/4"}},
		{"type:guide", []string{"guides/toolkit_2020"}},
		{"type", oaiVisibleIDs},
		{"body:CTOC:COP:WG.9", nil}, // restricted documents only
		{"type:conference-room-paper", nil},
		{"body:CTOC:CO", nil}, // not a prefix of a set's path
		{"nothing", nil},
	} {
		for _, size := range []int{0, 1} {
			r, raw := oaiNewHarness(t, m, size).ask("verb=ListIdentifiers&metadataPrefix=oai_dc&set=" + url.QueryEscape(c.set))
			if c.want == nil {
				if len(r.Errors) != 1 || r.Errors[0].Code != "noRecordsMatch" {
					t.Errorf("set %s: %v, want noRecordsMatch", c.set, r.Errors)
				}
				continue
			}
			if size == 1 {
				if got := oaiIDs(oaiNewHarness(t, m, 1).harvest("ListRecords", "metadataPrefix=oai_dc&set="+url.QueryEscape(c.set))); !slices.Equal(got, c.want) {
					t.Errorf("set %s, one a page: %v, want %v", c.set, got, c.want)
				}
				continue
			}
			if got := oaiIDs(r.Headers); !slices.Equal(got, c.want) {
				t.Errorf("set %s: %v, want %v\n%s", c.set, got, c.want, raw)
			}
			if r.requestAttrs()["set"] != c.set {
				t.Errorf("set %s: request oaiEchoes %v", c.set, r.requestAttrs())
			}
		}
	}
}

// TestOAIErrors: every error code the protocol has (noSetHierarchy
// apart: sets are supported), in the body of the response, and the
// request element without arguments on badVerb and badArgument.
func TestOAIErrors(t *testing.T) {
	h := oaiNewHarness(t, oaiModel(t, oaiCatalogue()...), 2)
	r, _ := h.ask("verb=ListRecords&metadataPrefix=oai_dc")
	good := url.QueryEscape(r.RecsToken.Value)
	r, _ = h.ask("verb=ListSets")
	setsToken := url.QueryEscape(r.SetsToken.Value)
	// forged: well formed but not as this server writes it, or with wrong content
	forge := func(s string) string { return url.QueryEscape(oaiForge(s)) }
	const id = "oai:docs.example.org:CTOC/COP/WG.4/2021/2"
	for _, c := range []struct {
		query string
		code  string
	}{
		{"", "badVerb"},
		{"verb=", "badVerb"},
		{"verb=Dance", "badVerb"},
		{"verb=identify", "badVerb"},
		{"verb=Identify&verb=Identify", "badVerb"},
		{"verb=Identify&verb=ListSets", "badVerb"},

		{"verb=Identify&identifier=" + id, "badArgument"},
		{"verb=Identify&foo=bar", "badArgument"},
		{"verb=ListRecords", "badArgument"},
		{"verb=GetRecord&identifier=" + id, "badArgument"},
		{"verb=GetRecord&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-13-01", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01T12:00Z", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01T12:00:00.5Z", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01T12:00:00+01:00", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&until=yesterday", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-02&until=2024-03-01", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01T12:00:11Z&until=2024-03-01T12:00:10Z", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01&until=2024-03-01T12:00:10Z", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=body/CTOC", "badArgument"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=body::CTOC", "badArgument"},
		{"verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=" + good, "badArgument"},
		{"verb=ListRecords&resumptionToken=" + good + "&resumptionToken=" + good, "badArgument"},
		{"verb=ListSets&set=body", "badArgument"},

		{"verb=ListRecords&resumptionToken=xyz", "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + good + "x", "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + good[:len(good)-2], "badResumptionToken"},
		{"verb=ListIdentifiers&resumptionToken=" + good, "badResumptionToken"}, // another verb's
		{"verb=ListSets&resumptionToken=" + good, "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + setsToken, "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","d":"2024-03-01T12:00:10Z","i":"x"} `), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":2,"verb":"ListRecords","p":"oai_dc","d":"2024-03-01T12:00:10Z","i":"x"}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"marc","d":"2024-03-01T12:00:10Z","i":"x"}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","d":"2024-03-01","i":"x"}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","f":"2024-03-02T00:00:00Z","u":"2024-03-01T00:00:00Z","d":"2024-03-01T12:00:10Z","i":"x"}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","s":"a b","d":"2024-03-01T12:00:10Z","i":"x"}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","d":"2024-03-01T12:00:10Z","i":"x","z":1}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + forge(`{"v":1,"verb":"ListRecords","p":"oai_dc","d":"2024-03-01T12:00:10Z","i":""}`), "badResumptionToken"},
		{"verb=ListRecords&resumptionToken=" + url.QueryEscape(strings.Repeat("A", 3000)), "badResumptionToken"},

		{"verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"},
		{"verb=ListIdentifiers&metadataPrefix=oai_DC", "cannotDisseminateFormat"},
		{"verb=GetRecord&metadataPrefix=mods&identifier=" + id, "cannotDisseminateFormat"},

		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2099/9", "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:other.example.org:CTOC/COP/WG.4/2021/2", "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=CTOC/COP/WG.4/2021/2", "idDoesNotExist"},
		{"verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC%252FCOP/WG.4/2021/2", "idDoesNotExist"},
		{"verb=ListMetadataFormats&identifier=oai:docs.example.org:nothing", "idDoesNotExist"},

		{"verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch"},
		{"verb=ListIdentifiers&metadataPrefix=oai_dc&set=type:resolution", "noRecordsMatch"},
	} {
		r, raw := h.ask(c.query)
		if len(r.Errors) == 0 || r.Errors[0].Code != c.code || r.Errors[0].Message == "" {
			t.Errorf("%s: errors %v, want %s\n%s", c.query, r.Errors, c.code, raw)
			continue
		}
		if r.Request.URL != "https://docs.example.org/oai" {
			t.Errorf("%s: request %q", c.query, r.Request.URL)
		}
		attrs := r.requestAttrs()
		if bare := c.code == "badVerb" || c.code == "badArgument"; bare != (len(attrs) == 0) {
			t.Errorf("%s (%s): request oaiEchoes %v", c.query, c.code, attrs)
		}
		if r.Identify != nil || r.Records != nil || r.Headers != nil || r.GetRecords != nil || r.Sets != nil || r.Formats != nil {
			t.Errorf("%s: an answer with the error\n%s", c.query, raw)
		}
	}
	// Both at once: the item does not exist, nor the format.
	if got := h.errorCodes("verb=GetRecord&metadataPrefix=mods&identifier=oai:docs.example.org:nothing"); !slices.Equal(got, []string{"idDoesNotExist", "cannotDisseminateFormat"}) {
		t.Errorf("two errors: %v", got)
	}
	// Malformed arguments.
	out := h.oai.Respond(OAIRequest{Args: url.Values{"verb": {"Identify"}}, Malformed: true, BaseURL: "https://docs.example.org"})
	testutil.XMLLint(t, out)
	if !strings.Contains(string(out), `<error code="badArgument">`) {
		t.Errorf("malformed arguments:\n%s", out)
	}
}

func oaiForge(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func TestOAIIdentifiersReadLikeIDs(t *testing.T) {
	for _, c := range []struct{ id, local string }{
		{"CTOC/COP/WG.4/2021/2", "CTOC/COP/WG.4/2021/2"},
		{"A/76/5 (Vol. I)", "A/76/5%20(Vol.%20I)"},
		{"guides/toolkit_2020", "guides/toolkit_2020"},
		{"50%", "50%25"},
		{"é", "%C3%A9"},
	} {
		if got := escapeOAILocal(c.id); got != c.local {
			t.Errorf("escape(%q) = %q, want %q", c.id, got, c.local)
		}
		if got, ok := unescapeOAILocal(c.local); !ok || got != c.id {
			t.Errorf("unescape(%q) = %q %v", c.local, got, ok)
		}
	}
	for _, bad := range []string{"%", "%2", "%zz", "%41", "a%2fb", "a b"} {
		if got, ok := unescapeOAILocal(bad); ok {
			t.Errorf("unescape(%q) = %q, want refused", bad, got)
		}
	}
}
