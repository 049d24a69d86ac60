// Package api is steerco's REST API under /api/v1: JSON in and out, bearer
// tokens (personal or service, scoped, revocable), one error envelope,
// limit/offset pagination, and an OpenAPI 3.1 description served at
// /api/v1/openapi.json that the tests hold every response to.
//
// Access follows the same matrix as the web UI (internal/auth): a route
// names the action it needs inside its agreement, and an agreement the
// caller's organisation is not a party to answers 404. Directory writes
// go through the same store functions and object-level rules as the web
// administration; meeting routes need only ViewForum and leave the rest
// to internal/meeting, whose coded errors are mapped to statuses once
// (errors.go).
package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
)

// MaxBody bounds a JSON request body; anything larger is refused with 413
// before it is read, so a 100 MB upload cannot exhaust memory. Only the
// materials upload allows more (meeting.MaxMaterial; see materials.go).
const MaxBody = 1 << 20

// API serves /api/v1.
type API struct {
	store *store.Store
	log   *slog.Logger
	// now is the clock of the API and of its meeting service; tests pin
	// it (the service reads it through a closure, so one pin moves both).
	now func() time.Time
	mux *http.ServeMux
	// meetings runs the meeting use cases; its catalogue is loaded once
	// here and only serves the notifications it queues: the API's own
	// messages are the service errors' English text.
	meetings *meeting.Service
	// baseURL is the public address of invitation links (issue 15).
	baseURL string
}

// New builds the API on a store.
func New(st *store.Store, log *slog.Logger) *API {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cat, err := i18n.Load()
	if err != nil {
		// The catalogue is embedded in the binary: failing to read it is a
		// broken build, not a condition to run with.
		panic("api: load the message catalogue: " + err.Error())
	}
	a := &API{store: st, log: log, now: time.Now, mux: http.NewServeMux()}
	a.meetings = meeting.New(st, cat)
	a.meetings.Now = func() time.Time { return a.now() }
	for _, rt := range a.Routes() {
		a.mux.Handle(rt.Pattern, a.guard(rt))
	}
	a.mux.HandleFunc("GET /api/v1/openapi.json", serveSpec)
	a.mux.Handle("/api/v1/", a.guard(Route{Public: true, h: func(w http.ResponseWriter, r *Req) {
		writeError(w, errNotFound("no such endpoint: "+r.Method+" "+r.URL.Path))
	}}))
	return a
}

// SetMeetings gives the meeting service the instance's public address
// (links in e-mails) and signing certificate (sealed minutes).
func (a *API) SetMeetings(baseURL string, signer *pades.Signer) {
	a.meetings.BaseURL, a.meetings.Signer = baseURL, signer
}

// Handler is the API with its middleware.
func (a *API) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log.Error("api panic", "path", r.URL.Path, "panic", v)
				writeError(w, errInternal())
			}
		}()
		a.mux.ServeHTTP(w, r)
	})
}

// Scope is what a token may do.
type Scope string

// The scopes: read is every GET; write changes data; admin applies whole
// models and manages service tokens.
const (
	ScopeRead  Scope = "read"
	ScopeWrite Scope = "write"
	ScopeAdmin Scope = "admin"
)

// Scopes lists the scopes.
var Scopes = []Scope{ScopeRead, ScopeWrite, ScopeAdmin}

// Route is one endpoint.
type Route struct {
	Pattern string
	Scope   Scope
	// Action is what the route needs inside its {agreement}.
	Action auth.Action
	Public bool
	h      func(w http.ResponseWriter, r *Req)
}

// Req is a request with its caller and agreement resolved.
type Req struct {
	*http.Request
	User      *store.User
	Token     *store.Token
	Principal auth.Principal
	Agreement *gov.Agreement
	Role      auth.Role
}

// guard authenticates the bearer token, checks its scope, loads the
// agreement and checks the action, then runs the handler.
func (a *API) guard(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, hr *http.Request) {
		r := &Req{Request: hr}
		if !rt.Public {
			if apiErr := a.authenticate(r); apiErr != nil {
				writeError(w, apiErr)
				return
			}
			if !hasScope(r.Token, rt.Scope) {
				writeError(w, &Error{Status: http.StatusForbidden, Code: "insufficient_scope",
					Message: "this token lacks the " + string(rt.Scope) + " scope; its scopes are: " + strings.Join(r.Token.Scopes, ", ")})
				return
			}
		}
		if slug := hr.PathValue("agreement"); slug != "" {
			ag, err := a.store.Agreement(hr.Context(), slug)
			if errors.Is(err, store.ErrNotFound) {
				writeError(w, errNotFound("no agreement "+slug))
				return
			} else if err != nil {
				a.internal(w, r, err)
				return
			}
			r.Agreement = ag
			r.Principal, r.Role = auth.In(r.Principal, ag)
			if r.Role == "" {
				// Deny by default, without telling whether it exists.
				writeError(w, errNotFound("no agreement "+slug))
				return
			}
			if rt.Action != "" && !auth.Allowed(r.Role, rt.Action) {
				writeError(w, errForbidden("your role ("+string(r.Role)+") may not "+string(rt.Action)))
				return
			}
		}
		a.idempotent(w, r, rt.h)
	})
}

func (a *API) authenticate(r *Req) *Error {
	h := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(secret) == "" {
		return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "send an API token: Authorization: Bearer <token>"}
	}
	t, err := a.store.TokenBySecret(r.Context(), strings.TrimSpace(secret), a.now())
	if errors.Is(err, store.ErrNotFound) {
		return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "the token is unknown, expired or revoked"}
	} else if err != nil {
		a.log.Error("token lookup", "err", err)
		return errInternal()
	}
	if now := a.now(); store.TokenUseStale(t, now) {
		// Best effort: a lost note of the last use must not fail the call.
		if err := a.store.NoteTokenUse(r.Context(), t.ID, now); err != nil {
			a.log.Warn("note token use", "token", t.ID, "err", err)
		}
	}
	u, err := a.store.UserByID(r.Context(), t.UserID)
	if err != nil || u.Disabled {
		return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "the token's user is disabled or gone"}
	}
	r.User, r.Token = u, t
	r.Principal = auth.NewPrincipal(u.ID, u.Email, u.Name, u.Party, u.Role, u.IsAdmin, u.Links)
	return nil
}

func hasScope(t *store.Token, want Scope) bool {
	for _, s := range t.Scopes {
		// Scopes are cumulative: write implies read, admin implies both.
		switch Scope(s) {
		case want, ScopeAdmin:
			return true
		case ScopeWrite:
			if want == ScopeRead {
				return true
			}
		}
	}
	return false
}

func (a *API) internal(w http.ResponseWriter, r *Req, err error) {
	a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, errInternal())
}
