package web

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"

	"plenary/internal/apperr"
	"plenary/internal/catalog"
	"plenary/internal/publish"
	"plenary/internal/upload"
)

// form is an editor's form as entered, with what is wrong with it, field
// by field, in the interface language. Field names are the catalogue's
// field paths ("title.fr", "agenda[2].item", "venue.city"), so that the
// errors the catalogue reports land next to their inputs.
type form struct {
	t      *T
	Values url.Values
	// Errors holds the messages of each field.
	Errors map[string][]formError
	// Summary lists every message in order, for the list above the form.
	Summary []formError
}

// formError is one message about one field.
type formError struct {
	Field string
	// ID is the input's id, for a link from the summary; "" when the
	// field has no input of its own.
	ID      string
	Message string
	// Detail is the precise reason, in English, when the message alone
	// does not say it.
	Detail string
}

func newForm(t *T, values url.Values) *form {
	if values == nil {
		values = url.Values{}
	}
	return &form{t: t, Values: values, Errors: map[string][]formError{}}
}

// Get is the value of a field.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// Set sets the value of a field.
func (f *form) Set(name, value string) { f.Values.Set(name, value) }

// Err returns the messages of a field.
func (f *form) Err(name string) []formError { return f.Errors[name] }

// Invalid reports whether a field has a message.
func (f *form) Invalid(name string) bool { return len(f.Errors[name]) > 0 }

// Failed reports whether the form has any message.
func (f *form) Failed() bool { return len(f.Summary) > 0 }

var notIDChar = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// ID is the id of a field's input: "title.fr" has "f-title-fr".
func (f *form) ID(name string) string {
	return "f-" + strings.Trim(notIDChar.ReplaceAllString(name, "-"), "-")
}

// ErrID is the id of the element that holds a field's messages, for
// aria-describedby.
func (f *form) ErrID(name string) string { return f.ID(name) + "-err" }

// add records a message about a field.
func (f *form) add(field, message, detail string) {
	e := formError{Field: field, ID: f.ID(field), Message: message, Detail: detail}
	if field == "" {
		e.ID = ""
	}
	f.Errors[field] = append(f.Errors[field], e)
	f.Summary = append(f.Summary, e)
}

// fieldMessage adds a message by id, in the interface language.
func (f *form) fieldMessage(field, id string, pairs ...any) { f.add(field, f.t.S(id, pairs...), "") }

// listFields are shown as one input for the whole list: an error about
// subjects[2] goes next to the subjects input.
var listFields = []string{"subjects", "agenda_items", "themes"}

var indexSuffix = regexp.MustCompile(`^([a-z_]+)\[\d+\]$`)

// catalogErrors adds the catalogue's field errors, translated by their
// codes (validation.<code>), with the precise reason for those whose code
// alone does not say what to change.
func (f *form) catalogErrors(errs catalog.Errors) {
	for _, fe := range errs {
		field := fe.Field
		if m := indexSuffix.FindStringSubmatch(field); m != nil {
			for _, l := range listFields {
				if m[1] == l {
					field = l
				}
			}
		}
		msg, detail := fe.Reason, ""
		if id := "validation." + fe.Code; f.t.S(id) != id {
			msg = f.t.S(id)
			if fe.Code != catalog.CodeRequired {
				detail = fe.Reason
			}
		}
		f.add(field, msg, detail)
	}
}

// appError adds an application error by its message id, or its English
// message when the interface has no such message.
func (f *form) appError(e *apperr.Error, pairs ...any) {
	if f.t.S(e.ID, pairs...) != e.ID {
		f.add(e.Param, f.t.S(e.ID, pairs...), "")
		return
	}
	f.add(e.Param, e.Message, "")
}

