package matter

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestSupplierVsSupplierVote (issue #14): in city-multi-supplier a
// disagreement Lärplattform raises against Skoldata in the delivery forum
// is escalated to the executive forum, where both suppliers find it on
// the agenda and vote on it; the city's chair closes the vote. A person
// without a seat there cannot vote for a supplier.
func TestSupplierVsSupplierVote(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "city-multi-supplier")
		city, chair := w.rep("robert-lindahl"), w.rep("jenny-falk")
		larp, skol := w.rep("marcus-lindstrom"), w.rep("anders-lindkvist")
		_, err := w.meet.CreateFromPlan(ctx, w.a, city, 2026, "verkstallande-forum")
		ok(t, err)
		m, err := w.svc.Raise(ctx, w.a, larp, NewMatter{Forum: "leveransforum", Kind: KindDisagreement, Path: "meningsskiljaktighet-mellan-leverantorer",
			Title: "Skoldatas gränssnitt bryter inloggningen", Description: "Lärplattform och Skoldata är oeniga om vem som äger felet."})
		ok(t, err)
		// Skoldata's delivery lead sees it in the delivery forum too.
		_, err = w.svc.Get(ctx, w.a, w.rep("frida-holmstrom"), m.ID)
		ok(t, err)
		esc, err := w.svc.Escalate(ctx, w.a, skol, m.ID, EscalateInput{Reason: "Ingen enighet mellan leverantörerna i leveransforum"})
		ok(t, err)
		if esc.To != "verkstallande-forum" || esc.MeetingID == 0 {
			t.Fatalf("escalation %+v", esc)
		}
		var mt *gov.Meeting
		ok(t, w.st.ReadMeetings(ctx, func(tx *store.Tx) (err error) {
			mt, err = tx.Meeting(ctx, w.a.Slug, esc.MeetingID, false)
			return err
		}))
		for _, x := range []Actor{larp, skol} {
			got, err := w.svc.Get(ctx, w.a, x, m.ID)
			ok(t, err)
			if got.Forum != "verkstallande-forum" {
				t.Fatalf("%s sees the matter in %s", x.P.Party, got.Forum)
			}
		}
		ok(t, w.meet.PublishAgenda(ctx, w.a, city, mt.ID))
		w.at(mt.LocalDate + " 13:30")
		ok2 := func(_ any, err error) { t.Helper(); ok(t, err) }
		ok2(w.svc.OpenVote(ctx, w.a, chair, mt.ID, esc.ItemID, "Skoldata rättar gränssnittet"))
		ok2(w.svc.CastVote(ctx, w.a, larp, mt.ID, esc.ItemID, "marcus-lindstrom", decision.Yes))
		ok2(w.svc.CastVote(ctx, w.a, skol, mt.ID, esc.ItemID, "anders-lindkvist", decision.No))
		// One supplier cannot vote in another's name.
		_, err = w.svc.CastVote(ctx, w.a, larp, mt.ID, esc.ItemID, "anders-lindkvist", decision.Yes)
		if err == nil {
			t.Fatal("Lärplattform cast Skoldata's vote")
		}
		ok2(w.svc.CastVote(ctx, w.a, chair, mt.ID, esc.ItemID, "jenny-falk", decision.Yes))
		ok2(w.svc.CastVote(ctx, w.a, city, mt.ID, esc.ItemID, "robert-lindahl", decision.Yes))
		d, err := w.svc.CloseVote(ctx, w.a, chair, mt.ID, esc.ItemID)
		ok(t, err)
		voters := map[string]bool{}
		for _, v := range d.Votes {
			voters[v.Voter] = true
		}
		if !voters["marcus-lindstrom"] || !voters["anders-lindkvist"] || d.Result.Outcome != decision.Passed {
			t.Fatalf("decision %+v", d)
		}
	})
}
