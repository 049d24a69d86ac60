// Package incident runs incident reports: a supplier (or the provider)
// reports an incident in its service with a severity class; the model's
// incident rule says how fast the customer's operational contact is told
// (significant and serious: immediately; moderate and negligible:
// promptly), and the report carries a timeline, the impact, the cause and
// the actions, linked to a matter that follows it up and to the month of
// the service report it belongs to.
//
// Every change is one method that checks permission, validates, writes,
// records the timeline and the audit entry and queues the notifications
// in one transaction, as internal/meeting does.
package incident

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// Actor is who acts, as in internal/meeting.
type Actor = meeting.Actor

// Status is where an incident report stands.
type Status string

// The statuses: open (being handled), resolved (service restored, report
// being completed), closed.
const (
	Open     Status = "open"
	Resolved Status = "resolved"
	Closed   Status = "closed"
)

// Statuses lists the statuses in their order.
var Statuses = []Status{Open, Resolved, Closed}

// How fast the customer's contact is told, as the model's rule says.
const (
	Immediately = "immediately"
	Promptly    = "promptly"
)

// Message kinds in the outbox: an immediate notice is urgent, a prompt
// one is queued the same way but marked as not urgent by its kind (and
// its subject), so that an operator or a mail filter can tell them apart.
const (
	KindUrgent    = "incident.immediate"
	KindNotUrgent = "incident.prompt"
)

// DefaultSeverities are the classes when the model has no incident rule:
// those of the Swedish and Finnish state service agreements, whose names
// are translated by id (incidents.severity.ID).
var DefaultSeverities = []gov.IncidentSeverity{
	{Slug: "serious", Notify: Immediately, Report: true},
	{Slug: "significant", Notify: Immediately, Report: true},
	{Slug: "moderate", Notify: Promptly},
	{Slug: "negligible", Notify: Promptly},
}

// Severities are the model's severity classes or DefaultSeverities;
// fromModel tells whether their names are the model's own.
func Severities(a *gov.Agreement) (list []gov.IncidentSeverity, fromModel bool) {
	if a.Incidents != nil && len(a.Incidents.Severities) > 0 {
		return a.Incidents.Severities, true
	}
	return DefaultSeverities, false
}

// SeverityOf finds a severity class by id.
func SeverityOf(a *gov.Agreement, slug string) *gov.IncidentSeverity {
	list, _ := Severities(a)
	for i := range list {
		if list[i].Slug == slug {
			return &list[i]
		}
	}
	return nil
}

