package catalog

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"time"

	"plenary/internal/symbol"
)

// DocType is the kind of a document.
type DocType string

// The document types.
const (
	TypeAgenda               DocType = "agenda"
	TypeAnnotatedAgenda      DocType = "annotated-agenda"
	TypeBackgroundPaper      DocType = "background-paper"
	TypeReport               DocType = "report"
	TypeRecommendations      DocType = "recommendations"
	TypeResolution           DocType = "resolution"
	TypeDecision             DocType = "decision"
	TypeDraftResolution      DocType = "draft-resolution"
	TypeConferenceRoomPaper  DocType = "conference-room-paper"
	TypeInformationNote      DocType = "information-note"
	TypeStatement            DocType = "statement"
	TypeGuide                DocType = "guide"
	TypePublication          DocType = "publication"
	TypePoliticalDeclaration DocType = "political-declaration"
	TypeOther                DocType = "other"
)

// DocTypes lists every document type.
var DocTypes = []DocType{
	TypeAgenda, TypeAnnotatedAgenda, TypeBackgroundPaper, TypeReport, TypeRecommendations,
	TypeResolution, TypeDecision, TypeDraftResolution, TypeConferenceRoomPaper,
	TypeInformationNote, TypeStatement, TypeGuide, TypePublication, TypePoliticalDeclaration, TypeOther,
}

// Distribution is who a document is meant for.
type Distribution string

// The distributions. Limited documents (drafts such as L. documents) are
// public; restricted ones are for participants only.
const (
	General    Distribution = "general"
	Limited    Distribution = "limited"
	Restricted Distribution = "restricted"
)

// Distributions lists every distribution.
var Distributions = []Distribution{General, Limited, Restricted}

// Status is where a document is in its publishing workflow.
type Status string

// The document statuses.
const (
	Draft     Status = "draft"
	Published Status = "published"
	Withdrawn Status = "withdrawn"
)

// Statuses lists every status.
var Statuses = []Status{Draft, Published, Withdrawn}

// RelationType says how a document relates to another.
type RelationType string

// The relation types.
const (
	Revises    RelationType = "revises"
	Corrects   RelationType = "corrects"
	AddsTo     RelationType = "adds-to"
	Supersedes RelationType = "supersedes"
)

// RelationTypes lists every relation type.
var RelationTypes = []RelationType{Revises, Corrects, AddsTo, Supersedes}

// Extraction is the state of a version's text extraction. The empty
// state means there is nothing to do: the text is there, or there is no file.
type Extraction string

// The extraction states.
const (
	ExtractionPending Extraction = "pending"
	ExtractionFailed  Extraction = "failed"
)

// Relation links a document to another one by id.
type Relation struct {
	Type   RelationType `json:"type" bson:"type"`
	Target string       `json:"target" bson:"target"`
}

// Publication holds the fields a sales publication has.
type Publication struct {
	ISBN        string `json:"isbn,omitempty" bson:"isbn,omitempty"`
	Series      string `json:"series,omitempty" bson:"series,omitempty"`
	SalesNumber string `json:"sales_number,omitempty" bson:"sales_number,omitempty"`
	Publisher   string `json:"publisher,omitempty" bson:"publisher,omitempty"`
}

// File is the file of one language version, kept in the blob store under
// its SHA-256.
type File struct {
	Name      string `json:"name" bson:"name"`
	MediaType string `json:"media_type" bson:"media_type"`
	Size      int64  `json:"size" bson:"size"`
	SHA256    string `json:"sha256" bson:"sha256"`
	// Path is where an import takes the file from, relative to the import
	// file. It is set only while importing and never stored.
	Path string `json:"-" bson:"-"`
}

// UnmarshalJSON accepts a file object or, in an import, a relative path.
func (f *File) UnmarshalJSON(data []byte) error {
	var path string
	if err := json.Unmarshal(data, &path); err == nil {
		*f = File{Path: path}
		return nil
	}
	type plain File
	var p plain
	if err := decodeStrict(data, &p, "file"); err != nil {
		return err
	}
	*f = File(p)
	return nil
}

