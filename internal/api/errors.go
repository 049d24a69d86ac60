package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"

	"github.com/steerco/steerco/internal/gov"
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

func errConflict(msg string) *Error {
	return &Error{Status: http.StatusConflict, Code: "conflict", Message: msg}
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
		if typ.Field == "" {
			return errBadRequest("the body must be a JSON object, not " + article(typ.Value))
		}
		return errValidation(FieldError{Field: typ.Field, Message: "want " + jsonKind(typ.Type) + ", got " + article(typ.Value)})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return errValidation(FieldError{Field: strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), Message: "unknown field"})
	}
	return errBadRequest("malformed JSON: " + err.Error())
}

// jsonKind names what JSON a Go type takes, for messages.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	}
	return "an object"
}

// article puts "a" or "an" before a JSON kind ("number", "array"...).
func article(kind string) string {
	if kind != "" && strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an " + kind
	}
	return "a " + kind
}

func tooLarge() *Error {
	return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the body is larger than %d bytes", MaxBody)}
}

// govStatus is the one mapping of the application's error codes to HTTP
// statuses and envelope codes.
var govStatus = map[gov.ErrorCode]struct {
	status int
	code   string
}{
	gov.CodeNotFound:  {http.StatusNotFound, "not_found"},
	gov.CodeForbidden: {http.StatusForbidden, "forbidden"},
	gov.CodeInvalid:   {http.StatusUnprocessableEntity, "validation_failed"},
	gov.CodeConflict:  {http.StatusConflict, "conflict"},
	gov.CodeTooLarge:  {http.StatusRequestEntityTooLarge, "too_large"},
}

// fromGov turns a coded application error into the envelope, with its
// field errors; it returns nil for any other error.
func fromGov(err error) *Error {
	var ge *gov.Error
	if !errors.As(err, &ge) {
		return nil
	}
	m, ok := govStatus[ge.Code]
	if !ok {
		return nil
	}
	e := &Error{Status: m.status, Code: m.code, Message: ge.Message}
	for _, f := range ge.Fields {
		e.Fields = append(e.Fields, FieldError{Field: f.Field, Message: f.Message})
	}
	if e.Message == "" {
		e.Message = ge.Error()
	}
	return e
}

// fail answers err: an API error or a coded application error in the
// envelope with its status, anything else as an internal error, logged
// once.
func (a *API) fail(w http.ResponseWriter, r *Req, err error) {
	var ae *Error
	if errors.As(err, &ae) {
		writeError(w, ae)
		return
	}
	if e := fromGov(err); e != nil {
		writeError(w, e)
		return
	}
	a.internal(w, r, err)
}
