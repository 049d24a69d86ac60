package web

// Single sign-on with an OpenID Connect provider: the authorization code
// flow with PKCE, state and nonce, and the rules that link a provider's
// identity to a steerco account.
//
// There is no self-registration. What a user may see depends on their
// organisation (the party slug on the account) and their account role,
// and the identity provider tells us neither: it only vouches for an
// e-mail address. So an administrator adds each person (`steerco user
// add`), and single sign-on only proves that the person at the keyboard
// owns that account's e-mail.

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/steerco/steerco/internal/store"
)

// oidcTimeout bounds every call to the provider (discovery, token, keys),
// so a hanging provider cannot hold requests or startup forever.
const oidcTimeout = 15 * time.Second

// Session keys of a sign-in attempt in progress.
const (
	sessOIDCState    = "oidc_state"
	sessOIDCNonce    = "oidc_nonce"
	sessOIDCVerifier = "oidc_verifier"
	sessOIDCNext     = "oidc_next"
)

// oidcClient talks to one OpenID Connect provider.
type oidcClient struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	http     *http.Client
}

// newOIDC discovers the provider at cfg.OIDC.Issuer. Discovery happens
// once, at startup, and an unreachable or misconfigured issuer is an error
// (serve exits 1): a typo in the issuer URL then shows at once instead of
// when the first user clicks the button, and a provider that is down for
// a moment is dealt with by the service manager restarting steerco. The
// provider's signing keys are fetched on first use and again whenever a
// token names an unknown key, so key rotation needs no restart.
func newOIDC(ctx context.Context, cfg Config) (*oidcClient, error) {
	c := cfg.OIDC
	if c.ClientID == "" {
		return nil, fmt.Errorf("single sign-on: the OIDC issuer %s is set but the client id is not", c.Issuer)
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("single sign-on needs the public base URL (e.g. https://steerco.example.org), got %q", cfg.BaseURL)
	}
	hc := &http.Client{Timeout: oidcTimeout}
	dctx, cancel := context.WithTimeout(ctx, oidcTimeout)
	defer cancel()
	p, err := oidc.NewProvider(oidc.ClientContext(dctx, hc), c.Issuer)
	if err != nil {
		return nil, fmt.Errorf("single sign-on: discovery at the OIDC issuer %s failed (is the URL right and the provider reachable?): %w", c.Issuer, err)
	}
	ep := p.Endpoint()
	ep.AuthStyle = authStyle(p, c.ClientSecret)
	return &oidcClient{
		oauth: oauth2.Config{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret,
			Endpoint:     ep,
			RedirectURL:  strings.TrimRight(cfg.BaseURL, "/") + "/auth/oidc/callback",
			Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
		},
		// The verifier checks the signature, issuer, audience (our client
		// id) and expiry; the nonce is checked in identify.
		verifier: p.Verifier(&oidc.Config{ClientID: c.ClientID, Now: cfg.Now}),
		http:     hc,
	}, nil
}

// authStyle says how to present the client's credentials to the token
// endpoint, from what discovery lists (client_secret_basic when it lists
// nothing, as the specification says). It is not left to oauth2's
// auto-detection, which retries a refused exchange the other way with the
// same code: a code is good once, and a provider may take its reuse for an
// attack and revoke the tokens. A public client (no secret) sends its id
// in the form.
func authStyle(p *oidc.Provider, secret string) oauth2.AuthStyle {
	var meta struct {
		Methods []string `json:"token_endpoint_auth_methods_supported"`
	}
	_ = p.Claims(&meta) // the discovery document already parsed once
	if secret == "" || (len(meta.Methods) > 0 && !slices.Contains(meta.Methods, "client_secret_basic") &&
		slices.Contains(meta.Methods, "client_secret_post")) {
		return oauth2.AuthStyleInParams
	}
	return oauth2.AuthStyleInHeader
}

