package api

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/store"
)

// TokenInfo is a token as listed; the secret is never shown again.
type TokenInfo struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Scopes    []string   `json:"scopes"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	RevokedAt *time.Time `json:"revoked_at,omitempty"`
}

func tokenInfo(t store.Token) TokenInfo {
	return TokenInfo{t.ID, t.Name, t.Kind, t.Scopes, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsed, t.RevokedAt}
}

func (a *API) listTokens(w http.ResponseWriter, r *Req) {
	ts, err := a.store.Tokens(r.Context(), r.User.ID)
	if err != nil {
		a.internal(w, r, err)
		return
	}
	items := []TokenInfo{}
	for _, t := range ts {
		items = append(items, tokenInfo(t))
	}
	writeList(w, r, items)
}

// NewToken is the body of POST /tokens.
type NewToken struct {
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes"`
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// CreatedToken carries the secret, shown this once.
type CreatedToken struct {
	TokenInfo
	Token string `json:"token"`
}

// createToken makes a personal token for the caller. Its scopes must be
// among the calling token's own, so a token can never mint a stronger one.
func (a *API) createToken(w http.ResponseWriter, r *Req) {
	var in NewToken
	if e := decode(w, r, &in); e != nil {
		writeError(w, e)
		return
	}
	var fields []FieldError
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || len(in.Name) > 100 {
		fields = append(fields, FieldError{"name", "give a name of 1 to 100 characters"})
	}
	if len(in.Scopes) == 0 {
		fields = append(fields, FieldError{"scopes", "give at least one of read, write, admin"})
	}
	for _, s := range in.Scopes {
		if !slices.Contains(Scopes, Scope(s)) {
			fields = append(fields, FieldError{"scopes", "unknown scope " + strconv.Quote(s) + "; use read, write or admin"})
		} else if !hasScope(r.Token, Scope(s)) {
			fields = append(fields, FieldError{"scopes", "scope " + s + " exceeds this token's own scopes"})
		}
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.After(a.now()) {
		fields = append(fields, FieldError{"expires_at", "must be in the future"})
	}
	if len(fields) > 0 {
		writeError(w, errValidation(fields...))
		return
	}
	// The new token hangs on the calling one: it expires no later and is
	// revoked with it, so a leaked short-lived token cannot mint a lasting one.
	t := &store.Token{UserID: r.User.ID, Name: in.Name, Kind: "personal", Scopes: in.Scopes, ExpiresAt: in.ExpiresAt, ParentID: r.Token.ID}
	secret, err := a.store.CreateToken(r.Context(), t, "user:"+r.User.Email)
	if err != nil {
		a.internal(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, CreatedToken{TokenInfo: tokenInfo(*t), Token: secret})
}

func (a *API) revokeToken(w http.ResponseWriter, r *Req) {
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		writeError(w, errNotFound("no token "+r.PathValue("token")))
		return
	}
	if err := a.store.RevokeToken(r.Context(), r.User.ID, id, "user:"+r.User.Email); errors.Is(err, store.ErrNotFound) {
		writeError(w, errNotFound("no token "+r.PathValue("token")))
		return
	} else if err != nil {
		a.internal(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
