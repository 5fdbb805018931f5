package web_test

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"plenary/internal/auth"
	"plenary/internal/catalog"
	"plenary/internal/readmodel"
	"plenary/internal/testutil"
	"plenary/internal/web"
)

// oaiFixtures are what the OAI-PMH tests add to the demo content: a
// withdrawn document, and a draft and a restricted document in bodies and
// types that nothing public has, so that their sets would show.
type oaiFixtures struct {
	withdrawn, draft, restricted *catalog.Document
}

func seedOAI(p *portal) oaiFixtures {
	f := oaiFixtures{withdrawn: testutil.DocumentWG4_2022_2(), draft: testutil.DocumentDraft(), restricted: testutil.DocumentRestricted()}
	f.withdrawn.ID, f.withdrawn.Symbol, f.withdrawn.Status = "CTOC/COP/WG.4/2022/CRP.8", "CTOC/COP/WG.4/2022/CRP.8", catalog.Withdrawn
	f.draft.Body, f.draft.Session, f.draft.AgendaItems, f.draft.Type = "CTOC/COP/WG.98", "", nil, catalog.TypeDecision
	f.restricted.Body, f.restricted.Session, f.restricted.AgendaItems, f.restricted.Type = "CTOC/COP/WG.99", "", nil, catalog.TypeResolution
	p.seed(f.withdrawn, f.draft, f.restricted)
	return f
}

// hiddenMarks are strings that would show a hidden document.
var hiddenMarks = []string{"WG.4/2022/3", "INF/1", "WG.98", "WG.99", "type:decision", "type:resolution", "Draft background paper", "List of participants"}

// publicIDs are the ids of every document the public sees, withdrawn ones included.
func publicIDs(p *portal) []string {
	var out []string
	for _, d := range p.deps.Model.Documents(readmodel.DocumentFilter{}, catalog.Public, 0, 1<<30).Docs {
		out = append(out, d.ID)
	}
	slices.Sort(out)
	return out
}

// oaiGet asks /oai with a query and checks the envelope: 200, XML in
// UTF-8, well formed (xmllint).
func (p *portal) oaiGet(t *testing.T, query string, header ...string) (*oaiDoc, string) {
	t.Helper()
	res, body := p.get("/oai?"+query, header...)
	return checkOAI(t, "GET /oai?"+query, res, body)
}

func checkOAI(t *testing.T, what string, res *http.Response, body string) (*oaiDoc, string) {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d\n%.600s", what, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if !strings.HasPrefix(body, `<?xml version="1.0" encoding="UTF-8"?>`) {
		t.Errorf("%s: no XML declaration: %.100s", what, body)
	}
	testutil.XMLLint(t, []byte(body))
	var d oaiDoc
	if err := xml.Unmarshal([]byte(body), &d); err != nil {
		t.Fatalf("%s: %v\n%.600s", what, err, body)
	}
	return &d, body
}

// oaiDoc is what the tests read of a response.
type oaiDoc struct {
	Request struct {
		Verb string `xml:"verb,attr"`
		URL  string `xml:",chardata"`
	} `xml:"request"`
	Errors []struct {
		Code string `xml:"code,attr"`
	} `xml:"error"`
	BaseURL   string        `xml:"Identify>baseURL"`
	Earliest  string        `xml:"Identify>earliestDatestamp"`
	Sets      []string      `xml:"ListSets>set>setSpec"`
	Headers   []oaiTestHead `xml:"ListIdentifiers>header"`
	IDsToken  *oaiTestToken `xml:"ListIdentifiers>resumptionToken"`
	Records   []oaiTestRec  `xml:"ListRecords>record"`
	RecsToken *oaiTestToken `xml:"ListRecords>resumptionToken"`
	Record    *oaiTestRec   `xml:"GetRecord>record"`
}

type oaiTestHead struct {
	Status     string   `xml:"status,attr"`
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	SetSpecs   []string `xml:"setSpec"`
}

