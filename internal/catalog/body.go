package catalog

import "strings"

// Category says what kind of organ a body is.
type Category string

// The body categories.
const (
	CategoryCommission   Category = "commission"
	CategoryConference   Category = "conference"
	CategoryWorkingGroup Category = "working-group"
	CategoryAssembly     Category = "assembly"
	CategoryEvent        Category = "event"
)

// Categories lists every body category.
var Categories = []Category{CategoryCommission, CategoryConference, CategoryWorkingGroup, CategoryAssembly, CategoryEvent}

// Body is an intergovernmental organ or a recurring event: the Commission
// on Crime Prevention and Criminal Justice, the Conference of the Parties
// to UNTOC and its working groups, the General Assembly, a world day.
// Its code is the symbol prefix of its documents where it has one.
type Body struct {
	Code        string   `json:"code" bson:"-"`
	Name        Text     `json:"name" bson:"name"`
	ShortName   Text     `json:"short_name,omitempty" bson:"short_name,omitempty"`
	Parent      string   `json:"parent,omitempty" bson:"parent,omitempty"`
	Category    Category `json:"category" bson:"category"`
	Description Text     `json:"description,omitempty" bson:"description,omitempty"`
	// Sample marks demonstration content.
	Sample bool `json:"sample,omitempty" bson:"sample,omitempty"`
}

// EntityKind implements Entity.
func (b *Body) EntityKind() Kind { return KindBody }

// Key implements Entity: the body code.
func (b *Body) Key() string { return b.Code }

// Normalize implements Entity: codes are upper case, texts trimmed.
func (b *Body) Normalize() {
	b.Code = strings.ToUpper(strings.TrimSpace(b.Code))
	b.Parent = strings.ToUpper(strings.TrimSpace(b.Parent))
	b.Name = b.Name.normalize()
	b.ShortName = b.ShortName.normalize()
	b.Description = b.Description.normalize()
}

// Validate implements Entity.
func (b *Body) Validate() error {
	var v validator
	validCode(&v, "code", b.Code)
	b.Name.validate(&v, "name", true, maxNameLen)
	b.ShortName.validate(&v, "short_name", false, maxNameLen)
	b.Description.validate(&v, "description", false, 0)
	if b.Parent != "" {
		validCode(&v, "parent", b.Parent)
		if b.Parent == b.Code {
			v.add("parent", CodeInvalid, "a body cannot be its own parent")
		}
	}
	oneOf(&v, "category", b.Category, Categories)
	return v.err()
}
