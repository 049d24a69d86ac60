package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/store"
)

// PartyOrganisation says which organisation a party of an agreement is
// (issue 14): that organisation's accounts take part in the agreement as
// that party. Party ids are local to their agreement; organisations are
// not.
type PartyOrganisation struct {
	Agreement    string `json:"agreement"`
	Party        string `json:"party"`
	Organisation string `json:"organisation"`
}

func (a *API) partyOrganisation(w http.ResponseWriter, r *Req) {
	p := r.Agreement.Party(r.PathValue("party"))
	if p == nil {
		writeError(w, errNotFound("no party "+r.PathValue("party")))
		return
	}
	org, err := a.store.PartyOrganisation(r.Context(), r.Agreement.Slug, p.Slug)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		a.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, PartyOrganisation{Agreement: r.Agreement.Slug, Party: p.Slug, Organisation: org})
}

func (a *API) linkPartyOrganisation(w http.ResponseWriter, r *Req) {
	p := r.Agreement.Party(r.PathValue("party"))
	if p == nil {
		writeError(w, errNotFound("no party "+r.PathValue("party")))
		return
	}
	var in struct {
		Organisation string `json:"organisation"`
	}
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	org := strings.TrimSpace(in.Organisation)
	c := &checks{}
	c.text("organisation", org, true, 63)
	if !c.has("organisation") && !store.ValidOrganisationSlug(org) {
		c.add("organisation", "use lower-case letters, digits and dashes (at most 63)")
	}
	if c.failed(w) {
		return
	}
	err := a.store.LinkParty(r.Context(), r.Agreement.Slug, p.Slug, org, "user:"+r.User.Email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, errNotFound("no party "+p.Slug))
		return
	case err != nil && strings.Contains(err.Error(), "already party"):
		c.add("organisation", "that organisation is already another party of this agreement")
		c.failed(w)
		return
	case err != nil:
		a.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, PartyOrganisation{Agreement: r.Agreement.Slug, Party: p.Slug, Organisation: org})
}