type oaiTestToken struct {
	Size   int    `xml:"completeListSize,attr"`
	Cursor int    `xml:"cursor,attr"`
	Value  string `xml:",chardata"`
}

type oaiTestRec struct {
	Header      oaiTestHead `xml:"header"`
	Titles      []string    `xml:"metadata>dc>title"`
	Identifiers []string    `xml:"metadata>dc>identifier"`
	Relations   []string    `xml:"metadata>dc>relation"`
	Creators    []string    `xml:"metadata>dc>creator"`
}

func (d *oaiDoc) codes() []string {
	var out []string
	for _, e := range d.Errors {
		out = append(out, e.Code)
	}
	return out
}

// oaiID is a document's identifier on a portal reached as example.com,
// as httptest requests are.
func oaiID(id string) string { return "oai:example.com:" + id }

func TestOAIIdentifyAndErrorsOverHTTP(t *testing.T) {
	p := newDemoPortal(t, may2022)
	d, body := p.oaiGet(t, "verb=Identify")
	if d.BaseURL != "http://example.com/oai" || d.Request.URL != "http://example.com/oai" || d.Earliest == "" || len(d.Errors) > 0 {
		t.Errorf("Identify:\n%s", body)
	}
	for query, want := range map[string]string{
		"":                                     "badVerb",
		"verb=Nothing":                         "badVerb",
		"verb=Identify&verb=Identify":          "badVerb",
		"verb=ListRecords":                     "badArgument",
		"verb=Identify&x=%zz":                  "badArgument", // not decodable
		"verb=ListRecords&resumptionToken=e30": "badResumptionToken",
		"verb=ListRecords&metadataPrefix=mods": "cannotDisseminateFormat",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + oaiID("CTOC/COP/WG.4/2099/1"): "idDoesNotExist",
		"verb=ListRecords&metadataPrefix=oai_dc&from=2100-01-01":                           "noRecordsMatch",
	} {
		if d, body := p.oaiGet(t, query); !slices.Equal(d.codes(), []string{want}) {
			t.Errorf("%q: %v, want %s\n%s", query, d.codes(), want, body)
		}
	}
	// HEAD and POST answer too; other methods not.
	if res, _ := p.do(http.MethodHead, "/oai?verb=Identify", nil); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Errorf("HEAD: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if res, _ := p.do(http.MethodPut, "/oai?verb=Identify", nil); res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d", res.StatusCode)
	}

	// The base URL, when configured, makes the identifiers and links.
	p.deps.BaseURL = "https://docs.example.org"
	h, err := web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = h
	d, body = p.oaiGet(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:docs.example.org:CTOC/COP/WG.4/2021/2")
	if d.Record == nil || !slices.Contains(d.Record.Identifiers, "https://docs.example.org/en/documents/CTOC/COP/WG.4/2021/2") ||
		!slices.Contains(d.Record.Identifiers, "CTOC/COP/WG.4/2021/2") || len(d.Record.Titles) != 6 ||
		!slices.Equal(d.Record.Creators, []string{"Working Group on Trafficking in Persons"}) {
		t.Errorf("GetRecord with a base URL:\n%s", body)
	}
}

func TestOAIPostIsLikeGet(t *testing.T) {
	p := newDemoPortal(t, may2022)
	for _, query := range []string{
		"verb=ListIdentifiers&metadataPrefix=oai_dc&set=body:CTOC:COP:WG.4",
		"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + url.QueryEscape(oaiID("CTOC/COP/WG.4/2021/2")),
		"verb=ListSets",
		"verb=Dance",
	} {
		_, get := p.oaiGet(t, query)
		form, err := url.ParseQuery(query)
		if err != nil {
			t.Fatal(err)
		}
		res, post := p.post("/oai", form)
		checkOAI(t, "POST "+query, res, post)
		if post != get {
			t.Errorf("%s: POST answers\n%s\nGET answers\n%s", query, post, get)
		}
	}
	// A POST's arguments are in its body, not its address.
	res, body := p.do(http.MethodPost, "/oai?verb=Identify", strings.NewReader(""), "Content-Type", "application/x-www-form-urlencoded")
	if d, _ := checkOAI(t, "POST without a body", res, body); !slices.Equal(d.codes(), []string{"badVerb"}) {
		t.Errorf("POST with the verb in the address: %v", d.codes())
	}
}

