package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/account"
	"github.com/steerco/steerco/internal/i18n"
)

// Invitations (issue 15): a party's representative invites people of their
// own organisation, an administrator of any; internal/account decides.

// SetBaseURL sets the public address the invitation links point to (serve
// passes its --base-url); without it the request's own address is used.
func (a *API) SetBaseURL(base string) { a.baseURL = base }

func (a *API) base(r *Req) string {
	if a.baseURL != "" {
		return a.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (a *API) accounts() *account.Service {
	cat, _ := i18n.Load()
	svc := account.New(a.store, cat, a.log)
	svc.Now = a.now
	return svc
}

type invitationIn struct {
	Email string   `json:"email"`
	Name  string   `json:"name"`
	Party string   `json:"party"`
	Role  string   `json:"role,omitempty"`
	Seats []string `json:"seats,omitempty"`
}

type invitationDTO struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Party     string    `json:"party"`
	Role      string    `json:"role"`
	Seats     []string  `json:"seats"`
	State     string    `json:"state"`
	InvitedBy string    `json:"invited_by"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (a *API) toInvitation(v *account.Invitation) invitationDTO {
	seats := v.Seats
	if seats == nil {
		seats = []string{}
	}
	return invitationDTO{ID: v.ID, Email: v.Email, Name: v.Name, Party: v.Party, Role: v.Role, Seats: seats,
		State: account.InvitationState(v, a.now()), InvitedBy: v.InvitedBy, CreatedAt: v.CreatedAt, ExpiresAt: v.ExpiresAt}
}

func (a *API) createInvitation(w http.ResponseWriter, r *Req) {
	var in invitationIn
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	v, err := a.accounts().Invite(r.Context(), r.Principal, r.Agreement, account.NewInvitation{Email: in.Email, Name: in.Name, Party: in.Party, Role: in.Role, Seats: in.Seats}, a.base(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a.toInvitation(v))
}

func (a *API) listInvitations(w http.ResponseWriter, r *Req) {
	vs, err := a.accounts().Invitations(r.Context(), r.Principal, r.Agreement)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	items := []invitationDTO{}
	for i := range vs {
		items = append(items, a.toInvitation(&vs[i]))
	}
	writeList(w, r, items)
}

func (a *API) invitationID(w http.ResponseWriter, r *Req) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("invitation"), 10, 64)
	if err != nil || id < 1 {
		writeError(w, errNotFound("no invitation "+r.PathValue("invitation")))
		return 0, false
	}
	return id, true
}

func (a *API) revokeInvitation(w http.ResponseWriter, r *Req) {
	id, ok := a.invitationID(w, r)
	if !ok {
		return
	}
	v, err := a.accounts().Revoke(r.Context(), r.Principal, r.Agreement, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.toInvitation(v))
}

func (a *API) resendInvitation(w http.ResponseWriter, r *Req) {
	id, ok := a.invitationID(w, r)
	if !ok {
		return
	}
	v, err := a.accounts().Resend(r.Context(), r.Principal, r.Agreement, id, a.base(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a.toInvitation(v))
}
