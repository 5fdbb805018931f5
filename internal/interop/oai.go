package interop

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"plenary/internal/catalog"
	"plenary/internal/readmodel"
)

// OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html):
// the catalogue for harvesters, one record per document, in unqualified
// Dublin Core (oai_dc).
//
//   - Only what an anonymous visitor sees is harvested (catalog.Public,
//     whoever asks). Drafts and restricted documents appear nowhere: not
//     as records, not as deleted records, not in counts or sets.
//   - A withdrawn document is a deleted record (deletedRecord is
//     "persistent": it stays one).
//   - Identifiers are oai:<host>:<document id>, the id as it reads
//     (slashes kept), other characters percent-encoded.
//   - Datestamps are in seconds: when the record last changed (see
//     readmodel.HarvestItem). Lists are ordered by (datestamp, id).
//   - Sets: body:<code> with the code's "/" written ":" (body:CTOC:COP:WG.4,
//     a subset of body:CTOC:COP and body:CTOC), and type:<document type>
//     (type:background-paper). A set holds the records of its subsets.
//     Since sets are supported, noSetHierarchy is never answered.
//   - Resumption tokens hold the request and the key of the last record
//     given (base64url of a small JSON object): they do not expire and
//     survive restarts; a list resumed after records changed goes on
//     exactly after the last record given, and a record changed meanwhile
//     comes again later, with its new datestamp.

// oaiAudience is who harvesters are: the public.
const oaiAudience = catalog.Public

// oaiDCPrefix is the one metadata format.
const oaiDCPrefix = "oai_dc"

// DefaultOAIPageSize is how many records, headers or sets a list page
// holds when OAI.PageSize is 0.
const DefaultOAIPageSize = 100

// OAI answers OAI-PMH requests from the read model.
type OAI struct {
	Model *readmodel.Model
	// PageSize is how many items a list page holds; DefaultOAIPageSize if 0.
	PageSize int
	// RepositoryName names the repository in Identify.
	RepositoryName string
	// AdminEmails are the contacts in Identify; webmaster@<host> if none.
	AdminEmails []string
}

// OAIRequest is one request.
type OAIRequest struct {
	// Args are the arguments, from the query of a GET or the form of a POST.
	Args url.Values
	// Malformed says that the arguments could not all be read.
	Malformed bool
	// BaseURL is the portal's public address, without a trailing slash;
	// the endpoint is BaseURL + "/oai" and identifiers are oai:<its host>:….
	BaseURL string
	// DocumentURL is the absolute address of a document's page.
	DocumentURL func(id string) string
	// Now is the response date.
	Now time.Time
}

// Respond answers r with an OAI-PMH document (in UTF-8, with its XML
// declaration). Errors are answered in the document, as the protocol
// wants, so there is no error to return.
func (o *OAI) Respond(r OAIRequest) []byte {
	p := &oaiResponder{OAI: o, r: r}
	if u, err := url.Parse(r.BaseURL); err == nil {
		p.host = strings.ToLower(u.Hostname())
	}
	env := p.respond()
	env.ResponseDate = oaiStamp(r.Now)
	env.Request.URL = r.BaseURL + "/oai"
	out, err := env.marshal()
	if err != nil { // only invalid element names make encoding/xml fail
		panic(fmt.Sprintf("oai: %v", err))
	}
	return out
}

type oaiResponder struct {
	*OAI
	r    OAIRequest
	host string
}

func (p *oaiResponder) pageSize() int {
	if p.PageSize > 0 {
		return p.PageSize
	}
	return DefaultOAIPageSize
}

