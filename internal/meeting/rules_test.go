package meeting

import (
	"context"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestExtraMeetingNoticeAndHolidays(t *testing.T) {
	w := newWorld(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	ctx := context.Background()
	w.at("2027-03-01 09:00")
	member := w.actor("antti-ruuskanen", auth.AccountMember) // seat in the production group only
	var steering string
	for _, f := range w.a.Forums {
		if f.ExtraMeeting != nil && f.ExtraMeeting.NoticeDays == 14 && contains(f.Parties, "alustatalo") {
			steering = f.Slug
		}
	}
	if steering == "" {
		t.Fatal("no supplier steering group with 14 days' notice in the template")
	}
	// A seated member of the steering group may call it, with 14 days' notice.
	var seated Actor
	for _, m := range w.a.Memberships {
		if m.Forum == steering && m.Role != gov.RoleChair {
			seated = w.actor(m.Person, auth.AccountMember)
			break
		}
	}
	_, err := w.svc.CreateAdHoc(ctx, w.a, seated, NewMeeting{Forum: steering, Date: "2027-03-10"}, true)
	if gov.CodeOf(err) != gov.CodeInvalid || !strings.Contains(err.Error(), "14 days' notice") {
		t.Fatalf("10 days' notice: %v", err)
	}
	m, err := w.svc.CreateAdHoc(ctx, w.a, seated, NewMeeting{Forum: steering, Date: "2027-03-16", Time: "10:00"}, true)
	ok(t, err)
	if m.Kind != gov.KindExtra {
		t.Errorf("kind %s", m.Kind)
	}
	// Someone without a seat there may not.
	_, err = w.svc.CreateAdHoc(ctx, w.a, member, NewMeeting{Forum: steering, Date: "2027-03-16"}, true)
	wantCode(t, err, gov.CodeForbidden)
	// Independence Day is not a working day.
	supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
	_, err = w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-12-06"}, false)
	if gov.CodeOf(err) != gov.CodeInvalid || !strings.Contains(err.Error(), "Independence Day") {
		t.Fatalf("holiday: %v", err)
	}
	_, err = w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-02-30"}, false)
	wantCode(t, err, gov.CodeInvalid)
}

func TestCancelAndReminders(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
		created, err := w.svc.CreateFromPlan(ctx, w.a, supplier, 2027, forum)
		ok(t, err)
		m := created[1] // 2027-01-12, materials due Monday 2027-01-11
		m0 := created[0]
		w.at("2027-01-04 09:00")
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m0.ID))
		w.at("2027-01-05 14:00")
		ok(t, w.svc.MarkHeld(ctx, w.a, supplier, m0.ID))
		// Two working days before the deadline (Thursday 7 Jan; 6 Jan is
		// Epiphany), the preparers are reminded, once however often it runs.
		w.at("2027-01-07 07:00")
		q1, _, err := w.svc.Reminders(ctx)
		ok(t, err)
		q2, _, err := w.svc.Reminders(ctx)
		ok(t, err)
		if q1 == 0 || q2 != 0 {
			t.Fatalf("reminders queued %d then %d; want some, then none", q1, q2)
		}
		// Two instances claiming the same hour: one runs.
		ran1, _, _, err := w.svc.RunScheduled(ctx, "a")
		ok(t, err)
		ran2, _, _, err := w.svc.RunScheduled(ctx, "b")
		ok(t, err)
		if !ran1 || ran2 {
			t.Fatalf("claims: %v %v", ran1, ran2)
		}
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m.ID))
		wantCode(t, w.svc.Cancel(ctx, w.a, supplier, m.ID, ""), gov.CodeInvalid)
		ok(t, w.svc.Cancel(ctx, w.a, supplier, m.ID, "Kaikki lomalla"))
		c := w.outbox("cancellation")
		if len(c) == 0 || !strings.Contains(unfold(c[0].ICS), "METHOD:CANCEL") || !strings.Contains(unfold(c[0].ICS), "UID:"+m.ICalUID) || !strings.Contains(unfold(c[0].ICS), "SEQUENCE:1") {
			t.Fatalf("cancellation: %+v", c)
		}
		wantCode(t, w.svc.PublishAgenda(ctx, w.a, supplier, m.ID), gov.CodeConflict)
		// Minutes overdue: reminded once.
		w.at("2027-01-09 08:00") // m0's minutes were due 2027-01-08
		_, _, err = w.svc.Reminders(ctx)
		ok(t, err)
		_, _, err = w.svc.Reminders(ctx)
		ok(t, err)
		if n := len(w.outbox("minutes-overdue")); n == 0 || n > 3 {
			t.Fatalf("minutes-overdue messages: %d", n)
		}
	})
}

