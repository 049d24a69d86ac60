package auth

import (
	"reflect"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// MayEditPeople allows a model change when pr may edit every directory
// entry it adds, changes or removes, as the entry was and as it becomes.
func MayEditPeople(pr Principal) func(before, after *gov.Agreement) bool {
	return func(before, after *gov.Agreement) bool {
		for i := range before.People {
			old := &before.People[i]
			now := after.Person(old.Slug)
			if now != nil && reflect.DeepEqual(old, now) {
				continue
			}
			if !CanEditPerson(pr, before, old) || (now != nil && !CanEditPerson(pr, after, now)) {
				return false
			}
		}
		for i := range after.People {
			if p := &after.People[i]; before.Person(p.Slug) == nil && !CanEditPerson(pr, after, p) {
				return false
			}
		}
		return true
	}
}

// The one visibility rule for people (issue 14): a person the directory
// hides from a user (CanSeePerson) is hidden in every list, dropdown, API
// field, history entry, search result and export. Front ends and services
// take people only through the functions below, so that the rule is
// written once.

// VisiblePeople lists the people of a that p may see, in directory order:
// every list and dropdown of people starts from it.
func VisiblePeople(p Principal, a *gov.Agreement) []*gov.Person {
	out := make([]*gov.Person, 0, len(a.People))
	for i := range a.People {
		if CanSeePerson(p, a, &a.People[i]) {
			out = append(out, &a.People[i])
		}
	}
	return out
}

// PersonShown is how a person named on a record (by slug, with the name
// stored when the record was written) may be shown to p: the stored name
// (or the directory's, when none was stored) and true when p may see
// them; "" and false when the directory hides them. A person since
// removed from the directory is shown to those who may read the directory
// at all. An empty slug and name is no person: "", true.
func PersonShown(p Principal, a *gov.Agreement, slug, stored string) (string, bool) {
	if slug == "" && stored == "" {
		return "", true
	}
	if person := a.Person(slug); person != nil {
		if !CanSeePerson(p, a, person) {
			return "", false
		}
		if stored == "" {
			stored = person.Name
		}
		return stored, true
	}
	if !Can(p, a, ViewDirectory) {
		return "", false
	}
	return stored, true
}

// ActorShown is PersonShown for an audit actor ("user:EMAIL"): an account
// that is a person of a hidden from p is hidden; an account no directory
// entry has (an operator, the system) is shown as it is.
func ActorShown(p Principal, a *gov.Agreement, actor string) (string, bool) {
	email, isUser := strings.CutPrefix(actor, "user:")
	if !isUser {
		return actor, true
	}
	for i := range a.People {
		if person := &a.People[i]; person.Email != "" && strings.EqualFold(person.Email, email) {
			if !CanSeePerson(p, a, person) {
				return "", false
			}
			return actor, true
		}
	}
	return actor, true
}

// HiddenPeople returns a replacer that puts hidden in place of every name,
// e-mail address and phone number of a person p may not see: for
// free-form records (history entries, exports) where people appear by
// value rather than by reference. It is nil when p may see everyone.
func HiddenPeople(p Principal, a *gov.Agreement, hidden string) *strings.Replacer {
	var pairs []string
	for i := range a.People {
		person := &a.People[i]
		if CanSeePerson(p, a, person) {
			continue
		}
		for _, v := range []string{person.Email, person.Phone, person.Name} {
			if strings.TrimSpace(v) != "" {
				pairs = append(pairs, v, hidden)
			}
		}
	}
	if len(pairs) == 0 {
		return nil
	}
	return strings.NewReplacer(pairs...)
}
