// Package meeting runs a forum's meetings: from the annual plan (or an ad
// hoc or extra meeting) through the agenda, materials, attendance and
// minutes to their approval under the forum's rule, with action items and
// notifications. Each state change is one method that checks permission,
// validates, writes, audits and queues notifications in one transaction.
package meeting

import (
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
)

// Actor is who acts: the signed-in principal, their role in the
// agreement, and their directory entry (matched by e-mail), which decides
// their seats and attendance.
type Actor struct {
	P      auth.Principal
	Role   auth.Role
	Person *gov.Person
}

// ActorFor resolves a principal in an agreement (auth.In): x.P.Party is
// the principal's party in a, never a same-named party of another
// agreement.
func ActorFor(p auth.Principal, a *gov.Agreement) Actor {
	p, role := auth.In(p, a)
	x := Actor{P: p, Role: role}
	for i := range a.People {
		if p.Email != "" && strings.EqualFold(a.People[i].Email, p.Email) {
			x.Person = &a.People[i]
			break
		}
	}
	return x
}

// Name is how the actor appears in audit entries and records.
func (x Actor) Name() string {
	if x.P.Email != "" {
		return "user:" + x.P.Email
	}
	return "system"
}

// forumParties are the party slugs taking part in a forum.
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

// Responsible resolves a responsibility (a party slug or a party kind) to
// the forum's parties it names.
func Responsible(a *gov.Agreement, f *gov.Forum, ref string) []string {
	var out []string
	for _, s := range forumParties(a, f) {
		p := a.Party(s)
		if p != nil && (p.Slug == ref || string(p.Kind) == ref) {
			out = append(out, s)
		}
	}
	return out
}

// actsFor reports whether x acts for one of parties: a representative or
// member of that organisation (observers only watch).
func (x Actor) actsFor(parties []string) bool {
	if x.Role == "" || x.Role == auth.Observer || x.P.Admin {
		return false
	}
	return slices.Contains(parties, x.P.Party)
}

// representative reports whether x represents their organisation.
func (x Actor) representative() bool {
	return x.Role == auth.Customer || x.Role == auth.Provider || x.Role == auth.Supplier
}

// seat returns x's seat role in forum f on date, or "".
func (x Actor) seat(a *gov.Agreement, f *gov.Forum, date string) gov.SeatRole {
	if x.Person == nil {
		return ""
	}
	for _, m := range a.Memberships {
		if m.Person == x.Person.Slug && m.Forum == f.Slug && m.ActiveOn(date) {
			return m.Role
		}
	}
	return ""
}

// CanConvene: the convening party's representatives (and administrators)
// plan meetings, set the agenda, publish it, and cancel.
func CanConvene(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	if !auth.CanSeeForum(x.P, a, f) {
		return false
	}
	return x.P.Admin || (x.representative() && x.actsFor(Responsible(a, f, f.Responsibilities.Convenes)))
}

// CanWriteMinutes: the party the model names keeps the minutes.
func CanWriteMinutes(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	return auth.CanSeeForum(x.P, a, f) && x.actsFor(Responsible(a, f, f.Responsibilities.Minutes))
}

// CanPropose: any party, or the members, propose agenda items where the
// model allows it; otherwise only the convener sets the agenda.
func CanPropose(x Actor, a *gov.Agreement, f *gov.Forum, date string) bool {
	if !auth.CanSeeForum(x.P, a, f) {
		return false
	}
	if CanConvene(x, a, f) {
		return true
	}
	switch {
	case f.Proposals == nil:
		return false
	case f.Proposals.From == "members":
		return x.seat(a, f, date) != ""
	default:
		return x.actsFor(forumParties(a, f))
	}
}

// CanConveneExtra: who may call an extra meeting, by the forum's rule.
func CanConveneExtra(x Actor, a *gov.Agreement, f *gov.Forum, date string) bool {
	if !auth.CanSeeForum(x.P, a, f) || f.ExtraMeeting == nil {
		return false
	}
	switch f.ExtraMeeting.By {
	case "any-member":
		return x.seat(a, f, date) != "" || CanConvene(x, a, f)
	case "any-party":
		return x.actsFor(forumParties(a, f)) || CanConvene(x, a, f)
	}
	return CanConvene(x, a, f)
}

// CanContribute: people of the forum's parties attach materials.
func CanContribute(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	return auth.CanSeeForum(x.P, a, f) && (x.P.Admin || x.actsFor(forumParties(a, f)))
}

// CanRecord: the convener and the minute-taker record attendance, the
// meeting being held, and action items.
func CanRecord(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	return CanConvene(x, a, f) || CanWriteMinutes(x, a, f)
}

// CanApprove applies the forum's approval rule to the minutes of meeting
// m when their writer is not known (lists and dashboards); the service
// checks with CanApproveBy.
func CanApprove(x Actor, a *gov.Agreement, f *gov.Forum, m *gov.Meeting, attendees []gov.Attendee, nextHeld bool) bool {
	return CanApproveBy(x, a, f, m, attendees, "", nextHeld)
}

// CanApproveBy applies the forum's approval rule to the minutes of
// meeting m written by writer ("user:e-mail"), as the sources mean it:
// "chair" is the person chairing that meeting (MeetingChair), not anyone
// of the chairing party; "other party" is a representative of a party
// other than the minute-taking one; "participants" are the people who
// attended other than the writer; "next meeting" waits for the forum's
// next meeting (next tells whether it has been held), where its chair or
// the convening party approves. Nobody approves minutes they wrote, and
// administrators approve nothing: approval is a governance act, not an
// operator's.
func CanApproveBy(x Actor, a *gov.Agreement, f *gov.Forum, m *gov.Meeting, attendees []gov.Attendee, writer string, nextHeld bool) bool {
	if !auth.CanSeeForum(x.P, a, f) || x.Role == "" || x.Role == auth.Observer || x.P.Admin {
		return false
	}
	if writer != "" && strings.EqualFold(x.Name(), writer) {
		return false
	}
	writers := Responsible(a, f, f.Responsibilities.Minutes)
	chair := MeetingChair(a, f, m, attendees)
	isChair := x.Person != nil && chair != nil && chair.Slug == x.Person.Slug
	switch f.Minutes.Approval {
	case gov.ApproveChair:
		return isChair
	case gov.ApproveOtherParty:
		return x.representative() && x.actsFor(forumParties(a, f)) && !slices.Contains(writers, x.P.Party)
	case gov.ApproveNextMeeting:
		return nextHeld && (isChair || (CanConvene(x, a, f) && !slices.Contains(writers, x.P.Party)))
	case gov.ApproveAttendees:
		if x.Person == nil {
			return false
		}
		for _, at := range attendees {
			if at.Person == x.Person.Slug && at.Present {
				return true
			}
		}
	}
	return false
}
