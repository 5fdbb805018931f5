package importer

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"plenary/internal/catalog"
)

// lineErrors turns a decoding or validation error into line errors.
func lineErrors(n int, err error) []LineError {
	var fieldErrs catalog.Errors
	if errors.As(err, &fieldErrs) {
		out := make([]LineError, len(fieldErrs))
		for i, fe := range fieldErrs {
			out[i] = LineError{Line: n, Field: fe.Field, Reason: fe.Reason}
		}
		return out
	}
	var fe catalog.FieldError
	if errors.As(err, &fe) {
		return []LineError{{Line: n, Field: fe.Field, Reason: fe.Reason}}
	}
	return []LineError{{Line: n, Reason: err.Error()}}
}

// jsonError explains a JSON decoding error with the field it concerns.
func jsonError(err error) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		field  catalog.FieldError
	)
	switch {
	case errors.As(err, &field):
		return field
	case errors.As(err, &syntax):
		return fmt.Errorf("invalid JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	case errors.As(err, &typ):
		// The path starts with the record type's name when the field
		// belongs to it (Session.number); the user wrote only "number".
		field := typ.Field
		if head, rest, ok := strings.Cut(field, "."); ok && head != "" && head[0] >= 'A' && head[0] <= 'Z' {
			field = rest
		}
		if field == "" {
			field = "(record)"
		}
		return catalog.FieldError{Field: field, Code: catalog.CodeInvalid, Reason: fmt.Sprintf("want %s, got a JSON %s", describe(typ.Type), typ.Value)}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return catalog.FieldError{Field: name, Code: catalog.CodeInvalid, Reason: "unknown field"}
	case err.Error() == "unexpected EOF":
		return errors.New("invalid JSON: the line ends before the record does")
	}
	return fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func describe(t reflect.Type) string {
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
		return describe(t.Elem())
	}
	return t.String()
}
