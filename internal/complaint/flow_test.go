package complaint_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/sanction"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func agreement(t *testing.T, st *store.Store) *gov.Agreement {
	t.Helper()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	if a, err = st.Agreement(context.Background(), a.Slug); err != nil {
		t.Fatal(err)
	}
	return a
}

func actor(a *gov.Agreement, email, party string) complaint.Actor {
	return meeting.ActorFor(auth.Principal{Email: email, Party: party, Account: auth.AccountRepresentative}, a)
}

func code(err error) gov.ErrorCode { return gov.CodeOf(err) }

// The path: filed, acknowledged, answered late, a sanction the
// customer approves; and the refusals on the way.
func TestComplaintAnsweredLateBecomesSanction(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		svc, sanctions := complaint.New(st), sanction.New(st)
		hel, _ := time.LoadLocation("Europe/Helsinki")
		clock := time.Date(2026, 4, 2, 10, 0, 0, 0, hel) // Thursday before Easter
		svc.Now = func() time.Time { return clock }
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")
		supplier := actor(a, "someone@alustatalo.example.fi", "alustatalo")
		other := actor(a, "someone@opetusdata.example.fi", "opetusdata")

		if _, err := svc.File(ctx, a, supplier, complaint.NewComplaint{Supplier: "alustatalo", Title: "x", Body: "y"}); code(err) != gov.CodeForbidden {
			t.Fatalf("supplier filing: %v", err)
		}
		if _, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "vantaa", Title: "", Body: ""}); code(err) != gov.CodeInvalid {
			t.Fatalf("bad input: %v", err)
		}
		c, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "alustatalo", Title: "Kirjautuminen katkeili", Body: "Palvelu ei ollut käytettävissä."})
		if err != nil {
			t.Fatal(err)
		}
		if c.ReceivedOn != "2026-04-02" || c.AckDue != "2026-04-07" || c.RespondDue != "2026-04-20" || c.MatterID == 0 {
			t.Fatalf("filed: %+v", c)
		}
		if _, err := svc.Get(ctx, a, other, c.ID); code(err) != gov.CodeNotFound {
			t.Fatalf("another supplier sees it: %v", err)
		}
		if _, err := svc.Acknowledge(ctx, a, tiera, c.ID); code(err) != gov.CodeForbidden {
			t.Fatalf("customer acknowledging: %v", err)
		}
		clock = time.Date(2026, 4, 7, 9, 0, 0, 0, hel)
		if _, err := svc.Acknowledge(ctx, a, supplier, c.ID); err != nil {
			t.Fatal(err)
		}
		full := []string{"a", "b", "c", "d", "e", "f"}
		if _, err := svc.Respond(ctx, a, supplier, c.ID, []string{"a", "b", "", "d", "e", "f"}); code(err) != gov.CodeInvalid {
			t.Fatalf("missing section: %v", err)
		}
		// The due day counts in full: 20.4. at 23:30 is in time, 21.4. late.
		clock = time.Date(2026, 4, 21, 8, 0, 0, 0, hel)
		r, err := svc.Respond(ctx, a, supplier, c.ID, full)
		if err != nil || !r.Late {
			t.Fatalf("late response: %+v, %v", r, err)
		}
		v, err := svc.Get(ctx, a, tiera, c.ID)
		if err != nil || v.Sanction == nil {
			t.Fatalf("no sanction proposed: %+v, %v", v, err)
		}
		if v.Sanction.Month != "2026-04" || v.Sanction.Party != "alustatalo" || v.Sanction.Status != store.SanctionProposed {
			t.Fatalf("sanction %+v", v.Sanction)
		}
		// The model has the steering group decide sanctions (issue 16): not
		// the customer's representative alone, but in a meeting of the
		// group, recorded by its chair's party, never by the supplier.
		if v.Sanction.Forum != "ohjausryhma-alustatalo" || v.Sanction.Amount != 100000 {
			t.Fatalf("sanction %+v: not the steering group's, or not the model's 1000 EUR", v.Sanction)
		}
		if _, err := sanctions.Decide(ctx, a, tiera, v.Sanction.ID, sanction.Approve, ""); code(err) != gov.CodeConflict {
			t.Fatalf("approved outside the forum: %v", err)
		}
		admin := complaint.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
		ms := meeting.New(st, nil)
		ms.Now = func() time.Time { return clock }
		m, err := ms.CreateAdHoc(ctx, a, admin, meeting.NewMeeting{Forum: "ohjausryhma-alustatalo", Date: "2026-04-22", Time: "14:00", Minutes: 60}, false)
		if err != nil {
			t.Fatal(err)
		}
		sanctions.Now = func() time.Time { return clock }
		if _, err := sanctions.DecideInMeeting(ctx, a, tiera, v.Sanction.ID, m.ID, sanction.Approve, ""); code(err) != gov.CodeConflict {
			t.Fatalf("decided before the meeting began: %v", err)
		}
		clock = time.Date(2026, 4, 22, 15, 0, 0, 0, hel)
		if _, err := sanctions.DecideInMeeting(ctx, a, supplier, v.Sanction.ID, m.ID, sanction.Approve, ""); code(err) != gov.CodeForbidden {
			t.Fatalf("supplier approving: %v", err)
		}
		if _, err := sanctions.DecideInMeeting(ctx, a, other, v.Sanction.ID, m.ID, sanction.Approve, ""); code(err) != gov.CodeNotFound {
			t.Fatalf("another supplier approving: %v", err)
		}
		if _, err := sanctions.DecideInMeeting(ctx, a, tiera, v.Sanction.ID, m.ID, sanction.Dispute, " "); code(err) != gov.CodeInvalid {
			t.Fatalf("dispute without reason: %v", err)
		}
		sc, err := sanctions.DecideInMeeting(ctx, a, tiera, v.Sanction.ID, m.ID, sanction.Approve, "")
		if err != nil || sc.Status != store.SanctionApproved || sc.DecisionID == 0 {
			t.Fatalf("approve: %+v, %v", sc, err)
		}
		if _, err := sanctions.DecideInMeeting(ctx, a, tiera, v.Sanction.ID, m.ID, sanction.Dispute, "no"); code(err) != gov.CodeConflict {
			t.Fatalf("second decision: %v", err)
		}
		// The decision is in the steering group's register, the duty to
		// decide is done, and April's invoice basis of the supplier
		// carries the sanction as a credit.
		err = st.InTx(ctx, func(tx *store.Tx) error {
			d, err := tx.Decision(ctx, a.Slug, sc.DecisionID, false)
			if err != nil || d.Forum != "ohjausryhma-alustatalo" || d.MeetingID != m.ID || d.Outcome != "passed" {
				t.Fatalf("decision %+v, %v", d, err)
			}
			du, err := tx.DutyByKey(ctx, sc.AgreementID, "sanction-decision", "sanction:"+strconv.FormatInt(sc.ID, 10), "")
			if err != nil || du.State != store.DutyDone {
				t.Fatalf("duty %+v, %v", du, err)
			}
			b, err := invoice.Compute(ctx, tx, a, sc.AgreementID, "alustatalo", "2026-04")
			if err != nil {
				return err
			}
			credit := false
			for _, l := range b.Lines {
				credit = credit || l.Kind == invoice.LineSanction && l.AmountCents == -100000
			}
			if !credit || b.TotalCents != -100000 {
				t.Fatalf("invoice basis %+v", b)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Returning the response proposes nothing new: one sanction per complaint.
		if _, err := svc.Decide(ctx, a, tiera, c.ID, complaint.Return, "Syy puuttuu"); err != nil {
			t.Fatal(err)
		}
		list, err := sanctions.List(ctx, a, tiera, store.SanctionFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("sanctions %+v, %v", list, err)
		}
		if l := sanction.Ledger(list); len(l) != 1 || l[0].Count != 1 {
			t.Fatalf("ledger %+v", l)
		}
	})
}

