package web

import (
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// Administration of an agreement's parties, people and memberships. The
// route table lets in the roles that may edit at all; each handler then
// applies the object-level rules of internal/auth, and each change goes
// through one store function that re-checks them on the fresh model,
// validates the whole changed model and writes it with its audit entry
// in one transaction (store/directory_edit.go).

// Limits of the administration forms, in characters.
const (
	maxName      = 200
	maxTitle     = 200
	maxTitles    = 20
	maxEmail     = 254
	maxPhone     = 50
	maxAttrKey   = 64
	maxAttrValue = 200
	// maxAdminForm bounds a form body: the largest holds 20 titles.
	maxAdminForm = 64 << 10
)

// errDenied is what an edit's check returns when the fresh model no
// longer lets the user make it.
var errDenied = errors.New("not allowed")

// option is an entry of a select.
type option struct{ Value, Label string }

type adminHub struct {
	CanParties, CanPeople, CanMemberships bool
	Parties                               []adminParty
	People                                []adminPerson
	Forums                                []adminSeats
	Today                                 string
}

// adminSeats are the seats of one forum.
type adminSeats struct {
	Slug, Name string
	Seats      []adminSeat
}

type adminParty struct {
	Slug, Name, Kind, Facts string
}

type adminPerson struct {
	Slug, Name, Party, Titles, Email string
	CanEdit                          bool
}

type adminSeat struct {
	ID                                   string // the end form's field id
	Person, PersonName, Forum, ForumName string
	Role                                 gov.SeatRole
	RoleName, From, To                   string
	CanEnd                               bool
	// EndValue is the date in the end form: empty until the user picks
	// one, so that no seat ends by a single stray click.
	EndValue string
}

// today is the current date in the agreement's time zone.
func (s *Server) today(r *Req) string {
	loc, err := time.LoadLocation(r.Agreement.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	return s.cfg.Now().In(loc).Format(time.DateOnly)
}

func (s *Server) admin(w http.ResponseWriter, r *Req) {
	s.renderAdmin(w, r, http.StatusOK, nil, nil)
}

// renderAdmin shows the hub; errs and the sent end dates (by field id)
// come from a refused end-of-seat form.
func (s *Server) renderAdmin(w http.ResponseWriter, r *Req, status int, errs []FieldError, sent map[string]string) {
	a, pr := r.Agreement, r.Principal
	today := s.today(r)
	h := adminHub{
		CanParties:     auth.Can(pr, a, auth.EditParties),
		CanPeople:      auth.Can(pr, a, auth.EditPeople),
		CanMemberships: auth.Can(pr, a, auth.EditMemberships),
		Today:          today,
	}
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, p := range a.Parties {
		h.Parties = append(h.Parties, adminParty{Slug: p.Slug, Name: p.Name,
			Kind: s.cat.T(r.Lang, "diagram.kind."+string(p.Kind)), Facts: partyFacts(l, &p, today)})
	}
	for i := range a.People {
		p := &a.People[i]
		if !auth.CanSeePerson(pr, a, p) {
			continue
		}
		h.People = append(h.People, adminPerson{Slug: p.Slug, Name: p.Name, Party: partyName(a, p.Party),
			Titles: strings.Join(p.Titles, ", "), Email: p.Email, CanEdit: auth.CanEditPerson(pr, a, p)})
	}
	i18n.Sort(r.Lang, h.People, func(p adminPerson) string { return p.Name })
	h.Forums = s.adminSeats(r, today, sent)
	title := s.cat.T(r.Lang, "admin.title")
	p := s.page(r, title, h)
	p.Section, p.Errors = "admin", errs
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: title}}
	s.render(w, r, status, "admin", p)
}

// adminSeats lists the memberships r's user may see by forum, in model
// order, each by seat role and name.
func (s *Server) adminSeats(r *Req, today string, sent map[string]string) []adminSeats {
	a, pr := r.Agreement, r.Principal
	rolePos := map[gov.SeatRole]int{}
	for i, sr := range gov.SeatRoles {
		rolePos[sr] = i
	}
	canEnd := auth.Can(pr, a, auth.EditMemberships)
	var out []adminSeats
	for _, f := range visibleForums(r) {
		g := adminSeats{Slug: f.Slug, Name: f.Name}
		for i, m := range a.Memberships {
			p := a.Person(m.Person)
			if m.Forum != f.Slug || p == nil || !auth.CanSeePerson(pr, a, p) {
				continue
			}
			row := adminSeat{ID: "end-" + strconv.Itoa(i), Person: m.Person, PersonName: p.Name, Forum: m.Forum, ForumName: f.Name,
				Role: m.Role, RoleName: s.cat.T(r.Lang, "admin.role."+string(m.Role)), From: m.From, To: m.To,
				CanEnd: canEnd && (m.To == "" || m.To >= today)}
			if v, ok := sent[row.ID]; ok {
				row.EndValue = v
			}
			g.Seats = append(g.Seats, row)
		}
		i18n.Sort(r.Lang, g.Seats, func(s adminSeat) string { return s.PersonName })
		sort.SliceStable(g.Seats, func(i, j int) bool { return rolePos[g.Seats[i].Role] < rolePos[g.Seats[j].Role] })
		if len(g.Seats) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// partyFacts is a party's attributes as they hold today, labelled and
// formatted the way the party page shows them.
func partyFacts(l *lens, p *gov.Party, today string) string {
	var keys []string
	seen := map[string]bool{}
	for _, at := range p.Attributes {
		if !seen[at.Key] {
			seen[at.Key] = true
			keys = append(keys, at.Key)
		}
	}
	var facts []string
	for _, k := range keys {
		if v, ok := p.Attr(k, today); ok {
			facts = append(facts, l.tOr("pages.attr."+k, k)+": "+l.attrValue(v))
		}
	}
	return strings.Join(facts, ", ")
}

func partyName(a *gov.Agreement, slug string) string {
	if p := a.Party(slug); p != nil {
		return p.Name
	}
	return slug
}

// editor is the store.Editor for a change by r's user: allow applies the
// permission rules to the fresh model before and after the change, then
// the whole changed model must pass the model rules.
func editor(r *Req, allow func(before, after *gov.Agreement) bool) store.Editor {
	return store.Editor{Actor: actor(r), Check: func(before, after *gov.Agreement) error {
		if !allow(before, after) {
			return errDenied
		}
		return model.Validate(after)
	}}
}

// editFailed answers an edit the store refused for a reason that has no
// place on the form: a permission lost meanwhile, an object gone, or a
// model the rules refuse (which the form's own checks should have
// caught). It reports whether it answered.
func (s *Server) editFailed(w http.ResponseWriter, r *Req, err error) bool {
	var verrs model.Errors
	switch {
	case err == nil:
		return false
	case errors.Is(err, errDenied):
		s.forbidden(w, r)
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case errors.As(err, &verrs):
		s.log.Warn("edit refused by the model rules", "path", r.URL.Path, "err", err)
		s.renderError(w, r, http.StatusUnprocessableEntity, "admin.invalidmodel", "Reason", verrs.Error())
	default:
		s.serverError(w, r, err)
	}
	return true
}

// parseAdminForm reads a form body of bounded size; on failure it has
// answered.
func (s *Server) parseAdminForm(w http.ResponseWriter, r *Req) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminForm)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderError(w, r, http.StatusRequestEntityTooLarge, "error.toolarge")
		} else {
			s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		}
		return false
	}
	return true
}
