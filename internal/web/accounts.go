package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/steerco/steerco/internal/account"
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
)

// Self-service for accounts (issue #15): password reset by e-mail, and
// the administrators' list of accounts where they disable and enable
// them. internal/account does the work; these handlers parse and render.

func (s *Server) accountSvc() *account.Service {
	svc := account.New(s.store, s.cat, s.log)
	svc.Now = s.cfg.Now
	return svc
}

type resetData struct {
	Email string
	Sent  bool
	Token string
	Name  string
	Min   int
}

// resetRequestForm asks for the e-mail address to send a link to.
func (s *Server) resetRequestForm(w http.ResponseWriter, r *Req) {
	s.render(w, r, http.StatusOK, "password_reset", s.page(r, s.cat.T(r.Lang, "reset.title"), resetData{}))
}

// resetRequest sends the link, and answers the same whether or not the
// address has an account.
func (s *Server) resetRequest(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	err := s.accountSvc().RequestReset(r.Context(), email, s.baseURL(r))
	if errs, ok := s.fieldErrors(r.Lang, err, nil); ok {
		p := s.page(r, s.cat.T(r.Lang, "reset.title"), resetData{Email: email})
		p.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "password_reset", p)
		return
	} else if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "password_reset", s.page(r, s.cat.T(r.Lang, "reset.title"), resetData{Email: email, Sent: true}))
}

// resetForm asks for the new password, if the link still works.
func (s *Server) resetForm(w http.ResponseWriter, r *Req) {
	token := r.PathValue("token")
	u, err := s.accountSvc().CheckReset(r.Context(), token)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Referrer-Policy", "no-referrer")
	s.render(w, r, http.StatusOK, "password_reset_set", s.page(r, s.cat.T(r.Lang, "reset.set.title"),
		resetData{Token: token, Name: u.Name, Email: u.Email, Min: auth.MinPasswordLength}))
}

// resetPassword sets the new password and sends the user to sign in.
func (s *Server) resetPassword(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	token := r.PathValue("token")
	u, err := s.accountSvc().Reset(r.Context(), token, r.PostForm.Get("password"), r.PostForm.Get("confirm"))
	if errs, ok := s.fieldErrors(r.Lang, err, nil); ok {
		d := resetData{Token: token, Min: auth.MinPasswordLength}
		if u, err := s.accountSvc().CheckReset(r.Context(), token); err == nil {
			d.Name, d.Email = u.Name, u.Email
		}
		p := s.page(r, s.cat.T(r.Lang, "reset.set.title"), d)
		p.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "password_reset_set", p)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), sessFlash, "reset.done")
	http.Redirect(w, r.Request, "/login?email="+strings.ReplaceAll(u.Email, "+", "%2B"), http.StatusSeeOther)
}

type accountsData struct {
	Accounts []accountRow
}

type accountRow struct {
	Email, Name, Party string
	Admin, Disabled    bool
	Self               bool
}

// accounts lists every account for an administrator.
func (s *Server) accounts(w http.ResponseWriter, r *Req) {
	us, err := s.store.Users(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var d accountsData
	for _, u := range us {
		d.Accounts = append(d.Accounts, accountRow{Email: u.Email, Name: u.Name, Party: u.Party, Admin: u.IsAdmin, Disabled: u.Disabled, Self: u.ID == r.User.ID})
	}
	p := s.page(r, s.cat.T(r.Lang, "accounts.title"), d)
	p.Section = "accounts"
	s.render(w, r, http.StatusOK, "accounts", p)
}

// setAccountDisabled disables (disabled=1) or enables an account.
func (s *Server) setAccountDisabled(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	disabled := r.PostForm.Get("disabled") == "1"
	if email == "" {
		s.renderError(w, r, http.StatusUnprocessableEntity, "form.required", "Field", s.cat.T(r.Lang, "login.email"))
		return
	}
	if _, err := s.accountSvc().SetDisabled(r.Context(), r.Principal, actor(r), email, disabled); err != nil {
		var e *gov.Error
		if errors.As(err, &e) {
			s.fail(w, r, err)
			return
		}
		s.serverError(w, r, err)
		return
	}
	if disabled {
		s.flash(r, "accounts.disabled")
	} else {
		s.flash(r, "accounts.enabled")
	}
	http.Redirect(w, r.Request, "/admin/accounts", http.StatusSeeOther)
}
