package catalog

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"plenary/internal/symbol"
)

// Kind names a kind of catalogue record.
type Kind string

// The kinds of catalogue records.
const (
	KindBody           Kind = "body"
	KindSession        Kind = "session"
	KindDocument       Kind = "document"
	KindRecommendation Kind = "recommendation"
)

// Kinds lists every kind in the order in which records can refer to each
// other: a session names its body, a document its session, a recommendation
// its document.
var Kinds = []Kind{KindBody, KindSession, KindDocument, KindRecommendation}

// Entity is a catalogue record: a Body, Session, Document or Recommendation.
type Entity interface {
	// EntityKind says which kind of record this is.
	EntityKind() Kind
	// Key is the record's stable id, unique within its kind.
	Key() string
	// Normalize fills defaults and puts fields in canonical form.
	Normalize()
	// Validate reports every problem with the record, without I/O, as Errors.
	Validate() error
}

const (
	maxIDLen      = 120
	maxKeywordLen = 60
	maxTitleLen   = 2000
	maxNumberLen  = 20
	maxNameLen    = 500
)

var (
	codePattern    = regexp.MustCompile(`^[A-Z0-9]+(?:[.\-][A-Z0-9]+)*(?:/[A-Z0-9]+(?:[.\-][A-Z0-9]+)*)*$`)
	slugPattern    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._\-]*(?:/[A-Za-z0-9][A-Za-z0-9._\-]*)*$`)
	keywordPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	numberPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9.()\- ]*$`)
)

// validCode checks a body code such as "CTOC/COP/WG.4".
func validCode(v *validator, field, code string) {
	switch {
	case code == "":
		v.add(field, CodeRequired, "required")
	case len(code) > maxIDLen:
		v.add(field, CodeTooLong, "longer than %d characters", maxIDLen)
	case !codePattern.MatchString(code):
		v.add(field, CodeInvalid, "%q is not a body code (letters, digits, '.', '-', elements separated by '/', e.g. CTOC/COP/WG.4)", code)
	}
}

// validSlug checks a stable id such as "CTOC/COP/WG.4/12" or
// "covid-19-and-smuggling-of-migrants".
func validSlug(v *validator, field, id string) {
	switch {
	case id == "":
		v.add(field, CodeRequired, "required")
	case len(id) > maxIDLen:
		v.add(field, CodeTooLong, "longer than %d characters", maxIDLen)
	case !slugPattern.MatchString(id):
		v.add(field, CodeInvalid, "%q is not a valid id (letters, digits, '.', '-', '_', elements separated by '/')", id)
	}
}

// normalizeKeywords lowercases subjects or themes, joins words with a
// single '-' (whatever spaces, hyphens or underscores separated them), and
// drops empty entries and duplicates, keeping the first order.
func normalizeKeywords(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range in {
		s = strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return r == '-' || r == '_' || unicode.IsSpace(r)
		}), "-")
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func validKeywords(v *validator, field string, kws []string) {
	for i, k := range kws {
		if len(k) > maxKeywordLen || !keywordPattern.MatchString(k) {
			v.add(indexed(field, i), CodeInvalid, "%q is not a keyword (lowercase letters and digits joined by '-')", k)
		}
	}
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}

// validRef checks a reference to a document or session: a document symbol
// or a stable id.
func validRef(v *validator, field, ref string) {
	if _, err := symbol.Parse(ref); err == nil {
		return
	}
	validSlug(v, field, ref)
}