// Contacts are the people told about an incident in party's service.
//
// The model names the contact by a role title, not a person: the incident
// rule's report_to ("operativ kontaktperson", "leveransansvarig") is
// matched, without regard to case, against the titles of the people of
// the buying side (customer and provider parties) in the contact
// directory. When the model names no title, or nobody holds it, the
// contacts are the buying side's members of the operational forums (the
// lowest level) in which the party takes part — the people the
// governance model makes the customer's operational contacts. People
// without an e-mail address cannot be told and are left out.
func Contacts(a *gov.Agreement, party string, date string) []gov.Person {
	buyer := func(p *gov.Person) bool {
		pt := a.Party(p.Party)
		return pt != nil && (pt.Kind == gov.KindCustomer || pt.Kind == gov.KindProvider) && p.Email != "" && p.Party != party
	}
	var out []gov.Person
	seen := map[string]bool{}
	add := func(p *gov.Person) {
		if k := strings.ToLower(p.Email); !seen[k] {
			seen[k] = true
			out = append(out, *p)
		}
	}
	if a.Incidents != nil && a.Incidents.ReportTo != "" {
		for i := range a.People {
			p := &a.People[i]
			if buyer(p) && slices.ContainsFunc(p.Titles, func(t string) bool { return strings.EqualFold(strings.TrimSpace(t), a.Incidents.ReportTo) }) {
				add(p)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	if len(a.Levels) == 0 {
		return out
	}
	lowest := a.Levels[len(a.Levels)-1].Slug
	for i := range a.Forums {
		f := &a.Forums[i]
		if f.Level != lowest || !slices.Contains(forumParties(a, f), party) {
			continue
		}
		for _, ms := range a.Memberships {
			if ms.Forum != f.Slug || !ms.ActiveOn(date) {
				continue
			}
			if p := a.Person(ms.Person); p != nil && buyer(p) {
				add(p)
			}
		}
	}
	return out
}

// reporter reports whether a party may report incidents: a supplier or
// the provider (whose service it is).
func reporter(a *gov.Agreement, party string) bool {
	p := a.Party(party)
	return p != nil && (p.Kind == gov.KindSupplier || p.Kind == gov.KindProvider)
}

// buyingSide reports whether x represents a customer or the provider.
func buyingSide(x Actor) bool {
	return (x.Role == auth.Customer || x.Role == auth.Provider) && x.P.Party != ""
}

// CanSee reports whether x may see an incident of party: the buying side
// sees all, a supplier only its own; admins see all.
func CanSee(x Actor, a *gov.Agreement, party string) bool {
	if x.P.Admin {
		return true
	}
	p := a.Party(x.P.Party)
	if p == nil || x.Role == "" {
		return false
	}
	if p.Kind == gov.KindSupplier {
		return p.Slug == party
	}
	return p.Kind == gov.KindCustomer || p.Kind == gov.KindProvider
}

// MayReport reports whether x may report an incident in party's service:
// the party's own representatives, or the buying side for any supplier.
func MayReport(x Actor, a *gov.Agreement, party string) bool {
	if !reporter(a, party) {
		return false
	}
	switch x.Role {
	case auth.Supplier:
		return x.P.Party == party
	case auth.Customer, auth.Provider:
		return x.P.Party != ""
	}
	return false
}

// MayReportAny reports whether x may report incidents at all (the form is
// shown).
func MayReportAny(x Actor) bool {
	return (x.Role == auth.Supplier || buyingSide(x)) && x.P.Party != ""
}

var monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)

// ValidMonth reports whether s is a month "YYYY-MM".
func ValidMonth(s string) bool { return monthRE.MatchString(s) }

// location is the agreement's time zone.
func location(a *gov.Agreement) *time.Location {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// MonthOf is the report month of a moment in the agreement's time zone.
func MonthOf(a *gov.Agreement, t time.Time) string { return t.In(location(a)).Format("2006-01") }

// SeverityName is a class's name: the model's, or the translation.
func SeverityName(cat *i18n.Catalog, lang string, a *gov.Agreement, slug string) string {
	list, fromModel := Severities(a)
	for _, s := range list {
		if s.Slug == slug {
			if fromModel {
				return s.Name
			}
			return cat.T(lang, "incidents.severity."+slug)
		}
	}
	return slug
}

func errf(code gov.ErrorCode, id, english string, args ...any) *gov.Error {
	return &gov.Error{Code: code, Message: fill(english, args), ID: id, Args: args}
}

func fieldErr(field, id, english string, args ...any) gov.FieldError {
	return gov.FieldError{Field: field, Message: fill(english, args), ID: id, Args: args}
}

func notFound(id int64) error {
	return errf(gov.CodeNotFound, "incidents.err.notfound", "no incident report {ID}", "ID", id)
}

func fill(s string, args []any) string {
	for i := 0; i+1 < len(args); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(args[i])+"}", fmt.Sprint(args[i+1]))
	}
	return s
}

// Incident is a report as stored.
type Incident = store.Incident

// Event is one entry of an incident's timeline.
type Event = store.IncidentEvent

// forumParties are the party slugs taking part in a forum (all of them
// when the forum names none).
func forumParties(a *gov.Agreement, f *gov.Forum) []string {
	if len(f.Parties) > 0 {
		return f.Parties
	}
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.Slug
	}
	return out
}
