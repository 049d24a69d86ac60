package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Error is the one error envelope every failure is sent in:
//
//	{"error": {"code": "validation_failed", "message": "...", "fields": [{"field": "email", "message": "..."}]}}
type Error struct {
	Status  int          `json:"-"`
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
}

// FieldError names one invalid field of a request body.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Message }

func errNotFound(msg string) *Error {
	return &Error{Status: http.StatusNotFound, Code: "not_found", Message: msg}
}

func errForbidden(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: msg}
}

func errBadRequest(msg string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: msg}
}

func errInternal() *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "an unexpected error occurred; it has been logged"}
}

func errValidation(fields ...FieldError) *Error {
	msgs := make([]string, len(fields))
	for i, f := range fields {
		msgs[i] = f.Field + ": " + f.Message
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Message: strings.Join(msgs, "; "), Fields: fields}
}

func writeError(w http.ResponseWriter, e *Error) {
	writeJSON(w, e.Status, map[string]*Error{"error": e})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// decode reads a JSON body into v: at most MaxBody bytes, no unknown
// fields, one value. Errors say where the body went wrong.
func decode(w http.ResponseWriter, r *Req, v any) *Error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Message: "send the body as application/json"}
	}
	if r.ContentLength > MaxBody {
		return tooLarge()
	}
	body := http.MaxBytesReader(w, r.Body, MaxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var big *http.MaxBytesError
	switch {
	case err == nil:
		if dec.More() {
			return errBadRequest("the body holds more than one JSON value")
		}
		if _, err := dec.Token(); err != io.EOF {
			return errBadRequest("unexpected data after the JSON value")
		}
		return nil
	case errors.As(err, &big):
		return tooLarge()
	case errors.Is(err, io.EOF):
		return errBadRequest("the body is empty; send a JSON object")
	case errors.As(err, &syn):
		return errBadRequest(fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn))
	case errors.As(err, &typ):
		return errValidation(FieldError{Field: typ.Field, Message: fmt.Sprintf("want %s, got %s", typ.Type, typ.Value)})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errValidation(FieldError{Field: strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), Message: "unknown field"})
	}
	return errBadRequest("malformed JSON: " + err.Error())
}

func tooLarge() *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the body is larger than %d bytes", MaxBody)}
}
