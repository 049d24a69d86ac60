package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestReadEndpoints(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		for _, path := range []string{
			"/api/v1/me", "/api/v1/tokens", "/api/v1/agreements",
			"/api/v1/agreements/national-platform",
			"/api/v1/agreements/national-platform/parties",
			"/api/v1/agreements/national-platform/parties/" + f.a.Parties[0].Slug,
			"/api/v1/agreements/national-platform/people?limit=5",
			"/api/v1/agreements/national-platform/people/" + f.a.People[0].Slug,
			"/api/v1/agreements/national-platform/forums",
			"/api/v1/agreements/national-platform/forums/" + f.a.Forums[0].Slug,
			"/api/v1/agreements/national-platform/memberships?active_on=2026-06-01",
			"/api/v1/agreements/national-platform/plan?year=2027",
			"/api/v1/agreements/national-platform/model",
		} {
			if status, body := f.do("admin", "GET", path, nil); status != http.StatusOK {
				t.Errorf("GET %s: %d %s", path, status, body)
			}
		}
	})
}

func TestBadRequests(t *testing.T) {
	f := newAPIFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	// No token, a wrong token, a revoked token.
	if status, body := f.do("", "GET", "/api/v1/me", nil); status != 401 || !strings.Contains(string(body), `"code": "unauthorized"`) {
		t.Errorf("no token: %d %s", status, body)
	}
	f.tokens["bogus"] = "stc_nonsense"
	if status, _ := f.do("bogus", "GET", "/api/v1/me", nil); status != 401 {
		t.Errorf("bogus token: %d", status)
	}
	// A read-only token cannot write.
	status, body := f.do("customer", "POST", "/api/v1/tokens", map[string]any{"name": "ro", "scopes": []string{"read"}})
	if status != 201 {
		t.Fatalf("create token: %d %s", status, body)
	}
	var created struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	json.Unmarshal(body, &created)
	f.tokens["ro"] = created.Token
	if status, body := f.do("ro", "POST", "/api/v1/tokens", map[string]any{"name": "x", "scopes": []string{"read"}}); status != 403 || !strings.Contains(string(body), "insufficient_scope") {
		t.Errorf("read token writing: %d %s", status, body)
	}
	// A token cannot mint a stronger one.
	if status, _ := f.do("customer", "POST", "/api/v1/tokens", map[string]any{"name": "x", "scopes": []string{"admin"}}); status != 422 {
		t.Errorf("escalation: %d", status)
	}
	// Revoked tokens stop working at once.
	if status, _ := f.do("customer", "DELETE", "/api/v1/tokens/"+itoa(created.ID), nil); status != 204 {
		t.Errorf("revoke: %d", status)
	}
	if status, _ := f.do("ro", "GET", "/api/v1/me", nil); status != 401 {
		t.Errorf("revoked token: %d", status)
	}
	// Another user's token id is not found.
	if status, _ := f.do("supplier", "DELETE", "/api/v1/tokens/"+itoa(created.ID), nil); status != 404 {
		t.Errorf("another's token: %d", status)
	}
	// Malformed JSON, unknown fields, wrong types, 100 MB.
	for body, want := range map[string]int{
		`{"name": "x", "scopes": [`:                 400,
		`{"name": "x", "scopes": ["read"], "x": 1}`: 422,
		`{"name": 5, "scopes": ["read"]}`:           422,
		``:                                          400,
	} {
		if status, out := f.do("customer", "POST", "/api/v1/tokens", []byte(body)); status != want || !strings.Contains(string(out), `"error"`) {
			t.Errorf("body %q: %d, want %d: %s", body, status, want, out)
		}
	}
	big := bytes.Repeat([]byte("a"), 100<<20)
	if status, _ := f.do("customer", "POST", "/api/v1/tokens", big); status != 413 {
		t.Errorf("100 MB body: %d", status)
	}
	// Another tenant's agreement: 404 for the supplier of national-platform.
	if status, _ := f.do("supplier", "GET", "/api/v1/agreements/municipal-3-level", nil); status != 404 {
		t.Errorf("other agreement: %d", status)
	}
	// Paging bounds.
	if status, _ := f.do("admin", "GET", "/api/v1/agreements?limit=0", nil); status != 400 {
		t.Errorf("limit=0: %d", status)
	}
	if status, body := f.do("admin", "GET", "/api/v1/agreements/national-platform/people?limit=2&offset=1", nil); status != 200 || !strings.Contains(string(body), `"limit": 2`) {
		t.Errorf("paging: %d %s", status, body)
	}
	if status, body := f.do("admin", "GET", "/api/v1/nothing", nil); status != 404 || !strings.Contains(string(body), "not_found") {
		t.Errorf("unknown endpoint: %d %s", status, body)
	}
}

// TestSupplierIsolation: a supplier does not see the other supplier's
// bilateral forums or people through the API.
func TestSupplierIsolation(t *testing.T) {
	f := newAPIFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	other := f.users["supplier2"].Party
	for _, fm := range f.a.Forums {
		if len(fm.Parties) > 0 && contains(fm.Parties, other) && !contains(fm.Parties, f.users["supplier"].Party) {
			if status, _ := f.do("supplier", "GET", "/api/v1/agreements/national-platform/forums/"+fm.Slug, nil); status != 404 {
				t.Errorf("other supplier's forum %s: %d", fm.Slug, status)
			}
			_, body := f.do("supplier", "GET", "/api/v1/agreements/national-platform/forums?limit=500", nil)
			if strings.Contains(string(body), `"id": "`+fm.Slug+`"`) {
				t.Errorf("forum %s listed to the other supplier", fm.Slug)
			}
		}
	}
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
