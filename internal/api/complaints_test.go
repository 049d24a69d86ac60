package api

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The path through the API: a complaint filed before Easter,
// acknowledged, answered late (a response missing sections refused first,
// naming them), a sanction the supplier may not approve and the customer
// approves. Every response is held to the spec by the fixture.
func TestComplaintToSanctionThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-04-02 10:00") // Maundy Thursday
		list := np + "/complaints"

		status, body := f.do("minna", "POST", list, map[string]any{"supplier": "alustatalo", "title": "x", "body": "y"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", list, map[string]any{"supplier": "", "title": "", "body": ""})
		f.wantError(status, body, 422, "validation_failed", "supplier", "title", "body")
		status, body = f.do("kari", "POST", list, map[string]any{"supplier": "alustatalo", "title": "Kirjautuminen katkeili", "body": "Palvelu ei ollut käytettävissä."})
		f.want(status, 201, body, "file")
		c := decodeAs[ComplaintDetail](t, body)
		// Good Friday and Easter Monday are no working days in Finland.
		if c.ReceivedOn != "2026-04-02" || c.Acknowledge.Due != "2026-04-07" || c.Respond.Due != "2026-04-20" || len(c.SectionNames) != 6 {
			t.Fatalf("filed: %+v", c)
		}
		path := list + "/" + itoa(c.ID)
		status, body = f.do("supplier2", "GET", path, nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("minna", "POST", path+"/acknowledge", nil)
		f.want(status, 200, body, "acknowledge")

		f.at("2026-04-21 09:00") // a working day after the response was due
		status, body = f.do("minna", "POST", path+"/response", map[string]any{"sections": []string{"Yhteenveto", "Pääkohdat", "", "Vaikutukset", "", "Ehkäisy"}})
		f.wantError(status, body, 422, "validation_failed", "sections[2]", "sections[4]")
		status, body = f.do("minna", "POST", path+"/response", map[string]any{"sections": []string{"Yhteenveto", "Pääkohdat", "Syy", "Vaikutukset", "Korjaus", "Ehkäisy"}})
		f.want(status, 200, body, "respond late")
		c = decodeAs[ComplaintDetail](t, body)
		if len(c.Responses) != 1 || !c.Responses[0].Late || c.SanctionID == 0 {
			t.Fatalf("late response: %+v", c)
		}

		status, body = f.do("minna", "GET", np+"/sanctions?month=2026-04", nil)
		f.want(status, 200, body, "the supplier's ledger")
		if l := decodeAs[List[Sanction]](t, body); len(l.Items) != 1 || l.Items[0].Status != "proposed" {
			t.Fatalf("ledger: %s", body)
		}
		decide := np + "/sanctions/" + itoa(c.SanctionID) + "/decide"
		status, body = f.do("minna", "POST", decide, map[string]any{"outcome": "approved"})
		f.wantError(status, body, 403, "forbidden")
		if !strings.Contains(string(body), "the customer's representatives do") {
			t.Fatalf("the refusal does not say who decides: %s", body)
		}
		status, body = f.do("kari", "POST", decide, map[string]any{"outcome": "disputed"})
		f.wantError(status, body, 422, "validation_failed", "reason")
		// The steering group decides (issue 16): not outside a meeting,
		// and in one that has begun.
		status, body = f.do("kari", "POST", decide, map[string]any{"outcome": "approved"})
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("admin", "POST", np+"/forums/ohjausryhma-alustatalo/meetings", map[string]any{"date": "2026-04-22", "time": "14:00"})
		f.want(status, 201, body, "steering group meeting")
		m := decodeAs[MeetingDetail](t, body)
		f.at("2026-04-22 15:00")
		status, body = f.do("kari", "POST", decide, map[string]any{"outcome": "approved", "meeting": m.ID})
		f.want(status, 200, body, "approve")
		if s := decodeAs[Sanction](t, body); s.Status != "approved" || s.DecidedBy == "" || s.Forum != "ohjausryhma-alustatalo" || s.Decision == 0 {
			t.Fatalf("approved: %+v", s)
		}
		status, body = f.do("kari", "POST", decide, map[string]any{"outcome": "disputed", "reason": "late"})
		f.wantError(status, body, 409, "conflict")
	})
}
