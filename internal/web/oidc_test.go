package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// oidcProvider is a small OpenID Connect provider run in process: it
// answers discovery and the key set, authorizes every request at once
// (redirecting straight back with a code, as if the user had signed in),
// and issues RS256 ID tokens at the token endpoint after checking the
// client and the PKCE verifier. mode makes it misbehave.
type oidcProvider struct {
	t                *testing.T
	srv              *httptest.Server
	key, otherKey    *rsa.PrivateKey
	clientID, secret string
	redirect         string // the callback steerco must use

	mu sync.Mutex
	// Who signs in next.
	sub, email    string
	emailVerified any
	// mode: "" behaves; "deny" answers access_denied; "badpkce" remembers
	// a challenge the verifier will not match; "badsig" signs with a key
	// not in the key set; "nonce", "expired", "audience" issue a token
	// with that claim wrong; "down" drops the token request.
	mode       string
	grants     map[string]oidcGrant // by code
	tokenCalls int
}

type oidcGrant struct{ challenge, nonce string }

func newOIDCProvider(t *testing.T) *oidcProvider {
	t.Helper()
	p := &oidcProvider{t: t, clientID: "steerco-test", secret: "provider-secret", grants: map[string]oidcGrant{}}
	var err error
	if p.key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	if p.otherKey, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

// next sets who signs in next and how the provider behaves.
func (p *oidcProvider) next(sub, email string, verified any, mode string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sub, p.email, p.emailVerified, p.mode = sub, email, verified, mode
}

func (p *oidcProvider) discovery(w http.ResponseWriter, r *http.Request) {
	u := p.srv.URL
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                u,
		"authorization_endpoint":                u + "/authorize",
		"token_endpoint":                        u + "/token",
		"jwks_uri":                              u + "/jwks",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *oidcProvider) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: string(jose.RS256), Use: "sig"},
	}})
}

func (p *oidcProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, want := range map[string]string{"client_id": p.clientID, "response_type": "code", "redirect_uri": p.redirect, "code_challenge_method": "S256"} {
		if q.Get(k) != want {
			p.t.Errorf("authorize: %s = %q, want %q", k, q.Get(k), want)
			http.Error(w, "bad "+k, http.StatusBadRequest)
			return
		}
	}
	if !strings.Contains(" "+q.Get("scope")+" ", " openid ") || !strings.Contains(q.Get("scope"), "email") {
		p.t.Errorf("authorize: scope %q", q.Get("scope"))
	}
	for _, k := range []string{"state", "nonce", "code_challenge"} {
		if q.Get(k) == "" {
			p.t.Errorf("authorize: no %s", k)
			http.Error(w, "no "+k, http.StatusBadRequest)
			return
		}
	}
	back, _ := url.Parse(p.redirect)
	v := url.Values{"state": {q.Get("state")}}
	p.mu.Lock()
	switch p.mode {
	case "deny":
		v.Set("error", "access_denied")
		v.Set("error_description", "The user said no")
	default:
		code := rand.Text()
		g := oidcGrant{challenge: q.Get("code_challenge"), nonce: q.Get("nonce")}
		if p.mode == "badpkce" {
			g.challenge = "not" + g.challenge
		}
		p.grants[code] = g
		v.Set("code", code)
	}
	p.mu.Unlock()
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

func (p *oidcProvider) token(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tokenCalls++
	if p.mode == "down" {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if err := r.ParseForm(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if id != p.clientID || secret != p.secret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	code := r.PostForm.Get("code")
	g, found := p.grants[code]
	delete(p.grants, code) // a code is good once
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	switch {
	case r.PostForm.Get("grant_type") != "authorization_code" || r.PostForm.Get("redirect_uri") != p.redirect:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	case !found:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "unknown code"})
		return
	case r.PostForm.Get("code_verifier") == "" || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant", "error_description": "PKCE verification failed"})
		return
	}
	now := time.Now()
	claims := map[string]any{
		"iss": p.srv.URL, "aud": p.clientID, "sub": p.sub, "email": p.email, "nonce": g.nonce,
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix(),
	}
	if p.emailVerified != nil {
		claims["email_verified"] = p.emailVerified
	}
	key := p.key
	switch p.mode {
	case "badsig":
		key = p.otherKey
	case "nonce":
		claims["nonce"] = "some other nonce"
	case "expired":
		claims["iat"], claims["exp"] = now.Add(-time.Hour).Unix(), now.Add(-10*time.Minute).Unix()
	case "audience":
		claims["aud"] = "some-other-client"
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": "at-" + rand.Text(), "token_type": "Bearer", "expires_in": 300,
		"id_token": p.sign(key, claims),
	})
}

