package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// Codes say what kind of problem a FieldError is, so that an interface can
// show it in the user's language (as the message "validation.<code>").
const (
	CodeRequired        = "required"
	CodeInvalid         = "invalid"
	CodeUnknownLanguage = "unknown_language"
	CodeInvalidDate     = "invalid_date"
	CodeInvalidSymbol   = "invalid_symbol"
	CodeDuplicate       = "duplicate"
	CodeTooLong         = "too_long"
)

// FieldError says what is wrong with one field of a record. Field is a path
// such as "versions[1].lang" or "title.xx".
type FieldError struct {
	Field  string `json:"field"`
	Code   string `json:"code"`
	Reason string `json:"reason"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Reason }

// Errors is every problem found in one record. A nil Errors means valid.
type Errors []FieldError

func (e Errors) Error() string {
	parts := make([]string, len(e))
	for i, fe := range e {
		parts[i] = fe.Error()
	}
	return strings.Join(parts, "; ")
}

// validator collects field errors.
type validator struct{ errs Errors }

func (v *validator) add(field, code, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Code: code, Reason: fmt.Sprintf(format, args...)})
}

func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return v.errs
}

// required adds an error when s is empty.
func (v *validator) required(field, s string) bool {
	if strings.TrimSpace(s) == "" {
		v.add(field, CodeRequired, "required")
		return false
	}
	return true
}

// oneOf checks that s is one of the allowed values.
func oneOf[T ~string](v *validator, field string, s T, allowed []T) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	if s == "" {
		v.add(field, CodeRequired, "required (one of %s)", strings.Join(names, ", "))
		return
	}
	v.add(field, CodeInvalid, "%q is not allowed (want one of %s)", string(s), strings.Join(names, ", "))
}

// decodeStrict decodes a JSON object into v, refusing fields v does not
// have, and names such a field under prefix.
func decodeStrict(data []byte, v any, prefix string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if name, ok := strings.CutPrefix(fmt.Sprint(err), "json: unknown field "); ok {
		return FieldError{Field: prefix + "." + strings.Trim(name, `"`), Code: CodeInvalid, Reason: "unknown field"}
	}
	return err
}