func oaiFail(code, format string, args ...any) oaiError {
	return oaiError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// oaiQuery is a request's arguments, checked.
type oaiQuery struct {
	verb                      string
	identifier, prefix        string
	from, until               time.Time
	set                       string
	token                     string
	fromRaw, untilRaw         string
	fromSeconds, untilSeconds bool // second granularity, not days
}

func (p *oaiResponder) respond() *oaiEnvelope {
	env := &oaiEnvelope{}
	verbs := p.r.Args["verb"]
	switch {
	case len(verbs) == 0:
		env.Errors = []oaiError{oaiFail("badVerb", "the verb argument is missing")}
		return env
	case len(verbs) > 1:
		env.Errors = []oaiError{oaiFail("badVerb", "the verb argument is repeated")}
		return env
	}
	spec, ok := oaiArgs[verbs[0]]
	if !ok {
		env.Errors = []oaiError{oaiFail("badVerb", "%q is not an OAI-PMH verb", verbs[0])}
		return env
	}
	q, errs := p.check(verbs[0], spec.required, spec.optional, spec.resumable)
	if len(errs) > 0 {
		env.Errors = errs // badArgument: the request is echoed without arguments
		return env
	}
	env.Request = oaiRequestTag{Verb: q.verb, Identifier: q.identifier, MetadataPrefix: q.prefix,
		From: q.fromRaw, Until: q.untilRaw, Set: q.set, ResumptionToken: q.token}
	switch q.verb {
	case "Identify":
		env.Identify = p.identify()
	case "ListMetadataFormats":
		env.ListMetadataFormats, env.Errors = p.listMetadataFormats(q)
	case "ListSets":
		env.ListSets, env.Errors = p.listSets(q)
	case "GetRecord":
		env.GetRecord, env.Errors = p.getRecord(q)
	case "ListIdentifiers", "ListRecords":
		headers, records, errs := p.list(q)
		env.Errors = errs
		if len(errs) == 0 && q.verb == "ListIdentifiers" {
			env.ListIdentifiers = headers
		} else if len(errs) == 0 {
			env.ListRecords = records
		}
	}
	return env
}

// check reads the arguments of verb: every one known to it, none
// repeated or empty, the required ones there, a resumption token alone,
// dates and sets well formed, from not after until, both in one
// granularity. What is wrong is a badArgument each.
func (p *oaiResponder) check(verb string, required, optional []string, resumable bool) (oaiQuery, []oaiError) {
	q := oaiQuery{verb: verb}
	var errs []oaiError
	bad := func(format string, args ...any) { errs = append(errs, oaiFail("badArgument", format, args...)) }
	if p.r.Malformed {
		bad("the arguments are not correctly encoded")
	}
	names := make([]string, 0, len(p.r.Args))
	for name := range p.r.Args {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		values := p.r.Args[name]
		switch {
		case name == "verb":
			continue
		case !slices.Contains(required, name) && !slices.Contains(optional, name) && !(resumable && name == "resumptionToken"):
			bad("%s does not take the argument %q", verb, name)
			continue
		case len(values) > 1:
			bad("the argument %s is repeated", name)
			continue
		case values[0] == "":
			bad("the argument %s is empty", name)
			continue
		}
		v := values[0]
		switch name {
		case "identifier":
			q.identifier = v
		case "metadataPrefix":
			q.prefix = v
		case "set":
			q.set = v
			if !setSpecPattern.MatchString(v) {
				bad("%q is not a setSpec", v)
			}
		case "resumptionToken":
			q.token = v
		case "from", "until":
			t, seconds, err := parseOAIDate(v, name == "until")
			if err != nil {
				bad("%s: %v", name, err)
				continue
			}
			if name == "from" {
				q.from, q.fromRaw, q.fromSeconds = t, v, seconds
			} else {
				q.until, q.untilRaw, q.untilSeconds = t, v, seconds
			}
		}
	}
	if q.token != "" {
		if len(p.r.Args) > 2 {
			bad("resumptionToken is an exclusive argument: it cannot be given with others")
		}
		return q, errs
	}
	for _, name := range required {
		if _, ok := p.r.Args[name]; !ok {
			bad("%s needs the argument %s", verb, name)
		}
	}
	if q.fromRaw != "" && q.untilRaw != "" && len(errs) == 0 {
		if q.fromSeconds != q.untilSeconds {
			bad("from and until have different granularities")
		} else if q.from.After(q.until) {
			bad("from (%s) is later than until (%s)", q.fromRaw, q.untilRaw)
		}
	}
	return q, errs
}

func (p *oaiResponder) endpoint() string { return p.r.BaseURL + "/oai" }

// identifier is a document's OAI identifier.
func (p *oaiResponder) identifier(id string) string {
	return "oai:" + p.host + ":" + escapeOAILocal(id)
}

// documentID reads an identifier this repository gives out.
func (p *oaiResponder) documentID(identifier string) (string, bool) {
	local, ok := strings.CutPrefix(identifier, "oai:"+p.host+":")
	if !ok || local == "" {
		return "", false
	}
	return unescapeOAILocal(local)
}

// repositoryIdentifier is the syntax of a repository identifier in the
// oai-identifier scheme: a domain name.
var repositoryIdentifier = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+$`)

func (p *oaiResponder) identify() *oaiIdentify {
	earliest := time.Unix(0, 0)
	if t, ok := p.Model.EarliestDatestamp(oaiAudience); ok {
		earliest = t
	}
	name := p.RepositoryName
	if name == "" {
		name = "Plenary: meeting documents (" + p.host + ")"
	}
	emails := p.AdminEmails
	if len(emails) == 0 {
		domain := p.host
		if !strings.Contains(domain, ".") { // localhost: the schema wants a dot
			domain += ".localdomain"
		}
		emails = []string{"webmaster@" + domain}
	}
	id := &oaiIdentify{
		RepositoryName: name, BaseURL: p.endpoint(), ProtocolVersion: "2.0", AdminEmail: emails,
		EarliestDatestamp: oaiStamp(earliest), DeletedRecord: "persistent", Granularity: "YYYY-MM-DDThh:mm:ssZ",
	}
	if repositoryIdentifier.MatchString(p.host) {
		id.Description = append(id.Description, oaiDescription{Identifier: &oaiIdentifierScheme{
			XMLNS: oaiIDNamespace, XSI: xsiNamespace, SchemaLocation: oaiIDNamespace + " " + oaiIDSchema,
			Scheme: "oai", RepositoryIdentifier: p.host, Delimiter: ":",
			SampleIdentifier: p.identifier("CTOC/COP/WG.4/2021/2"),
		}})
	}
	return id
}

func (p *oaiResponder) listMetadataFormats(q oaiQuery) (*oaiFormatList, []oaiError) {
	if q.identifier != "" {
		if _, errs := p.item(q.identifier); errs != nil {
			return nil, errs
		}
	}
	return &oaiFormatList{Formats: []oaiFormat{{Prefix: oaiDCPrefix, Schema: oaiDCSchema, Namespace: oaiDCNamespace}}}, nil
}

// item finds the document an identifier names.
func (p *oaiResponder) item(identifier string) (readmodel.HarvestItem, []oaiError) {
	id, ok := p.documentID(identifier)
	if ok {
		if it, found := p.Model.HarvestDocument(id, oaiAudience); found {
			return it, nil
		}
	}
	return readmodel.HarvestItem{}, []oaiError{oaiFail("idDoesNotExist", "no item has the identifier %q", identifier)}
}

func (p *oaiResponder) getRecord(q oaiQuery) (*oaiRecordList, []oaiError) {
	it, errs := p.item(q.identifier)
	if q.prefix != oaiDCPrefix {
		errs = append(errs, oaiFail("cannotDisseminateFormat", "the only metadata format is %s, not %q", oaiDCPrefix, q.prefix))
	}
	if errs != nil {
		return nil, errs
	}
	return &oaiRecordList{Records: []oaiRecord{p.record(it)}}, nil
}

// list answers ListIdentifiers and ListRecords.
func (p *oaiResponder) list(q oaiQuery) (*oaiHeaderList, *oaiRecordList, []oaiError) {
	t := oaiToken{V: oaiTokenVersion, Verb: q.verb, Prefix: q.prefix, From: oaiStamp(q.from), Until: oaiStamp(q.until), Set: q.set}
	f := readmodel.HarvestFilter{From: q.from, Until: q.until}
	if q.token != "" {
		var err error
		if t, err = decodeOAIToken(q.token, q.verb); err != nil {
			return nil, nil, []oaiError{oaiFail("badResumptionToken", "the resumption token is not valid: %v", err)}
		}
		f.From, f.Until, _ = t.times()
		f.After = t.after()
	} else if q.prefix != oaiDCPrefix {
		return nil, nil, []oaiError{oaiFail("cannotDisseminateFormat", "the only metadata format is %s, not %q", oaiDCPrefix, q.prefix)}
	}
	if set := t.Set; set != "" {
		f.Keep = func(d *readmodel.Doc) bool { return inSet(setSpecs(d), set) }
	}
	page := p.Model.Harvest(f, oaiAudience, p.pageSize())
	if len(page.Items) == 0 {
		return nil, nil, []oaiError{oaiFail("noRecordsMatch", "no records match the request")}
	}
	var token *oaiResumptionToken
	if q.token != "" || page.Before+len(page.Items) < page.Total {
		token = &oaiResumptionToken{CompleteListSize: page.Total, Cursor: page.Before}
		if page.Before+len(page.Items) < page.Total {
			last := page.Items[len(page.Items)-1]
			t.Date, t.ID = oaiStamp(last.Datestamp), last.ID
			token.Value = t.encode()
		}
	}
	if q.verb == "ListIdentifiers" {
		out := &oaiHeaderList{Token: token}
		for _, it := range page.Items {
			out.Headers = append(out.Headers, p.header(it))
		}
		return out, nil, nil
	}
	out := &oaiRecordList{Token: token}
	for _, it := range page.Items {
		out.Records = append(out.Records, p.record(it))
	}
	return nil, out, nil
}

func (p *oaiResponder) listSets(q oaiQuery) (*oaiSetList, []oaiError) {
	var after string
	if q.token != "" {
		t, err := decodeOAIToken(q.token, q.verb)
		if err != nil {
			return nil, []oaiError{oaiFail("badResumptionToken", "the resumption token is not valid: %v", err)}
		}
		after = t.ID
	}
	sets := p.sets()
	var out oaiSetList
	for _, s := range sets {
		if after != "" && s.Spec <= after {
			continue
		}
		if len(out.Sets) == p.pageSize() {
			break
		}
		out.Sets = append(out.Sets, s)
	}
	if len(out.Sets) == 0 {
		return nil, []oaiError{oaiFail("badResumptionToken", "the list of sets has changed: start again")}
	}
	cursor := 0 // the sets given before: those up to the token's
	for _, s := range sets {
		if after != "" && s.Spec <= after {
			cursor++
		}
	}
	if q.token != "" || len(out.Sets) < len(sets) {
		out.Token = &oaiResumptionToken{CompleteListSize: len(sets), Cursor: cursor}
		if cursor+len(out.Sets) < len(sets) {
			out.Token.Value = oaiToken{V: oaiTokenVersion, Verb: q.verb, ID: out.Sets[len(out.Sets)-1].Spec}.encode()
		}
	}
	return &out, nil
}

// sets lists the sets, ordered by setSpec: "body" and "type", always, and
// under them the sets that hold a record. A body's set comes with its
// parents in the hierarchy (body:CTOC:COP:WG.4 with body:CTOC:COP and
// body:CTOC), named after the body when there is one with that code.
func (p *oaiResponder) sets() []oaiSet {
	names := map[string]string{"body": "Documents by issuing body", "type": "Documents by type"}
	p.Model.Harvest(readmodel.HarvestFilter{Keep: func(d *readmodel.Doc) bool {
		if d.Body != "" {
			parts := strings.Split(d.Body, "/")
			for i := range parts {
				code := strings.Join(parts[:i+1], "/")
				if spec := bodySetSpec(code); names[spec] == "" {
					names[spec] = code
					if b, ok := p.Model.Body(code); ok {
						names[spec], _ = pickText(b.Name)
					}
				}
			}
		}
		names[typeSetSpec(string(d.Type))] = typeName(d.Type)
		return false
	}}, oaiAudience, 0)
	out := make([]oaiSet, 0, len(names))
	for spec, name := range names {
		out = append(out, oaiSet{Spec: spec, Name: name})
	}
	slices.SortFunc(out, func(a, b oaiSet) int { return strings.Compare(a.Spec, b.Spec) })
	return out
}

// typeName writes a document type for people: "Background paper".
func typeName(t catalog.DocType) string {
	s := strings.ReplaceAll(string(t), "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// setSpecs are the sets a document is in.
func setSpecs(d *readmodel.Doc) []string {
	var out []string
	if d.Body != "" {
		out = append(out, bodySetSpec(d.Body))
	}
	return append(out, typeSetSpec(string(d.Type)))
}

func (p *oaiResponder) header(it readmodel.HarvestItem) oaiHeader {
	h := oaiHeader{Identifier: p.identifier(it.ID), Datestamp: oaiStamp(it.Datestamp), SetSpecs: setSpecs(it.Doc)}
	if it.Status == catalog.Withdrawn {
		h.Status = "deleted"
	}
	return h
}

// record is a document's record: a withdrawn one is deleted, without
// metadata.
func (p *oaiResponder) record(it readmodel.HarvestItem) oaiRecord {
	rec := oaiRecord{Header: p.header(it)}
	if rec.Header.Status != "deleted" {
		rec.Metadata = &oaiMetadata{DC: p.dublinCore(it.Doc)}
	}
	return rec
}

// contentOrder is the order in which a name is taken from the languages
// it is given in, as on the pages.
var contentOrder = []catalog.Lang{catalog.English, catalog.French, catalog.Spanish, catalog.Russian, catalog.Chinese, catalog.Arabic, catalog.Portuguese}

// pickText takes a text in English, else the first language in
// contentOrder that has it.
func pickText(t catalog.Text) (string, catalog.Lang) {
	for _, l := range contentOrder {
		if s := t[l]; s != "" {
			return s, l
		}
	}
	return "", ""
}

// dublinCore describes a document in unqualified Dublin Core: a title,
// description and language per version, the symbol and the page as
// identifiers, the issuing body as creator and publisher (a publication's
// own publisher, if it names one), subjects, type, date, and the
// documents it revises, corrects, adds to or supersedes: their pages when
// they are in the catalogue, their symbols when they are not, nothing
// when they are hidden.
func (p *oaiResponder) dublinCore(d *readmodel.Doc) oaiDC {
	dc := oaiDC{XMLNSOAIDC: oaiDCNamespace, XMLNSDC: dcNamespace, XSI: xsiNamespace,
		SchemaLocation: oaiDCNamespace + " " + oaiDCSchema}
	add := func(name, value string, lang catalog.Lang) {
		if value != "" {
			dc.Elements = append(dc.Elements, dcElement{XMLName: xmlName("dc:" + name), Lang: string(lang), Value: value})
		}
	}
	for _, v := range d.Versions {
		add("title", v.Title, v.Lang)
	}
	var body string
	var bodyLang catalog.Lang
	if d.Body != "" {
		body = d.Body
		if b, ok := p.Model.Body(d.Body); ok {
			body, bodyLang = pickText(b.Name)
		}
	}
	add("creator", body, bodyLang)
	for _, s := range d.Subjects {
		add("subject", s, "")
	}
	for _, v := range d.Versions {
		add("description", v.Abstract, v.Lang)
	}
	if pub := d.Publication; pub != nil && pub.Publisher != "" {
		add("publisher", pub.Publisher, "")
	} else {
		add("publisher", body, bodyLang)
	}
	add("date", string(d.Date), "")
	add("type", "Text", "") // the DCMI Type Vocabulary
	add("type", string(d.Type), "")
	add("identifier", d.Symbol, "")
	add("identifier", p.r.DocumentURL(d.ID), "")
	if pub := d.Publication; pub != nil && pub.ISBN != "" {
		add("identifier", "urn:isbn:"+strings.NewReplacer("-", "", " ", "").Replace(pub.ISBN), "")
	}
	for _, v := range d.Versions {
		add("language", string(v.Lang), "")
	}
	for _, r := range d.Relations {
		if t, ok := p.Model.Document(r.Target, oaiAudience); ok {
			if t.Open() {
				add("relation", p.r.DocumentURL(r.Target), "")
			}
		} else if p.Model.Linkable(r.Target, oaiAudience) {
			add("relation", r.Target, "") // published elsewhere
		}
	}
	return dc
}
