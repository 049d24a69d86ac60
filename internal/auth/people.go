package auth

import (
	"reflect"

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
