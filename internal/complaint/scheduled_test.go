package complaint_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

var hel, _ = time.LoadLocation("Europe/Helsinki")

// outbox lists the messages of a kind, by recipient.
func outbox(t *testing.T, st *store.Store, kind string, complaintID int64) map[string]store.Message {
	t.Helper()
	ms, err := st.Outbox(context.Background(), false, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.Message{}
	for _, m := range ms {
		if m.Kind == kind && strings.Contains(m.DedupeKey, ":"+strconv.FormatInt(complaintID, 10)+":") {
			out[m.Recipient] = m
		}
	}
	return out
}

func sanctionsOf(t *testing.T, st *store.Store, a *gov.Agreement) []store.Sanction {
	t.Helper()
	var out []store.Sanction
	err := st.InTx(context.Background(), func(tx *store.Tx) (err error) {
		out, err = tx.Sanctions(context.Background(), a.Slug, store.SanctionFilter{Source: store.SanctionFromComplaint})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func count(evs []store.ComplaintEvent, action string) int {
	n := 0
	for _, e := range evs {
		if e.Action == action {
			n++
		}
	}
	return n
}

// Filing tells the supplier's people seated in the handling forum and the
// filer, in the agreement's language, with both due dates.
func TestFilingNotice(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		svc := complaint.New(st)
		svc.Now = func() time.Time { return time.Date(2026, 4, 2, 10, 0, 0, 0, hel) } // Thursday before Easter
		ville := actor(a, "ville.hakala@tiera.example.fi", "tiera")
		c, err := svc.File(ctx, a, ville, complaint.NewComplaint{Supplier: "alustatalo", Title: "Kirjautuminen katkeili", Body: "Palvelu ei toiminut."})
		if err != nil {
			t.Fatal(err)
		}
		got := outbox(t, st, "complaint-filed", c.ID)
		// Alustatalo's people seated in ohjausryhma-alustatalo; not Antti,
		// who sits only in the production group; and the filer.
		want := []string{"jussi.peltonen@alustatalo.example.com", "minna.karjalainen@alustatalo.example.com",
			"riikka.manninen@alustatalo.example.com", "tuomas.lindholm@alustatalo.example.com", "ville.hakala@tiera.example.fi"}
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("recipients %v, want %v", keys, want)
		}
		m := got["jussi.peltonen@alustatalo.example.com"]
		// Acknowledgement over Easter: 7.4.; response 20.4.; in Finnish.
		for _, s := range []string{"#" + strconv.FormatInt(c.ID, 10), "Kirjautuminen katkeili", "Alustatalo", "7.4.2026", "20.4.2026", "kuitattava"} {
			if !strings.Contains(m.Subject+"\n"+m.Body, s) {
				t.Errorf("notice lacks %q:\n%s\n%s", s, m.Subject, m.Body)
			}
		}
		if strings.Contains(m.Body, "complaintmail.") || strings.Contains(m.Body, "<no value>") {
			t.Errorf("untranslated notice: %s", m.Body)
		}
		h, err := st.ObjectHistory(ctx, c.AgreementID, "complaint", strconv.FormatInt(c.ID, 10))
		if err != nil || len(h) == 0 || !strings.Contains(string(h[0].After), `"notified":5`) {
			t.Fatalf("filing audit %+v, %v", h, err)
		}
	})
}

// The handling forum seats nobody of another supplier: all its people
// with an address are told.
func TestSupplierContactsFallBackToTheParty(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		a := agreement(t, st)
		var got []string
		for _, r := range complaint.SupplierContacts(a, &store.Complaint{Supplier: "opetusdata", ReceivedOn: "2026-04-02"}) {
			got = append(got, r.Email)
		}
		want := []string{"johanna.savolainen@opetusdata.example.com", "noora.lindberg@opetusdata.example.com", "petri.huttunen@opetusdata.example.com"}
		if !slices.Equal(got, want) {
			t.Fatalf("contacts %v, want %v", got, want)
		}
	})
}

