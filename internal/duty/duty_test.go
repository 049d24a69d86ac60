package duty_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func template(t *testing.T, st *store.Store, name string) *gov.Agreement {
	t.Helper()
	src, err := model.Template(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if st == nil {
		return a
	}
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	if a, err = st.Agreement(context.Background(), a.Slug); err != nil {
		t.Fatal(err)
	}
	return a
}

func rep(email, party string) auth.Principal {
	return auth.Principal{Email: email, Party: party, Account: auth.AccountRepresentative}
}

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The three internal-control follow-ups of 2027 fall at the end of each
// third of the year, on the Swedish calendar (New Year's Eve is a de-facto
// holiday, so the last one is due on 30 December).
func TestScheduleInternalControl(t *testing.T) {
	a := template(t, nil, "state-shared-services")
	occ, err := duty.Schedule(a, 2027, 2027)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range occ {
		if o.Source == "obligation:internkontroll-uppfoljning" {
			got = append(got, o.Occurrence+" "+o.Starts+" "+o.Due+" "+o.OwedBy+"→"+o.OwedTo+" "+o.Forum)
		}
	}
	want := []string{
		"2027-T1 2027-01-01 2027-04-30 statens-servicecenter→customer operativt-forum",
		"2027-T2 2027-05-01 2027-08-31 statens-servicecenter→customer operativt-forum",
		"2027-T3 2027-09-01 2027-12-30 statens-servicecenter→customer operativt-forum",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, ok := duty.Periods(gov.PerYear, 5, 2027); ok {
		t.Fatal("five periods a year accepted")
	}
}

// The state-shared-services path: the follow-ups are in the
// ledger, the provider submits evidence and the customer accepts it; the
// refusals on the way; one left overdue becomes a matter of the
// operational forum.
func TestObligationEvidenceAndOverdue(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := template(t, st, "state-shared-services")
		sto, _ := time.LoadLocation("Europe/Stockholm")
		clock := time.Date(2027, 4, 12, 10, 0, 0, 0, sto)
		svc := duty.New(st, nil)
		svc.Now = func() time.Time { return clock }
		if _, err := svc.Sync(ctx, a); err != nil {
			t.Fatal(err)
		}
		again, err := svc.Sync(ctx, a)
		if err != nil || again.Opened != 0 {
			t.Fatalf("second sync opened %d: %v", again.Opened, err)
		}
		provider := rep("karin.lindqvist@servicecenter.example.se", "statens-servicecenter")
		customer := rep("someone@exempelmyndigheten.example.se", "exempelmyndigheten")
		all := []*gov.Agreement{a}
		list, err := svc.List(ctx, provider, all, duty.Filter{Owner: duty.OwnerParty, Source: "obligation:internkontroll-uppfoljning",
			From: date(t, "2027-01-01"), To: date(t, "2027-12-31"), Planned: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 3 || list[0].Occurrence != "2027-T1" || list[0].State != duty.StateOpen || list[1].State != duty.StatePlanned {
			t.Fatalf("follow-ups: %+v", list)
		}
		t1 := list[0].ID
		if t1 == 0 || list[1].ID == 0 {
			t.Fatalf("not in the ledger: %+v", list)
		}
		// Evidence by the receiving party: 403; empty: 422.
		if _, err := svc.Submit(ctx, a, customer, t1, "done", nil); gov.CodeOf(err) != gov.CodeForbidden {
			t.Fatalf("customer's evidence: %v", err)
		}
		if _, err := svc.Submit(ctx, a, provider, t1, " ", nil); gov.CodeOf(err) != gov.CodeInvalid {
			t.Fatalf("empty evidence: %v", err)
		}
		if _, err := svc.Submit(ctx, a, provider, t1, "Resultat per tjänsteområde", []duty.File{{Name: "../uppfoljning.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4")}}); err != nil {
			t.Fatal(err)
		}
		err = svc.Accept(ctx, a, provider, t1, "")
		if gov.CodeOf(err) != gov.CodeForbidden || !strings.Contains(err.Error(), "the receiving party accepts") {
			t.Fatalf("accept by the owing party: %v", err)
		}
		if err := svc.Accept(ctx, a, customer, t1, "Tack"); err != nil {
			t.Fatal(err)
		}
		if err := svc.Accept(ctx, a, customer, t1, ""); gov.CodeOf(err) != gov.CodeConflict {
			t.Fatalf("accept of a done duty: %v", err)
		}
		if _, err := svc.Submit(ctx, a, provider, t1, "more", nil); gov.CodeOf(err) != gov.CodeConflict {
			t.Fatalf("evidence on a done duty: %v", err)
		}
		d, err := svc.Get(ctx, a, customer, t1)
		if err != nil || d.State != duty.StateDone || len(d.Evidence) != 1 || d.Evidence[0].Files[0].Name != "uppfoljning.pdf" {
			t.Fatalf("done duty: %+v %v", d, err)
		}
		if _, err := svc.File(ctx, a, customer, t1, d.Evidence[0].Files[0].ID); err != nil {
			t.Fatal(err)
		}
		// T2 is left undone past 31 August: a matter of the operational forum.
		clock = time.Date(2027, 9, 2, 10, 0, 0, 0, sto)
		r, err := svc.Sync(ctx, a)
		if err != nil || r.Matters == 0 {
			t.Fatalf("overdue: %+v %v", r, err)
		}
		late, err := svc.List(ctx, customer, all, duty.Filter{State: duty.StateLate, Source: "obligation:internkontroll-uppfoljning"})
		if err != nil || len(late) != 1 || late[0].Occurrence != "2027-T2" || late[0].MatterID == 0 || late[0].DaysLate != 2 {
			t.Fatalf("late: %+v %v", late, err)
		}
		err = st.ReadTx(ctx, func(tx *store.Tx) error {
			m, err := tx.Matter(ctx, a.Slug, late[0].MatterID, false)
			if err == nil && m.Forum != "operativt-forum" {
				t.Fatalf("matter in %s", m.Forum)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if r, _ := svc.Sync(ctx, a); r.Matters != 0 {
			t.Fatalf("raised again: %+v", r)
		}
	})
}

// A complaint's acknowledgement and response are the supplier's duties
// from its filing; acknowledging closes the first at once.
func TestComplaintDuties(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := template(t, st, "national-platform")
		hel, _ := time.LoadLocation("Europe/Helsinki")
		clock := time.Date(2026, 11, 2, 10, 0, 0, 0, hel)
		cs := complaint.New(st)
		cs.Now = func() time.Time { return clock }
		svc := duty.New(st, nil)
		svc.Now = cs.Now
		tiera := rep("sanna.rautio@tiera.example.fi", "tiera")
		supplier := rep("someone@alustatalo.example.fi", "alustatalo")
		other := rep("someone@opetusdata.example.fi", "opetusdata")
		c, err := cs.File(ctx, a, meeting.ActorFor(tiera, a), complaint.NewComplaint{Supplier: "alustatalo", Title: "Katko", Body: "Palvelu ei toiminut"})
		if err != nil {
			t.Fatal(err)
		}
		kinds := func(p auth.Principal) string {
			vs, err := svc.List(ctx, p, []*gov.Agreement{a}, duty.Filter{Owner: duty.OwnerParty, State: duty.StateOpen, Source: "complaint"})
			if err != nil {
				t.Fatal(err)
			}
			var ks []string
			for _, v := range vs {
				ks = append(ks, v.Kind+" "+v.Due)
			}
			return strings.Join(ks, ",")
		}
		if got := kinds(supplier); got != "complaint-acknowledgement 2026-11-03,complaint-response 2026-11-16" {
			t.Fatalf("supplier owes %q", got)
		}
		if got := kinds(other); got != "" {
			t.Fatalf("another supplier sees %q", got)
		}
		if _, err := cs.Acknowledge(ctx, a, meeting.ActorFor(supplier, a), c.ID); err != nil {
			t.Fatal(err)
		}
		if got := kinds(supplier); got != "complaint-response 2026-11-16" {
			t.Fatalf("after acknowledging: %q", got)
		}
		theirs, err := svc.List(ctx, tiera, []*gov.Agreement{a}, duty.Filter{State: duty.StateOpen})
		if err != nil || len(theirs) == 0 || !theirs[0].Theirs {
			t.Fatalf("tiera's view: %+v %v", theirs, err)
		}
	})
}

// Reminders come from the ledger, once however often the run is made;
// the weekly digest goes out on Mondays, never to an address that turned
// it off.
func TestRemindersAndDigest(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := template(t, st, "state-shared-services")
		sto, _ := time.LoadLocation("Europe/Stockholm")
		clock := time.Date(2027, 4, 26, 9, 0, 0, 0, sto) // Monday; T1 due Friday 30.4.
		svc := duty.New(st, nil)
		svc.Now = func() time.Time { return clock }
		if _, err := svc.Sync(ctx, a); err != nil {
			t.Fatal(err)
		}
		all := []*gov.Agreement{a}
		off := "karin.lindqvist@servicecenter.example.se"
		if err := svc.SetDigest(ctx, off, false); err != nil {
			t.Fatal(err)
		}
		if on, err := svc.DigestOn(ctx, off); err != nil || on {
			t.Fatalf("digest still on: %v", err)
		}
		n, err := svc.Digest(ctx, all)
		if err != nil || n == 0 {
			t.Fatalf("digests %d, %v", n, err)
		}
		if n2, _ := svc.Digest(ctx, all); n2 != 0 {
			t.Fatalf("digest twice in a week: %d", n2)
		}
		clock = time.Date(2027, 4, 28, 9, 0, 0, 0, sto) // two working days before
		soon, err := svc.Remind(ctx, all)
		if err != nil || soon == 0 {
			t.Fatalf("reminders %d, %v", soon, err)
		}
		if again, _ := svc.Remind(ctx, all); again != 0 {
			t.Fatalf("reminded twice: %d", again)
		}
		if d, _ := svc.Digest(ctx, all); d != 0 {
			t.Fatalf("a digest on a Wednesday: %d", d)
		}
		var kinds []string
		err = st.ReadTx(ctx, func(tx *store.Tx) error {
			rows, err := tx.QueryContext(ctx, `SELECT kind, recipient FROM outbox ORDER BY id`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var k, r string
				if err := rows.Scan(&k, &r); err != nil {
					return err
				}
				if k == "duty-digest" && r == off {
					t.Errorf("a digest to %s, who turned it off", off)
				}
				kinds = append(kinds, k)
			}
			return rows.Err()
		})
		if err != nil || !strings.Contains(strings.Join(kinds, ","), "duty-soon") {
			t.Fatalf("outbox kinds %v, %v", kinds, err)
		}
	})
}