// TestOAIShowsWhatThePublicSees: every public document once, a withdrawn
// one as deleted, drafts and restricted documents nowhere, whoever asks.
func TestOAIShowsWhatThePublicSees(t *testing.T) {
	p := newDemoPortal(t, may2022)
	f := seedOAI(p)
	withAccounts(t, p, "", auth.Options{})
	cookie := p.signIn(t, editorEmail)
	p.deps.OAIPageSize = 7 // pages of seven
	engine, err := web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	p.handler = engine
	want := publicIDs(p)
	if !slices.Contains(want, f.withdrawn.ID) || slices.Contains(want, f.draft.ID) || len(want) < 40 {
		t.Fatalf("public ids: %d %v", len(want), want)
	}
	for _, who := range []struct {
		name   string
		header []string
	}{{"anonymous", nil}, {"editor", []string{"Cookie", cookie}}} {
		t.Run(who.name, func(t *testing.T) {
			var all strings.Builder
			var got []string
			deleted := map[string]bool{}
			q := "verb=ListRecords&metadataPrefix=oai_dc"
			for pages := 0; ; pages++ {
				d, body := p.oaiGet(t, q, who.header...)
				all.WriteString(body)
				for _, r := range d.Records {
					id := strings.TrimPrefix(r.Header.Identifier, "oai:example.com:")
					got = append(got, id)
					deleted[id] = r.Header.Status == "deleted"
					if deleted[id] != (r.Titles == nil) {
						t.Errorf("%s: deleted %v with %d titles", id, deleted[id], len(r.Titles))
					}
				}
				if d.RecsToken == nil || d.RecsToken.Value == "" {
					break
				}
				if d.RecsToken.Size != len(want) {
					t.Errorf("completeListSize %d, want %d", d.RecsToken.Size, len(want))
				}
				q = "verb=ListRecords&resumptionToken=" + url.QueryEscape(d.RecsToken.Value)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("harvested %d records:\n%v\nwant %d:\n%v", len(got), got, len(want), want)
			}
			if !deleted[f.withdrawn.ID] || slices.ContainsFunc(got, func(id string) bool { return deleted[id] && id != f.withdrawn.ID }) {
				t.Errorf("deleted records: %v", deleted)
			}
			for _, q := range []string{
				"verb=ListSets", "verb=Identify",
				"verb=ListIdentifiers&metadataPrefix=oai_dc&set=body:CTOC:COP",
			} {
				_, body := p.oaiGet(t, q, who.header...)
				all.WriteString(body)
			}
			for _, id := range []string{f.draft.ID, f.restricted.ID} {
				d, _ := p.oaiGet(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(oaiID(id)), who.header...)
				if !slices.Equal(d.codes(), []string{"idDoesNotExist"}) {
					t.Errorf("GetRecord %s: %v", id, d.codes())
				}
			}
			for _, set := range []string{"body:CTOC:COP:WG.98", "body:CTOC:COP:WG.99", "type:decision", "type:resolution"} {
				if d, _ := p.oaiGet(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&set="+set, who.header...); !slices.Equal(d.codes(), []string{"noRecordsMatch"}) {
					t.Errorf("set %s: %v", set, d.codes())
				}
			}
			for _, mark := range hiddenMarks {
				if strings.Contains(all.String(), mark) {
					t.Errorf("%q shows", mark)
				}
			}
		})
	}
}

