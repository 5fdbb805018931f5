package interop

import (
	"bytes"
	"encoding/xml"
)

// The XML of OAI-PMH responses. encoding/xml writes prefixed names
// ("dc:title", "xsi:schemaLocation") as given, and declares each
// namespace as an attribute where it is first used.

// Namespaces and schemas.
const (
	oaiNamespace     = "http://www.openarchives.org/OAI/2.0/"
	oaiSchema        = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
	xsiNamespace     = "http://www.w3.org/2001/XMLSchema-instance"
	oaiDCNamespace   = "http://www.openarchives.org/OAI/2.0/oai_dc/"
	oaiDCSchema      = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
	dcNamespace      = "http://purl.org/dc/elements/1.1/"
	oaiIDNamespace   = "http://www.openarchives.org/OAI/2.0/oai-identifier"
	oaiIDSchema      = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
	oaiDatestampForm = "2006-01-02T15:04:05Z"
)

type oaiEnvelope struct {
	XMLName        xml.Name `xml:"OAI-PMH"`
	XMLNS          string   `xml:"xmlns,attr"`
	XSI            string   `xml:"xmlns:xsi,attr"`
	SchemaLocation string   `xml:"xsi:schemaLocation,attr"`

	ResponseDate string        `xml:"responseDate"`
	Request      oaiRequestTag `xml:"request"`
	Errors       []oaiError    `xml:"error"`

	Identify            *oaiIdentify   `xml:"Identify"`
	ListMetadataFormats *oaiFormatList `xml:"ListMetadataFormats"`
	ListSets            *oaiSetList    `xml:"ListSets"`
	GetRecord           *oaiRecordList `xml:"GetRecord"`
	ListIdentifiers     *oaiHeaderList `xml:"ListIdentifiers"`
	ListRecords         *oaiRecordList `xml:"ListRecords"`
}

// oaiRequestTag echoes the request: the arguments as attributes, the
// endpoint as content.
type oaiRequestTag struct {
	Verb            string `xml:"verb,attr,omitempty"`
	Identifier      string `xml:"identifier,attr,omitempty"`
	MetadataPrefix  string `xml:"metadataPrefix,attr,omitempty"`
	From            string `xml:"from,attr,omitempty"`
	Until           string `xml:"until,attr,omitempty"`
	Set             string `xml:"set,attr,omitempty"`
	ResumptionToken string `xml:"resumptionToken,attr,omitempty"`
	URL             string `xml:",chardata"`
}

type oaiError struct {
	Code    string `xml:"code,attr"`
	Message string `xml:",chardata"`
}

type oaiIdentify struct {
	RepositoryName    string           `xml:"repositoryName"`
	BaseURL           string           `xml:"baseURL"`
	ProtocolVersion   string           `xml:"protocolVersion"`
	AdminEmail        []string         `xml:"adminEmail"`
	EarliestDatestamp string           `xml:"earliestDatestamp"`
	DeletedRecord     string           `xml:"deletedRecord"`
	Granularity       string           `xml:"granularity"`
	Description       []oaiDescription `xml:"description"`
}

type oaiDescription struct {
	Identifier *oaiIdentifierScheme `xml:"oai-identifier"`
}

// oaiIdentifierScheme describes the identifiers (the oai-identifier
// scheme of the OAI-PMH guidelines).
type oaiIdentifierScheme struct {
	XMLNS                string `xml:"xmlns,attr"`
	XSI                  string `xml:"xmlns:xsi,attr"`
	SchemaLocation       string `xml:"xsi:schemaLocation,attr"`
	Scheme               string `xml:"scheme"`
	RepositoryIdentifier string `xml:"repositoryIdentifier"`
	Delimiter            string `xml:"delimiter"`
	SampleIdentifier     string `xml:"sampleIdentifier"`
}

type oaiFormatList struct {
	Formats []oaiFormat `xml:"metadataFormat"`
}

type oaiFormat struct {
	Prefix    string `xml:"metadataPrefix"`
	Schema    string `xml:"schema"`
	Namespace string `xml:"metadataNamespace"`
}

type oaiSetList struct {
	Sets  []oaiSet            `xml:"set"`
	Token *oaiResumptionToken `xml:"resumptionToken"`
}

type oaiSet struct {
	Spec string `xml:"setSpec"`
	Name string `xml:"setName"`
}

type oaiHeaderList struct {
	Headers []oaiHeader         `xml:"header"`
	Token   *oaiResumptionToken `xml:"resumptionToken"`
}

type oaiRecordList struct {
	Records []oaiRecord         `xml:"record"`
	Token   *oaiResumptionToken `xml:"resumptionToken"`
}

type oaiResumptionToken struct {
	CompleteListSize int    `xml:"completeListSize,attr"`
	Cursor           int    `xml:"cursor,attr"`
	Value            string `xml:",chardata"`
}

type oaiHeader struct {
	Status     string   `xml:"status,attr,omitempty"`
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	SetSpecs   []string `xml:"setSpec"`
}

type oaiRecord struct {
	Header   oaiHeader    `xml:"header"`
	Metadata *oaiMetadata `xml:"metadata"`
}

type oaiMetadata struct {
	DC oaiDC `xml:"oai_dc:dc"`
}

// oaiDC is an unqualified Dublin Core record.
type oaiDC struct {
	XMLNSOAIDC     string      `xml:"xmlns:oai_dc,attr"`
	XMLNSDC        string      `xml:"xmlns:dc,attr"`
	XSI            string      `xml:"xmlns:xsi,attr"`
	SchemaLocation string      `xml:"xsi:schemaLocation,attr"`
	Elements       []dcElement // each named by its XMLName: dc:title, dc:creator, …
}

// dcElement is one Dublin Core element, in a language or not.
type dcElement struct {
	XMLName xml.Name
	Lang    string `xml:"xml:lang,attr,omitempty"`
	Value   string `xml:",chardata"`
}

// marshal writes the response as a UTF-8 XML document.
func (e *oaiEnvelope) marshal() ([]byte, error) {
	e.XMLNS, e.XSI = oaiNamespace, xsiNamespace
	e.SchemaLocation = oaiNamespace + " " + oaiSchema
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// xmlName is an element name written as it is, prefix included.
func xmlName(s string) xml.Name { return xml.Name{Local: s} }
