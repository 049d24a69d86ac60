package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/account"
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
)

// Invitations (issue 15): a party's representative invites people of their
// own organisation, an administrator of any; the invitee opens the link
// from the e-mail, sets a password and lands in the agreement.
// internal/account does the work.

type inviteRow struct {
	ID                            int64
	Name, Email, Party, InvitedBy string
	State                         string
	Expires                       time.Time
	CanManage                     bool
}

// pendingInvitations are the invitations the directory lists as not yet
// accepted, and whether the viewer may invite.
func (s *Server) pendingInvitations(r *Req) ([]inviteRow, bool) {
	can := len(account.MayInvite(r.Principal, r.Agreement)) > 0
	vs, err := s.accountSvc().Invitations(r.Context(), r.Principal, r.Agreement)
	if err != nil {
		return nil, can
	}
	var out []inviteRow
	for _, row := range s.inviteRows(r, vs) {
		if row.State == "pending" {
			out = append(out, row)
		}
	}
	return out, can
}

func (s *Server) inviteRows(r *Req, vs []account.Invitation) []inviteRow {
	var out []inviteRow
	for i := range vs {
		v := &vs[i]
		party := v.Party
		if p := r.Agreement.Party(v.Party); p != nil {
			party = p.Name
		}
		out = append(out, inviteRow{ID: v.ID, Name: v.Name, Email: v.Email, Party: party, InvitedBy: v.InvitedBy,
			State: account.InvitationState(v, s.cfg.Now()), Expires: v.ExpiresAt,
			CanManage: len(account.MayInvite(r.Principal, r.Agreement)) > 0 && containsStr(account.MayInvite(r.Principal, r.Agreement), v.Party)})
	}
	return out
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type invitationsData struct {
	Rows               []inviteRow
	Parties            []dirOption
	Forums             []dirOption
	Roles              []string
	Name, Email, Party string
	Role               string
	Seats              []string
}

// invitations lists the agreement's invitations with the form to invite.
func (s *Server) invitations(w http.ResponseWriter, r *Req) {
	s.renderInvitations(w, r, http.StatusOK, invitationsData{Role: auth.AccountMember}, nil)
}

func (s *Server) renderInvitations(w http.ResponseWriter, r *Req, status int, d invitationsData, errs []FieldError) {
	vs, err := s.accountSvc().Invitations(r.Context(), r.Principal, r.Agreement)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Rows = s.inviteRows(r, vs)
	for _, p := range account.MayInvite(r.Principal, r.Agreement) {
		d.Parties = append(d.Parties, dirOption{p, r.Agreement.Party(p).Name})
	}
	for _, f := range visibleForums(r) {
		d.Forums = append(d.Forums, dirOption{f.Slug, f.Name})
	}
	d.Roles = auth.AccountRoles
	title := s.cat.T(r.Lang, "invite.title")
	p := s.page(r, title, d)
	p.Section, p.Errors = "directory", errs
	p.Crumbs = []Crumb{{Label: r.Agreement.Name, Href: "/a/" + r.Agreement.Slug}, {Label: title}}
	s.render(w, r, status, "invitations", p)
}

// invite sends an invitation.
func (s *Server) invite(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 32<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	v := r.PostForm.Get
	d := invitationsData{Name: v("name"), Email: v("email"), Party: v("party"), Role: v("role"), Seats: r.PostForm["seats"]}
	_, err := s.accountSvc().Invite(r.Context(), r.Principal, r.Agreement, account.NewInvitation{Email: d.Email, Name: d.Name, Party: d.Party, Role: d.Role, Seats: d.Seats}, s.baseURL(r))
	if errs, ok := s.fieldErrors(r.Lang, err, nil); ok {
		s.renderInvitations(w, r, http.StatusUnprocessableEntity, d, errs)
		return
	} else if err != nil {
		var e *gov.Error
		if errors.As(err, &e) && e.Code == gov.CodeForbidden {
			s.renderInvitations(w, r, http.StatusForbidden, d, []FieldError{{Field: "party", Msg: s.errorText(r.Lang, e)}})
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "invite.sent")
	http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/invitations", http.StatusSeeOther)
}

// manageInvitation resends or revokes one.
func (s *Server) manageInvitation(resend bool) handlerFunc {
	return func(w http.ResponseWriter, r *Req) {
		id, err := strconv.ParseInt(r.PathValue("invitation"), 10, 64)
		if err != nil {
			s.notFound(w, r)
			return
		}
		svc := s.accountSvc()
		if resend {
			_, err = svc.Resend(r.Context(), r.Principal, r.Agreement, id, s.baseURL(r))
		} else {
			_, err = svc.Revoke(r.Context(), r.Principal, r.Agreement, id)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if resend {
			s.flash(r, "invite.resent")
		} else {
			s.flash(r, "invite.revoked")
		}
		http.Redirect(w, r.Request, "/a/"+r.Agreement.Slug+"/invitations", http.StatusSeeOther)
	}
}

type acceptData struct {
	Token, Agreement, Inviter, Email, Party string
	Min                                     int
}

func (s *Server) acceptData(r *Req, token string, v *account.Invitation) acceptData {
	d := acceptData{Token: token, Email: v.Email, Inviter: v.InvitedBy, Party: v.Party, Agreement: v.Agreement, Min: auth.MinPasswordLength}
	if a, err := s.store.SharedAgreement(r.Context(), v.Agreement); err == nil {
		d.Agreement = a.Name
		if p := a.Party(v.Party); p != nil {
			d.Party = p.Name
		}
	}
	return d
}

// acceptForm asks the invitee for a password.
func (s *Server) acceptForm(w http.ResponseWriter, r *Req) {
	token := r.PathValue("token")
	v, err := s.accountSvc().CheckInvite(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	d := s.acceptData(r, token, v)
	s.render(w, r, http.StatusOK, "invite_accept", s.page(r, s.cat.T(r.Lang, "invite.accept.title", "Agreement", d.Agreement), d))
}

// accept creates the account and signs the invitee in, into the agreement.
func (s *Server) accept(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	token := r.PathValue("token")
	u, v, err := s.accountSvc().Accept(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if errs, ok := s.fieldErrors(r.Lang, err, nil); ok {
		iv, cerr := s.accountSvc().CheckInvite(r.Context(), token)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		d := s.acceptData(r, token, iv)
		p := s.page(r, s.cat.T(r.Lang, "invite.accept.title", "Agreement", d.Agreement), d)
		p.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "invite_accept", p)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.User != nil {
		// Someone else was signed in on this browser: not any more.
		_ = s.sessions.Destroy(r.Context())
	}
	s.sessions.Put(r.Context(), sessFlash, "invite.welcome")
	s.signIn(w, r, u, "/a/"+v.Agreement)
}
