package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestSignInAndOut(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		anon := f.client("")
		if status, _ := f.get(anon, "/account"); status != http.StatusSeeOther {
			t.Fatalf("anonymous /account: %d, want a redirect to sign in", status)
		}
		// A wrong password: a clear message, no session.
		status, body := f.post(anon, "/login", url.Values{"email": {"customer@test.example"}, "password": {"wrong"}})
		if status != http.StatusUnauthorized || !strings.Contains(body, "The e-mail or password is wrong.") {
			t.Fatalf("wrong password: %d %s", status, body)
		}
		// A missing field names the field.
		status, body = f.post(anon, "/login", url.Values{"email": {""}, "password": {"x"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#email"`) {
			t.Fatalf("missing e-mail: %d", status)
		}
		c := f.client("customer")
		if status, body := f.get(c, "/account"); status != 200 || !strings.Contains(body, "customer@test.example") {
			t.Fatalf("account: %d", status)
		}
		if status, _ := f.post(c, "/logout", nil); status != http.StatusSeeOther {
			t.Fatalf("logout: %d", status)
		}
		if status, _ := f.get(c, "/account"); status != http.StatusSeeOther {
			t.Fatalf("after sign-out /account: %d", status)
		}
	})
}

func TestSignInRateLimit(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := f.client("")
		for i := 0; i < maxFailures; i++ {
			f.post(c, "/login", url.Values{"email": {"admin@test.example"}, "password": {"nope"}})
		}
		// Even the right password is refused now, with a clear message.
		status, body := f.post(c, "/login", url.Values{"email": {"admin@test.example"}, "password": {testPassword}})
		if status != http.StatusTooManyRequests || !strings.Contains(body, "Too many failed sign-ins") {
			t.Fatalf("after %d failures: %d", maxFailures, status)
		}
	})
}

func TestChangePassword(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := f.client("supplier")
		status, body := f.post(c, "/account/password", url.Values{"current": {"bad"}, "new": {"short"}, "repeat": {"other"}})
		if status != http.StatusUnprocessableEntity {
			t.Fatalf("bad change: %d", status)
		}
		for _, want := range []string{"current password is wrong", "at least 12", "do not match"} {
			if !strings.Contains(body, want) {
				t.Errorf("lacks %q", want)
			}
		}
		status, _ = f.post(c, "/account/password", url.Values{"current": {testPassword}, "new": {"a much better secret"}, "repeat": {"a much better secret"}})
		if status != http.StatusSeeOther {
			t.Fatalf("change: %d", status)
		}
		anon := f.client("")
		if status, _ := f.post(anon, "/login", url.Values{"email": {"supplier@test.example"}, "password": {"a much better secret"}}); status != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", status)
		}
	})
}

func TestCrossSitePostRefused(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	c := f.client("admin")
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/logout", nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d, want 403", resp.StatusCode)
	}
	if status, _ := f.get(c, "/account"); status != 200 {
		t.Fatalf("the forged sign-out must not have signed the user out: %d", status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	resp, err := f.client("").Get(f.srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
		if !strings.Contains(resp.Header.Get(h), want) {
			t.Errorf("%s = %q", h, resp.Header.Get(h))
		}
	}
}
