// Package web is steerco's browser UI: server-rendered HTML (html/template
// and htmx, every asset embedded), in Finnish, Swedish and English.
//
// Every route is declared once in routes.go with the action it needs; the
// middleware resolves the signed-in user and the agreement in the URL and
// checks the action against internal/auth's matrix before the handler
// runs, so a handler never forgets a check and the role-matrix test can
// walk every route.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
)

// Config is what the web UI needs from the command line and environment.
type Config struct {
	// BaseURL is the public address (https://steerco.example.org), used
	// for OIDC redirects and links in exports.
	BaseURL string
	// SecureCookies marks cookies Secure; on by default, off only for
	// plain-HTTP development on localhost.
	SecureCookies bool
	OIDC          OIDCConfig
	// AccessibilityContact is where the accessibility statement sends
	// feedback (an e-mail address or a URL), the directive's feedback
	// channel; the operator sets it.
	AccessibilityContact string
	// Now returns the current time; tests pin it.
	Now func() time.Time
	// Signer seals checked and signed minutes with the instance's PAdES
	// signature (serve --signing-cert/--signing-key); nil seals without.
	Signer *pades.Signer
}

// OIDCConfig enables sign-in with an OpenID Connect provider when Issuer
// is set.
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	// Name is shown on the button ("Sign in with Entra ID").
	Name string
}

// A session ends after sessionIdle without use; reading pages extends it
// at most once every sessionTouch.
const (
	sessionIdle  = 2 * time.Hour
	sessionTouch = 5 * time.Minute
)

// Server holds what the handlers share. It keeps no state of its own
// between requests (sessions live in the database), so any number of
// instances can serve one database.
type Server struct {
	cfg      Config
	store    *store.Store
	cat      *i18n.Catalog
	sessions *scs.SessionManager
	pages    *pages
	log      *slog.Logger
	oidc     *oidcClient
	mux      *http.ServeMux
	// plans caches the annual plans of unchanged agreements.
	plans planCache
}

// New builds the web UI on a store.
func New(ctx context.Context, cfg Config, st *store.Store, log *slog.Logger) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	ps, err := loadPages()
	if err != nil {
		return nil, err
	}
	sm := scs.New()
	// The idle expiry is the session store's, not scs's: scs's IdleTimeout
	// rewrites the session on every request, and a signed-in GET must
	// write nothing (issue #18). The store extends it at most once every
	// five minutes, so a session ends 115–120 minutes after its last use.
	ss := st.Sessions()
	// Sessions age on the wall clock, not cfg.Now: that is the business
	// date, which tests move by days and months while a user stays
	// signed in.
	ss.Idle, ss.TouchEvery = sessionIdle, sessionTouch
	sm.Store = ss
	sm.Lifetime = 12 * time.Hour
	sm.Cookie.Name = "steerco_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		log.Error("session", "err", err, "path", r.URL.Path)
		http.Error(w, "session error", http.StatusInternalServerError)
	}
	s := &Server{cfg: cfg, store: st, cat: cat, sessions: sm, pages: ps, log: log, mux: http.NewServeMux()}
	if cfg.OIDC.Issuer != "" {
		if s.oidc, err = newOIDC(ctx, cfg); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// Handler is the whole UI with its middleware.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.crossOrigin(h) // inside the session, so its refusal is translated
	h = s.sessions.LoadAndSave(h)
	h = securityHeaders(h)
	h = s.recoverPanics(h)
	return h
}

// Catalog exposes the messages, for the API's error texts.
func (s *Server) Catalog() *i18n.Catalog { return s.cat }
