package report

import (
	"slices"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// Report parts (issue #14). Where several suppliers answer for the
// agreement's services, each writes and submits its own part of the
// monthly report: its texts, the availability of its services, its
// service levels, breaches and exclusions. The parties that buy from it
// (directly or up the chain) read every part; a supplier reads its own
// part and the figures the model marks as shared (report rule's shared);
// only the direct buyer reviews a part. With one supplier the report is
// one whole, part "".

// The sections a report rule may mark as shared with every supplier.
const (
	// SharedIncidents: incidents and problems, security and change
	// counts over every service.
	SharedIncidents = "incidents"
	// SharedRisks: the agreement's risk register.
	SharedRisks = "risks"
)

// SharedSections are the values a report rule's shared may hold.
var SharedSections = []string{SharedIncidents, SharedRisks}

// Parts are the suppliers with a part of the monthly report, in model
// order; nil when at most one supplier answers for the services (the
// report is one whole).
func Parts(a *gov.Agreement) []string {
	if a.ServiceLevels == nil {
		return nil
	}
	var out []string
	for _, s := range a.ServiceLevels.Services {
		if s.Supplier != "" && !slices.Contains(out, s.Supplier) {
			out = append(out, s.Supplier)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// inPart reports whether service s belongs to part ("" holds every
// service).
func inPart(a *gov.Agreement, part, service string) bool {
	if part == "" {
		return true
	}
	s := a.ServiceLevels.Service(service)
	return s != nil && s.Supplier == part
}

// shared reports whether the monthly report rule marks section as shared.
func shared(a *gov.Agreement, section string) bool {
	for _, r := range a.Reports {
		if r.Frequency == "monthly" && slices.Contains(r.Shared, section) {
			return true
		}
	}
	return false
}

// WritePart is the part x writes and submits: its own organisation's
// when the report has parts, else the whole report; ok is false when x
// writes none (a supplier without services, a buyer).
func WritePart(a *gov.Agreement, x meeting.Actor) (part string, ok bool) {
	if !auth.Allowed(x.Role, auth.WriteReport) {
		return "", false
	}
	parts := Parts(a)
	if parts == nil {
		return "", true
	}
	if x.P.Admin {
		return "", false // an administrator writes no supplier's part
	}
	return x.P.Party, slices.Contains(parts, x.P.Party)
}

// CanRead reports whether x may read part of the report: the whole report
// as before (the reports matrix), except a supplier that has a part of
// its own; a part, the supplier itself and the parties buying from it
// directly or up the chain, and administrators.
func CanRead(a *gov.Agreement, x meeting.Actor, part string) bool {
	if !auth.Allowed(x.Role, auth.ViewReports) {
		return false
	}
	if part == "" {
		// The whole report (every supplier's figures): not for a supplier
		// that has a part of its own.
		return Parts(a) == nil || x.P.Admin || !slices.Contains(Parts(a), x.P.Party)
	}
	if !slices.Contains(Parts(a), part) {
		return false
	}
	return x.P.Admin || x.P.Party == part || slices.Contains(a.Upstream(part), x.P.Party)
}

// CanReview reports whether x reviews part of the report (approves or
// disputes it and its exclusions): a representative of the party that
// buys directly from its supplier (a city that buys from the provider
// does not review the provider's suppliers), or an administrator.
func CanReview(a *gov.Agreement, x meeting.Actor, part string) bool {
	if !auth.Allowed(x.Role, auth.ReviewReport) {
		return false
	}
	if x.P.Admin {
		return true
	}
	if part == "" {
		sup := singleSupplier(a)
		return sup == "" || a.Contract(x.P.Party, sup) != nil
	}
	return a.Contract(x.P.Party, part) != nil
}

// singleSupplier is the one supplier of the services, or "".
func singleSupplier(a *gov.Agreement) string {
	if a.ServiceLevels == nil {
		return ""
	}
	for _, s := range a.ServiceLevels.Services {
		if s.Supplier != "" {
			return s.Supplier
		}
	}
	return ""
}

// ReadPart resolves the part x asks to read: with parts, a supplier's own
// when none is asked, else the first x may read; ok is false when x may
// not read the part asked (it is answered as not found).
func ReadPart(a *gov.Agreement, x meeting.Actor, asked string) (part string, ok bool) {
	parts := Parts(a)
	if parts == nil {
		return "", asked == "" && CanRead(a, x, "")
	}
	if asked != "" {
		return asked, CanRead(a, x, asked)
	}
	if slices.Contains(parts, x.P.Party) {
		return x.P.Party, CanRead(a, x, x.P.Party)
	}
	for _, p := range parts {
		if CanRead(a, x, p) {
			return p, true
		}
	}
	return "", false
}

// PartOfService is the part a service's tickets and breaches belong to:
// its supplier when the report has parts, else "".
func PartOfService(a *gov.Agreement, service string) string {
	if Parts(a) == nil {
		return ""
	}
	if s := a.ServiceLevels.Service(service); s != nil {
		return s.Supplier
	}
	return ""
}

// reviewForum is the forum where part is reviewed: the relationship's
// reviewed_in between the part's supplier and its buyer, else the report
// rule's.
func reviewForum(a *gov.Agreement, part string) *gov.Forum {
	if part == "" {
		part = singleSupplier(a)
	}
	for _, b := range a.BuyersFrom(part) {
		if r := a.Contract(b, part); r != nil && r.ReviewedIn != "" {
			return a.Forum(r.ReviewedIn)
		}
	}
	return ReviewForum(a)
}

// CheckWriteTarget refuses a write addressed to a part other than the
// one x writes (?part= naming another supplier): not found when x may not
// read that part (its existence is not revealed), forbidden otherwise.
// An empty asked part is x's own.
func CheckWriteTarget(a *gov.Agreement, x meeting.Actor, asked string) error {
	if asked == "" {
		return nil
	}
	if wp, ok := WritePart(a, x); ok && wp == asked {
		return nil
	}
	if !CanRead(a, x, asked) {
		return &gov.Error{Code: gov.CodeNotFound, Message: "no such report part", ID: "reports.err.no_part"}
	}
	return forbidden()
}
