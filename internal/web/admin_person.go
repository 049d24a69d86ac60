package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// personForm is the person page: a new entry or an existing one.
type personForm struct {
	New                                       bool
	Slug                                      string
	Name, Party, Titles, Email, Phone, Deputy string
	// PartyFixed: a representative adds and edits only their own
	// organisation's people, so the party is shown, not chosen.
	PartyFixed bool
	PartyName  string
	// Stored is the name as saved, for the title while the form is edited.
	Stored            string
	Parties, Deputies []option
	Limits            map[string]int
}

var personLimits = map[string]int{"name": maxName, "title": maxTitle, "titles": maxTitles, "email": maxEmail, "phone": maxPhone}

// personOptions fills the choices of the form for r's user.
func (s *Server) personOptions(r *Req, f *personForm) {
	a, pr := r.Agreement, r.Principal
	f.Limits = personLimits
	f.PartyFixed = !pr.Admin
	if f.PartyFixed {
		f.Party = pr.Party
	}
	f.PartyName = partyName(a, f.Party)
	if p := a.Person(f.Slug); p != nil {
		f.Stored = p.Name
	}
	f.Parties = nil
	for _, p := range a.Parties {
		f.Parties = append(f.Parties, option{p.Slug, p.Name})
	}
	f.Deputies = nil
	for i := range a.People {
		p := &a.People[i]
		if p.Slug != f.Slug && auth.CanSeePerson(pr, a, p) {
			f.Deputies = append(f.Deputies, option{p.Slug, p.Name + " (" + partyName(a, p.Party) + ")"})
		}
	}
	i18n.Sort(r.Lang, f.Deputies, func(o option) string { return o.Label })
}

func (s *Server) renderPerson(w http.ResponseWriter, r *Req, status int, f *personForm, errs []FieldError) {
	s.personOptions(r, f)
	title := s.cat.T(r.Lang, "admin.person.new")
	if !f.New {
		title = s.cat.T(r.Lang, "admin.person.edit", "Name", f.Stored)
	}
	p := s.page(r, title, f)
	p.Section, p.Errors = "admin", errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug},
		{Label: s.cat.T(r.Lang, "admin.title"), Href: "/a/" + r.Agreement.Slug + "/admin"}, {Label: title}}
	s.render(w, r, status, "person_edit", p)
}

func (s *Server) newPersonForm(w http.ResponseWriter, r *Req) {
	s.renderPerson(w, r, http.StatusOK, &personForm{New: true}, nil)
}

// editablePerson finds the person in the URL: 404 when r's user may not
// see them (or they do not exist), 403 when they may see but not edit.
func (s *Server) editablePerson(w http.ResponseWriter, r *Req) *gov.Person {
	p := r.Agreement.Person(r.PathValue("person"))
	if p == nil || !auth.CanSeePerson(r.Principal, r.Agreement, p) {
		s.notFound(w, r)
		return nil
	}
	if !auth.CanEditPerson(r.Principal, r.Agreement, p) {
		s.forbidden(w, r)
		return nil
	}
	return p
}

func (s *Server) editPersonForm(w http.ResponseWriter, r *Req) {
	p := s.editablePerson(w, r)
	if p == nil {
		return
	}
	s.renderPerson(w, r, http.StatusOK, &personForm{Slug: p.Slug, Name: p.Name, Party: p.Party,
		Titles: strings.Join(p.Titles, "\n"), Email: p.Email, Phone: p.Phone, Deputy: p.Deputy}, nil)
}

// readPerson reads and checks the person form. It answers 403 itself
// (and returns ok false) when a representative names another party.
func (s *Server) readPerson(w http.ResponseWriter, r *Req, f *personForm) (gov.Person, []FieldError, bool) {
	pf := r.PostForm
	f.Name = strings.TrimSpace(pf.Get("name"))
	f.Titles = pf.Get("titles")
	f.Email = strings.TrimSpace(pf.Get("email"))
	f.Phone = strings.TrimSpace(pf.Get("phone"))
	f.Deputy = pf.Get("deputy")
	party := pf.Get("party")
	if !r.Principal.Admin {
		// A representative's entries belong to their own organisation;
		// a form naming another one was not made by this page.
		if party != "" && party != r.Principal.Party {
			s.forbidden(w, r)
			return gov.Person{}, nil, false
		}
		party = r.Principal.Party
	}
	f.Party = party
	s.personOptions(r, f)

	c := s.formCheck(r)
	c.text("name", f.Name, true, maxName)
	if r.Principal.Admin {
		c.choice("party", f.Party, true, f.Parties)
	}
	titles := lines(f.Titles)
	if len(titles) > maxTitles {
		c.add("titles", "admin.titles.toomany", "Max", maxTitles)
	}
	for _, t := range titles {
		if c.has("titles") {
			break
		}
		c.text("titles", t, false, maxTitle)
	}
	c.email("email", f.Email)
	c.phone("phone", f.Phone)
	if f.Deputy != "" && f.Deputy == f.Slug {
		c.add("deputy", "admin.deputy.self")
	} else {
		c.choice("deputy", f.Deputy, false, f.Deputies)
	}
	if !f.New && !c.has("party") {
		s.checkSeatsFit(r, c, f)
	}
	p := gov.Person{Slug: f.Slug, Name: f.Name, Party: f.Party, Titles: titles, Email: f.Email, Phone: f.Phone, Deputy: f.Deputy}
	return p, c.errs, true
}

