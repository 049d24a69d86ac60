package web

import (
	"errors"
	"math"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
)

// errorText is a coded error's message in the reader's language: the
// catalogue's message when the error names one, its field messages when
// it is a validation error, else its English text.
func (s *Server) errorText(lang string, e *gov.Error) string {
	if e.ID != "" {
		return s.govText(lang, e.ID, e.Args, e.Message)
	}
	if len(e.Fields) > 0 {
		msgs := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			msgs[i] = s.govText(lang, f.ID, f.Args, f.Message)
		}
		return strings.Join(msgs, " ")
	}
	return e.Error()
}

// fieldErrors turns a validation error into the form's field errors,
// translated; rename maps the service's field names to the form's ids
// where they differ. ok is false when err is no validation error.
func (s *Server) fieldErrors(lang string, err error, rename func(string) string) (out []FieldError, ok bool) {
	var e *gov.Error
	if !errors.As(err, &e) || e.Code != gov.CodeInvalid || len(e.Fields) == 0 {
		return nil, false
	}
	for _, f := range e.Fields {
		field := f.Field
		if rename != nil {
			field = rename(field)
		}
		out = append(out, FieldError{Field: field, Msg: s.govText(lang, f.ID, f.Args, f.Message)})
	}
	return out, true
}

// govText translates one message, formatting its arguments the
// reader's way; a message missing from the catalogue shows in English.
func (s *Server) govText(lang, id string, args []any, english string) string {
	if id == "" {
		return english
	}
	loc := make([]any, len(args))
	for i, v := range args {
		if i%2 == 1 {
			v = s.govArg(lang, v, args[i-1] == "Count")
		}
		loc[i] = v
	}
	if t := s.cat.T(lang, id, loc...); t != id {
		return t
	}
	return english
}

// govArg formats one argument of a service message: states and rules
// in words, dates, times and numbers the language's way. A count stays a
// number: it chooses the message's plural form.
func (s *Server) govArg(lang string, v any, count bool) any {
	switch x := v.(type) {
	case int:
		if !count {
			return i18n.Number(lang, x)
		}
	case gov.MeetingState:
		return s.cat.T(lang, "meetings.state."+string(x))
	case gov.ItemStatus:
		return s.cat.T(lang, "meetings.itemstatus."+string(x))
	case gov.Approval:
		return s.cat.T(lang, "pages.approval."+string(x))
	case calendar.Date:
		return i18n.Date(lang, x.Time(time.UTC))
	case calendar.Holiday:
		return s.holidayName(lang, x)
	case time.Time:
		return meetWhen(s.cat, lang, x)
	case float64:
		return i18n.Number(lang, math.Round(x*10)/10)
	case string:
		if d, err := time.Parse(time.DateOnly, x); err == nil {
			return i18n.Date(lang, d)
		}
	}
	return v
}

// meetClock is a time of day: 13.00 in Finnish, 13:00 otherwise.
func meetClock(lang string, t time.Time) string {
	if lang == "fi" {
		return t.Format("15.04")
	}
	return t.Format("15:04")
}

// meetWhen is a date and time: "Tuesday 5 Jan 2027 at 13:00".
func meetWhen(cat *i18n.Catalog, lang string, t time.Time) string {
	return cat.T(lang, "pages.when", "Weekday", cat.Weekday(lang, t.Weekday()), "Date", i18n.Date(lang, t), "Time", meetClock(lang, t))
}
