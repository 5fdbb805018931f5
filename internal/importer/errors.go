package importer

import (
	"errors"

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
	var fe catalog.FieldError
	if errors.As(catalog.ExplainJSON(err), &fe) && fe.Field == "" {
		fe.Field = "(record)"
		return fe
	}
	return catalog.ExplainJSON(err)
}