// sign makes a compact JWS signed with key under the key id "k1".
func (p *oidcProvider) sign(key *rsa.PrivateKey, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: "k1"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		p.t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	jws, err := signer.Sign(payload)
	if err != nil {
		p.t.Fatal(err)
	}
	raw, err := jws.CompactSerialize()
	if err != nil {
		p.t.Fatal(err)
	}
	return raw
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newOIDCFixture is the usual fixture's store and users behind a UI that
// signs in with p. The UI's base URL must be known before web.New, so its
// server is created unstarted to learn its address first.
func newOIDCFixture(t *testing.T, st *store.Store) (*fixture, *oidcProvider, *syncBuffer) {
	t.Helper()
	f := newFixture(t, st)
	p := newOIDCProvider(t)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	p.redirect = base + "/auth/oidc/callback"
	logs := &syncBuffer{}
	w, err := New(context.Background(), Config{BaseURL: base, OIDC: OIDCConfig{
		Issuer: p.srv.URL, ClientID: p.clientID, ClientSecret: p.secret, Name: "Test IdP",
	}}, st, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = w.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	f.web, f.srv = w, srv
	return f, p, logs
}

// oidcWalk follows a sign-in's redirects from path on the UI through the
// provider and back, like a browser would; edit, when set, may change the
// callback URL before it is requested. It returns the last response and
// every URL requested.
func (f *fixture) oidcWalk(c *http.Client, path string, edit func(*url.URL)) (status int, body string, urls []*url.URL) {
	f.t.Helper()
	u, _ := url.Parse(f.srv.URL + path)
	for range 10 {
		urls = append(urls, u)
		resp, err := c.Get(u.String())
		if err != nil {
			f.t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		loc, err := resp.Location()
		if resp.StatusCode < 300 || resp.StatusCode > 399 || err != nil {
			return resp.StatusCode, string(b), urls
		}
		if loc.Path == "/auth/oidc/callback" && edit != nil {
			edit(loc)
		}
		u = loc
	}
	f.t.Fatalf("too many redirects: %v", urls)
	return 0, "", nil
}

// signedInAs says whose account page the client sees, or "" when it is
// not signed in.
func (f *fixture) signedInAs(c *http.Client) string {
	f.t.Helper()
	status, body := f.get(c, "/account")
	if status != http.StatusOK {
		return ""
	}
	for _, u := range f.users {
		if strings.Contains(body, u.Email) {
			return u.Email
		}
	}
	return "?"
}

func TestOIDCSignInAndLinking(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f, p, _ := newOIDCFixture(t, st)
		ctx := context.Background()

		// The sign-in page offers the provider, keeping where to go next.
		if status, body := f.get(f.client(""), "/login?next=/account"); status != 200 ||
			!strings.Contains(body, `href="/auth/oidc?next=%2faccount"`) || !strings.Contains(body, "Sign in with Test IdP") {
			t.Fatalf("sign-in page: %d\n%s", status, body)
		}

		// First single sign-on of an existing account: linked by e-mail
		// (case does not matter) and signed in, ending where it was going.
		p.next("cust-1", "Customer@Test.Example", true, "")
		c := f.client("")
		status, body, urls := f.oidcWalk(c, "/auth/oidc?next=/account", nil)
		if status != 200 || urls[len(urls)-1].Path != "/account" || !strings.Contains(body, "customer@test.example") {
			t.Fatalf("first sign-in: %d at %v\n%s", status, urls, body)
		}
		u, err := st.UserByEmail(ctx, "customer@test.example")
		if err != nil || u.OIDCSubject != p.srv.URL+"|cust-1" {
			t.Fatalf("link: %+v %v", u, err)
		}

		// Next time the subject decides, even after the e-mail changed at
		// the provider.
		p.next("cust-1", "renamed@elsewhere.example", nil, "")
		c = f.client("")
		if status, _, _ := f.oidcWalk(c, "/auth/oidc?next=/account", nil); status != 200 || f.signedInAs(c) != "customer@test.example" {
			t.Fatalf("second sign-in by subject: %d as %q", status, f.signedInAs(c))
		}

		// An e-mail without an account: refused, no account created.
		p.next("stranger", "nobody@test.example", true, "")
		c = f.client("")
		status, body, _ = f.oidcWalk(c, "/auth/oidc", nil)
		if status != http.StatusForbidden || !strings.Contains(body, "No steerco account uses the e-mail nobody@test.example") {
			t.Fatalf("unknown e-mail: %d\n%s", status, body)
		}
		if _, err := st.UserByEmail(ctx, "nobody@test.example"); err == nil {
			t.Error("single sign-on created an account")
		}

		// Another identity with the linked account's e-mail: refused.
		p.next("cust-2", "customer@test.example", true, "")
		status, body, _ = f.oidcWalk(c, "/auth/oidc", nil)
		if status != http.StatusForbidden || !strings.Contains(body, "linked to another single sign-on identity") || f.signedInAs(c) != "" {
			t.Fatalf("second identity for a linked account: %d\n%s", status, body)
		}

		// A disabled account: refused, and not linked.
		if _, err := st.ExecContext(ctx, `UPDATE users SET disabled = ? WHERE email = ?`, true, "supplier@test.example"); err != nil {
			t.Fatal(err)
		}
		p.next("sup-1", "supplier@test.example", true, "")
		status, body, _ = f.oidcWalk(c, "/auth/oidc", nil)
		if status != http.StatusForbidden || !strings.Contains(body, "has been disabled") || f.signedInAs(c) != "" {
			t.Fatalf("disabled account: %d\n%s", status, body)
		}
		if u, _ := st.UserByEmail(ctx, "supplier@test.example"); u.OIDCSubject != "" {
			t.Error("a disabled account was linked")
		}

		// An e-mail the provider says is unverified links nothing.
		for _, v := range []any{false, "false"} {
			p.next("prov-1", "provider@test.example", v, "")
			status, body, _ = f.oidcWalk(c, "/auth/oidc", nil)
			if status != http.StatusUnauthorized || !strings.Contains(body, "did not give a verified e-mail address") {
				t.Fatalf("email_verified %#v: %d\n%s", v, status, body)
			}
		}
		if u, _ := st.UserByEmail(ctx, "provider@test.example"); u.OIDCSubject != "" {
			t.Error("an unverified e-mail was linked")
		}

		// A destination on another site is not followed.
		p.next("cust-1", "customer@test.example", true, "")
		c = f.client("")
		_, _, urls = f.oidcWalk(c, "/auth/oidc?next=//evil.example/x", nil)
		if last := urls[len(urls)-1]; last.Host != strings.TrimPrefix(f.srv.URL, "http://") || last.Path != "/" {
			t.Errorf("next=//evil.example ended at %s", last)
		}
	})
}

func TestOIDCRefusals(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f, p, logs := newOIDCFixture(t, st)
		tests := []struct {
			name, mode string
			edit       func(*url.URL)
			status     int
			want       string
		}{
			{"wrong state", "", func(u *url.URL) {
				q := u.Query()
				q.Set("state", "forged")
				u.RawQuery = q.Encode()
			}, http.StatusBadRequest, "the sign-in attempt expired or was started in another window"},
			{"no code", "", func(u *url.URL) {
				q := u.Query()
				q.Del("code")
				u.RawQuery = q.Encode()
			}, http.StatusBadRequest, "the identity provider's answer was incomplete"},
			{"access denied", "deny", nil, http.StatusUnauthorized, "you cancelled, or the identity provider refused access"},
			{"bad PKCE verifier", "badpkce", nil, http.StatusUnauthorized, "the identity provider did not accept the sign-in"},
			{"tampered signature", "badsig", nil, http.StatusUnauthorized, "the identity provider's answer could not be verified"},
			{"nonce mismatch", "nonce", nil, http.StatusUnauthorized, "the identity provider's answer could not be verified"},
			{"expired token", "expired", nil, http.StatusUnauthorized, "the identity provider's answer could not be verified"},
			{"wrong audience", "audience", nil, http.StatusUnauthorized, "the identity provider's answer could not be verified"},
			{"token endpoint down", "down", nil, http.StatusBadGateway, "the identity provider could not be reached"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p.next("cust-1", "customer@test.example", true, tt.mode)
				p.mu.Lock()
				calls := p.tokenCalls
				p.mu.Unlock()
				c := f.client("")
				status, body, _ := f.oidcWalk(c, "/auth/oidc?next=/account", tt.edit)
				if status != tt.status || !strings.Contains(html.UnescapeString(body), "Single sign-on failed: "+tt.want) {
					t.Fatalf("%d, want %d with %q\n%s", status, tt.status, tt.want, body)
				}
				// The sign-in form is there to try again; no detail leaks.
				if !strings.Contains(body, `action="/login"`) || strings.Contains(body, "oidc:") || strings.Contains(body, "goroutine") {
					t.Errorf("failure page:\n%s", body)
				}
				if who := f.signedInAs(c); who != "" {
					t.Errorf("signed in as %s", who)
				}
				p.mu.Lock()
				defer p.mu.Unlock()
				if tt.edit != nil && p.tokenCalls != calls {
					t.Error("a forged callback's code was redeemed")
				}
			})
		}
		if !strings.Contains(logs.String(), "oidc sign-in failed") || !strings.Contains(logs.String(), "PKCE verification failed") {
			t.Errorf("the log lacks the failures' detail:\n%s", logs.String())
		}
		// Nothing was linked by any of these.
		if u, _ := st.UserByEmail(context.Background(), "customer@test.example"); u.OIDCSubject != "" {
			t.Errorf("linked by a failed sign-in: %q", u.OIDCSubject)
		}

		// A callback without an attempt in the session, and the replay of
		// a finished one, are refused.
		p.next("cust-1", "customer@test.example", true, "")
		status, body := f.get(f.client(""), "/auth/oidc/callback?code=x&state=y")
		if status != http.StatusBadRequest || !strings.Contains(body, "attempt expired") {
			t.Errorf("callback without an attempt: %d", status)
		}
		c := f.client("")
		var callback string
		f.oidcWalk(c, "/auth/oidc", func(u *url.URL) { callback = u.String() })
		if f.signedInAs(c) != "customer@test.example" {
			t.Fatal("sign-in failed")
		}
		if resp, err := c.Get(callback); err != nil || resp.StatusCode != http.StatusBadRequest {
			t.Errorf("replayed callback: %v %v", resp.Status, err)
		} else {
			resp.Body.Close()
		}
	})
}

func TestOIDCStartupErrors(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	gone := httptest.NewServer(http.NotFoundHandler())
	gone.Close()
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{BaseURL: "http://localhost:8080", OIDC: OIDCConfig{Issuer: gone.URL, ClientID: "x"}}, "discovery at the OIDC issuer " + gone.URL + " failed"},
		{Config{BaseURL: "http://localhost:8080", OIDC: OIDCConfig{Issuer: gone.URL}}, "client id"},
		{Config{OIDC: OIDCConfig{Issuer: gone.URL, ClientID: "x"}}, "base URL"},
	}
	for _, tt := range tests {
		if _, err := New(context.Background(), tt.cfg, st, log); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want an error about %q", tt.cfg.OIDC, err, tt.want)
		}
	}
	// Without an issuer there is no single sign-on, and its routes are not found.
	w, err := New(context.Background(), Config{}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/auth/oidc")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("/auth/oidc without an issuer: %d", resp.StatusCode)
	}
}