// TestOAIFromUntilAndSetsOverHTTP: the bounds at second granularity and
// a set, with the withdrawn document as a landmark: it was stored last.
func TestOAIFromUntilAndSetsOverHTTP(t *testing.T) {
	p := newDemoPortal(t, may2022)
	f := seedOAI(p)
	d, body := p.oaiGet(t, "verb=GetRecord&metadataPrefix=oai_dc&identifier="+url.QueryEscape(oaiID(f.withdrawn.ID)))
	if d.Record == nil || d.Record.Header.Status != "deleted" || d.Record.Titles != nil {
		t.Fatalf("the withdrawn document:\n%s", body)
	}
	stamp := d.Record.Header.Datestamp
	d, body = p.oaiGet(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&from="+stamp)
	if len(d.Headers) == 0 || !slices.ContainsFunc(d.Headers, func(h oaiTestHead) bool { return h.Identifier == oaiID(f.withdrawn.ID) }) {
		t.Errorf("from its datestamp, the withdrawn document is not listed:\n%s", body)
	}
	for _, h := range d.Headers {
		if h.Datestamp < stamp {
			t.Errorf("from=%s lists %s of %s", stamp, h.Identifier, h.Datestamp)
		}
	}
	d, _ = p.oaiGet(t, "verb=ListIdentifiers&metadataPrefix=oai_dc&until="+stamp+"&set=body:CTOC:COP:WG.4")
	if !slices.ContainsFunc(d.Headers, func(h oaiTestHead) bool { return h.Identifier == oaiID(f.withdrawn.ID) }) {
		t.Error("until its datestamp, the withdrawn document is not listed")
	}
	for _, h := range d.Headers {
		if !slices.Contains(h.SetSpecs, "body:CTOC:COP:WG.4") || h.Datestamp > stamp {
			t.Errorf("set body:CTOC:COP:WG.4, until %s: %+v", stamp, h)
		}
	}
}

// recorder keeps a copy of every response the server sends.
type recorder struct {
	mu     sync.Mutex
	bodies [][]byte
}

type teeWriter struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.buf.Write(b)
	return w.ResponseWriter.Write(b)
}

func (r *recorder) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		tw := &teeWriter{ResponseWriter: w}
		h.ServeHTTP(tw, req)
		r.mu.Lock()
		r.bodies = append(r.bodies, tw.buf.Bytes())
		r.mu.Unlock()
	})
}

// harvestScript harvests with HTTP::OAI (Debian's libhttp-oai-perl), the
// library following the resumption tokens, and prints one line per thing
// harvested.
const harvestScript = `
use strict;
use warnings;
use HTTP::OAI;
use HTTP::OAI::Metadata::OAI_DC;

my $h = HTTP::OAI::Harvester->new(baseURL => $ARGV[0]);
my $id = $h->Identify;
die "Identify: " . $id->message . "\n" if $id->is_error;
print join("\t", "identify", $id->protocolVersion, $id->deletedRecord, $id->granularity), "\n";

my $r = $h->ListRecords(
	metadataPrefix => 'oai_dc',
	handlers => { metadata => 'HTTP::OAI::Metadata::OAI_DC' },
	onRecord => sub {
		my $rec = shift;
		my $titles = $rec->is_deleted ? 0 : scalar @{ $rec->metadata->dc->{title} || [] };
		print join("\t", "record", $rec->identifier, $rec->is_deleted ? "deleted" : "live", $titles), "\n";
	},
);
die "ListRecords: " . $r->message . "\n" if $r->is_error;

my $l = $h->ListIdentifiers(
	metadataPrefix => 'oai_dc',
	onRecord => sub {
		my $hd = shift;
		print join("\t", "header", $hd->identifier, $hd->is_deleted ? "deleted" : "live"), "\n";
	},
);
die "ListIdentifiers: " . $l->message . "\n" if $l->is_error;

my $s = $h->ListSets(onRecord => sub { print join("\t", "set", shift->setSpec), "\n" });
die "ListSets: " . $s->message . "\n" if $s->is_error;

my $g = $h->GetRecord(identifier => $ARGV[1], metadataPrefix => 'oai_dc');
die "GetRecord: " . $g->message . "\n" if $g->is_error;
my $rec = $g->next;
print join("\t", "get", $rec->identifier, $rec->datestamp), "\n";
`

