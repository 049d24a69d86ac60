package api

import (
	"net/http"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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

// personSlug makes a directory id from a name, as the web pages do:
// "Åsa Öberg-Lind" becomes "asa-oberg-lind". The store adds -2, -3...
// when it is taken.
func personSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'ß':
			b.WriteString("ss")
		case r == 'ø':
			b.WriteByte('o')
		case r == 'æ':
			b.WriteString("ae")
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
	}
	slug := strings.Trim(b.String(), "-")
	if len(slug) > 56 {
		slug = strings.TrimRight(slug[:56], "-")
	}
	if slug == "" {
		slug = "person"
	}
	return slug
}