// oidcStart sends the browser to the provider. The attempt's state, nonce
// and PKCE verifier stay in the session, so only this browser can finish
// it, and only once.
func (s *Server) oidcStart(w http.ResponseWriter, r *Req) {
	if s.oidc == nil {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	state, nonce, verifier := rand.Text(), rand.Text(), oauth2.GenerateVerifier()
	s.sessions.Put(ctx, sessOIDCState, state)
	s.sessions.Put(ctx, sessOIDCNonce, nonce)
	s.sessions.Put(ctx, sessOIDCVerifier, verifier)
	s.sessions.Put(ctx, sessOIDCNext, safeNext(r.URL.Query().Get("next")))
	http.Redirect(w, r.Request, s.oidc.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oidc.Nonce(nonce)), http.StatusFound)
}

// oidcFailure is why a sign-in was refused: a message for the user (its
// id, shown as the reason of login.oidcfailed), the status, and the detail
// for the log.
type oidcFailure struct {
	status int
	reason string
	err    error
}

func (f *oidcFailure) Error() string { return f.reason + ": " + f.err.Error() }

func failOIDC(status int, reason string, err error) *oidcFailure {
	return &oidcFailure{status: status, reason: reason, err: err}
}

// oidcCallback finishes a sign-in: it checks that the answer belongs to
// this browser's attempt, gets and verifies the ID token, and signs in the
// account linked to the identity.
func (s *Server) oidcCallback(w http.ResponseWriter, r *Req) {
	if s.oidc == nil {
		s.notFound(w, r)
		return
	}
	ctx := r.Context()
	// One attempt, one use: its secrets leave the session whatever happens.
	state := s.sessions.PopString(ctx, sessOIDCState)
	nonce := s.sessions.PopString(ctx, sessOIDCNonce)
	verifier := s.sessions.PopString(ctx, sessOIDCVerifier)
	next := s.sessions.PopString(ctx, sessOIDCNext)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		reason := "oidc.providererror"
		if e == "access_denied" {
			reason = "oidc.denied"
		}
		s.oidcRefuse(w, r, next, failOIDC(http.StatusUnauthorized, reason,
			fmt.Errorf("provider returned error %q: %.200s", e, q.Get("error_description"))))
		return
	}
	if state == "" || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(state)) != 1 {
		s.oidcRefuse(w, r, next, failOIDC(http.StatusBadRequest, "oidc.state", errors.New("state does not match the session's attempt")))
		return
	}
	if q.Get("code") == "" {
		s.oidcRefuse(w, r, next, failOIDC(http.StatusBadRequest, "oidc.incomplete", errors.New("callback without a code")))
		return
	}
	id, err := s.oidc.identify(ctx, q.Get("code"), verifier, nonce)
	if err != nil {
		s.oidcRefuse(w, r, next, err)
		return
	}
	u, err := s.oidcAccount(ctx, id)
	var nouser errNoUser
	switch {
	case errors.As(err, &nouser):
		s.log.Info("oidc sign-in refused: no account", "email", id.email, "subject", id.subject)
		s.renderLoginError(w, r, http.StatusForbidden, next, s.cat.T(r.Lang, "login.nouser", "Email", id.email))
		return
	case err != nil:
		var f *oidcFailure
		if !errors.As(err, &f) {
			s.serverError(w, r, err)
			return
		}
		s.oidcRefuse(w, r, next, f)
		return
	}
	s.signIn(w, r, u, next)
}

// oidcRefuse logs why a sign-in failed and shows the sign-in page with a
// short, translated reason; the detail stays in the log.
func (s *Server) oidcRefuse(w http.ResponseWriter, r *Req, next string, err error) {
	var f *oidcFailure
	if !errors.As(err, &f) {
		f = failOIDC(http.StatusBadGateway, "oidc.unreachable", err)
	}
	s.log.Warn("oidc sign-in failed", "reason", f.reason, "status", f.status, "err", f.err)
	msg := s.cat.T(r.Lang, "login.oidcfailed", "Reason", s.cat.T(r.Lang, f.reason))
	s.renderLoginError(w, r, f.status, next, msg)
}