// checkSeatsFit refuses moving a person to a party that does not take
// part in a forum where they still hold a seat.
func (s *Server) checkSeatsFit(r *Req, c *formCheck, f *personForm) {
	a := r.Agreement
	var forums []string
	for _, m := range a.Memberships {
		if m.Person != f.Slug {
			continue
		}
		if fo := a.Forum(m.Forum); fo != nil && len(fo.Parties) > 0 && !contains(fo.Parties, f.Party) && !contains(forums, fo.Name) {
			forums = append(forums, fo.Name)
		}
	}
	if len(forums) > 0 {
		c.add("party", "admin.party.seats", "Party", partyName(a, f.Party), "Forums", strings.Join(forums, ", "))
	}
}

func (s *Server) createPerson(w http.ResponseWriter, r *Req) {
	if !s.parseAdminForm(w, r) {
		return
	}
	f := &personForm{New: true}
	p, errs, ok := s.readPerson(w, r, f)
	if !ok {
		return
	}
	if len(errs) > 0 {
		s.renderPerson(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	p.Slug = gov.Slugify(p.Name)
	_, err := s.store.CreatePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), p)
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.person.created")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/admin#people", http.StatusSeeOther)
}

func (s *Server) editPerson(w http.ResponseWriter, r *Req) {
	cur := s.editablePerson(w, r)
	if cur == nil || !s.parseAdminForm(w, r) {
		return
	}
	f := &personForm{Slug: cur.Slug}
	p, errs, ok := s.readPerson(w, r, f)
	if !ok {
		return
	}
	if len(errs) > 0 {
		s.renderPerson(w, r, http.StatusUnprocessableEntity, f, errs)
		return
	}
	err := s.store.UpdatePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), p)
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.person.saved")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/admin#people", http.StatusSeeOther)
}

// deletePerson removes a directory entry, asking for a confirmation box
// to be ticked. It refuses while the person holds a seat or stands in as
// someone's deputy: ending a seat is a decision of its own, and a deputy
// silently dropped would leave someone without one.
func (s *Server) deletePerson(w http.ResponseWriter, r *Req) {
	cur := s.editablePerson(w, r)
	if cur == nil || !s.parseAdminForm(w, r) {
		return
	}
	f := &personForm{Slug: cur.Slug, Name: cur.Name, Party: cur.Party, Titles: strings.Join(cur.Titles, "\n"),
		Email: cur.Email, Phone: cur.Phone, Deputy: cur.Deputy}
	if r.PostForm.Get("confirm") != "yes" {
		s.renderPerson(w, r, http.StatusUnprocessableEntity, f,
			[]FieldError{{Field: "confirm", Msg: s.cat.T(r.Lang, "admin.delete.confirmfirst")}})
		return
	}
	err := s.store.DeletePerson(r.Context(), r.Agreement.Slug, editor(r, auth.MayEditPeople(r.Principal)), cur.Slug, s.today(r))
	var inUse *store.InUseError
	if errors.As(err, &inUse) {
		s.renderPerson(w, r, http.StatusConflict, f, []FieldError{{Field: "confirm", Msg: s.inUseText(r, cur, inUse)}})
		return
	}
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.person.deleted")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/admin#people", http.StatusSeeOther)
}

// inUseText explains why a person cannot be removed yet. Forums and
// people the user may not see are counted but not named.
func (s *Server) inUseText(r *Req, p *gov.Person, e *store.InUseError) string {
	a := r.Agreement
	var msgs []string
	if len(e.Seats) > 0 {
		var forums []string
		hidden := 0
		for _, m := range e.Seats {
			f := a.Forum(m.Forum)
			switch {
			case f == nil || !auth.CanSeeForum(r.Principal, a, f):
				hidden++
			case !contains(forums, f.Name):
				forums = append(forums, f.Name)
			}
		}
		if hidden > 0 {
			forums = append(forums, s.cat.T(r.Lang, "admin.delete.otherforums", "Count", hidden))
		}
		msgs = append(msgs, s.cat.T(r.Lang, "admin.delete.seats", "Name", p.Name, "Forums", strings.Join(forums, ", ")))
	}
	if len(e.DeputyFor) > 0 {
		var names []string
		for _, slug := range e.DeputyFor {
			if q := a.Person(slug); q != nil && auth.CanSeePerson(r.Principal, a, q) {
				names = append(names, q.Name)
			} else {
				names = append(names, s.cat.T(r.Lang, "admin.delete.someone"))
			}
		}
		msgs = append(msgs, s.cat.T(r.Lang, "admin.delete.deputy", "Name", p.Name, "People", strings.Join(names, ", ")))
	}
	return strings.Join(msgs, " ")
}
