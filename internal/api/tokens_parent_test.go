package api

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestTokenMadeWithTokenDiesWithIt: a token created with an expiring
// token expires no later than it, and revoking a token revokes every token
// created with it, down the line.
func TestTokenMadeWithTokenDiesWithIt(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		type created struct {
			ID        int64      `json:"id"`
			Token     string     `json:"token"`
			ExpiresAt *time.Time `json:"expires_at"`
		}
		mint := func(with, name string, body map[string]any) created {
			t.Helper()
			body["name"] = name
			status, out := f.do(with, "POST", "/api/v1/tokens", body)
			if status != 201 {
				t.Fatalf("%s mints %s: %d %s", with, name, status, out)
			}
			var c created
			if err := json.Unmarshal(out, &c); err != nil {
				t.Fatal(err)
			}
			f.tokens[name] = c.Token
			return c
		}
		soon := f.now().Add(time.Hour).UTC().Truncate(time.Second)
		parent := mint("customer", "parent", map[string]any{"scopes": []string{"read", "write"}, "expires_at": soon})
		// Asking for no expiry, or a later one, still ends with the parent.
		child := mint("parent", "child", map[string]any{"scopes": []string{"read", "write"}})
		later := mint("parent", "later", map[string]any{"scopes": []string{"read"}, "expires_at": soon.Add(24 * time.Hour)})
		grandchild := mint("child", "grandchild", map[string]any{"scopes": []string{"read"}})
		for _, c := range []created{child, later, grandchild} {
			if c.ExpiresAt == nil || c.ExpiresAt.After(soon) {
				t.Errorf("token %d expires %v, after its parent's %v", c.ID, c.ExpiresAt, soon)
			}
		}
		// An earlier expiry than the parent's is kept.
		if c := mint("parent", "earlier", map[string]any{"scopes": []string{"read"}, "expires_at": soon.Add(-time.Minute)}); c.ExpiresAt == nil || !c.ExpiresAt.Equal(soon.Add(-time.Minute)) {
			t.Errorf("an earlier expiry was changed: %v", c.ExpiresAt)
		}
		for _, name := range []string{"child", "grandchild", "later"} {
			if status, _ := f.do(name, "GET", "/api/v1/me", nil); status != 200 {
				t.Fatalf("%s before revocation: %d", name, status)
			}
		}
		if status, out := f.do("customer", "DELETE", "/api/v1/tokens/"+itoa(parent.ID), nil); status != 204 {
			t.Fatalf("revoke parent: %d %s", status, out)
		}
		for _, name := range []string{"parent", "child", "grandchild", "later", "earlier"} {
			if status, _ := f.do(name, "GET", "/api/v1/me", nil); status != 401 {
				t.Errorf("%s after the parent's revocation: %d, want 401", name, status)
			}
		}
		// The user's other tokens are untouched.
		if status, _ := f.do("customer", "GET", "/api/v1/me", nil); status != 200 {
			t.Errorf("an unrelated token: %d", status)
		}
	})
}
