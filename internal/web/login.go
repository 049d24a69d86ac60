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

// Sign-in limits, counted in the database so that they hold across server
// instances: within signInLimits.Window, 5 attempts for one account from
// one address (the owner elsewhere is not locked out by a guesser), 50 for
// one account from all addresses together, 100 from one address over all
// accounts. An attempt is counted before its password is checked, so
// parallel attempts cannot outrun the count.
var signInLimits = store.SignInLimits{Window: 15 * time.Minute, PerPair: 5, PerAccount: 50, PerAddress: 100}

// maxFailures is the per-account-and-address budget, named for the tests.
var maxFailures = signInLimits.PerPair

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
	claim, err := s.store.ClaimSignIn(ctx, email, ip, now, signInLimits)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if claim == nil {
		fail(http.StatusTooManyRequests, "email", "login.limited", "Minutes", int(signInLimits.Window.Minutes()))
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
		// The claim stays: it is the recorded failure.
		fail(http.StatusUnauthorized, "password", "login.failed")
		return
	}
	if err := s.store.SignInSucceeded(ctx, claim, now); err != nil {
		s.log.Error("clear sign-in failures", "err", err)
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
	s.sessions.Put(ctx, sessCred, credStamp(u))
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
	// Digest: the weekly digest of duties is on (issue 16).
	Digest bool
}

func (s *Server) account(w http.ResponseWriter, r *Req) {
	digest, err := s.dutySvc().DigestOn(r.Context(), r.User.Email)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, s.cat.T(r.Lang, "account.title"), accountData{OIDCOnly: r.User.PasswordHash == "", Min: auth.MinPasswordLength, Digest: digest})
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
	// Guessing the current password from a borrowed session draws on the
	// same budget as guessing it at sign-in.
	claim, err := s.store.ClaimSignIn(r.Context(), r.User.Email, clientIP(r.Request), s.cfg.Now(), signInLimits)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	switch {
	case claim == nil:
		add("current", "login.limited", "Minutes", int(signInLimits.Window.Minutes()))
	case r.User.PasswordHash == "" || auth.VerifyPassword(r.User.PasswordHash, cur) != nil:
		add("current", "password.wrong")
	default:
		if err := s.store.SignInSucceeded(r.Context(), claim, s.cfg.Now()); err != nil {
			s.log.Error("clear sign-in failures", "err", err)
		}
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
	// The new hash changes the account's credStamp, which ends every
	// other session of the user at its next request; this one gets a
	// fresh token and the new stamp.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	r.User.PasswordHash = hash
	s.sessions.Put(r.Context(), sessCred, credStamp(r.User))
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