// Version is a document in one language.
type Version struct {
	Lang     Lang   `json:"lang" bson:"lang"`
	Title    string `json:"title" bson:"title"`
	Abstract string `json:"abstract,omitempty" bson:"abstract,omitempty"`
	Text     string `json:"text,omitempty" bson:"text,omitempty"`
	// Date is when this language version was issued, if not the document's date.
	Date Date `json:"date,omitempty" bson:"date,omitempty"`
	// Unedited marks an advance unedited version.
	Unedited bool  `json:"unedited,omitempty" bson:"unedited,omitempty"`
	File     *File `json:"file,omitempty" bson:"file,omitempty"`
	// Extraction says where getting the text out of File stands: pending
	// after an upload, failed (with the reason) when no text came out.
	Extraction      Extraction `json:"extraction,omitempty" bson:"extraction,omitempty"`
	ExtractionError string     `json:"extraction_error,omitempty" bson:"extraction_error,omitempty"`

	// pos is 1 + the version's index in the input, kept through the sort
	// into language order so that errors name the field as it was given.
	pos int
}

// Document is one document with all its language versions. Its id is its
// symbol when it has one, else a given slug.
type Document struct {
	ID           string       `json:"id" bson:"-"`
	Symbol       string       `json:"symbol,omitempty" bson:"symbol,omitempty"`
	Type         DocType      `json:"type" bson:"type"`
	Body         string       `json:"body,omitempty" bson:"body,omitempty"`
	Session      string       `json:"session,omitempty" bson:"session,omitempty"`
	AgendaItems  []string     `json:"agenda_items,omitempty" bson:"agenda_items,omitempty"`
	Date         Date         `json:"date" bson:"date"`
	Distribution Distribution `json:"distribution" bson:"distribution"`
	Status       Status       `json:"status" bson:"status"`
	Subjects     []string     `json:"subjects,omitempty" bson:"subjects,omitempty"`
	Relations    []Relation   `json:"relations,omitempty" bson:"relations,omitempty"`
	Publication  *Publication `json:"publication,omitempty" bson:"publication,omitempty"`
	Versions     []Version    `json:"versions" bson:"versions"`
	// PublishAt, on a draft, is when it is to be published by itself.
	PublishAt *time.Time `json:"publish_at,omitempty" bson:"publish_at,omitempty"`
	// Sample marks demonstration content.
	Sample bool `json:"sample,omitempty" bson:"sample,omitempty"`
}

// Limits on the size of a document's texts.
const (
	MaxAbstractLen = 20_000
	MaxTextLen     = 2_000_000
)

// EntityKind implements Entity.
func (d *Document) EntityKind() Kind { return KindDocument }

// Key implements Entity: the document id.
func (d *Document) Key() string { return d.ID }

// Version returns the version in lang.
func (d *Document) Version(lang Lang) (*Version, bool) {
	for i := range d.Versions {
		if d.Versions[i].Lang == lang {
			return &d.Versions[i], true
		}
	}
	return nil, false
}

// Langs lists the languages the document exists in, in Languages order.
func (d *Document) Langs() []Lang {
	out := make([]Lang, 0, len(d.Versions))
	for _, v := range d.Versions {
		out = append(out, v.Lang)
	}
	return out
}

// Audience is who is looking at the catalogue.
type Audience int

// The audiences, each seeing what the previous one sees and more.
const (
	// Public is an anonymous visitor.
	Public Audience = iota
	// Participant is a signed-in delegate, who may read restricted documents.
	Participant
	// Staff is a secretariat editor or administrator, who also sees drafts.
	Staff
)

// VisibleTo reports whether a may see the document at all. Drafts are for
// staff only; restricted documents for participants and staff. A withdrawn
// document stays visible, with a notice.
func (d *Document) VisibleTo(a Audience) bool {
	if d.Status == Draft && a < Staff {
		return false
	}
	if d.Distribution == Restricted && a < Participant {
		return false
	}
	return true
}

// Open reports whether the document is open data: published, for
// everyone. Feeds, sitemaps, citations and structured data carry only
// such documents (a withdrawn one keeps its page, and is an OAI-PMH
// deleted record).
func (d *Document) Open() bool {
	return d.Status == Published && d.VisibleTo(Public)
}