// No response by the due day: the job proposes one sanction, records it
// in the history and the audit log, however often and on however many
// instances it runs; a late response afterwards adds none; the supplier
// is reminded of the missed acknowledgement once.
func TestUnansweredComplaintBecomesSanctionOnce(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		clock := time.Date(2026, 4, 2, 10, 0, 0, 0, hel)
		svc := complaint.New(st)
		svc.Now = func() time.Time { return clock }
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")
		supplier := actor(a, "jussi.peltonen@alustatalo.example.com", "alustatalo")
		c, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "alustatalo", Title: "Katko", Body: "Palvelu ei toiminut."})
		if err != nil {
			t.Fatal(err)
		}
		// Acknowledgement due 7.4. (after Easter): the 7th is still in time.
		clock = time.Date(2026, 4, 7, 23, 59, 0, 0, hel)
		if o, err := svc.Deadlines(ctx); err != nil || o != (complaint.Overdue{}) {
			t.Fatalf("on the acknowledgement's due day: %+v, %v", o, err)
		}
		clock = time.Date(2026, 4, 8, 0, 0, 0, 0, hel)
		views, err := svc.List(ctx, a, tiera, store.ComplaintFilter{})
		if err != nil || len(views) != 1 || !views[0].Ack.Late || views[0].Ack.Left != -1 {
			t.Fatalf("register does not show the acknowledgement overdue: %+v, %v", views, err)
		}
		for range 2 {
			if o, err := svc.Deadlines(ctx); err != nil || o.Proposed != 0 {
				t.Fatalf("acknowledgement overdue: %+v, %v", o, err)
			}
		}
		// The overdue acknowledgement is reminded of by the duty ledger
		// (issue 16), not here.
		if rem := outbox(t, st, "complaint-ackoverdue", c.ID); len(rem) != 0 {
			t.Fatalf("reminders %+v", rem)
		}
		if _, err := svc.Acknowledge(ctx, a, supplier, c.ID); err != nil {
			t.Fatal(err)
		}

		// Response due 20.4.: the whole day counts.
		clock = time.Date(2026, 4, 20, 23, 59, 0, 0, hel)
		if ran, o, err := svc.RunScheduled(ctx, "a"); err != nil || !ran || o.Proposed != 0 {
			t.Fatalf("on the response's due day: %v %+v, %v", ran, o, err)
		}
		if n := len(sanctionsOf(t, st, a)); n != 0 {
			t.Fatalf("%d sanctions before the due day ended", n)
		}
		// 21.4. 00:00 in Helsinki is 20.4. 21:00 UTC.
		clock = time.Date(2026, 4, 21, 0, 0, 0, 0, hel)
		ran, o, err := svc.RunScheduled(ctx, "a")
		if err != nil || !ran || o.Proposed != 1 {
			t.Fatalf("after the due day: %v %+v, %v", ran, o, err)
		}
		if ran, _, err := svc.RunScheduled(ctx, "b"); err != nil || ran {
			t.Fatalf("second instance in the same hour ran: %v, %v", ran, err)
		}
		clock = clock.Add(time.Hour)
		if ran, o, err := svc.RunScheduled(ctx, "b"); err != nil || !ran || o.Proposed != 0 {
			t.Fatalf("next hour: %v %+v, %v", ran, o, err)
		}
		ss := sanctionsOf(t, st, a)
		if len(ss) != 1 || ss[0].SourceRef != strconv.FormatInt(c.ID, 10) || ss[0].Party != "alustatalo" || ss[0].Month != "2026-04" ||
			!strings.Contains(ss[0].Reason, "no response by the due date 2026-04-20") {
			t.Fatalf("sanctions %+v", ss)
		}
		v, err := svc.Get(ctx, a, tiera, c.ID)
		if err != nil || count(v.Events, "unanswered") != 1 || v.Sanction == nil || v.Sanction.ID != ss[0].ID {
			t.Fatalf("history %+v, sanction %+v, %v", v.Events, v.Sanction, err)
		}
		h, err := st.ObjectHistory(ctx, c.AgreementID, "complaint", strconv.FormatInt(c.ID, 10))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range h {
			if e.Action == "complaint.unanswered" && e.Actor == "system" && strings.Contains(string(e.After), `"sanction":`+strconv.FormatInt(ss[0].ID, 10)) {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d audit entries of the unanswered complaint: %+v", n, h)
		}
		// The late response comes after all: still one sanction.
		r, err := svc.Respond(ctx, a, supplier, c.ID, []string{"a", "b", "c", "d", "e", "f"})
		if err != nil || !r.Late {
			t.Fatalf("late response %+v, %v", r, err)
		}
		if n := len(sanctionsOf(t, st, a)); n != 1 {
			t.Fatalf("%d sanctions after the late response", n)
		}
	})
}

