package catalog

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// ExplainJSON explains an error from decoding a record as JSON, for the
// person who wrote it: a FieldError when a field is at fault (a value of
// the wrong type, an unknown field; Field is "" when the record itself is
// not an object), else an error that says what is wrong and where.
func ExplainJSON(err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		field  FieldError
	)
	switch {
	case errors.As(err, &field):
		return field
	case errors.As(err, &syntax):
		return fmt.Errorf("invalid JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		// The path starts with the record type's name when the field
		// belongs to it (Session.number); the writer wrote only "number".
		name := typ.Field
		if head, rest, ok := strings.Cut(name, "."); ok && head != "" && head[0] >= 'A' && head[0] <= 'Z' {
			name = rest
		}
		return FieldError{Field: name, Code: CodeInvalid, Reason: fmt.Sprintf("want %s, got a JSON %s", describeType(typ.Type), typ.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return FieldError{Field: name, Code: CodeInvalid, Reason: "unknown field"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), err.Error() == "unexpected EOF":
		return errors.New("invalid JSON: it ends before the record does")
	}
	return fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// describeType names a Go type as a JSON value.
func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Pointer:
		return describeType(t.Elem())
	}
	return t.String()
}