// Normalize implements Entity. It normalises the symbol and makes it the
// id, sorts versions into language order, and adds the relation that the
// symbol implies (…/Rev.1 revises …, …/Corr.1 corrects …, …/Add.1 adds to …).
func (d *Document) Normalize() {
	d.ID = strings.TrimSpace(d.ID)
	d.Symbol = strings.TrimSpace(d.Symbol)
	if sym, err := symbol.Parse(d.Symbol); err == nil {
		d.Symbol = sym.String()
		if d.ID == "" {
			d.ID = d.Symbol
		} else if norm, err := symbol.Parse(d.ID); err == nil && norm.String() == d.Symbol {
			d.ID = d.Symbol
		}
		d.addImpliedRelation(sym)
	} else if d.Symbol == "" {
		// An id written like a symbol is normalised like one, so that
		// references to it, which are normalised, find it.
		d.ID = normalizeRef(d.ID)
	}
	d.Body = strings.ToUpper(strings.TrimSpace(d.Body))
	d.Session = strings.TrimSpace(d.Session)
	for i := range d.AgendaItems {
		d.AgendaItems[i] = strings.TrimSpace(d.AgendaItems[i])
	}
	if d.Distribution == "" {
		d.Distribution = General
	}
	d.Subjects = normalizeKeywords(d.Subjects)
	for i := range d.Relations {
		d.Relations[i].Target = normalizeRef(d.Relations[i].Target)
	}
	for i := range d.Versions {
		v := &d.Versions[i]
		v.Title = strings.TrimSpace(v.Title)
		v.Abstract = strings.TrimSpace(v.Abstract)
		v.Text = strings.TrimSpace(v.Text)
	}
	for i := range d.Versions {
		if d.Versions[i].pos == 0 {
			d.Versions[i].pos = i + 1
		}
	}
	slices.SortStableFunc(d.Versions, func(a, b Version) int { return a.Lang.Index() - b.Lang.Index() })
	if p := d.Publication; p != nil {
		p.ISBN = strings.TrimSpace(p.ISBN)
		p.Series = strings.TrimSpace(p.Series)
		p.SalesNumber = strings.TrimSpace(p.SalesNumber)
		p.Publisher = strings.TrimSpace(p.Publisher)
		if *p == (Publication{}) {
			d.Publication = nil
		}
	}
}

// InputIndex returns the index that the version now at i had in the input,
// before Normalize sorted the versions into language order.
func (d *Document) InputIndex(i int) int {
	if p := d.Versions[i].pos; p > 0 {
		return p - 1
	}
	return i
}

// normalizeRef puts a reference to a document in canonical form: a symbol
// is normalised, a slug is kept as given.
func normalizeRef(ref string) string {
	ref = strings.TrimSpace(ref)
	if sym, err := symbol.Parse(ref); err == nil {
		return sym.String()
	}
	return ref
}

// addImpliedRelation links a symbol with a suffix to the document it
// revises, corrects or adds to, unless a relation to it is already given.
func (d *Document) addImpliedRelation(sym symbol.Symbol) {
	parent, ok := sym.Parent()
	if !ok {
		return
	}
	var typ RelationType
	switch symbol.Relate(sym, parent) {
	case symbol.Revises:
		typ = Revises
	case symbol.Corrects:
		typ = Corrects
	case symbol.AddsTo:
		typ = AddsTo
	default:
		return
	}
	target := parent.String()
	for _, r := range d.Relations {
		if normalizeRef(r.Target) == target {
			return
		}
	}
	d.Relations = append(d.Relations, Relation{Type: typ, Target: target})
}

var sha256Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

