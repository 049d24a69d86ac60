package web

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/calendar"
)

// formCheck gathers the field errors of one administration form, each
// translated and tied to its field's id.
type formCheck struct {
	s    *Server
	lang string
	errs []FieldError
	// as names the message of a field whose id is not its name (the
	// end date of one seat among many is field "end-3", named "to").
	as map[string]string
}

func (s *Server) formCheck(r *Req) *formCheck { return &formCheck{s: s, lang: r.Lang} }

func (c *formCheck) add(field, msgID string, args ...any) {
	c.errs = append(c.errs, FieldError{Field: field, Msg: c.s.cat.T(c.lang, msgID, args...)})
}

// label is a field's translated name for the messages.
func (c *formCheck) label(field string) string {
	if name, ok := c.as[field]; ok {
		field = name
	}
	return c.s.cat.T(c.lang, "admin.field."+field)
}

// failed reports whether any field has an error.
func (c *formCheck) failed() bool { return len(c.errs) > 0 }

// text checks a one-line text field: required or not, at most max
// characters, no control characters.
func (c *formCheck) text(field, value string, required bool, max int) {
	switch {
	case value == "" && required:
		c.add(field, "form.required", "Field", c.label(field))
	case utf8.RuneCountInString(value) > max:
		c.add(field, "form.toolong", "Field", c.label(field), "Max", max)
	case strings.IndexFunc(value, unicode.IsControl) >= 0 || !utf8.ValidString(value):
		c.add(field, "form.invalid", "Field", c.label(field), "Reason", c.s.cat.T(c.lang, "admin.reason.control"))
	}
}

// date checks a required YYYY-MM-DD date (what <input type="date"> sends).
func (c *formCheck) date(field, value string) {
	if value == "" {
		c.add(field, "form.required", "Field", c.label(field))
		return
	}
	if _, err := calendar.ParseDate(value); err != nil {
		c.add(field, "form.invalid", "Field", c.label(field), "Reason", c.s.cat.T(c.lang, "admin.reason.date"))
	}
}

// email checks an optional e-mail address: a bare address, no display
// name, as the directory and its vCard export need.
func (c *formCheck) email(field, value string) {
	c.text(field, value, false, maxEmail)
	if value == "" || c.has(field) {
		return
	}
	a, err := mail.ParseAddress(value)
	if err != nil || a.Address != value || a.Name != "" {
		c.add(field, "form.invalid", "Field", c.label(field), "Reason", c.s.cat.T(c.lang, "admin.reason.email"))
	}
}

var phoneRE = regexp.MustCompile(`^\+?[0-9][0-9 ()./-]*$`)

// phone checks an optional phone number: digits with the usual
// separators, optionally starting with +.
func (c *formCheck) phone(field, value string) {
	c.text(field, value, false, maxPhone)
	if value == "" || c.has(field) {
		return
	}
	if !phoneRE.MatchString(value) {
		c.add(field, "form.invalid", "Field", c.label(field), "Reason", c.s.cat.T(c.lang, "admin.reason.phone"))
	}
}

// choice checks that value is one of the offered options: anything else
// came from a forged or stale form.
func (c *formCheck) choice(field, value string, required bool, opts []option) {
	if value == "" {
		if required {
			c.add(field, "form.required", "Field", c.label(field))
		}
		return
	}
	for _, o := range opts {
		if o.Value == value {
			return
		}
	}
	c.add(field, "admin.unknownchoice", "Field", c.label(field))
}

func (c *formCheck) has(field string) bool {
	for _, e := range c.errs {
		if e.Field == field {
			return true
		}
	}
	return false
}

// lines splits a textarea into its non-empty, trimmed lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
