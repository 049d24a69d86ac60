package invoice_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
	"github.com/steerco/steerco/internal/timesheet"
)

// world is a store with the national-platform agreement and the three
// services on one movable clock.
type world struct {
	t        *testing.T
	ctx      context.Context
	st       *store.Store
	a        *gov.Agreement
	now      time.Time
	ord      *order.Service
	ts       *timesheet.Service
	inv      *invoice.Service
	helsinki *time.Location
}

func newWorld(t *testing.T, st *store.Store) *world {
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	loc, _ := time.LoadLocation("Europe/Helsinki")
	w := &world{t: t, ctx: ctx, st: st, a: a, ord: order.New(st), ts: timesheet.New(st), inv: invoice.New(st), helsinki: loc}
	clock := func() time.Time { return w.now }
	w.ord.Now, w.ts.Now, w.inv.Now = clock, clock, clock
	return w
}

// at sets the clock to a day at 10:00 in Helsinki.
func (w *world) at(day string) {
	d, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", w.helsinki)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = d
}

// as is a representative (or admin) by directory slug.
func (w *world) as(slug string) meeting.Actor {
	if slug == "admin" {
		return meeting.Actor{P: auth.Principal{Admin: true, Email: "admin@test"}, Role: auth.Admin}
	}
	p := w.a.Person(slug)
	return meeting.ActorFor(auth.Principal{Email: p.Email, Party: p.Party, Account: auth.AccountRepresentative}, w.a)
}

