package api

import (
	"context"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestOrdersAPI runs a month through the API, every response held to
// the OpenAPI description: an order refused beyond the contact's limit,
// placed, answered and accepted; a 7-minute entry refused and hours
// entered; the month approved and the basis issued; an approval change
// after it refused; what another supplier sees.
func TestOrdersAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-05-04 10:00")
		admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
		if err := order.New(st).NameContact(context.Background(), f.a, admin, order.ContactInput{Person: "kari-vaisanen",
			Kinds: []string{order.KindAssignment}, MaxCents: 10000_00}); err != nil {
			t.Fatal(err)
		}
		place := map[string]any{"kind": "assignment", "pricing": "hourly", "title": "Raportit", "description": "Uudet raportit",
			"supplier": "alustatalo", "person_days": 12, "amount": 12000}
		status, body := f.do("kari", "POST", np+"/orders", place)
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("provider", "POST", np+"/orders", place)
		f.wantError(status, body, 403, "forbidden")
		place["amount"] = 9000.5
		status, body = f.do("kari", "POST", np+"/orders", place)
		f.want(status, 201, body, "place")
		o := decodeAs[Order](t, body)
		if o.Number != "2026-001" || o.Class != "toimeksianto" || o.Estimate != 9000.5 || o.State != "placed" {
			t.Fatalf("placed %+v", o)
		}
		path := np + "/orders/" + itoa(o.ID)
		status, body = f.do("kari", "POST", path+"/answer", map[string]any{"amount": 9000, "person_days": 12})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("minna", "POST", path+"/answer", map[string]any{"amount": 9000, "person_days": 12, "alt_amount": 7000, "alt_person_days": 9, "alt_text": "Valmis pohja"})
		f.want(status, 200, body, "answer")
		status, body = f.do("kari", "POST", path+"/accept", map[string]any{"alternative": true})
		f.want(status, 200, body, "accept")
		if o = decodeAs[Order](t, body); o.State != "accepted" || o.Accepted != 7000 || o.Alternative == nil {
			t.Fatalf("accepted %+v", o)
		}

		entry := map[string]any{"supplier": "alustatalo", "order": "2026-001", "person": "minna-karjalainen", "day": "2026-05-04", "minutes": 7, "description": "Suunnittelu"}
		status, body = f.do("minna", "POST", np+"/time-entries", entry)
		f.wantError(status, body, 422, "validation_failed", "minutes")
		if !strings.Contains(string(body), "steps of 15 minutes; 7 minutes") {
			t.Errorf("7 minutes: %s", body)
		}
		entry["minutes"] = 90
		status, body = f.do("minna", "POST", np+"/time-entries", entry)
		f.want(status, 201, body, "entry")
		status, body = f.do("kari", "GET", np+"/time-entries?month=2026-05", nil)
		f.want(status, 200, body, "entries")
		es := decodeAs[struct{ Items []TimeEntry }](t, body).Items
		if len(es) != 1 || es[0].Minutes != 90 || es[0].Order != "2026-001" || es[0].State != "entered" || es[0].Source != "api" {
			t.Fatalf("entries %+v", es)
		}
		status, body = f.do("supplier2", "GET", np+"/time-entries?month=2026-05", nil)
		f.want(status, 200, body, "another supplier's entries")
		if n := len(decodeAs[struct{ Items []TimeEntry }](t, body).Items); n != 0 {
			t.Errorf("supplier2 sees %d of Alustatalo's entries", n)
		}
		status, body = f.do("supplier2", "GET", np+"/orders", nil)
		f.want(status, 200, body, "another supplier's orders")
		if strings.Contains(string(body), "2026-001") {
			t.Errorf("supplier2 sees the order: %s", body)
		}

		// June: approve May by the 2nd working day, issue by the 5th.
		f.at("2026-06-02 09:00")
		status, body = f.do("minna", "POST", np+"/time-entries/decide", map[string]any{"supplier": "alustatalo", "month": "2026-05", "approve": true})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("kari", "POST", np+"/time-entries/decide", map[string]any{"supplier": "alustatalo", "month": "2026-05", "approve": true})
		f.want(status, 200, body, "approve")
		f.at("2026-06-05 09:00")
		status, body = f.do("minna", "POST", np+"/invoice-bases", map[string]any{"supplier": "alustatalo", "month": "2026-05"})
		f.want(status, 201, body, "issue")
		b := decodeAs[InvoiceBasis](t, body)
		if !b.Issued || b.Total != 157.5 || len(b.Lines) != 1 || b.Lines[0].Order != "2026-001" || b.ApproveBy != "2026-06-02" || b.Due != "2026-06-05" || !b.Deviation {
			t.Errorf("basis %+v", b)
		}
		status, body = f.do("kari", "POST", np+"/time-entries/decide", map[string]any{"entries": []int64{es[0].ID}, "approve": false, "note": "väärin"})
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("kari", "GET", np+"/invoice-bases?month=2026-05", nil)
		f.want(status, 200, body, "bases")
		// Tiera sees its own month and those of the suppliers it buys from.
		bs := decodeAs[struct{ Items []InvoiceBasis }](t, body).Items
		if len(bs) != 3 || bs[0].Supplier != "tiera" || bs[1].Supplier != "alustatalo" || !bs[1].Issued || bs[2].Issued {
			t.Errorf("bases %+v", bs)
		}
	})
}
