package api

import (
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The risk register through the API: added and raised to a forum's level
// at once, raised higher, closed; the month's open risks.
func TestRisksThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-04-15 10:00")
		list := np + "/risks"
		status, body := f.do("kari", "POST", list, map[string]any{"title": "", "probability": 0, "impact": 6})
		f.wantError(status, body, 422, "validation_failed", "title", "probability", "impact")
		status, body = f.do("observer", "POST", list, map[string]any{"title": "x", "probability": 1, "impact": 1})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", list, map[string]any{"title": "Avainhenkilöriski", "probability": 3, "impact": 4,
			"owner": "kari-vaisanen", "raise_to": prodGroup})
		f.want(status, 201, body, "add")
		r := decodeAs[Risk](t, body)
		if r.Score != 12 || r.Level != "operatiivinen" || r.Forum != prodGroup || r.MatterID == 0 || r.OwnerName != "Kari Väisänen" {
			t.Fatalf("added: %+v", r)
		}
		path := list + "/" + itoa(r.ID)
		status, body = f.do("supplier2", "GET", path, nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("kari", "POST", path+"/raise", map[string]any{"forum": "ohjausryhma-alustatalo"})
		f.want(status, 200, body, "raise")
		if r = decodeAs[Risk](t, body); r.Level != "taktinen" {
			t.Fatalf("raised: %+v", r)
		}
		status, body = f.do("kari", "POST", path+"/raise", map[string]any{"forum": "ohjausryhma-alustatalo"})
		f.wantError(status, body, 409, "conflict")

		f.at("2026-05-04 10:00")
		status, body = f.do("kari", "PUT", path, map[string]any{"title": "Avainhenkilöriski", "probability": 2, "impact": 4, "status": "closed"})
		f.want(status, 200, body, "close")
		if r = decodeAs[Risk](t, body); r.ClosedAt == nil {
			t.Fatalf("closed: %+v", r)
		}
		// Open at some time in April and in May; not in June.
		for month, want := range map[string]int{"2026-03": 0, "2026-04": 1, "2026-05": 1, "2026-06": 0} {
			status, body = f.do("kari", "GET", list+"?open_in="+month, nil)
			f.want(status, 200, body, "open in "+month)
			if n := len(decodeAs[List[Risk]](t, body).Items); n != want {
				t.Errorf("open in %s: %d, want %d", month, n, want)
			}
		}
	})
}
