package api

import (
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
)

// shownOwner is the API side of the one visibility rule for people
// (issue 14, auth.PersonShown): the owner's slug and name as recorded, or
// both empty when the directory hides that person from the caller, so
// that no field (owner, owner_name) names them.
func shownOwner(p auth.Principal, a *gov.Agreement, slug, name string) (string, string) {
	shown, ok := auth.PersonShown(p, a, slug, name)
	if !ok {
		return "", ""
	}
	if name == "" {
		shown = ""
	}
	return slug, shown
}

// shownActor is an audit actor ("user:EMAIL") as the caller may see it:
// empty when it is a person the directory hides from them.
func shownActor(p auth.Principal, a *gov.Agreement, actor string) string {
	if _, ok := auth.ActorShown(p, a, actor); !ok {
		return ""
	}
	return actor
}