// TestProposalsAndCancelWhenNone: the city-multi-supplier operational
// meeting takes proposals from every supplier and is cancelled when none
// came by the deadline.
func TestProposalsAndCancelWhenNone(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	w := newWorld(t, st)
	ctx := context.Background()
	for _, name := range []string{"city-multi-supplier"} {
		src, _ := modelTemplate(name)
		ok(t, func() error { _, err := st.ApplyAgreement(ctx, src, "test"); return err }())
		w.a = src
	}
	var f *gov.Forum
	for i := range w.a.Forums {
		if p := w.a.Forums[i].Proposals; p != nil && p.CancelIfNone {
			f = &w.a.Forums[i]
		}
	}
	if f == nil {
		t.Fatal("no forum cancels without proposals")
	}
	var convener, proposer Actor
	for _, p := range w.a.People {
		party := w.a.Party(p.Party)
		x := ActorFor(auth.Principal{Email: p.Email, Party: p.Party, Account: auth.AccountRepresentative}, w.a)
		if CanConvene(x, w.a, f) && convener.P.Email == "" {
			convener = x
		} else if party.Kind == gov.KindSupplier && proposer.P.Email == "" && !CanConvene(x, w.a, f) {
			proposer = x
		}
	}
	w.at("2026-12-01 09:00")
	created, err := w.svc.CreateFromPlan(ctx, w.a, convener, 2027, f.Slug)
	ok(t, err)
	first, second := created[0], created[1]
	it, err := w.svc.AddItem(ctx, w.a, proposer, second.ID, ItemInput{Type: gov.ItemDiscussion, Title: "Releaseplan"})
	ok(t, err)
	if it.Status != gov.ItemProposed {
		t.Fatalf("a supplier's item is %s, want proposed", it.Status)
	}
	wantCode(t, w.svc.DecideProposal(ctx, w.a, proposer, second.ID, it.ID, true, ""), gov.CodeForbidden)
	ok(t, w.svc.DecideProposal(ctx, w.a, convener, second.ID, it.ID, true, ""))
	// After the first meeting's proposal deadline, nothing proposed: cancelled.
	w.at(first.ProposalsDue + " 23:00")
	w.now = w.now.AddDate(0, 0, 1)
	_, cancelled, err := w.svc.Reminders(ctx)
	ok(t, err)
	if cancelled != 1 || w.meeting(first.ID).State != gov.Cancelled || w.meeting(second.ID).State == gov.Cancelled {
		t.Fatalf("cancelled %d; first %s, second %s", cancelled, w.meeting(first.ID).State, w.meeting(second.ID).State)
	}
}

// TestForumWithHistoryStays: removing a forum that has meetings from the
// model is refused with a message that says what to do instead.
func TestForumWithHistoryStays(t *testing.T) {
	st := storetest.Open(t, storetest.SQLiteDSN(t))
	w := newWorld(t, st)
	ctx := context.Background()
	_, err := w.svc.CreateFromPlan(ctx, w.a, w.actor("minna-karjalainen", auth.AccountRepresentative), 2027, forum)
	ok(t, err)
	next, _ := modelTemplate("national-platform")
	var kept []gov.Forum
	for _, f := range next.Forums {
		if f.Slug != forum {
			kept = append(kept, f)
		}
	}
	next.Forums = kept
	var ms []gov.Membership
	for _, m := range next.Memberships {
		if m.Forum != forum {
			ms = append(ms, m)
		}
	}
	next.Memberships = ms
	for i := range next.EscalationPaths {
		var fs []string
		for _, f := range next.EscalationPaths[i].Forums {
			if f != forum {
				fs = append(fs, f)
			}
		}
		next.EscalationPaths[i].Forums = fs
	}
	_, err = st.ApplyAgreement(ctx, next, "test")
	if gov.CodeOf(err) != gov.CodeConflict || !strings.Contains(err.Error(), "inactive: true") {
		t.Fatalf("removing a forum with meetings: %v", err)
	}
}