func (s *Server) renderLoginError(w http.ResponseWriter, r *Req, status int, next, msg string) {
	p := s.page(r, s.cat.T(r.Lang, "login.title"), s.loginData(next, ""))
	p.Errors = []FieldError{{Msg: msg}}
	s.render(w, r, status, "login", p)
}

// oidcIdentity is who the provider says signed in.
type oidcIdentity struct {
	// subject is issuer + "|" + sub: a subject is unique only within its
	// issuer.
	subject, email string
}

// identify exchanges the code (with the PKCE verifier) for tokens and
// verifies the ID token: signature, issuer, audience, expiry and nonce.
// It requires an e-mail address the provider does not call unverified.
func (c *oidcClient) identify(ctx context.Context, code, verifier, nonce string) (oidcIdentity, error) {
	ctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, c.http), oidcTimeout)
	defer cancel()
	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) {
			return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.refused", err)
		}
		return oidcIdentity{}, failOIDC(http.StatusBadGateway, "oidc.unreachable", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return oidcIdentity{}, failOIDC(http.StatusBadGateway, "oidc.incomplete", errors.New("token response without an id_token"))
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.badtoken", err)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.badtoken", errors.New("nonce does not match the attempt's"))
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified any    `json:"email_verified"`
	}
	if err := idt.Claims(&claims); err != nil {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.badtoken", err)
	}
	email := strings.TrimSpace(claims.Email)
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.noemail", fmt.Errorf("no usable email claim (%q)", claims.Email))
	}
	if !verifiedClaim(claims.EmailVerified) {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.noemail", fmt.Errorf("email %s is not verified", email))
	}
	if idt.Subject == "" {
		return oidcIdentity{}, failOIDC(http.StatusUnauthorized, "oidc.badtoken", errors.New("no sub claim"))
	}
	return oidcIdentity{subject: idt.Issuer + "|" + idt.Subject, email: email}, nil
}

// verifiedClaim reads email_verified: absent counts as verified (many
// providers only issue verified addresses and leave the claim out), false
// does not. Some providers send it as a string.
func verifiedClaim(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return v
	case string:
		return strings.EqualFold(v, "true")
	}
	return false
}

// errNoUser: no account for the identity, and steerco does not create one.
type errNoUser struct{}

func (errNoUser) Error() string { return "no account for the identity" }

// oidcAccount finds the account for an identity. An account already linked
// to the subject is it, whatever the e-mail is now (people's addresses
// change; the subject does not). Otherwise the account with the e-mail,
// if it is not linked to another subject, is linked on this first single
// sign-on. Linking by e-mail trusts the provider's e-mail, which is why
// identify refuses addresses the provider marks unverified.
func (s *Server) oidcAccount(ctx context.Context, id oidcIdentity) (*store.User, error) {
	u, err := s.store.UserByOIDC(ctx, id.subject)
	if err == nil {
		if u.Disabled {
			return nil, failOIDC(http.StatusForbidden, "oidc.disabled", fmt.Errorf("account %d is disabled", u.ID))
		}
		return u, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	u, err = s.store.UserByEmail(ctx, id.email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil, errNoUser{}
	case err != nil:
		return nil, err
	case u.Disabled:
		return nil, failOIDC(http.StatusForbidden, "oidc.disabled", fmt.Errorf("account %d is disabled", u.ID))
	case u.OIDCSubject != "":
		return nil, failOIDC(http.StatusForbidden, "oidc.otherlink",
			fmt.Errorf("account %d (%s) is linked to %s, not %s", u.ID, u.Email, u.OIDCSubject, id.subject))
	}
	if err := s.store.LinkOIDC(ctx, u.ID, id.subject); err != nil {
		return nil, err
	}
	s.log.Info("oidc: linked account", "user", u.ID, "subject", id.subject)
	u.OIDCSubject = id.subject
	return u, nil
}
