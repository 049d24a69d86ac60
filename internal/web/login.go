package web

import (
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Sign-in rate limit: after maxFailures failed attempts for one e-mail or
// from one address within failureWindow, sign-in is refused until the
// window has passed. The count lives in the database, so it holds across
// server instances.
const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
)

type loginData struct {
	Next, Email, OIDCName string
}

func (s *Server) loginData(next, email string) loginData {
	d := loginData{Next: safeNext(next), Email: email}
	if s.oidc != nil {
		d.OIDCName = s.cfg.OIDC.Name
	}
	return d
}

func (s *Server) loginForm(w http.ResponseWriter, r *Req) {
	if r.User != nil {
		http.Redirect(w, r.Request, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", s.page(r, s.cat.T(r.Lang, "login.title"), s.loginData(r.URL.Query().Get("next"), r.URL.Query().Get("email"))))
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) login(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	pw := r.PostForm.Get("password")
	next := r.PostForm.Get("next")
	fail := func(status int, field, msgID string, args ...any) {
		p := s.page(r, s.cat.T(r.Lang, "login.title"), s.loginData(next, email))
		p.Errors = []FieldError{{Field: field, Msg: s.cat.T(r.Lang, msgID, args...)}}
		s.render(w, r, status, "login", p)
	}
	switch {
	case email == "":
		fail(http.StatusUnprocessableEntity, "email", "form.required", "Field", s.cat.T(r.Lang, "login.email"))
		return
	case len(email) > 254:
		fail(http.StatusUnprocessableEntity, "email", "form.toolong", "Field", s.cat.T(r.Lang, "login.email"), "Max", 254)
		return
	case pw == "":
		fail(http.StatusUnprocessableEntity, "password", "form.required", "Field", s.cat.T(r.Lang, "login.password"))
		return
	}
	ctx := r.Context()
	now := s.cfg.Now()
	ip := clientIP(r.Request)
	n, err := s.store.LoginFailures(ctx, email, ip, now.Add(-failureWindow))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if n >= maxFailures {
		fail(http.StatusTooManyRequests, "email", "login.limited", "Minutes", int(failureWindow.Minutes()))
		return
	}
	u, err := s.store.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	// The same work and the same answer whether the e-mail exists or not,
	// so sign-in does not reveal who has an account.
	hash := "$argon2id$v=19$m=65536,t=1,p=2$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	if u != nil && u.PasswordHash != "" && !u.Disabled {
		hash = u.PasswordHash
	}
	if err := auth.VerifyPassword(hash, pw); err != nil || u == nil || u.Disabled {
		if err := s.store.RecordLoginFailure(ctx, email, ip, now); err != nil {
			s.log.Error("record login failure", "err", err)
		}
		fail(http.StatusUnauthorized, "password", "login.failed")
		return
	}
	if err := s.store.ClearLoginFailures(ctx, email, now.Add(-24*time.Hour)); err != nil {
		s.log.Error("clear login failures", "err", err)
	}
	s.signIn(w, r, u, next)
}

// signIn starts a fresh session for u (a new token, so a session fixed
// before sign-in is useless) and goes on to next.
func (s *Server) signIn(w http.ResponseWriter, r *Req, u *store.User, next string) {
	ctx := r.Context()
	lang := s.sessions.GetString(ctx, sessLang)
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessUserID, u.ID)
	if i18n.Valid(lang) {
		s.sessions.Put(ctx, sessLang, lang)
	}
	http.Redirect(w, r.Request, safeNext(next), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *Req) {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	// A fresh session just to carry the message to the sign-in page.
	s.sessions.Put(r.Context(), sessFlash, "login.signedout")
	http.Redirect(w, r.Request, "/login", http.StatusSeeOther)
}

// setLanguage switches the UI language for the session and remembers it
// on the account.
func (s *Server) setLanguage(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	lang := r.PostForm.Get("lang")
	if !i18n.Valid(lang) {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	s.sessions.Put(r.Context(), sessLang, lang)
	if r.User != nil {
		if err := s.store.SetLocale(r.Context(), r.User.ID, lang); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r.Request, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

type accountData struct {
	OIDCOnly bool
	Min      int
}

func (s *Server) account(w http.ResponseWriter, r *Req) {
	p := s.page(r, s.cat.T(r.Lang, "account.title"), accountData{OIDCOnly: r.User.PasswordHash == "", Min: auth.MinPasswordLength})
	p.Section = "account"
	s.render(w, r, http.StatusOK, "account", p)
}

func (s *Server) changePassword(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	cur, pw, again := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("repeat")
	var errs []FieldError
	add := func(field, id string, args ...any) {
		errs = append(errs, FieldError{Field: field, Msg: s.cat.T(r.Lang, id, args...)})
	}
	if r.User.PasswordHash == "" || auth.VerifyPassword(r.User.PasswordHash, cur) != nil {
		add("current", "password.wrong")
	}
	if err := auth.CheckPasswordPolicy(pw); err != nil {
		var pe *auth.PolicyError
		if errors.As(err, &pe) {
			add("new", pe.ID, pe.Args...)
		}
	}
	if pw != again {
		add("repeat", "password.mismatch")
	}
	if len(errs) > 0 {
		p := s.page(r, s.cat.T(r.Lang, "account.title"), accountData{Min: auth.MinPasswordLength})
		p.Section, p.Errors = "account", errs
		s.render(w, r, http.StatusUnprocessableEntity, "account", p)
		return
	}
	hash, err := auth.HashPassword(pw)
	if err == nil {
		err = s.store.SetPassword(r.Context(), r.User.ID, hash, actor(r))
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Other sessions of this user keep running until they expire; this
	// one gets a fresh token.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "password.changed")
	http.Redirect(w, r.Request, "/account", http.StatusSeeOther)
}

// actor names the user in the audit trail.
func actor(r *Req) string {
	if r.User == nil {
		return "anonymous"
	}
	return "user:" + r.User.Email
}
