package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/timesheet"
)

// Orders, time reporting and the invoice basis (issue 7): shared helpers
// of their pages.

func (s *Server) orderSvc() *order.Service {
	svc := order.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

func (s *Server) timeSvc() *timesheet.Service {
	svc := timesheet.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

func (s *Server) invoiceSvc() *invoice.Service {
	svc := invoice.New(s.store)
	svc.Now = s.cfg.Now
	return svc
}

// money formats cents with two decimals the language's way (1 234,50).
func money(lang string, cents int64) string {
	return message.NewPrinter(language.Make(lang)).Sprintf("%.2f", float64(cents)/100)
}

// hoursText formats minutes as hours with two decimals (1,50).
func hoursText(lang string, minutes int) string {
	return message.NewPrinter(language.Make(lang)).Sprintf("%.2f", float64(minutes)/60)
}

// daysText formats person-days (12,5).
func daysText(lang string, d float64) string {
	return message.NewPrinter(language.Make(lang)).Sprintf("%.1f", d)
}

// idOf reads a positive numeric path value.
func idOf(r *Req, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}

// formFail answers a refused form: field errors re-render the form
// (422) through again; any other coded error is the error page.
func (s *Server) formFail(w http.ResponseWriter, r *Req, err error, again func(errs []FieldError)) {
	// The services name a time entry's length "minutes"; the forms ask
	// for hours.
	rename := func(f string) string {
		if f == "minutes" {
			return "hours"
		}
		return f
	}
	if errs, ok := s.fieldErrors(r.Lang, err, rename); ok {
		again(errs)
		return
	}
	var e *gov.Error
	if errors.As(err, &e) && e.Code == gov.CodeConflict && again != nil {
		again([]FieldError{{Field: "", Msg: s.errorText(r.Lang, e)}})
		return
	}
	s.fail(w, r, err)
}

// personName names a person, or echoes their slug.
func personName(a *gov.Agreement, slug string) string {
	if p := a.Person(slug); p != nil {
		return p.Name
	}
	return slug
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// i18nDate formats the day of t in the language's way.
func i18nDate(lang string, t time.Time) string { return i18n.Date(lang, t) }

// zone is the agreement's time zone (UTC when it cannot be loaded).
func (s *Server) zone(a *gov.Agreement) *time.Location {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}
