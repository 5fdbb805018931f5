package catalog

import "strings"

// Recommendation is a numbered recommendation adopted at a session, as it
// appears in the session's report, with the later documents that act on it.
type Recommendation struct {
	ID       string     `json:"id" bson:"-"`
	Session  string     `json:"session" bson:"session"`
	Document string     `json:"document,omitempty" bson:"document,omitempty"`
	Number   string     `json:"number" bson:"number"`
	Themes   []string   `json:"themes,omitempty" bson:"themes,omitempty"`
	Text     Text       `json:"text" bson:"text"`
	FollowUp []FollowUp `json:"follow_up,omitempty" bson:"follow_up,omitempty"`
	// Sample marks demonstration content.
	Sample bool `json:"sample,omitempty" bson:"sample,omitempty"`
}

// FollowUp is a later document that acts on a recommendation: a
// resolution, a later report, a background paper.
type FollowUp struct {
	Document string `json:"document" bson:"document"`
	Note     Text   `json:"note,omitempty" bson:"note,omitempty"`
}

// EntityKind implements Entity.
func (r *Recommendation) EntityKind() Kind { return KindRecommendation }

// Key implements Entity: the recommendation id.
func (r *Recommendation) Key() string { return r.ID }

// Normalize implements Entity. The id defaults to "<document>#<number>",
// or "<session>#<number>" when the report is not given.
func (r *Recommendation) Normalize() {
	r.Session = strings.TrimSpace(r.Session)
	r.Document = normalizeRef(r.Document)
	r.Number = strings.TrimSpace(r.Number)
	r.ID = strings.TrimSpace(r.ID)
	if r.ID == "" && r.Number != "" {
		if r.Document != "" {
			r.ID = r.Document + "#" + r.Number
		} else if r.Session != "" {
			r.ID = r.Session + "#" + r.Number
		}
	}
	r.Themes = normalizeKeywords(r.Themes)
	r.Text = r.Text.normalize()
	for i := range r.FollowUp {
		r.FollowUp[i].Document = normalizeRef(r.FollowUp[i].Document)
		r.FollowUp[i].Note = r.FollowUp[i].Note.normalize()
	}
}

// Validate implements Entity.
func (r *Recommendation) Validate() error {
	var v validator
	base, num, ok := strings.Cut(r.ID, "#")
	var idErrs validator
	if ok {
		validRef(&idErrs, "id", base)
	}
	switch {
	case r.ID == "":
		v.add("id", CodeRequired, "required (or give number with document or session)")
	case !ok || len(idErrs.errs) > 0 || !numberPattern.MatchString(num) || len(r.ID) > maxIDLen:
		v.add("id", CodeInvalid, "%q is not a recommendation id (want <document or session>#<number>)", r.ID)
	}
	validSlug(&v, "session", r.Session)
	if r.Document != "" {
		validRef(&v, "document", r.Document)
	}
	switch {
	case !v.required("number", r.Number):
	case len(r.Number) > maxNumberLen:
		v.add("number", CodeTooLong, "longer than %d characters", maxNumberLen)
	case !numberPattern.MatchString(r.Number):
		v.add("number", CodeInvalid, "%q is not a recommendation number", r.Number)
	}
	validKeywords(&v, "themes", r.Themes)
	r.Text.validate(&v, "text", true, MaxAbstractLen)
	for i, f := range r.FollowUp {
		v.required(indexed("follow_up", i)+".document", f.Document)
		f.Note.validate(&v, indexed("follow_up", i)+".note", false, maxTitleLen)
	}
	return v.err()
}
