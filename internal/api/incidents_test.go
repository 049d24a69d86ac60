package api

import (
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// Incident reports and delivery deficiencies through the API.
func TestIncidentsAndDeficienciesThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-04-15 10:00")
		list := np + "/incidents"
		in := map[string]any{"party": "alustatalo", "severity": "serious", "title": "Kirjautuminen ei toimi", "occurred_at": "2026-04-15T08:30:00+03:00"}
		status, body := f.do("minna", "POST", list, map[string]any{"party": "alustatalo", "severity": "nope", "title": "", "occurred_at": "2026-04-15T08:30:00+03:00"})
		f.wantError(status, body, 422, "validation_failed", "severity", "title")
		status, body = f.do("minna", "POST", list, in)
		f.want(status, 201, body, "report")
		i := decodeAs[IncidentDetail](t, body)
		if i.Notify != "immediately" || i.NotifiedAt == nil || i.ReportMonth != "2026-04" || len(i.Timeline) != 1 {
			t.Fatalf("reported: %+v", i)
		}
		msgs, err := st.Outbox(t.Context(), true, 10)
		if err != nil || len(msgs) == 0 || msgs[0].Kind != "incident.immediate" {
			t.Fatalf("outbox: %+v, %v", msgs, err)
		}
		path := list + "/" + itoa(i.ID)
		status, body = f.do("supplier2", "GET", path, nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("kari", "POST", path+"/timeline", map[string]any{"at": "2026-04-15T09:40:00+03:00", "note": "Palvelu palautettu"})
		f.want(status, 200, body, "timeline")
		in["status"], in["cause"] = "resolved", "Varmenteen vanheneminen"
		delete(in, "party")
		status, body = f.do("kari", "PUT", path, in)
		f.want(status, 200, body, "update")
		if i = decodeAs[IncidentDetail](t, body); i.Status != "resolved" || len(i.Timeline) != 2 || i.Cause == "" {
			t.Fatalf("updated: %+v", i)
		}
		status, body = f.do("kari", "GET", list+"?month=2026-04", nil)
		f.want(status, 200, body, "list")
		if l := decodeAs[List[Incident]](t, body); len(l.Items) != 1 {
			t.Fatalf("list: %s", body)
		}

		defs := np + "/deficiencies"
		status, body = f.do("minna", "POST", defs, map[string]any{"title": "Aineisto myöhässä", "failed_party": "alustatalo", "cost": 1250.5})
		f.want(status, 201, body, "register")
		d := decodeAs[Deficiency](t, body)
		status, body = f.do("minna", "POST", defs+"/"+itoa(d.ID)+"/decide", map[string]any{"bearer": "alustatalo", "cost": 1250.5, "forum": prodGroup})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", defs+"/"+itoa(d.ID)+"/decide", map[string]any{"bearer": "alustatalo", "cost": 1250.5, "decision_id": 999})
		f.wantError(status, body, 422, "validation_failed", "decision")
		status, body = f.do("kari", "POST", defs+"/"+itoa(d.ID)+"/decide", map[string]any{"bearer": "alustatalo", "cost": 1250.5, "forum": prodGroup})
		f.want(status, 200, body, "decide")
		if d = decodeAs[Deficiency](t, body); d.Status != "decided" || d.Bearer != "alustatalo" || d.Cost != 1250.5 {
			t.Fatalf("decided: %+v", d)
		}
		status, body = f.do("supplier2", "GET", defs+"/"+itoa(d.ID), nil)
		f.wantError(status, body, 404, "not_found")
	})
}