// Two instances that both pass the claim (two hours' runs overlapping)
// still propose one sanction between them.
func TestConcurrentRunsProposeOnce(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		clock := time.Date(2026, 6, 10, 10, 0, 0, 0, hel)
		svc := complaint.New(st)
		svc.Now = func() time.Time { return clock }
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")
		c, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "alustatalo", Title: "Hidas", Body: "Vasteajat pitkiä."})
		if err != nil {
			t.Fatal(err)
		}
		clock = time.Date(2026, 7, 1, 9, 0, 0, 0, hel)
		var wg sync.WaitGroup
		results := make([]complaint.Overdue, 4)
		errs := make([]error, 4)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = svc.Deadlines(ctx)
			}()
		}
		wg.Wait()
		proposed := 0
		for i := range results {
			if errs[i] != nil {
				t.Fatal(errs[i])
			}
			proposed += results[i].Proposed
		}
		if proposed != 1 || len(sanctionsOf(t, st, a)) != 1 {
			t.Fatalf("proposed %d, sanctions %+v", proposed, sanctionsOf(t, st, a))
		}
		v, err := svc.Get(ctx, a, tiera, c.ID)
		if err != nil || count(v.Events, "unanswered") != 1 {
			t.Fatalf("history %+v, %v", v.Events, err)
		}
	})
}

// A response before the job runs: the job proposes nothing.
func TestAnsweredComplaintIsNotSanctioned(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		clock := time.Date(2026, 6, 17, 10, 0, 0, 0, hel) // the week of Midsummer
		svc := complaint.New(st)
		svc.Now = func() time.Time { return clock }
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")
		supplier := actor(a, "jussi.peltonen@alustatalo.example.com", "alustatalo")
		c, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "alustatalo", Title: "Juhannus", Body: "Katko."})
		if err != nil {
			t.Fatal(err)
		}
		if c.RespondDue != "2026-07-02" {
			t.Fatalf("response due %s over Midsummer", c.RespondDue)
		}
		clock = time.Date(2026, 6, 18, 9, 0, 0, 0, hel)
		if _, err := svc.Acknowledge(ctx, a, supplier, c.ID); err != nil {
			t.Fatal(err)
		}
		clock = time.Date(2026, 7, 2, 16, 0, 0, 0, hel)
		if _, err := svc.Respond(ctx, a, supplier, c.ID, []string{"a", "b", "c", "d", "e", "f"}); err != nil {
			t.Fatal(err)
		}
		clock = time.Date(2026, 7, 10, 9, 0, 0, 0, hel)
		ran, o, err := svc.RunScheduled(ctx, "a")
		if err != nil || !ran || o != (complaint.Overdue{}) {
			t.Fatalf("job after a timely response: %v %+v, %v", ran, o, err)
		}
		if ss := sanctionsOf(t, st, a); len(ss) != 0 {
			t.Fatalf("sanctions %+v", ss)
		}
		if rem := outbox(t, st, "complaint-ackoverdue", c.ID); len(rem) != 0 {
			t.Fatalf("reminders of an acknowledged complaint %+v", rem)
		}
	})
}