func wantCode(t *testing.T, err error, want gov.ErrorCode, id string) {
	t.Helper()
	var e *gov.Error
	if gov.CodeOf(err) != want {
		t.Fatalf("got %v (code %q), want code %q", err, gov.CodeOf(err), want)
	}
	if id != "" {
		e = err.(*gov.Error)
		got := e.ID
		if got == "" && len(e.Fields) > 0 {
			got = e.Fields[0].ID
		}
		if got != id {
			t.Fatalf("got message %q (%v), want %q", got, err, id)
		}
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestMonth runs a month on both databases: contacts named, orders placed
// within and beyond rights, answered and accepted, hours entered in
// steps, an overrun stopping entries until approved, a service request
// delivered and approved, approval by the 2nd working day, the basis
// issued by the 5th, and nothing changing after it.
func TestMonth(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		admin, sanna, kari := w.as("admin"), w.as("sanna-rautio"), w.as("kari-vaisanen")
		minna, vantaa := w.as("minna-karjalainen"), w.as("pekka-ahonen")
		w.at("2026-04-01")

		// Only the ordering party's representatives name contacts.
		err := w.ord.NameContact(w.ctx, w.a, minna, order.ContactInput{Person: "jussi-peltonen", Kinds: order.Kinds, MaxCents: 100})
		wantCode(t, err, gov.CodeInvalid, "orders.err.personparty")
		ok(t, w.ord.NameContact(w.ctx, w.a, sanna, order.ContactInput{Person: "sanna-rautio", Kinds: order.Kinds, MaxCents: 60000_00}))
		ok(t, w.ord.NameContact(w.ctx, w.a, admin, order.ContactInput{Person: "kari-vaisanen", Kinds: []string{order.KindAssignment}, MaxCents: 5000_00}))

		place := func(x meeting.Actor, kind, pricing string, days float64, cents int64) (*store.Order, error) {
			return w.ord.Place(w.ctx, w.a, x, order.PlaceInput{Kind: kind, Pricing: pricing, Title: "Kirjautumisen uudistus",
				Description: "Uusi kirjautumisnäkymä", Supplier: "alustatalo", PersonDays: days, Cents: cents})
		}
		_, err = place(vantaa, order.KindAssignment, order.PricingHourly, 5, 1000_00)
		wantCode(t, err, gov.CodeForbidden, "orders.err.notcontact")
		_, err = place(kari, order.KindAssignment, order.PricingHourly, 5, 8000_00)
		wantCode(t, err, gov.CodeForbidden, "orders.err.limit")
		_, err = place(kari, order.KindServiceRequest, order.PricingFixed, 1, 500_00)
		wantCode(t, err, gov.CodeForbidden, "orders.err.kind")
		_, err = place(sanna, order.KindAssignment, order.PricingHourly, 60, 50000_00)
		wantCode(t, err, gov.CodeInvalid, "orders.err.manager")

		o, err := place(sanna, order.KindAssignment, order.PricingHourly, 12, 9000_00)
		ok(t, err)
		if o.Number != "2026-001" || o.Class != "toimeksianto" {
			t.Fatalf("order %s class %s, want 2026-001 toimeksianto", o.Number, o.Class)
		}
		wantCode(t, w.ord.Answer(w.ctx, w.a, sanna, o.ID, order.AnswerInput{Cents: 9000_00, PersonDays: 12}), gov.CodeForbidden, "orders.err.notsupplier")
		ok(t, w.ord.Answer(w.ctx, w.a, minna, o.ID, order.AnswerInput{Cents: 9000_00, PersonDays: 12, AltCents: 7000_00, AltDays: 9, AltText: "Valmis komponentti"}))
		ok(t, w.ord.Accept(w.ctx, w.a, sanna, o.ID, true))

		sr, err := place(sanna, order.KindServiceRequest, order.PricingFixed, 1, 500_00)
		ok(t, err)
		ok(t, w.ord.Answer(w.ctx, w.a, minna, sr.ID, order.AnswerInput{Cents: 500_00, PersonDays: 1}))
		ok(t, w.ord.Accept(w.ctx, w.a, sanna, sr.ID, false))

		// An additional (lasting) service at a fixed price: accepting it
		// records an addendum; its approved overrun and its approved
		// delivery are invoiced in April.
		add, err := w.ord.Place(w.ctx, w.a, sanna, order.PlaceInput{Kind: order.KindAdditional, Pricing: order.PricingFixed, Title: "Varmuuskopiopalvelu",
			Description: "Jatkuva varmuuskopiointi", Supplier: "alustatalo", PersonDays: 2, Cents: 2000_00})
		ok(t, err)
		ok(t, w.ord.Answer(w.ctx, w.a, minna, add.ID, order.AnswerInput{Cents: 2000_00, PersonDays: 2}))
		ok(t, w.ord.Accept(w.ctx, w.a, sanna, add.ID, false))
		var ads []store.Addendum
		ok(t, st.ReadOrders(w.ctx, func(tx *store.Tx) error {
			aid, _ := tx.AgreementID(w.ctx, w.a.Slug)
			var err error
			ads, err = tx.Addenda(w.ctx, aid)
			return err
		}))
		if len(ads) != 1 || ads[0].OrderNumber != "2026-003" || ads[0].Number != "1" {
			t.Fatalf("addenda %+v", ads)
		}

		w.at("2026-04-08")
		enter := func(orderNo, day, desc string, minutes int) error {
			_, err := w.ts.Enter(w.ctx, w.a, minna, timesheet.Input{Supplier: "alustatalo", Order: orderNo, Person: "antti-ruuskanen",
				Day: day, Minutes: minutes, Description: desc}, "test")
			return err
		}
		wantCode(t, enter("2026-001", "2026-04-07", "Suunnittelu", 7), gov.CodeInvalid, "time.err.step")
		wantCode(t, enter("2026-001", "2026-04-09", "Suunnittelu", 60), gov.CodeInvalid, "time.err.future")
		_, err = w.ts.Enter(w.ctx, w.a, sanna, timesheet.Input{Supplier: "alustatalo", Person: "antti-ruuskanen", Day: "2026-04-07", Minutes: 60, Description: "x"}, "test")
		wantCode(t, err, gov.CodeForbidden, "time.err.notsupplier")
		ok(t, enter("2026-001", "2026-04-07", "Suunnittelu", 90))
		ok(t, enter("", "2026-04-08", "Ylläpito", 120))
		ok(t, enter(sr.Number, "2026-04-08", "Palvelupyyntö", 30))

		// A forecast overrun stops entries until the orderer approves it.
		ok(t, w.ord.ProposeChange(w.ctx, w.a, minna, o.ID, order.ChangeInput{Kind: order.ChangeOverrun, Description: "Lisätestaus", PersonDays: 2, Cents: 1500_00}))
		wantCode(t, enter("2026-001", "2026-04-08", "Toteutus", 60), gov.CodeConflict, "orders.err.overrun")
		changes := func(id int64) []store.OrderChange {
			var cs []store.OrderChange
			ok(t, st.ReadOrders(w.ctx, func(tx *store.Tx) error { var err error; cs, err = tx.OrderChanges(w.ctx, id); return err }))
			return cs
		}
		ok(t, w.ord.DecideChange(w.ctx, w.a, sanna, o.ID, changes(o.ID)[0].ID, true))
		ok(t, enter("2026-001", "2026-04-08", "Toteutus", 60))

		ok(t, w.ord.ProposeChange(w.ctx, w.a, minna, add.ID, order.ChangeInput{Kind: order.ChangeOverrun, Description: "Lisälevytila", Cents: 500_00}))
		wantCode(t, w.ord.Deliver(w.ctx, w.a, minna, add.ID), gov.CodeConflict, "orders.err.pendingdeliver")
		ok(t, w.ord.DecideChange(w.ctx, w.a, sanna, add.ID, changes(add.ID)[0].ID, true))
		ok(t, w.ord.Deliver(w.ctx, w.a, minna, add.ID))
		wantCode(t, w.ord.ApproveDelivery(w.ctx, w.a, sanna, add.ID, false, ""), gov.CodeInvalid, "orders.err.note")
		ok(t, w.ord.ApproveDelivery(w.ctx, w.a, sanna, add.ID, true, ""))

		// The service request is delivered and approved: it closes.
		ok(t, w.ord.Deliver(w.ctx, w.a, minna, sr.ID))
		ok(t, w.ord.ApproveDelivery(w.ctx, w.a, sanna, sr.ID, true, ""))
		wantCode(t, enter(sr.Number, "2026-04-08", "Jälkityö", 15), gov.CodeConflict, "orders.err.closed")

		// May: the 1st is a holiday, so the 2nd working day is the 5th
		// and the 5th working day the 8th.
		w.at("2026-05-04")
		_, err = w.inv.Issue(w.ctx, w.a, minna, "alustatalo", "2026-04")
		wantCode(t, err, gov.CodeConflict, "invoice.err.pending")
		_, err = w.ts.ApproveMonth(w.ctx, w.a, minna, "alustatalo", "2026-04")
		wantCode(t, err, gov.CodeForbidden, "time.err.notapprover")
		w.at("2026-05-05")
		n, err := w.ts.ApproveMonth(w.ctx, w.a, sanna, "alustatalo", "2026-04")
		ok(t, err)
		if n != 4 {
			t.Fatalf("approved %d entries, want 4", n)
		}
		w.at("2026-05-08")
		b, err := w.inv.Issue(w.ctx, w.a, minna, "alustatalo", "2026-04")
		ok(t, err)
		if b.Deadlines.ApproveBy.String() != "2026-05-05" || b.Deadlines.InvoiceBy.String() != "2026-05-08" {
			t.Errorf("deadlines %v, want approval 2026-05-05 and basis 2026-05-08", b.Deadlines)
		}
		// 2.5 h on 2026-001 at 105 = 262.50; 2 h continuous = 210; the
		// service request's 30 min is in its fixed 500; the additional
		// service's fixed 2000 and its approved overrun of 500.
		want := []invoice.Line{
			{Kind: invoice.LineHours, Order: "", Minutes: 120, Rate: "asiantuntija", UnitCents: 105_00, AmountCents: 210_00},
			{Kind: invoice.LineHours, Order: "2026-001", Minutes: 150, Rate: "asiantuntija", UnitCents: 105_00, AmountCents: 262_50},
			{Kind: invoice.LineOrder, Order: "2026-003", AmountCents: 2000_00},
			{Kind: invoice.LineServiceRequest, Order: "2026-002", AmountCents: 500_00},
			{Kind: invoice.LineOverrun, Order: "2026-003", AmountCents: 500_00},
		}
		if len(b.Lines) != len(want) {
			t.Fatalf("lines %+v, want %+v", b.Lines, want)
		}
		for i, l := range want {
			g := b.Lines[i]
			if g.Kind != l.Kind || g.Order != l.Order || g.Minutes != l.Minutes || g.Rate != l.Rate || g.UnitCents != l.UnitCents || g.AmountCents != l.AmountCents {
				t.Errorf("line %d: %+v, want %+v", i, g, l)
			}
		}
		if b.TotalCents != 3472_50 || b.Deviation || b.NormalCents != 4000_00 {
			t.Errorf("total %d normal %d deviation %v, want 347250 400000 false (within 15 %%)", b.TotalCents, b.NormalCents, b.Deviation)
		}
		// Issued: no approval change, no new hours in April, no second basis.
		var es []store.TimeEntry
		ok(t, st.ReadOrders(w.ctx, func(tx *store.Tx) error {
			aid, _ := tx.AgreementID(w.ctx, w.a.Slug)
			var err error
			es, err = tx.TimeEntries(w.ctx, aid, store.EntryFilter{Supplier: "alustatalo"})
			return err
		}))
		_, err = w.ts.Decide(w.ctx, w.a, sanna, []int64{es[0].ID}, false, "väärin")
		wantCode(t, err, gov.CodeConflict, "time.err.issued")
		wantCode(t, enter("", "2026-04-30", "Myöhäinen", 60), gov.CodeConflict, "time.err.issued")
		_, err = w.inv.Issue(w.ctx, w.a, minna, "alustatalo", "2026-04")
		wantCode(t, err, gov.CodeConflict, "invoice.err.issued")

		// The exports carry the same lines.
		got, err := w.inv.Get(w.ctx, w.a, sanna, "alustatalo", "2026-04")
		ok(t, err)
		if got.Issued == nil || got.TotalCents != 3472_50 {
			t.Fatalf("issued basis %+v", got)
		}
		var csv bytes.Buffer
		ok(t, invoice.WriteCSV(&csv, w.a, got))
		for _, s := range []string{"\xef\xbb\xbforder_id;kind;", "2026-001;hours;", "2,50;asiantuntija;105,00;262,50;EUR", "2026-002;service-request;", "2026-003;overrun;Lisälevytila;;;;500,00;EUR", ";total;alustatalo 2026-04;;;;3472,50;EUR"} {
			if !strings.Contains(csv.String(), s) {
				t.Errorf("CSV lacks %q:\n%s", s, csv.String())
			}
		}
		var xl bytes.Buffer
		ok(t, invoice.WriteXLSX(&xl, w.a, got))
		f, err := excelize.OpenReader(&xl)
		ok(t, err)
		rows, err := f.GetRows("2026-04")
		ok(t, err)
		if len(rows) < 10 || rows[5][0] != "2026-001" || rows[9][1] != "total" || rows[9][6] != "3,472.50" {
			t.Errorf("XLSX rows %q", rows)
		}
	})
}
