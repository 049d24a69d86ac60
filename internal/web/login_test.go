package web

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/steerco/steerco/internal/auth"

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

// TestSignInLimitsHold: a burst of parallel wrong passwords is counted
// before any is checked (exactly the budget is evaluated), the burst does
// not lock the owner out from another address, and no more than the bound
// of password hashes runs at once.
func TestSignInLimitsHold(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		h := f.web.Handler()
		attempt := func(email, pw, addr string) int {
			req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {email}, "password": {pw}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.RemoteAddr = addr + ":40000"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec.Code
		}
		var mu sync.Mutex
		codes := map[int]int{}
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				code := attempt("customer@test.example", fmt.Sprint("guess", i), "192.0.2.66")
				mu.Lock()
				codes[code]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		if codes[http.StatusUnauthorized] != maxFailures || codes[http.StatusTooManyRequests] != 40-maxFailures {
			t.Fatalf("40 parallel wrong passwords: %v, want %d evaluated (401) and the rest refused (429)", codes, maxFailures)
		}
		if code := attempt("customer@test.example", testPassword, "192.0.2.66"); code != http.StatusTooManyRequests {
			t.Errorf("the right password from the guessing address: %d, want 429", code)
		}
		if code := attempt("customer@test.example", testPassword, "198.51.100.5"); code != http.StatusSeeOther {
			t.Errorf("the owner from another address: %d, want a sign-in", code)
		}
		// Parallel attempts on many accounts: each is hashed, but never
		// more at once than the bound.
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				attempt(fmt.Sprintf("nobody%d@test.example", i), "guess", fmt.Sprintf("203.0.113.%d", i))
			}()
		}
		wg.Wait()
		if peak := auth.PeakConcurrentHashes(); peak > int64(auth.HashBound()) {
			t.Errorf("%d password hashes ran at once", peak)
		}
	})
}

// TestPasswordChangeEndsOtherSessions: after a change on the web, the
// user's other sessions are signed out and the changing one goes on; a
// change by the operator (store.SetPassword, as `steerco user passwd`)
// ends them all.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		laptop, phone := f.client("supplier"), f.client("supplier")
		if status, _ := f.get(phone, "/account"); status != http.StatusOK {
			t.Fatalf("phone before: %d", status)
		}
		const pw = "a much better secret"
		if status, _ := f.post(laptop, "/account/password", url.Values{"current": {testPassword}, "new": {pw}, "repeat": {pw}}); status != http.StatusSeeOther {
			t.Fatalf("change: %d", status)
		}
		if status, _ := f.get(phone, "/account"); status != http.StatusSeeOther {
			t.Errorf("the other session after a password change: %d, want a redirect to sign in", status)
		}
		if status, _ := f.get(laptop, "/account"); status != http.StatusOK {
			t.Errorf("the changing session: %d", status)
		}
		hash, err := auth.HashPassword("set by the operator")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(context.Background(), f.users["supplier"].ID, hash, "cli"); err != nil {
			t.Fatal(err)
		}
		if status, _ := f.get(laptop, "/account"); status != http.StatusSeeOther {
			t.Errorf("a session after the operator set the password: %d", status)
		}
	})
}
