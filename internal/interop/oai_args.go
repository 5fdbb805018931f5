package interop

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"plenary/internal/readmodel"
)

// Arguments, dates, set specs, identifiers and resumption tokens.

// oaiArgs are the arguments each verb takes.
var oaiArgs = map[string]struct {
	required, optional []string
	// resumable verbs take a resumptionToken, and then nothing else.
	resumable bool
}{
	"Identify":            {},
	"ListMetadataFormats": {optional: []string{"identifier"}},
	"ListSets":            {resumable: true},
	"GetRecord":           {required: []string{"identifier", "metadataPrefix"}},
	"ListIdentifiers":     {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, resumable: true},
	"ListRecords":         {required: []string{"metadataPrefix"}, optional: []string{"from", "until", "set"}, resumable: true},
}

// oaiDatePattern is a datestamp argument: a day, or a second in UTC.
var oaiDatePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$`)

// parseOAIDate reads a from or until argument. A day stands for its
// first second (from) or its last (until). It reports whether the date
// has second granularity.
func parseOAIDate(s string, until bool) (t time.Time, seconds bool, err error) {
	if !oaiDatePattern.MatchString(s) {
		return time.Time{}, false, fmt.Errorf("%q is not a date (YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)", s)
	}
	if len(s) == len("2006-01-02") {
		t, err = time.Parse("2006-01-02", s)
		if err == nil && until {
			t = t.Add(24*time.Hour - time.Second)
		}
		return t, false, err
	}
	t, err = time.Parse(oaiDatestampForm, s)
	return t, true, err
}

// setSpecPattern is the syntax of a setSpec.
var setSpecPattern = regexp.MustCompile(`^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$`)

// bodySetSpec is the set of a body's documents: "body:" and the body code
// with its "/" written ":", the separator of the set hierarchy, so that
// body:CTOC:COP:WG.4 is a subset of body:CTOC:COP. Body codes are made of
// letters, digits, "." and "-", all allowed in a setSpec.
func bodySetSpec(code string) string { return "body:" + strings.ReplaceAll(code, "/", ":") }

// typeSetSpec is the set of the documents of a type: type:background-paper.
func typeSetSpec(t string) string { return "type:" + t }

// inSet reports whether an item in the sets specs is in set: in it or in
// one of its subsets.
func inSet(specs []string, set string) bool {
	for _, s := range specs {
		if s == set || strings.HasPrefix(s, set+":") {
			return true
		}
	}
	return false
}

// oaiLocalSafe are the characters an identifier keeps as they are: the
// unreserved and reserved characters of the oai-identifier syntax. Others,
// and "%", are percent-encoded, so that an identifier reads like the
// document id ("oai:example.org:CTOC/COP/WG.4/2021/2").
const oaiLocalSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,"

func escapeOAILocal(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		if c := id[i]; strings.IndexByte(oaiLocalSafe, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func unescapeOAILocal(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", false
		}
		c, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", false
		}
		b.WriteByte(byte(c))
		i += 2
	}
	id := b.String()
	return id, escapeOAILocal(id) == s // only the one spelling we give out
}

// oaiToken is what a resumption token holds: the request's arguments and
// where the last page ended. It is stateless: any server holding the same
// catalogue can resume it, after a restart too.
type oaiToken struct {
	V      int    `json:"v"`
	Verb   string `json:"verb"`
	Prefix string `json:"p,omitempty"`
	From   string `json:"f,omitempty"` // datestamps in seconds, bounds included
	Until  string `json:"u,omitempty"`
	Set    string `json:"s,omitempty"`
	// Date and ID are the key of the last record given; ID alone the
	// last set of a ListSets.
	Date string `json:"d,omitempty"`
	ID   string `json:"i"`
}

const (
	oaiTokenVersion = 1
	maxOAIToken     = 2048
)

func (t oaiToken) encode() string {
	b, _ := json.Marshal(t) // strings and an int: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeOAIToken reads a token for verb strictly: it must be one this
// server writes, byte for byte.
func decodeOAIToken(s, verb string) (oaiToken, error) {
	var t oaiToken
	if len(s) > maxOAIToken {
		return t, fmt.Errorf("too long")
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return t, fmt.Errorf("not base64url")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return t, fmt.Errorf("unreadable")
	}
	if t.encode() != s {
		return t, fmt.Errorf("not in the form this server writes")
	}
	if t.V != oaiTokenVersion || t.Verb != verb || t.ID == "" {
		return t, fmt.Errorf("not a token for %s", verb)
	}
	if verb == "ListSets" {
		if t.Prefix != "" || t.From != "" || t.Until != "" || t.Set != "" || t.Date != "" {
			return t, fmt.Errorf("not a token for %s", verb)
		}
		return t, nil
	}
	if t.Prefix != oaiDCPrefix {
		return t, fmt.Errorf("unknown metadata format")
	}
	from, until, last := t.times()
	if t.From != "" && from.IsZero() || t.Until != "" && until.IsZero() || last.IsZero() ||
		!from.IsZero() && !until.IsZero() && from.After(until) {
		return t, fmt.Errorf("bad dates")
	}
	if t.Set != "" && !setSpecPattern.MatchString(t.Set) {
		return t, fmt.Errorf("bad set")
	}
	return t, nil
}

// times are the token's bounds and last datestamp, zero when absent or
// unreadable.
func (t oaiToken) times() (from, until, last time.Time) {
	read := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		v, _ := time.Parse(oaiDatestampForm, s)
		if v.Format(oaiDatestampForm) != s {
			return time.Time{}
		}
		return v
	}
	return read(t.From), read(t.Until), read(t.Date)
}

// after is the key of the last record the token's page gave.
func (t oaiToken) after() *readmodel.HarvestKey {
	_, _, last := t.times()
	return &readmodel.HarvestKey{Datestamp: last, ID: t.ID}
}

// oaiStamp writes a datestamp or bound.
func oaiStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(oaiDatestampForm)
}