// Validate implements Entity.
func (d *Document) Validate() error {
	var v validator
	if d.Symbol != "" {
		sym, err := symbol.Parse(d.Symbol)
		if err != nil {
			v.add("symbol", CodeInvalidSymbol, "%v", err)
		} else if d.ID != sym.String() {
			v.add("id", CodeInvalid, "%q must equal the symbol %q (or be left out)", d.ID, sym.String())
		}
	} else if d.ID == "" {
		v.add("id", CodeRequired, "required when there is no symbol")
	} else {
		validSlug(&v, "id", d.ID)
	}
	oneOf(&v, "type", d.Type, DocTypes)
	if d.Body != "" {
		validCode(&v, "body", d.Body)
	}
	if d.Session != "" {
		validSlug(&v, "session", d.Session)
	}
	if len(d.AgendaItems) > 0 && d.Session == "" {
		v.add("agenda_items", CodeInvalid, "agenda items need a session")
	}
	for i, a := range d.AgendaItems {
		v.required(indexed("agenda_items", i), a)
	}
	d.Date.validate(&v, "date", true)
	oneOf(&v, "distribution", d.Distribution, Distributions)
	oneOf(&v, "status", d.Status, Statuses)
	if d.PublishAt != nil && d.Status != Draft {
		v.add("publish_at", CodeInvalid, "only a draft can be scheduled for publication")
	}
	validKeywords(&v, "subjects", d.Subjects)
	for i, r := range d.Relations {
		f := indexed("relations", i)
		oneOf(&v, f+".type", r.Type, RelationTypes)
		if v.required(f+".target", r.Target) && r.Target == d.ID {
			v.add(f+".target", CodeInvalid, "a document cannot relate to itself")
		}
	}
	if p := d.Publication; p != nil && p.ISBN != "" && !ValidISBN(p.ISBN) {
		v.add("publication.isbn", CodeInvalid, "%q is not a valid ISBN (check digit or length)", p.ISBN)
	}
	if len(d.Versions) == 0 {
		v.add("versions", CodeRequired, "at least one language version is required")
	}
	seen := map[Lang]bool{}
	for i, ver := range d.Versions {
		f := indexed("versions", d.InputIndex(i))
		switch {
		case ver.Lang == "":
			v.add(f+".lang", CodeRequired, "required (one of %s)", languageList())
		case !ver.Lang.Valid():
			v.add(f+".lang", CodeUnknownLanguage, "unknown language %q (want one of %s)", string(ver.Lang), languageList())
		case seen[ver.Lang]:
			v.add(f+".lang", CodeDuplicate, "a second %q version", string(ver.Lang))
		}
		seen[ver.Lang] = true
		if v.required(f+".title", ver.Title) && len(ver.Title) > maxTitleLen {
			v.add(f+".title", CodeTooLong, "longer than %d bytes", maxTitleLen)
		}
		if len(ver.Abstract) > MaxAbstractLen {
			v.add(f+".abstract", CodeTooLong, "longer than %d bytes", MaxAbstractLen)
		}
		if len(ver.Text) > MaxTextLen {
			v.add(f+".text", CodeTooLong, "longer than %d bytes", MaxTextLen)
		}
		ver.Date.validate(&v, f+".date", false)
		if ver.Extraction != "" {
			oneOf(&v, f+".extraction", ver.Extraction, []Extraction{ExtractionPending, ExtractionFailed})
			if ver.File == nil {
				v.add(f+".extraction", CodeInvalid, "only a version with a file has an extraction state")
			}
		}
		if file := ver.File; file != nil {
			switch {
			case file.Path != "":
				if !fs.ValidPath(file.Path) || file.Path == "." {
					v.add(f+".file", CodeInvalid, "%q must be a path relative to the import file, inside its folder", file.Path)
				}
			case !sha256Pattern.MatchString(file.SHA256):
				v.add(f+".file.sha256", CodeInvalid, "must be 64 lowercase hexadecimal digits")
			case file.Size < 0:
				v.add(f+".file.size", CodeInvalid, "must not be negative")
			}
		}
	}
	return v.err()
}

// ValidISBN checks the length and check digit of an ISBN-10 or ISBN-13,
// ignoring hyphens and spaces.
func ValidISBN(s string) bool {
	digits := strings.NewReplacer("-", "", " ", "").Replace(s)
	switch len(digits) {
	case 13:
		sum := 0
		for i, c := range digits {
			if c < '0' || c > '9' {
				return false
			}
			w := 1
			if i%2 == 1 {
				w = 3
			}
			sum += int(c-'0') * w
		}
		return sum%10 == 0
	case 10:
		sum := 0
		for i, c := range digits {
			var n int
			switch {
			case c >= '0' && c <= '9':
				n = int(c - '0')
			case (c == 'X' || c == 'x') && i == 9:
				n = 10
			default:
				return false
			}
			sum += n * (10 - i)
		}
		return sum%11 == 0
	}
	return false
}
