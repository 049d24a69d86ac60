package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery"

// fixture is a running UI on a store holding the national-platform
// template, with one user per role.
type fixture struct {
	t     testing.TB
	st    *store.Store
	web   *Server
	srv   *httptest.Server
	a     *gov.Agreement
	users map[string]*store.User // by role name, plus "supplier2" and "outsider"
}

// newFixture starts the UI on st. Users: admin; customer (the first
// customer party's representative); provider; supplier and supplier2 (two
// different suppliers); member (a customer's forum member); observer (the
// "other" party); outsider (an organisation that is no party at all).
func newFixture(t testing.TB, st *store.Store) *fixture {
	t.Helper()
	ctx := context.Background()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	first := func(kind gov.PartyKind, skip string) string {
		for _, p := range a.Parties {
			if p.Kind == kind && p.Slug != skip {
				return p.Slug
			}
		}
		t.Fatalf("no %s party", kind)
		return ""
	}
	sup := first(gov.KindSupplier, "")
	specs := []struct {
		name, party, role string
		admin             bool
	}{
		{"admin", "", auth.AccountRepresentative, true},
		{"customer", first(gov.KindCustomer, ""), auth.AccountRepresentative, false},
		{"provider", first(gov.KindProvider, ""), auth.AccountRepresentative, false},
		{"supplier", sup, auth.AccountRepresentative, false},
		{"supplier2", first(gov.KindSupplier, sup), auth.AccountRepresentative, false},
		{"member", first(gov.KindCustomer, ""), auth.AccountMember, false},
		{"observer", first(gov.KindOther, ""), auth.AccountRepresentative, false},
		{"outsider", "no-such-organisation", auth.AccountRepresentative, false},
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, st: st, a: a, users: map[string]*store.User{}}
	for _, sp := range specs {
		u := &store.User{Email: sp.name + "@test.example", Name: "Test " + sp.name, PasswordHash: hash, Party: sp.party, Role: sp.role, IsAdmin: sp.admin}
		if err := st.CreateUser(ctx, u, "test"); err != nil {
			t.Fatal(err)
		}
		f.users[sp.name] = u
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.web, err = New(ctx, Config{}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(f.web.Handler())
	t.Cleanup(f.srv.Close)
	return f
}

// client returns an HTTP client signed in as the named fixture user, or
// anonymous for "". It does not follow redirects, so tests see them.
func (f *fixture) client(user string) *http.Client {
	f.t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if user == "" {
		return c
	}
	status, body := f.post(c, "/login", url.Values{"email": {f.users[user].Email}, "password": {testPassword}})
	if status != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: %d\n%s", user, status, body)
	}
	return c
}

func (f *fixture) get(c *http.Client, path string) (int, string) {
	f.t.Helper()
	resp, err := c.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (f *fixture) post(c *http.Client, path string, form url.Values) (int, string) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
