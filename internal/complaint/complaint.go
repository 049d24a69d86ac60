// Package complaint runs formal complaints (reklamation / reklamaatio):
// the customer files one in writing against a supplier; the supplier
// acknowledges it and answers it in writing, in the sections the model
// names, by deadlines counted in working days on the agreement's country
// calendar; the customer accepts the response or returns it. A late or
// returned response makes the complaint eligible for a sanction, which is
// proposed at once (store.ProposeSanction). The complaint goes onto the
// agenda of the forum the model names (handled_in) as a matter.
//
// Every change is one method that checks permission, validates, writes,
// records the complaint's history and the audit entry in one transaction.
package complaint

import (
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Status is where a complaint stands.
type Status string

// The statuses: filed (waiting for the acknowledgement), acknowledged
// (waiting for the response), responded (waiting for the customer),
// accepted (closed), returned (waiting for a new response).
const (
	Filed        Status = "filed"
	Acknowledged Status = "acknowledged"
	Responded    Status = "responded"
	Accepted     Status = "accepted"
	Returned     Status = "returned"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{Filed, Acknowledged, Responded, Accepted, Returned}

// Causes: where the cause was found to lie.
const (
	CauseSupplier = "supplier"
	CauseOutside  = "outside"
)

// DefaultSections are the response's sections when the model names none:
// the six the Finnish public-sector agreements use, as message ids.
var DefaultSections = []string{"summary", "key-points", "cause", "impact", "reaction", "prevention"}

// Service runs complaints on a store.
type Service struct {
	st *store.Store
	// Now is the clock; tests and the demo pin it.
	Now func() time.Time
}

// New makes a complaint service.
func New(st *store.Store) *Service {
	return &Service{st: st, Now: time.Now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Rules are the model's complaint rules, or the common ones (1 and 10
// working days) when the model has none.
func Rules(a *gov.Agreement) gov.ComplaintRules {
	if a.Complaints != nil {
		return *a.Complaints
	}
	return gov.ComplaintRules{AcknowledgeWorkingDays: 1, RespondWorkingDays: 10}
}

// Sections are the headings the response must have, in order: the model's,
// or DefaultSections (then translated by id).
func Sections(a *gov.Agreement) (names []string, fromModel bool) {
	if r := Rules(a); len(r.Sections) > 0 {
		return r.Sections, true
	}
	return DefaultSections, false
}

// Deadlines are the acknowledgement and response due dates of a complaint
// received on a date: N working days after it, on the calendar.
func Deadlines(cal calendar.Calendar, r gov.ComplaintRules, received calendar.Date) (ack, respond calendar.Date) {
	return cal.AddWorkingDays(received, r.AcknowledgeWorkingDays), cal.AddWorkingDays(received, r.RespondWorkingDays)
}

// Countdown is the number of working days from today to due: positive
// while time is left, 0 on the day, negative once it has passed.
func Countdown(cal calendar.Calendar, today, due calendar.Date) int {
	return cal.WorkingDaysBetween(today, due)
}

// location is the agreement's time zone.
func location(a *gov.Agreement) *time.Location {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Today is the date now in the agreement's time zone.
func Today(a *gov.Agreement, now time.Time) calendar.Date {
	return calendar.DateOf(now.In(location(a)))
}

// Calendar is the agreement's working-day calendar.
func Calendar(a *gov.Agreement) (calendar.Calendar, error) { return plan.Calendar(a) }

// customerSide reports whether x acts for a party that buys from another
// in the agreement (issue #14: the buying side of a relationship): a
// customer, or a provider that buys from the suppliers for its customers
// (as Tiera does for the cities). Observers and administrators act for
// no one.
func customerSide(x Actor, a *gov.Agreement) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier:
	default:
		return false
	}
	return x.P.Party != "" && len(a.SellersTo(x.P.Party)) > 0
}

// supplierOf reports whether x represents the seller of c.
func supplierOf(x Actor, c *store.Complaint) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier:
		return x.P.Party == c.Supplier
	}
	return false
}

// buyerOf reports whether x represents the party that filed c, which is
// the buying side of its relationship.
func buyerOf(x Actor, c *store.Complaint) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier:
		return x.P.Party != "" && x.P.Party == c.FiledParty
	}
	return false
}

// CanSee reports whether x may see a complaint: the two parties of its
// relationship (the buyer that filed it and the seller it is against),
// their members and observers, and administrators. Nobody else: not a
// competitor of the seller, and not another customer.
func CanSee(x Actor, a *gov.Agreement, c *store.Complaint) bool {
	if x.P.Admin {
		return true
	}
	if a.Party(x.P.Party) == nil || x.Role == "" {
		return false
	}
	return x.P.Party == c.Supplier || x.P.Party == c.FiledParty
}

// MayFile reports whether x may file complaints in a: x represents a
// party that buys from another.
func MayFile(x Actor, a *gov.Agreement) bool { return customerSide(x, a) }

// Sellers are the parties x may file a complaint against: those x's
// party buys from.
func Sellers(x Actor, a *gov.Agreement) []string {
	if !customerSide(x, a) {
		return nil
	}
	return a.SellersTo(x.P.Party)
}

func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

func forbidden(id, what string) error {
	return errf(gov.CodeForbidden, id, "you may not "+what)
}

func notFound(id int64) error {
	return errf(gov.CodeNotFound, "complaints.err.notfound", "no complaint {ID}", "ID", id)
}

func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return s
}
