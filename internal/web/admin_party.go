package web

import (
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// The party page: its name, and its dated attributes (residents, owner
// status, learner count...) that seat and vote rules read. An attribute
// is added, or its value on a date changed, one at a time; the kind is
// not editable here because roles and rules hang on it (a model change).

type partyForm struct {
	Slug, Kind, Name string
	// Organisation is the organisation the party is (issue 14).
	Organisation         string
	Attributes           []gov.Attribute
	Key, Value, From     string
	MaxName, MaxKey, Max int
}

// attrKeyRE is the form of an attribute key: the ids the model's rules
// refer to.
var attrKeyRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func (s *Server) renderParty(w http.ResponseWriter, r *Req, status int, p *gov.Party, f *partyForm, errs []FieldError) {
	f.Slug, f.Kind, f.Attributes = p.Slug, s.cat.T(r.Lang, "diagram.kind."+string(p.Kind)), p.Attributes
	f.MaxName, f.MaxKey, f.Max = maxName, maxAttrKey, maxAttrValue
	if f.Organisation == "" {
		org, err := s.store.PartyOrganisation(r.Context(), r.Agreement.Slug, p.Slug)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
		f.Organisation = org
	}
	title := s.cat.T(r.Lang, "admin.party.edit", "Name", p.Name)
	pg := s.page(r, title, f)
	pg.Section, pg.Errors = "admin", errs
	pg.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug},
		{Label: s.cat.T(r.Lang, "admin.title"), Href: "/a/" + r.Agreement.Slug + "/admin"}, {Label: title}}
	s.render(w, r, status, "party_edit", pg)
}

// partyOf finds the party in the URL, or answers 404.
func (s *Server) partyOf(w http.ResponseWriter, r *Req) *gov.Party {
	p := r.Agreement.Party(r.PathValue("party"))
	if p == nil {
		s.notFound(w, r)
	}
	return p
}

func (s *Server) editPartyForm(w http.ResponseWriter, r *Req) {
	if p := s.partyOf(w, r); p != nil {
		s.renderParty(w, r, http.StatusOK, p, &partyForm{Name: p.Name}, nil)
	}
}

func (s *Server) editParty(w http.ResponseWriter, r *Req) {
	p := s.partyOf(w, r)
	if p == nil || !s.parseAdminForm(w, r) {
		return
	}
	pf := r.PostForm
	f := &partyForm{Name: strings.TrimSpace(pf.Get("name")), Key: strings.TrimSpace(pf.Get("key")),
		Value: strings.TrimSpace(pf.Get("value")), From: strings.TrimSpace(pf.Get("from"))}
	c := s.formCheck(r)
	c.text("name", f.Name, true, maxName)
	var attrs []gov.Attribute
	// The three attribute fields go together: all empty leaves the
	// attributes as they are.
	if f.Key != "" || f.Value != "" || f.From != "" {
		c.text("key", f.Key, true, maxAttrKey)
		if !c.has("key") && !attrKeyRE.MatchString(f.Key) {
			c.add("key", "form.invalid", "Field", c.label("key"), "Reason", s.cat.T(r.Lang, "admin.reason.key"))
		}
		c.text("value", f.Value, true, maxAttrValue)
		c.date("from", f.From)
		attrs = append(attrs, gov.Attribute{Key: f.Key, Value: f.Value, From: f.From})
	}
	if c.failed() {
		s.renderParty(w, r, http.StatusUnprocessableEntity, p, f, c.errs)
		return
	}
	slug := p.Slug
	allow := func(before, _ *gov.Agreement) bool {
		return auth.Can(r.Principal, before, auth.EditParties) && before.Party(slug) != nil
	}
	err := s.store.UpdateParty(r.Context(), r.Agreement.Slug, editor(r, allow), slug, f.Name, attrs...)
	if s.editFailed(w, r, err) {
		return
	}
	s.flash(r, "admin.party.saved")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/admin/parties/"+slug, http.StatusSeeOther)
}

// linkPartyOrganisation makes the party the organisation the
// administrator names (issue 14): that organisation's accounts then take
// part in the agreement as this party, the previous one's no longer.
func (s *Server) linkPartyOrganisation(w http.ResponseWriter, r *Req) {
	p := s.partyOf(w, r)
	if p == nil || !s.parseAdminForm(w, r) {
		return
	}
	org := strings.TrimSpace(r.PostForm.Get("organisation"))
	f := &partyForm{Name: p.Name, Organisation: org}
	c := s.formCheck(r)
	c.text("organisation", org, true, 63)
	if !c.has("organisation") && !store.ValidOrganisationSlug(org) {
		c.add("organisation", "form.invalid", "Field", c.label("organisation"), "Reason", s.cat.T(r.Lang, "admin.reason.organisation"))
	}
	if !c.failed() {
		err := s.store.LinkParty(r.Context(), r.Agreement.Slug, p.Slug, org, actor(r))
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.notFound(w, r)
			return
		case err != nil && strings.Contains(err.Error(), "already party"):
			c.add("organisation", "admin.organisation.taken")
		case err != nil:
			s.serverError(w, r, err)
			return
		}
	}
	if c.failed() {
		s.renderParty(w, r, http.StatusUnprocessableEntity, p, f, c.errs)
		return
	}
	s.flash(r, "admin.organisation.saved")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/admin/parties/"+p.Slug, http.StatusSeeOther)
}
