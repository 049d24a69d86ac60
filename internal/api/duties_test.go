package api

import (
	"context"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The ledger through the API (issue 16): a complaint's duties in the
// supplier's list and not in another supplier's; the half-yearly security
// report's evidence from the supplier, refused to others, accepted by the
// provider and then done. Every response is held to the spec.
func TestDutiesThroughAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-11-02 10:00")
		status, body := f.do("kari", "POST", np+"/complaints", map[string]any{"supplier": "alustatalo", "title": "Katko", "body": "Palvelu ei toiminut."})
		f.want(status, 201, body, "file")

		status, body = f.do("minna", "GET", "/api/v1/duties?owner=party&state=open", nil)
		f.want(status, 200, body, "minna's duties")
		l := decodeAs[List[Duty]](t, body)
		if len(l.Items) < 2 || l.Items[0].Kind != "complaint-acknowledgement" || l.Items[0].Due != "2026-11-03" || l.Items[0].OwedBy.ID != "alustatalo" {
			t.Fatalf("supplier's duties: %s", body)
		}
		status, body = f.do("supplier2", "GET", np+"/duties?source=complaint", nil)
		f.want(status, 200, body, "another supplier's list")
		if l := decodeAs[List[Duty]](t, body); len(l.Items) != 0 {
			t.Fatalf("another supplier sees: %s", body)
		}
		status, body = f.do("supplier2", "GET", np+"/duties/"+itoa(l.Items[0].ID), nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("minna", "GET", "/api/v1/duties?owner=nobody", nil)
		f.wantError(status, body, 422, "validation_failed", "owner")

		// The security report of the first half of 2027, in the ledger.
		svc := duty.New(st, nil)
		svc.Now = f.now
		a, err := st.Agreement(context.Background(), "national-platform")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Sync(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		status, body = f.do("minna", "GET", np+"/duties?source=obligation:tietoturvaraportti-alustatalo&state=planned", nil)
		f.want(status, 200, body, "planned")
		ds := decodeAs[List[Duty]](t, body)
		if len(ds.Items) == 0 || ds.Items[0].OwedTo == nil || ds.Items[0].OwedTo.ID != "provider" && ds.Items[0].OwedTo.ID != "tiera" {
			t.Fatalf("security reports: %s", body)
		}
		path := np + "/duties/" + itoa(ds.Items[0].ID)
		status, body = f.do("kari", "POST", path+"/evidence", map[string]any{"text": "Raportti"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "POST", path+"/evidence", map[string]any{"text": "Tietoturvaraportti H1 ja 12 kuukauden suunnitelma"})
		f.want(status, 201, body, "evidence")
		status, body = f.do("minna", "POST", path+"/accept", nil)
		f.wantError(status, body, 403, "forbidden")
		if !strings.Contains(string(body), "the receiving party accepts") {
			t.Fatalf("the refusal does not say who accepts: %s", body)
		}
		status, body = f.do("kari", "POST", path+"/return", map[string]any{})
		f.wantError(status, body, 422, "validation_failed", "comment")
		status, body = f.do("kari", "POST", path+"/accept", map[string]any{"comment": "Kiitos"})
		f.want(status, 200, body, "accept")
		if d := decodeAs[DutyDetail](t, body); d.State != "done" || len(d.EvidenceList) != 1 || d.EvidenceList[0].Outcome != "accepted" {
			t.Fatalf("accepted: %s", body)
		}
		status, body = f.do("minna", "POST", path+"/evidence", map[string]any{"text": "again"})
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("kari", "POST", path+"/accept", nil)
		f.wantError(status, body, 409, "conflict")
	})
}
