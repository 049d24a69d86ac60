package matter

import (
	"context"
	"fmt"
	"testing"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// decisionItem plans a forum's year, adds a decision item to the meeting
// on date and publishes the agenda; it returns the meeting and the item.
func (w *world) decisionItem(forum, date, title string, convener Actor) (*gov.Meeting, *gov.AgendaItem) {
	w.t.Helper()
	ctx := context.Background()
	if w.meetingOn(forum, date) == nil {
		_, err := w.meet.CreateFromPlan(ctx, w.a, convener, 2026, forum)
		ok(w.t, err)
	}
	m := w.meetingOn(forum, date)
	it, err := w.meet.AddItem(ctx, w.a, convener, m.ID, meeting.ItemInput{Type: gov.ItemDecision, Title: title})
	ok(w.t, err)
	if m.State == gov.Planned {
		ok(w.t, w.meet.PublishAgenda(ctx, w.a, convener, m.ID))
	}
	return m, it
}

// TestVotePerSeat: the strategic steering group has no vote rule, so each
// seated person votes with weight 1; opening refusals on the way.
func TestVotePerSeat(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		convener, chair := w.rep("markku-hiltunen"), w.rep("kaisa-leinonen")
		const forum = "opetuksen-ohjausryhma"
		_, err := w.meet.CreateFromPlan(ctx, w.a, convener, 2026, forum)
		ok(t, err)
		m := w.meetingOn(forum, "2026-03-12")
		it, err := w.meet.AddItem(ctx, w.a, convener, m.ID, meeting.ItemInput{Type: gov.ItemDecision, Title: "Strateginen linjaus"})
		ok(t, err)
		info, err := w.meet.AddItem(ctx, w.a, convener, m.ID, meeting.ItemInput{Type: gov.ItemInformation, Title: "Katsaus"})
		ok(t, err)
		open := func(x Actor, itemID int64) error {
			_, err := w.svc.OpenVote(ctx, w.a, x, m.ID, itemID, "")
			return err
		}
		refused(t, open(chair, it.ID), gov.CodeConflict, "not published")
		ok(t, w.meet.PublishAgenda(ctx, w.a, convener, m.ID))
		refused(t, open(chair, it.ID), gov.CodeConflict, "begins at 2026-03-12 13:00")
		w.at("2026-03-12 13:30")
		refused(t, open(chair, info.ID), gov.CodeConflict, "“Katsaus” is not a decision item")
		refused(t, open(w.rep("heli-rantanen"), it.ID), gov.CodeForbidden, "open or close votes in Tieran opetuksen ja kasvatuksen ohjausryhmä")
		cast := func(x Actor, voter string, c decision.Choice) error {
			_, err := w.svc.CastVote(ctx, w.a, x, m.ID, it.ID, voter, c)
			return err
		}
		refused(t, cast(chair, "kaisa-leinonen", decision.Yes), gov.CodeConflict, "no vote is open")
		_, err = w.svc.CloseVote(ctx, w.a, chair, m.ID, it.ID)
		refused(t, err, gov.CodeConflict, "no vote is open")
		if d, err := w.svc.DecisionOn(ctx, w.a, chair, m.ID, it.ID); d != nil || err != nil {
			t.Fatalf("before the vote: %+v, %v", d, err)
		}

		ok(t, open(chair, it.ID))
		refused(t, open(chair, it.ID), gov.CodeConflict, "already open")
		d, err := w.svc.DecisionOn(ctx, w.a, chair, m.ID, it.ID)
		ok(t, err)
		if d.Per != "seat" || d.Weighted || d.Result.Eligible != 7 || !d.Voting || d.Proposal != "Strateginen linjaus" {
			t.Fatalf("opened %+v", d)
		}
		ok(t, cast(chair, "kaisa-leinonen", decision.Yes))
		ok(t, cast(chair, "mervi-laaksonen", decision.Yes))
		ok(t, cast(chair, "pekka-ahonen", decision.Yes))
		ok(t, cast(w.rep("heli-rantanen"), "heli-rantanen", decision.No))
		ok(t, cast(chair, "marja-kemppainen", decision.Abstain))
		refused(t, cast(chair, "markku-hiltunen", decision.Yes), gov.CodeForbidden,
			"Markku Hiltunen holds no seat in Tieran opetuksen ja kasvatuksen ohjausryhmä on 2026-03-12", "secretaries, deputies and experts do not")
		refused(t, cast(chair, "kaisa-leinonen", decision.No), gov.CodeConflict, "Kaisa Leinonen has already voted")
		refused(t, cast(chair, "espoo", decision.No), gov.CodeInvalid, "each seated person votes")
		refused(t, cast(chair, "nobody", decision.No), gov.CodeInvalid, "neither a person nor an organisation")
		d, err = w.svc.CloseVote(ctx, w.a, chair, m.ID, it.ID)
		ok(t, err)
		if want := "passed 3–1 by majority; 1 abstained"; d.Result.Text != want || d.Voting || d.DecidedAt == nil {
			t.Fatalf("result %+v, want %q", d, want)
		}
	})
}

