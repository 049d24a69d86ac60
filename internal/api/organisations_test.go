package api

import (
	"net/http"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestPartyOrganisationLinks (issue 14): an administrator reads and sets
// which organisation a party is; the previous organisation's accounts no
// longer see the agreement; others may not change it; bad ids are
// refused with nothing changed.
func TestPartyOrganisationLinks(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		party := f.users["customer"].Party // the customer's party, and organisation, of the same slug
		path := "/api/v1/agreements/" + f.a.Slug + "/parties/" + party + "/organisation"

		status, body := f.do("admin", http.MethodGet, path, nil)
		if got := decodeAs[PartyOrganisation](t, body); status != http.StatusOK || got.Organisation != party {
			t.Fatalf("GET: %d %s", status, body)
		}
		for _, role := range []string{"customer", "supplier", "observer"} {
			if status, body := f.do(role, http.MethodPut, path, map[string]any{"organisation": "takeover"}); status != http.StatusForbidden {
				t.Errorf("PUT as %s: %d %s, want 403", role, status, body)
			}
		}
		for _, bad := range []string{"", "Not A Slug", f.users["provider"].Party} {
			if status, body := f.do("admin", http.MethodPut, path, map[string]any{"organisation": bad}); status != http.StatusUnprocessableEntity {
				t.Errorf("PUT %q: %d %s, want 422", bad, status, body)
			}
		}
		if status, _ := f.do("customer", http.MethodGet, "/api/v1/agreements/"+f.a.Slug, nil); status != http.StatusOK {
			t.Fatalf("the customer does not see its agreement before the change: %d", status)
		}
		status, body = f.do("admin", http.MethodPut, path, map[string]any{"organisation": "new-customer-org"})
		if got := decodeAs[PartyOrganisation](t, body); status != http.StatusOK || got.Organisation != "new-customer-org" {
			t.Fatalf("PUT: %d %s", status, body)
		}
		// The old organisation's account is no longer that party.
		if status, _ := f.do("customer", http.MethodGet, "/api/v1/agreements/"+f.a.Slug, nil); status != http.StatusNotFound {
			t.Errorf("the old organisation's account still sees the agreement: %d", status)
		}
		status, body = f.do("customer", http.MethodGet, "/api/v1/me", nil)
		if me := decodeAs[Me](t, body); status != http.StatusOK || len(me.Links) != 0 || me.Organisation != party {
			t.Errorf("me after the change: %d %s", status, body)
		}
		if status, _ := f.do("admin", http.MethodPut, "/api/v1/agreements/"+f.a.Slug+"/parties/no-such-party/organisation", map[string]any{"organisation": "x"}); status != http.StatusNotFound {
			t.Errorf("an unknown party: %d, want 404", status)
		}
	})
}
