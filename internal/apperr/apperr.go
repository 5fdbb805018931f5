// Package apperr is the one error type that handlers return: an HTTP
// status, a message that is safe to show, the message's id for
// translation, and a cause that is logged but never shown.
package apperr

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"plenary/internal/catalog"
	"plenary/internal/store"
)

// Error is an error with an HTTP status.
type Error struct {
	Status int
	// ID names the message for translation, such as "error.not_found".
	ID string
	// Message is safe to show to the user.
	Message string
	// Param names the request parameter or field at fault, if any.
	Param string
	// Fields lists what is wrong with each field of a record that was
	// refused (a 422); the API answers them as the problem's "errors".
	Fields []catalog.FieldError
	// Cause is for logs only.
	Cause error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Message, e.Cause)
	}
	return fmt.Sprintf("%d %s", e.Status, e.Message)
}

func (e *Error) Unwrap() error { return e.Cause }

// NotFound is a 404.
func NotFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, ID: "error.not_found", Message: fmt.Sprintf(format, args...)}
}

// BadParam is a 400 about one request parameter.
func BadParam(param, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, ID: "error.bad_request", Param: param, Message: param + ": " + fmt.Sprintf(format, args...)}
}

// Invalid is a 422: a record with invalid fields, each named in Fields.
func Invalid(fields catalog.Errors) *Error {
	msg := "the record is not valid"
	if len(fields) > 0 {
		msg = fields.Error()
	}
	return &Error{Status: http.StatusUnprocessableEntity, ID: "error.invalid", Message: msg, Fields: fields}
}

// Unavailable is a 503: the database or the catalogue is not ready.
func Unavailable(message string, cause error) *Error {
	return &Error{Status: http.StatusServiceUnavailable, ID: "error.unavailable", Message: message, Cause: cause}
}

// Internal is a 500 whose cause is logged and not shown.
func Internal(cause error) *Error {
	return &Error{Status: http.StatusInternalServerError, ID: "error.internal", Message: "something went wrong on our side", Cause: cause}
}

// From turns any error into an *Error: field errors of a record become a
// 422 (Invalid), store errors 404 or 503, anything unknown a 500.
func From(err error) *Error {
	var (
		e      *Error
		fields catalog.Errors
		field  catalog.FieldError
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &fields):
		return Invalid(fields)
	case errors.As(err, &field):
		return Invalid(catalog.Errors{field})
	case errors.Is(err, store.ErrNotFound):
		return &Error{Status: http.StatusNotFound, ID: "error.not_found", Message: "not found", Cause: err}
	case errors.Is(err, store.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		return Unavailable("the database is not answering; try again shortly", err)
	}
	return Internal(err)
}
