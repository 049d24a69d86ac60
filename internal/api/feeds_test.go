package api

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestFeedsAPI makes, lists and revokes calendar feeds through the API
// under the account page's rules: a personal feed, a forum feed of a
// forum the caller sees, a forum they do not see or that does not exist
// refused on the field, another user's feed not found, at most
// store.MaxFeeds live feeds.
func TestFeedsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		status, body := f.do("customer", "POST", "/api/v1/feeds", map[string]any{})
		f.want(status, 201, body, "personal")
		personal := decodeAs[CreatedFeed](t, body)
		if !personal.Personal || !strings.Contains(personal.URL, "/feeds/stf_") || !strings.HasSuffix(personal.URL, ".ics") ||
			!strings.HasPrefix(strings.TrimSuffix(strings.SplitAfter(personal.URL, "/feeds/")[1], ".ics"), personal.Prefix) {
			t.Fatalf("personal feed %+v", personal)
		}

		open := openForum(f)
		status, body = f.do("customer", "POST", "/api/v1/feeds", map[string]any{"agreement": "national-platform", "forum": open})
		f.want(status, 201, body, "forum")
		if c := decodeAs[CreatedFeed](t, body); c.Personal || c.Forum != open || c.Agreement != "national-platform" {
			t.Fatalf("forum feed %+v", c)
		}
		for _, in := range []map[string]any{
			{"agreement": "national-platform", "forum": "no-such-forum"},
			{"agreement": "no-such-agreement", "forum": open},
			{"agreement": "national-platform"},
		} {
			status, body = f.do("customer", "POST", "/api/v1/feeds", in)
			f.wantError(status, body, 422, "validation_failed", "scope")
		}
		// An outsider sees no forum of the agreement.
		status, body = f.do("outsider", "POST", "/api/v1/feeds", map[string]any{"agreement": "national-platform", "forum": open})
		f.wantError(status, body, 422, "validation_failed", "scope")

		status, body = f.do("customer", "GET", "/api/v1/feeds", nil)
		f.want(status, 200, body, "list")
		if l := decodeAs[struct{ Items []Feed }](t, body); len(l.Items) != 2 {
			t.Fatalf("feeds %+v", l.Items)
		}
		status, body = f.do("supplier", "GET", "/api/v1/feeds", nil)
		f.want(status, 200, body, "another's list")
		if l := decodeAs[struct{ Items []Feed }](t, body); len(l.Items) != 0 {
			t.Fatalf("another user's feeds %+v", l.Items)
		}
		path := "/api/v1/feeds/" + itoa(personal.ID)
		status, body = f.do("supplier", "DELETE", path, nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("customer", "DELETE", path, nil)
		f.want(status, 204, body, "revoke")
		status, body = f.do("customer", "GET", "/api/v1/feeds", nil)
		f.want(status, 200, body, "list after")
		for _, fd := range decodeAs[struct{ Items []Feed }](t, body).Items {
			if fd.ID == personal.ID && fd.RevokedAt == nil {
				t.Fatalf("revoked feed still live: %+v", fd)
			}
		}

		for range store.MaxFeeds - 1 {
			status, body = f.do("customer", "POST", "/api/v1/feeds", map[string]any{})
			f.want(status, 201, body, "fill")
		}
		status, body = f.do("customer", "POST", "/api/v1/feeds", map[string]any{})
		f.wantError(status, body, 422, "validation_failed", "scope")
	})
}
