package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// resetLink takes the newest password reset link sent to email out of
// the outbox.
func (f *fixture) resetLink(email string) string {
	f.t.Helper()
	ms, err := f.st.OutboxFor(context.Background(), email, 10)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, m := range ms {
		if m.Kind == "password-reset" {
			if l := regexp.MustCompile(`https?://\S+/password-reset/\S+`).FindString(m.Body); l != "" {
				return l
			}
		}
	}
	return ""
}

// TestPasswordReset: the request answers the same for a known and an
// unknown address, only the known one gets a link; the link sets a new
// password once, refuses a weak one on its field, and is dead after use
// or after an hour (issue #15).
func TestPasswordReset(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		anon := f.client("")
		_, known := f.post(anon, "/password-reset", url.Values{"email": {"supplier@test.example"}})
		_, unknown := f.post(anon, "/password-reset", url.Values{"email": {"nobody@test.example"}})
		strip := func(s, email string) string { return strings.ReplaceAll(s, email, "EMAIL") }
		if strip(known, "supplier@test.example") != strip(unknown, "nobody@test.example") {
			t.Fatal("the answer differs for a known and an unknown address")
		}
		if ms, _ := st.OutboxFor(context.Background(), "nobody@test.example", 10); len(ms) != 0 {
			t.Fatalf("an unknown address got %d messages", len(ms))
		}
		link := f.resetLink("supplier@test.example")
		if link == "" {
			t.Fatal("no reset link in the outbox")
		}
		path := link[strings.Index(link, "/password-reset/"):]
		if status, body := f.get(anon, path); status != 200 || !strings.Contains(body, `name="confirm"`) {
			t.Fatalf("GET link: %d", status)
		}
		// Weak and mismatched passwords are refused on their fields.
		for _, c := range []struct{ pw, confirm, want string }{
			{"short", "short", "at least 12"},
			{"Password2026!", "Password2026!", "common one"},
			{"a long and fine secret", "something else", "do not match"},
		} {
			status, body := f.post(anon, path, url.Values{"password": {c.pw}, "confirm": {c.confirm}})
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) {
				t.Errorf("%q: %d, want 422 with %q", c.pw, status, c.want)
			}
		}
		if status, _ := f.post(anon, path, url.Values{"password": {"a long and fine secret"}, "confirm": {"a long and fine secret"}}); status != http.StatusSeeOther {
			t.Fatalf("reset: %d", status)
		}
		if status, _ := f.post(anon, "/login", url.Values{"email": {"supplier@test.example"}, "password": {"a long and fine secret"}}); status != http.StatusSeeOther {
			t.Fatalf("sign in with the new password: %d", status)
		}
		// Used: dead.
		if status, _ := f.post(anon, path, url.Values{"password": {"another long secret"}, "confirm": {"another long secret"}}); status != http.StatusNotFound {
			t.Fatalf("second use: %d, want 404", status)
		}
		// An hour later a fresh link is dead too.
		f.post(anon, "/password-reset", url.Values{"email": {"customer@test.example"}})
		link = f.resetLink("customer@test.example")
		path = link[strings.Index(link, "/password-reset/"):]
		f.web.cfg.Now = func() time.Time { return time.Now().Add(61 * time.Minute) }
		if status, body := f.get(anon, path); status != http.StatusNotFound || !strings.Contains(body, "expired") {
			t.Fatalf("expired link: %d", status)
		}
	})
}

// TestDisableAccount: an administrator disables an account in the UI; its
// open session stops at the next request; only an administrator may.
func TestDisableAccount(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		admin, victim := f.client("admin"), f.client("member")
		if status, _ := f.get(victim, "/account"); status != 200 {
			t.Fatalf("member before: %d", status)
		}
		if status, _ := f.get(victim, "/admin/accounts"); status != http.StatusForbidden {
			t.Fatalf("a member opens the accounts page: %d", status)
		}
		if status, _ := f.post(f.client("customer"), "/admin/accounts/state", url.Values{"email": {"member@test.example"}, "disabled": {"1"}}); status != http.StatusForbidden {
			t.Fatalf("a representative disables: %d", status)
		}
		status, body := f.get(admin, "/admin/accounts")
		if status != 200 || !strings.Contains(body, "Disable Test member") {
			t.Fatalf("accounts page: %d", status)
		}
		if status, _ := f.post(admin, "/admin/accounts/state", url.Values{"email": {"member@test.example"}, "disabled": {"1"}}); status != http.StatusSeeOther {
			t.Fatalf("disable: %d", status)
		}
		if status, _ := f.get(victim, "/account"); status != http.StatusSeeOther {
			t.Fatalf("a disabled account's session still works: %d", status)
		}
		if status, _ := f.post(f.client(""), "/login", url.Values{"email": {"member@test.example"}, "password": {testPassword}}); status != http.StatusUnauthorized {
			t.Fatalf("a disabled account signs in: %d", status)
		}
		if status, _ := f.post(admin, "/admin/accounts/state", url.Values{"email": {"admin@test.example"}, "disabled": {"1"}}); status != http.StatusConflict {
			t.Fatalf("an administrator disables themself: %d", status)
		}
		if status, _ := f.post(admin, "/admin/accounts/state", url.Values{"email": {"member@test.example"}, "disabled": {"0"}}); status != http.StatusSeeOther {
			t.Fatalf("enable: %d", status)
		}
		if status, _ := f.post(f.client(""), "/login", url.Values{"email": {"member@test.example"}, "password": {testPassword}}); status != http.StatusSeeOther {
			t.Fatalf("an enabled account cannot sign in: %d", status)
		}
	})
}
