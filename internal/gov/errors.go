package gov

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode classifies an application error; the web UI and the API map
// each code to one HTTP status, in one place.
type ErrorCode string

// The error codes.
const (
	CodeNotFound  ErrorCode = "not_found" // 404: no such thing, or not yours to see
	CodeForbidden ErrorCode = "forbidden" // 403: you may not do this
	CodeInvalid   ErrorCode = "invalid"   // 422: the input is wrong; Fields says where
	CodeConflict  ErrorCode = "conflict"  // 409: not in this state
	CodeTooLarge  ErrorCode = "too_large" // 413
)

// Error is a coded application error with a message fit for the user.
// Message is English (logs, the API); ID and Args, when set, name the
// same message in the UI's catalogue with its name/value arguments, so
// that the UI can show it in the reader's language.
type Error struct {
	Code    ErrorCode
	Message string
	ID      string
	Args    []any
	Fields  []FieldError
}

// FieldError says what is wrong with one input field; ID and Args
// translate Message as they do for Error.
type FieldError struct {
	Field   string
	Message string
	ID      string
	Args    []any
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf makes a coded error.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid makes a validation error from field errors.
func Invalid(fields ...FieldError) *Error {
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = f.Message
	}
	return &Error{Code: CodeInvalid, Message: strings.Join(msgs, " "), Fields: fields}
}

// CodeOf returns the code of a coded error in err's chain, or "".
func CodeOf(err error) ErrorCode {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
