package api

import (
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/calendar"
)

// checks gathers the field errors of one request body, in English.
type checks struct{ errs []FieldError }

func (c *checks) add(field, msg string) { c.errs = append(c.errs, FieldError{field, msg}) }

func (c *checks) has(field string) bool {
	for _, e := range c.errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// failed answers 422 with the field errors when there are any.
func (c *checks) failed(w http.ResponseWriter) bool {
	if len(c.errs) == 0 {
		return false
	}
	writeError(w, errValidation(c.errs...))
	return true
}

// text checks a one-line text: required or not, at most max characters,
// no control characters.
func (c *checks) text(field, value string, required bool, max int) {
	switch {
	case value == "" && required:
		c.add(field, "required")
	case utf8.RuneCountInString(value) > max:
		c.add(field, "at most "+itoa(max)+" characters")
	case !utf8.ValidString(value) || strings.IndexFunc(value, unicode.IsControl) >= 0:
		c.add(field, "no control characters")
	}
}

// date checks a YYYY-MM-DD date, required or not.
func (c *checks) date(field, value string, required bool) {
	if value == "" {
		if required {
			c.add(field, "required: a date, YYYY-MM-DD")
		}
		return
	}
	if _, err := calendar.ParseDate(value); err != nil {
		c.add(field, "not a date: write YYYY-MM-DD")
	}
}

// email checks an optional bare e-mail address (no display name), as
// the directory and its vCard export need.
func (c *checks) email(field, value string) {
	c.text(field, value, false, maxEmail)
	if value == "" || c.has(field) {
		return
	}
	if a, err := mail.ParseAddress(value); err != nil || a.Address != value || a.Name != "" {
		c.add(field, "not an e-mail address")
	}
}

var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]*$`)

// phone checks an optional phone number: digits with the usual
// separators, optionally starting with +.
func (c *checks) phone(field, value string) {
	c.text(field, value, false, maxPhone)
	if value != "" && !c.has(field) && !phoneRE.MatchString(value) {
		c.add(field, "not a phone number: digits, spaces and ( ) . / -, optionally starting with +")
	}
}

func itoa[T ~int | ~int64](n T) string { return strconv.FormatInt(int64(n), 10) }
