package meeting

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// The service's errors carry two forms of one message: English in
// Message, for logs and the API, and a message id with its arguments
// (meeterr.*.json), so that the UI shows it in the reader's language.
// The English text names its arguments in braces ({Forum}); args are
// name/value pairs, given as typed values (a state, a date, a time) so
// that the UI can format each the reader's way.

// errf makes a coded error.
func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

// fieldErr says what is wrong with one input field.
func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

// forbidden refuses an action; what is English ("plan meetings of
// {Forum}") after "you may not".
func forbidden(id, what string, args ...any) error {
	return errf(gov.CodeForbidden, id, "you may not "+what, args...)
}

// fill puts the arguments into the English text.
func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", english(args[i+1]))
	}
	return s
}

// english formats an argument for the English message.
func english(v any) string {
	switch x := v.(type) {
	case time.Time:
		return x.Format("2006-01-02 15:04")
	case calendar.Holiday:
		return x.Name
	case float64:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
	return fmt.Sprint(v)
}

// partyNames names parties by their slugs, for messages.
func partyNames(a *gov.Agreement, slugs []string) string {
	names := make([]string, 0, len(slugs))
	for _, s := range slugs {
		if p := a.Party(s); p != nil {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ", ")
}
