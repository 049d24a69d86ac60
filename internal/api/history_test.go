package api

import (
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestHistoryAPI reads objects' histories through the API under the
// history page's rules: a meeting's entries for those who see its forum,
// 404 for a meeting of a forum limited to other parties, for an outsider
// and for an unknown type; the agreement's own history holds the model's
// application.
func TestHistoryAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-06-01 10:00")
		status, body := f.do("minna", "POST", np+"/forums/"+prodGroup+"/meetings", map[string]any{"date": "2026-09-15"})
		f.want(status, 201, body, "meeting")
		m := decodeAs[MeetingDetail](t, body).ID
		path := np + "/history/meeting/" + itoa(m)

		status, body = f.do("kari", "GET", path, nil)
		f.want(status, 200, body, "history")
		h := decodeAs[History](t, body)
		if h.Type != "meeting" || h.ID != itoa(m) || len(h.Entries) == 0 {
			t.Fatalf("history %+v", h)
		}
		e := h.Entries[len(h.Entries)-1] // the oldest: the creation
		if e.Actor != "user:"+f.users["minna"].Email || e.ActorName == "" || e.Hidden || len(e.Changes) == 0 {
			t.Fatalf("creation entry %+v", e)
		}
		// Opetusdata has no seat in Alustatalo's production group.
		for _, who := range []string{"supplier2", "outsider"} {
			status, body = f.do(who, "GET", path, nil)
			f.wantError(status, body, 404, "not_found")
		}
		status, body = f.do("kari", "GET", np+"/history/no-such-type/1", nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("kari", "GET", np+"/history/meeting/999999", nil)
		f.wantError(status, body, 404, "not_found")

		status, body = f.do("admin", "GET", np+"/history/agreement/national-platform", nil)
		f.want(status, 200, body, "agreement history")
		if h := decodeAs[History](t, body); len(h.Entries) == 0 || h.Entries[len(h.Entries)-1].Action != "model.apply" {
			t.Fatalf("agreement history %+v", h.Entries)
		}
	})
}