func TestResponseOnTheDueDayIsInTime(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a := agreement(t, st)
		svc := complaint.New(st)
		hel, _ := time.LoadLocation("Europe/Helsinki")
		clock := time.Date(2026, 12, 23, 15, 0, 0, 0, hel)
		svc.Now = func() time.Time { return clock }
		tiera := actor(a, "sanna.rautio@tiera.example.fi", "tiera")
		supplier := actor(a, "x@alustatalo.example.fi", "alustatalo")
		c, err := svc.File(ctx, a, tiera, complaint.NewComplaint{Supplier: "alustatalo", Title: "Joulu", Body: "Katko"})
		if err != nil {
			t.Fatal(err)
		}
		if c.AckDue != "2026-12-28" || c.RespondDue != "2027-01-12" {
			t.Fatalf("deadlines over Christmas: %s, %s", c.AckDue, c.RespondDue)
		}
		if _, err := svc.Acknowledge(ctx, a, supplier, c.ID); err != nil {
			t.Fatal(err)
		}
		clock = time.Date(2027, 1, 12, 23, 30, 0, 0, hel)
		r, err := svc.Respond(ctx, a, supplier, c.ID, []string{"a", "b", "c", "d", "e", "f"})
		if err != nil || r.Late {
			t.Fatalf("on the due day: %+v, %v", r, err)
		}
		v, err := svc.Get(ctx, a, tiera, c.ID)
		if err != nil || v.Sanction != nil {
			t.Fatalf("sanction for a timely response: %+v, %v", v, err)
		}
	})
}
