package matter

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// The service's errors carry English in Message (logs, the API) and a
// message id with name/value arguments (matter.*.json), so that the UI
// shows them in the reader's language, as internal/meeting's do. The
// English names its arguments in braces: {Forum}.

// errf makes a coded error.
func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

// fieldErr says what is wrong with one input field.
func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

// forbidden refuses an action; what follows "you may not".
func forbidden(id, what string, args ...any) error {
	return errf(gov.CodeForbidden, id, "you may not "+what, args...)
}

func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		v := fmt.Sprint(args[i+1])
		switch x := args[i+1].(type) {
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		case time.Time:
			v = x.Format("2006-01-02 15:04") // in the zone the caller gave
		}
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", v)
	}
	return s
}

// notFound is the one answer for a matter that does not exist and one the
// actor may not see, so that ids reveal nothing.
func notFound(id int64) error {
	return errf(gov.CodeNotFound, "matter.err.nomatter", "no matter {ID}", "ID", id)
}

func noDecision(id int64) error {
	return errf(gov.CodeNotFound, "matter.err.nodecision", "no decision {ID}", "ID", id)
}

func noMeeting(id int64) error {
	return errf(gov.CodeNotFound, "matter.err.nomeeting", "no meeting {ID}", "ID", id)
}

func noItem(id int64) error {
	return errf(gov.CodeNotFound, "matter.err.noitem", "no agenda item {ID}", "ID", id)
}

// forumName names a forum for messages.
func forumName(a *gov.Agreement, slug string) string {
	if f := a.Forum(slug); f != nil {
		return f.Name
	}
	return slug
}

// chainText writes a chain of forums as "A → B → C".
func chainText(a *gov.Agreement, slugs []string) string {
	names := make([]string, len(slugs))
	for i, s := range slugs {
		names[i] = forumName(a, s)
	}
	return strings.Join(names, " → ")
}
