// Package duty is the ledger of deadlines (issue 16). Every deadline in
// steerco is a duty: what (its kind), about which object (its source),
// owed by which party (and person where known), owed to whom, due on
// which date of the agreement's working-day calendar, and whether it is
// open, done or waived; an open duty past its due day is late.
//
// Features open and close duties inside the transaction of the state
// change that causes them (Open, Reopen, Done, Waive take the caller's
// *store.Tx). Recurring duties — the model's obligations, its reports and
// the monthly invoice basis — come from the model's cadence (Schedule)
// and are put into the ledger ahead of time by Sync. The home page's
// inbox, the API's duty list, the calendar feed, the CLI's listing and
// the reminders all read the ledger through Service.
package duty

import (
	"context"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// The kinds of duty, as the CSV and the API name them.
const (
	Materials         = "materials"
	Proposals         = "proposals"
	Minutes           = "minutes"
	MinutesApproval   = "minutes-approval"
	ActionItem        = "action-item"
	ComplaintAck      = "complaint-acknowledgement"
	ComplaintResponse = "complaint-response"
	ComplaintDecision = "complaint-decision"
	SanctionDecision  = "sanction-decision"
	ExclusionDecision = "exclusion-decision"
	HoursApproval     = "hours-approval"
	// HoursCorrection is the supplier's duty to correct hours the
	// approver returned; the inbox shows "hours to correct".
	HoursCorrection  = "hours-correction"
	InvoiceBasis     = "invoice-basis"
	ReportSubmission = "report-submission"
	ReportApproval   = "report-approval"
	Obligation       = "obligation"
	// RecordsDisposal is the customer's archivist's duty to dispose of
	// (or hold) records past their retention (issue 21).
	RecordsDisposal = "records-disposal"
)

// Kinds lists every kind, in the order the inbox's filter offers them.
var Kinds = []string{Materials, Proposals, Minutes, MinutesApproval, ActionItem, ComplaintAck, ComplaintResponse, ComplaintDecision,
	SanctionDecision, ExclusionDecision, HoursApproval, HoursCorrection, InvoiceBasis, ReportSubmission, ReportApproval, Obligation,
	RecordsDisposal}

// KnownKind reports whether k is one of Kinds.
func KnownKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// States as shown: the stored open, done and waived, plus late (open and
// past its due day) and planned (its period has not started yet).
const (
	StateOpen    = store.DutyOpen
	StateLate    = "late"
	StateDone    = store.DutyDone
	StateWaived  = store.DutyWaived
	StatePlanned = "planned"
)

// Open puts a duty into the ledger in the caller's transaction; a duty
// with the same key already there is left as it is.
func Open(ctx context.Context, tx *store.Tx, d store.Duty) error {
	_, _, err := tx.PutDuty(ctx, &d, false)
	return err
}

// Reopen opens a duty again (or for the first time) with the given due
// date: a returned response, minutes sent back for correction.
func Reopen(ctx context.Context, tx *store.Tx, d store.Duty) error {
	_, _, err := tx.PutDuty(ctx, &d, true)
	return err
}

// Done closes an object's open duty of a kind as done; occurrence "*"
// closes every occurrence, kind "" every kind.
func Done(ctx context.Context, tx *store.Tx, aid int64, kind, source, occurrence, by string) error {
	_, err := tx.CloseDuties(ctx, aid, kind, source, occurrence, store.DutyDone, by, "")
	return err
}

// Waive closes an object's open duties that no longer need doing (a
// meeting cancelled, a complaint withdrawn), with a note saying why.
func Waive(ctx context.Context, tx *store.Tx, aid int64, kind, source, occurrence, by, note string) error {
	_, err := tx.CloseDuties(ctx, aid, kind, source, occurrence, store.DutyWaived, by, note)
	return err
}

// Location is the agreement's time zone (UTC when it cannot be loaded).
func Location(a *gov.Agreement) *time.Location {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// Today is the date now in the agreement's time zone.
func Today(a *gov.Agreement, now time.Time) calendar.Date {
	return calendar.DateOf(now.In(Location(a)))
}

// DueAfter is the date n working days after from on the agreement's
// calendar: the due date of a duty the model gives no date of its own.
func DueAfter(a *gov.Agreement, from calendar.Date, n int) string {
	cal, err := plan.Calendar(a)
	if err != nil {
		return from.AddDays(n).String()
	}
	return cal.AddWorkingDays(from, n).String()
}

// matches reports whether a duty's party reference (a party slug or a
// party kind) names party p.
func matches(p *gov.Party, ref string) bool {
	return p != nil && ref != "" && (ref == p.Slug || ref == string(p.Kind))
}

// Actor is who reads or acts, resolved in one agreement: the account, its
// role there and, where the directory has their e-mail, their person.
type Actor struct {
	P      auth.Principal
	Role   auth.Role
	Person string
}

// ActorIn resolves a principal in an agreement.
func ActorIn(p auth.Principal, a *gov.Agreement) Actor {
	p, role := auth.In(p, a) // the party is per agreement (issue 14)
	x := Actor{P: p, Role: role}
	if p.Email != "" {
		for _, pe := range a.People {
			if strings.EqualFold(pe.Email, p.Email) {
				x.Person = pe.Slug
				break
			}
		}
	}
	return x
}

// Name is how the actor appears in records and audit entries.
func (x Actor) Name() string {
	if x.P.Email != "" {
		return "user:" + x.P.Email
	}
	return "system"
}

// CanSee reports whether x may see a duty: administrators see all; a
// party sees the duties it owes or is owed; the buying side (customers and
// providers) sees every duty of the agreement, as it sees every complaint.
func CanSee(x Actor, a *gov.Agreement, d *store.Duty) bool {
	if x.P.Admin {
		return true
	}
	if x.Role == "" {
		return false
	}
	p := a.Party(x.P.Party)
	if p == nil {
		return false
	}
	if matches(p, d.OwedBy) || matches(p, d.OwedTo) {
		return true
	}
	return p.Kind == gov.KindCustomer || p.Kind == gov.KindProvider
}

// Owes reports whether x's organisation owes the duty.
func Owes(x Actor, a *gov.Agreement, d *store.Duty) bool {
	return matches(a.Party(x.P.Party), d.OwedBy)
}

// Receives reports whether x's organisation is owed the duty.
func Receives(x Actor, a *gov.Agreement, d *store.Duty) bool {
	return matches(a.Party(x.P.Party), d.OwedTo) && !Owes(x, a, d)
}

// Mine reports whether the duty falls on x personally.
func Mine(x Actor, d *store.Duty) bool {
	return x.Person != "" && d.OwedByPerson == x.Person
}

// PartyName names a party reference for a reader: the party's name, or
// the kind's word for a kind ("supplier"), which the edge translates.
func PartyName(a *gov.Agreement, ref string) string {
	if p := a.Party(ref); p != nil {
		return p.Name
	}
	return ref
}
