package matter

import (
	"slices"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
)

// visibleForums are the forums x may see, and so whose matters, minutes
// and decisions x may read and find.
func visibleForums(a *gov.Agreement, x Actor) []string {
	var out []string
	for i := range a.Forums {
		if auth.CanSeeForum(x.P, a, &a.Forums[i]) {
			out = append(out, a.Forums[i].Slug)
		}
	}
	return out
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

// takesPart reports whether x acts for one of the forum's parties, as a
// representative or a member (observers only watch, administrators are
// no party).
func takesPart(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	switch x.Role {
	case auth.Customer, auth.Provider, auth.Supplier, auth.Member:
		return auth.CanSeeForum(x.P, a, f) && slices.Contains(forumParties(a, f), x.P.Party)
	}
	return false
}

// representative reports whether x represents a party of the forum.
func representative(x Actor, a *gov.Agreement, f *gov.Forum) bool {
	return x.Role != auth.Member && takesPart(x, a, f)
}

// seatOf is x's membership role in forum f on date, or "".
func seatOf(x Actor, a *gov.Agreement, f *gov.Forum, date string) gov.SeatRole {
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

// chairOf is the person holding forum f's chair on date, or nil.
func chairOf(a *gov.Agreement, f *gov.Forum, date string) *gov.Person {
	for _, m := range a.Memberships {
		if m.Forum == f.Slug && m.Role == gov.RoleChair && m.ActiveOn(date) {
			return a.Person(m.Person)
		}
	}
	return nil
}

// canRun: the forum's convener or the person in its chair on date opens
// and closes votes and records decisions.
func canRun(x Actor, a *gov.Agreement, f *gov.Forum, date string) bool {
	return meeting.CanConvene(x, a, f) || (auth.CanSeeForum(x.P, a, f) && seatOf(x, a, f, date) == gov.RoleChair)
}

// canEdit: who raised the matter, its owner, and whoever runs its forum
// change it; administrators too, as operators.
func canEdit(x Actor, a *gov.Agreement, f *gov.Forum, m *Matter, date string) bool {
	if !auth.CanSeeForum(x.P, a, f) {
		return false
	}
	mine := x.P.Email != "" && m.RaisedBy == x.Name()
	owner := x.Person != nil && m.Owner != "" && x.Person.Slug == m.Owner
	return x.P.Admin || mine || owner || canRun(x, a, f, date)
}

// canEscalate: besides those who may change the matter, any
// representative of the forum's parties takes a matter their forum cannot
// agree on to the next level, as the models let either party do.
func canEscalate(x Actor, a *gov.Agreement, f *gov.Forum, m *Matter, date string) bool {
	return canEdit(x, a, f, m, date) || representative(x, a, f)
}
