package api

import (
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestOrderingContactsAPI names, lists and withdraws an ordering
// contact through the API, under the web page's rules: the ordering
// party's representative names its own people, a supplier names nobody
// and withdraws nothing, an unknown person is a field error, and an
// outsider gets 404.
func TestOrderingContactsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-05-04 10:00")
		path := np + "/ordering-contacts"
		name := map[string]any{"person": "kari-vaisanen", "kinds": []string{"assignment", "special"}, "max": 2500.5}

		status, body := f.do("supplier", "POST", path, name)
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", path, map[string]any{"person": "no-such-person", "kinds": []string{"assignment"}, "max": 10})
		f.wantError(status, body, 422, "validation_failed", "person")
		status, body = f.do("kari", "POST", path, map[string]any{"person": "kari-vaisanen", "kinds": []string{"assignment"}, "max": -1})
		f.wantError(status, body, 422, "validation_failed", "max")
		status, body = f.do("kari", "POST", path, name)
		f.want(status, 201, body, "name")
		c := decodeAs[OrderingContact](t, body)
		if c.Person != "kari-vaisanen" || c.Party != "tiera" || c.Max != 2500.5 || len(c.Kinds) != 2 || !c.MayRemove || c.Name == "" || c.Name == c.Person {
			t.Fatalf("named %+v", c)
		}

		// The supplier sees who may order from it, but may not withdraw.
		status, body = f.do("supplier", "GET", path, nil)
		f.want(status, 200, body, "list")
		list := decodeAs[struct{ Items []OrderingContact }](t, body)
		if len(list.Items) != 1 || list.Items[0].Person != "kari-vaisanen" || list.Items[0].MayRemove {
			t.Fatalf("supplier's list %+v", list.Items)
		}
		status, body = f.do("supplier", "DELETE", path+"/kari-vaisanen", nil)
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("outsider", "GET", path, nil)
		f.wantError(status, body, 404, "not_found")

		status, body = f.do("kari", "DELETE", path+"/kari-vaisanen", nil)
		f.want(status, 204, body, "remove")
		status, body = f.do("kari", "DELETE", path+"/kari-vaisanen", nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("kari", "GET", path, nil)
		f.want(status, 200, body, "list after")
		if list := decodeAs[struct{ Items []OrderingContact }](t, body); len(list.Items) != 0 {
			t.Fatalf("after removal %+v", list.Items)
		}
	})
}
