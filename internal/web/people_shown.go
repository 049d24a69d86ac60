package web

import (
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
)

// The web side of the one visibility rule for people (issue 14, auth's
// VisiblePeople, PersonShown and ActorShown): pages list, offer and name
// people only through these.

// visiblePeople are the people of the request's agreement the user may
// see, those keep (nil: all) lets through.
func visiblePeople(r *Req, a *gov.Agreement, keep func(*gov.Person) bool) []*gov.Person {
	var out []*gov.Person
	for _, p := range auth.VisiblePeople(r.Principal, a) {
		if keep == nil || keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// shownPerson names a person recorded on an object (slug and stored
// name) for the user: the name, or "(name not shown)" when the directory
// hides them.
func (s *Server) shownPerson(r *Req, a *gov.Agreement, slug, stored string) string {
	name, ok := auth.PersonShown(r.Principal, a, slug, stored)
	if !ok {
		return s.cat.T(r.Lang, "pages.forum.hiddenperson")
	}
	return name
}

// actorName shows an audit actor ("user:EMAIL") as the person's name
// when the directory knows the address, "(name not shown)" when it hides
// them from the user, else the address.
func (s *Server) actorName(r *Req, a *gov.Agreement, actor string) string {
	if _, ok := auth.ActorShown(r.Principal, a, actor); !ok {
		return s.cat.T(r.Lang, "pages.forum.hiddenperson")
	}
	email := actor
	if len(actor) > 5 && actor[:5] == "user:" {
		email = actor[5:]
	}
	for _, p := range a.People {
		if p.Email != "" && p.Email == email {
			return p.Name
		}
	}
	return email
}
