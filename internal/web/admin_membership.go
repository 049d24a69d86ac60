package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Seats in forums: a person is seated with a role from a date, and the
// seat is ended by giving its last day. Only forums the user may see are
// offered, and only people of a party that takes part in the forum fit.

type membershipForm struct {
	Person, Forum, Role, From string
	People, Forums, Roles     []option
}

func (s *Server) membershipOptions(r *Req, f *membershipForm) {
	a, pr := r.Agreement, r.Principal
	f.People, f.Forums, f.Roles = nil, nil, nil
	for i := range a.People {
		if p := &a.People[i]; auth.CanSeePerson(pr, a, p) {
			f.People = append(f.People, option{p.Slug, p.Name + " (" + partyName(a, p.Party) + ")"})
		}
	}
	i18n.Sort(r.Lang, f.People, func(o option) string { return o.Label })
	for _, fo := range visibleForums(r) {
		f.Forums = append(f.Forums, option{fo.Slug, fo.Name})
	}
	for _, sr := range gov.SeatRoles {
		f.Roles = append(f.Roles, option{string(sr), s.cat.T(r.Lang, "admin.role."+string(sr))})
	}
}

func (s *Server) renderMembership(w http.ResponseWriter, r *Req, status int, f *membershipForm, errs []FieldError) {
	s.membershipOptions(r, f)
	title := s.cat.T(r.Lang, "admin.seat.new")
	p := s.page(r, title, f)
	p.Section, p.Errors = "admin", errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug},
		{Label: s.cat.T(r.Lang, "admin.title"), Href: "/a/" + r.Agreement.Slug + "/admin"}, {Label: title}}
	s.render(w, r, status, "membership_new", p)
}

func (s *Server) newMembershipForm(w http.ResponseWriter, r *Req) {
	q := r.URL.Query()
	f := &membershipForm{Person: q.Get("person"), Forum: q.Get("forum"), Role: string(gov.RoleMember), From: s.today(r)}
	s.renderMembership(w, r, http.StatusOK, f, nil)
}

// maySeat allows a change of seat m when r's user may edit memberships
// and see both the forum and the person in the fresh model.
func maySeat(pr auth.Principal, m gov.Membership) func(before, after *gov.Agreement) bool {
	return func(before, _ *gov.Agreement) bool {
		f, p := before.Forum(m.Forum), before.Person(m.Person)
		return auth.Can(pr, before, auth.EditMemberships) && f != nil && p != nil &&
			auth.CanSeeForum(pr, before, f) && auth.CanSeePerson(pr, before, p)
	}
}

func (s *Server) createMembership(w http.ResponseWriter, r *Req) {
	if !s.parseAdminForm(w, r) {
		return
	}
	pf := r.PostForm
	f := &membershipForm{Person: pf.Get("person"), Forum: pf.Get("forum"), Role: pf.Get("role"), From: pf.Get("from")}
	s.membershipOptions(r, f)
	c := s.formCheck(r)
	c.choice("person", f.Person, true, f.People)
	c.choice("forum", f.Forum, true, f.Forums)
	c.choice("role", f.Role, true, f.Roles)
	c.date("from", f.From)
	a := r.Agreement
	if !c.has("person") && !c.has("forum") {
		p, fo := a.Person(f.Person), a.Forum(f.Forum)
		if len(fo.Parties) > 0 && !contains(fo.Parties, p.Party) {
			c.add("forum", "admin.seat.notparty", "Party", partyName(a, p.Party), "Forum", fo.Name)
		}
	}
	if c.failed() {
		s.renderMembership(w, r, http.StatusUnprocessableEntity, f, c.errs)
		return
	}
	m := gov.Membership{Person: f.Person, Forum: f.Forum, Role: gov.SeatRole(f.Role), From: f.From}
	err := s.store.AddMembership(r.Context(), a.Slug, editor(r, maySeat(r.Principal, m)), m)
	if errors.Is(err, store.ErrDuplicate) {
		s.renderMembership(w, r, http.StatusUnprocessableEntity, f,
			[]FieldError{{Field: "from", Msg: s.cat.T(r.Lang, "admin.seat.duplicate")}})
		return
	}
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.seat.created")
	http.Redirect(w, r.Request, "/a/"+a.Slug+"/admin#seats", http.StatusSeeOther)
}

func (s *Server) endMembership(w http.ResponseWriter, r *Req) {
	if !s.parseAdminForm(w, r) {
		return
	}
	pf := r.PostForm
	a := r.Agreement
	key := gov.Membership{Person: pf.Get("person"), Forum: pf.Get("forum"), Role: gov.SeatRole(pf.Get("role")), From: pf.Get("from")}
	idx := -1
	for i, m := range a.Memberships {
		if m.Person == key.Person && m.Forum == key.Forum && m.Role == key.Role && m.From == key.From {
			idx = i
		}
	}
	// A seat the user may not see does not exist for them.
	if idx < 0 || !maySeat(r.Principal, key)(a, a) {
		s.notFound(w, r)
		return
	}
	field, to := "end-"+strconv.Itoa(idx), pf.Get("to")
	c := s.formCheck(r)
	c.as = map[string]string{field: "to"}
	c.date(field, to)
	if !c.has(field) && to < key.From {
		c.add(field, "admin.seat.endbeforestart")
	}
	if c.failed() {
		// The field is labelled by its row; the message names the seat.
		for i := range c.errs {
			c.errs[i].Msg = a.Person(key.Person).Name + ", " + a.Forum(key.Forum).Name + ": " + c.errs[i].Msg
		}
		s.renderAdmin(w, r, http.StatusUnprocessableEntity, c.errs, map[string]string{field: to})
		return
	}
	err := s.store.EndMembership(r.Context(), a.Slug, editor(r, maySeat(r.Principal, key)), key, to)
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.seat.ended")
	http.Redirect(w, r.Request, "/a/"+a.Slug+"/admin#seats", http.StatusSeeOther)
}
