package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestDemoMatters: the demo's meetings let its logins take the issue's
// path at once, on the day the demo runs: the customer login (Espoo,
// chair of the steering group) raises a disagreement in the development
// group, the provider login (Tiera, convener of both) puts it on the
// begun meeting's agenda and records that no consensus was reached, it
// is escalated and put on the steering group's begun meeting, and voted
// on there with the chair's casting vote. Seeding again adds nothing.
func TestDemoMatters(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, err := seedDemo(ctx, st, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		logins, err := seedDemoUsers(ctx, st, a)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation(a.TimeZone)
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, loc) // a Monday: the meetings are on Friday
		var out strings.Builder
		if err := demoMatterSeed(ctx, st, a, now, &out); err != nil || !strings.Contains(out.String(), "2026-11-20") {
			t.Fatalf("seed: %v %q", err, out.String())
		}
		out.Reset()
		if err := demoMatterSeed(ctx, st, a, now, &out); err != nil || out.String() != "" {
			t.Fatalf("second seed: %v %q", err, out.String())
		}
		actor := func(kind string) meeting.Actor {
			for _, l := range logins {
				if strings.HasPrefix(l.what, kind+" representative") {
					u, err := st.UserByEmail(ctx, l.email)
					if err != nil {
						t.Fatal(err)
					}
					return meeting.ActorFor(auth.Principal{Email: u.Email, Name: u.Name, Party: u.Party, Account: u.Role}, a)
				}
			}
			t.Fatalf("no %s login", kind)
			return meeting.Actor{}
		}
		cust, prov := actor("customer"), actor("provider")
		meetingOf := map[string]int64{}
		if err := st.ReadMeetings(ctx, func(tx *store.Tx) error {
			for _, m := range demoMatterMeetings {
				ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: m.forum})
				if err != nil || len(ms) != 1 || ms[0].State != gov.AgendaPublished || ms[0].LocalDate != "2026-11-20" {
					t.Fatalf("%s: %v %+v", m.forum, err, ms)
				}
				meetingOf[m.forum] = ms[0].ID
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}

		svc := matter.New(st)
		svc.Now = func() time.Time { return now }
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		m, err := svc.Raise(ctx, a, cust, matter.NewMatter{Forum: "kehitysryhma", Kind: matter.KindDisagreement, Title: "Demo"})
		must(err)
		it, err := svc.PutOnAgenda(ctx, a, prov, m.ID, meetingOf["kehitysryhma"], gov.ItemDecision)
		must(err)
		_, err = svc.RecordConsensus(ctx, a, prov, meetingOf["kehitysryhma"], it.ID, matter.Consensus{Statement: "Ei yksimielisyyttä."})
		must(err)
		_, err = svc.Escalate(ctx, a, cust, m.ID, matter.EscalateInput{Reason: "Ei yksimielisyyttä."})
		must(err)
		steer := meetingOf["ohjausryhma"]
		it, err = svc.PutOnAgenda(ctx, a, cust, m.ID, steer, gov.ItemDecision)
		must(err)
		_, err = svc.OpenVote(ctx, a, cust, steer, it.ID, "")
		must(err)
		for voter, c := range map[string]decision.Choice{"espoo": decision.Yes, "vantaa": decision.Yes, "kuopio": decision.Yes, "jarvenpaa": decision.Yes,
			"tampere": decision.No, "oulu": decision.No, "helsinki": decision.No, "lohja": decision.No} {
			_, err = svc.CastVote(ctx, a, cust, steer, it.ID, voter, c)
			must(err)
		}
		d, err := svc.CloseVote(ctx, a, cust, steer, it.ID)
		must(err)
		if d.Result.Text != "tied 6–6; passed by the chair's casting vote" {
			t.Fatalf("result %q", d.Result.Text)
		}
	})
}