// TestConsensusForum records a consensus decision in a forum that
// decides by consensus, without votes.
func TestConsensusForum(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "city-multi-supplier")
		chair := w.rep("robert-lindahl") // the city convenes and chairs the delivery forum
		m, it := w.decisionItem("leveransforum", "2026-02-10", "Godkännande av servicenivåutfallet", chair)
		w.at("2026-02-10 09:30")
		_, err := w.svc.RecordConsensus(ctx, w.a, w.rep("marcus-lindstrom"), m.ID, it.ID, Consensus{Statement: "Godkänt", Reached: true})
		refused(t, err, gov.CodeForbidden, "record decisions of Leveransforum")
		_, err = w.svc.RecordConsensus(ctx, w.a, chair, m.ID, it.ID, Consensus{Reached: true})
		refused(t, err, gov.CodeInvalid, "what was agreed")
		d, err := w.svc.RecordConsensus(ctx, w.a, chair, m.ID, it.ID, Consensus{Statement: "Utfallet för januari godkänns.", Reached: true})
		ok(t, err)
		if d.Method != MethodConsensus || d.Result.Text != "passed by consensus" || d.Result.Outcome != decision.Passed || len(d.Votes) != 0 {
			t.Fatalf("decision %+v", d)
		}
		_, err = w.svc.RecordConsensus(ctx, w.a, chair, m.ID, it.ID, Consensus{Statement: "Igen", Reached: true})
		refused(t, err, gov.CodeConflict, "was decided on 2026-02-10", "passed by consensus")
		reg, err := w.svc.Register(ctx, w.a, chair, RegisterFilter{Forum: "leveransforum"})
		ok(t, err)
		if len(reg) != 1 || reg[0].Proposal != "Utfallet för januari godkänns." {
			t.Fatalf("register %+v", reg)
		}
		_, err = w.svc.Register(ctx, w.a, chair, RegisterFilter{From: "2026-2-1"})
		refused(t, err, gov.CodeInvalid, "not a date")
	})
}

// TestOverturn: the steering group overturns the development group's
// decision, linked both ways; a lower forum cannot overturn a higher one.
func TestOverturn(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		convener := w.rep("markku-hiltunen")
		devChair, steerChair := w.rep("janne-aaltonen"), w.rep("kaisa-leinonen")
		devM, devIt := w.decisionItem("kehitysryhma", "2026-02-11", "Toimenpidesuunnitelman aikataulu", convener)
		steerM, steerIt := w.decisionItem("ohjausryhma", "2026-03-10", "Toimenpidesuunnitelman aikataulu", convener)
		vote := func(chair Actor, m *gov.Meeting, it *gov.AgendaItem, yes, no []string) *Decision {
			t.Helper()
			_, err := w.svc.OpenVote(ctx, w.a, chair, m.ID, it.ID, "")
			ok(t, err)
			for _, v := range yes {
				_, err := w.svc.CastVote(ctx, w.a, chair, m.ID, it.ID, v, decision.Yes)
				ok(t, err)
			}
			for _, v := range no {
				_, err := w.svc.CastVote(ctx, w.a, chair, m.ID, it.ID, v, decision.No)
				ok(t, err)
			}
			d, err := w.svc.CloseVote(ctx, w.a, chair, m.ID, it.ID)
			ok(t, err)
			return d
		}
		w.at("2026-02-11 14:00")
		dev := vote(devChair, devM, devIt, []string{"espoo", "tampere"}, []string{"helsinki"})
		w.at("2026-03-10 13:00")
		steer := vote(steerChair, steerM, steerIt, []string{"helsinki"}, []string{"espoo", "vantaa"})
		if dev.Result.Text != "passed 4–1 by weighted majority" || steer.Result.Text != "rejected 1–4 by weighted majority" {
			t.Fatalf("results %q, %q", dev.Result.Text, steer.Result.Text)
		}

		refused(t, w.svc.Overturn(ctx, w.a, devChair, dev.ID, steer.ID, Overturned, ""), gov.CodeForbidden, "record what Ratkaisun ohjausryhmä decided")
		refused(t, w.svc.Overturn(ctx, w.a, steerChair, dev.ID, steer.ID, "cancelled", ""), gov.CodeInvalid)
		ok(t, w.svc.Overturn(ctx, w.a, steerChair, dev.ID, steer.ID, Overturned, "Ohjausryhmä ei hyväksy aikataulua."))
		refused(t, w.svc.Overturn(ctx, w.a, steerChair, dev.ID, steer.ID, Changed, ""), gov.CodeConflict,
			fmt.Sprintf("already overturned by decision %d", steer.ID))

		// Decided the other way round: the development group is not above
		// the steering group.
		refused(t, w.svc.Overturn(ctx, w.a, devChair, steer.ID, dev.ID, Changed, ""), gov.CodeConflict,
			"Kehitysryhmä is not above Ratkaisun ohjausryhmä", "only a higher level")

		got, err := w.svc.GetDecision(ctx, w.a, steerChair, dev.ID)
		ok(t, err)
		if got.OverturnedBy != steer.ID || got.OverturnEffect != Overturned || got.OverturnNote != "Ohjausryhmä ei hyväksy aikataulua." {
			t.Fatalf("lower %+v", got)
		}
		got, err = w.svc.GetDecision(ctx, w.a, steerChair, steer.ID)
		ok(t, err)
		if len(got.Overturns) != 1 || got.Overturns[0] != dev.ID {
			t.Fatalf("higher overturns %v", got.Overturns)
		}
		rows := RegisterRows(w.a, []Decision{*got})
		if rows[1][len(rows[1])-2] != "" {
			t.Errorf("the higher decision is not overturned: %v", rows[1])
		}
	})
}