// TestOAIHarvestWithHTTPOAI harvests the portal, served over HTTP with
// pages of three, with the Perl harvester HTTP::OAI.
func TestOAIHarvestWithHTTPOAI(t *testing.T) {
	perl := testutil.Tool(t, "perl", "perl")
	if out, err := exec.Command(perl, "-MHTTP::OAI", "-e", "1").CombinedOutput(); err != nil {
		if testing.Short() {
			t.Skip("HTTP::OAI is not installed")
		}
		t.Fatalf("HTTP::OAI is not installed (apt-get install libhttp-oai-perl, or make test-deps): %s", out)
	}
	p := newDemoPortal(t, may2022)
	f := seedOAI(p)
	want := publicIDs(p)
	p.deps.OAIPageSize = 3
	engine, err := web.New(p.deps)
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	srv := httptest.NewServer(rec.wrap(engine))
	t.Cleanup(srv.Close)
	script := filepath.Join(t.TempDir(), "harvest.pl")
	if err := os.WriteFile(script, []byte(harvestScript), 0o600); err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	host = host[:strings.LastIndexByte(host, ':')]
	sample := "oai:" + host + ":" + f.withdrawn.ID
	cmd := exec.Command(perl, script, srv.URL+"/oai", sample)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("harvest: %v\n%s\n%s", err, stderr.String(), out)
	}

	records, headers := map[string]string{}, map[string]string{}
	var sets []string
	var identify, get []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		switch fields[0] {
		case "identify":
			identify = fields[1:]
		case "record", "header":
			m := records
			if fields[0] == "header" {
				m = headers
			}
			id, ok := strings.CutPrefix(fields[1], "oai:"+host+":")
			if !ok {
				t.Errorf("identifier %q", fields[1])
			}
			if _, dup := m[id]; dup {
				t.Errorf("%s %s harvested twice", fields[0], id)
			}
			m[id] = fields[2]
			if fields[0] == "record" && (fields[2] == "live") == (fields[3] == "0") {
				t.Errorf("record %s: %s with %s titles", id, fields[2], fields[3])
			}
		case "set":
			sets = append(sets, fields[1])
		case "get":
			get = fields[1:]
		}
	}
	if !slices.Equal(identify, []string{"2.0", "persistent", "YYYY-MM-DDThh:mm:ssZ"}) {
		t.Errorf("Identify: %v", identify)
	}
	for what, m := range map[string]map[string]string{"ListRecords": records, "ListIdentifiers": headers} {
		got := make([]string, 0, len(m))
		for id, status := range m {
			got = append(got, id)
			if (status == "deleted") != (id == f.withdrawn.ID) {
				t.Errorf("%s: %s is %s", what, id, status)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s harvested %d:\n%v\nwant %d:\n%v", what, len(got), got, len(want), want)
		}
	}
	if !slices.Contains(sets, "body:CTOC:COP:WG.4") || !slices.Contains(sets, "type:background-paper") || slices.ContainsFunc(sets, func(s string) bool {
		return strings.Contains(s, "WG.98") || strings.Contains(s, "WG.99") || s == "type:decision" || s == "type:resolution"
	}) {
		t.Errorf("sets: %v", sets)
	}
	if len(get) != 2 || get[0] != sample || get[1] == "" {
		t.Errorf("GetRecord: %v", get)
	}
	// Pages of three: ListRecords and ListIdentifiers each took a page per
	// three records, ListSets one per three sets.
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if min := 2*((len(want)+2)/3) + (len(sets)+2)/3 + 2; len(rec.bodies) != min {
		t.Errorf("%d requests, want %d", len(rec.bodies), min)
	}
	testutil.XMLLint(t, rec.bodies...)
	for _, b := range rec.bodies {
		for _, mark := range hiddenMarks {
			if bytes.Contains(b, []byte(mark)) {
				t.Errorf("%q shows in\n%s", mark, b)
			}
		}
	}
}