// saveFailed turns what a save returned into messages on the form, and
// reports whether it did: validation errors and refusals such as a taken
// id or a bad file. Other errors (the database, the account) are for
// Fail. The status is the one to redisplay the form with.
func (s *server) saveFailed(f *form, err error) (status int, shown bool) {
	var errs catalog.Errors
	var fe catalog.FieldError
	var ae *apperr.Error
	switch {
	case errors.As(err, &errs):
		f.catalogErrors(errs)
		return http.StatusUnprocessableEntity, true
	case errors.As(err, &fe):
		f.catalogErrors(catalog.Errors{fe})
		return http.StatusUnprocessableEntity, true
	case errors.As(err, &ae) && ae.Status >= 400 && ae.Status < 500 &&
		ae.Status != http.StatusUnauthorized && ae.Status != http.StatusForbidden && ae.Status != http.StatusNotFound:
		pairs := []any{"Max", f.t.Size(s.MaxUpload)}
		var r *upload.Refusal
		if errors.As(err, &r) {
			for k, v := range r.Args {
				pairs = append(pairs, k, v)
			}
		}
		f.appError(ae, pairs...)
		return ae.Status, true
	}
	return 0, false
}

// actor is who makes a change, for the publishing service and its log.
func actor(c *gin.Context) publish.Actor {
	a := publish.Actor{Addr: c.ClientIP()}
	if u := currentUser(c); u != nil {
		a.Email = u.Email
	}
	return a
}

// splitList reads a list typed into one field, one item per comma or line.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// textFrom reads a text in several languages from fields name.ar … name.pt.
func textFrom(values url.Values, name string) catalog.Text {
	t := catalog.Text{}
	for _, l := range catalog.Languages {
		if v := strings.TrimSpace(values.Get(name + "." + string(l))); v != "" {
			t[l] = v
		}
	}
	if len(t) == 0 {
		return nil
	}
	return t
}

// setText writes a text into fields name.ar … name.pt.
func setText(values url.Values, name string, t catalog.Text) {
	for _, l := range catalog.Languages {
		if t[l] != "" {
			values.Set(name+"."+string(l), t[l])
		}
	}
}

// option is one choice of a select.
type option struct {
	Value, Label string
}

// input describes one control of a form for the "field" template.
type input struct {
	F     *form
	Name  string
	Label string
	// Type is an input type, or "select" or "textarea".
	Type     string
	Hint     string
	Required bool
	Options  []option
	// Lang is the language of the content typed in, if it has one.
	Lang catalog.Lang
	// Lock shows the value without letting it change (an id once created).
	Lock bool
}

// In describes a control: {{template "field" ($f.In "venue.city" label "text")}}.
// Extra values may follow: a hint (string), the options of a select
// ([]option), "required" and "lock".
func (f *form) In(name, label, typ string, extra ...any) input {
	in := input{F: f, Name: name, Label: label, Type: typ}
	for _, x := range extra {
		switch v := x.(type) {
		case []option:
			in.Options = v
		case string:
			switch v {
			case "required":
				in.Required = true
			case "lock":
				in.Lock = true
			default:
				in.Hint = v
			}
		}
	}
	return in
}

// Langs describes one control per language for a text in several
// languages: name.ar … name.pt.
func (f *form) Langs(name, typ string) []input {
	out := make([]input, len(catalog.Languages))
	for i, l := range catalog.Languages {
		out[i] = input{F: f, Name: name + "." + string(l), Label: f.t.Name(l), Type: typ, Lang: l}
	}
	return out
}

// Group describes a text in several languages as a whole: the fieldset's
// legend and the messages about the text itself ("required in at least
// one language").
func (f *form) Group(name, legend, typ string) input {
	return input{F: f, Name: name, Label: legend, Type: typ}
}

// Row names a field of a repeated row: {{$f.Row "agenda" 2 "item"}} is agenda[2].item.
func (f *form) Row(list string, i int, field string) string {
	return list + "[" + itoa(i) + "]." + field
}

// Tr is a message in the interface language, for templates that have
// only the form.
func (f *form) Tr(id string) string { return f.t.S(id) }

// rename moves the messages of one field to another: a service that
// names a field differently from the form.
func (f *form) rename(from, to string) {
	if len(f.Errors[from]) == 0 {
		return
	}
	for i := range f.Summary {
		if f.Summary[i].Field == from {
			f.Summary[i].Field, f.Summary[i].ID = to, f.ID(to)
		}
	}
	for _, e := range f.Errors[from] {
		e.Field, e.ID = to, f.ID(to)
		f.Errors[to] = append(f.Errors[to], e)
	}
	delete(f.Errors, from)
}
