package matter

import (
	"context"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestDemoEscalatedDisagreement is the demo path: a disagreement
// raised in the development group cannot be agreed there, is escalated to
// the steering group, waits for its next meeting, goes onto that agenda
// by itself when the meeting is planned, and is decided there by a vote
// weighted 2 for owner cities and 1 for the others, tied and broken by
// the chair's casting vote, explained in words; with the refusals on the
// way (a vote without a seat, a second vote, a vote after closing).
func TestDemoEscalatedDisagreement(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		convener := w.rep("markku-hiltunen") // Tiera convenes both groups
		espoo := w.rep("kaisa-leinonen")     // chairs the steering group
		devChair := w.rep("janne-aaltonen")  // chairs the development group

		_, err := w.meet.CreateFromPlan(ctx, w.a, convener, 2026, "kehitysryhma")
		ok(t, err)
		dev := w.meetingOn("kehitysryhma", "2026-02-11")
		m, err := w.svc.Raise(ctx, w.a, espoo, NewMatter{Forum: "kehitysryhma", Kind: KindDisagreement,
			Title:       "Arviointityökalun käyttöönotto kaikille kunnille",
			Description: "Kunnat ovat eri mieltä siitä, kuuluuko arviointityökalu palvelusopimuksen piiriin."})
		ok(t, err)
		if m.Status != Open || m.Owner != "kaisa-leinonen" || m.RaisedParty != "espoo" {
			t.Fatalf("raised %+v", m)
		}
		_, err = w.svc.PutOnAgenda(ctx, w.a, convener, m.ID, dev.ID, gov.ItemDecision)
		ok(t, err)
		ok(t, w.meet.PublishAgenda(ctx, w.a, convener, dev.ID))

		// The development group meets and cannot agree.
		w.at("2026-02-11 14:00")
		devItem := w.itemBy(dev.ID, "matter")
		_, err = w.svc.RecordConsensus(ctx, w.a, devChair, dev.ID, devItem.ID, Consensus{Statement: "Kunnat eivät päässeet yhteisymmärrykseen."})
		ok(t, err)
		if got, _ := w.svc.Get(ctx, w.a, espoo, m.ID); got.Status != InProgress {
			t.Fatalf("no consensus left the matter %s, want in-progress", got.Status)
		}

		// Escalated to the steering group, which has no meeting yet.
		esc, err := w.svc.Escalate(ctx, w.a, espoo, m.ID, EscalateInput{Reason: "Kehitysryhmä ei päässyt yhteisymmärrykseen."})
		ok(t, err)
		if esc.To != "ohjausryhma" || esc.MeetingID != 0 || esc.Matter.WaitingSince == nil || esc.Matter.Status != Escalated {
			t.Fatalf("escalation %+v, matter %+v", esc, esc.Matter)
		}

		// The convener plans the steering group's year: the first meeting
		// after the escalation gets it on its agenda, with the yearly duty.
		_, err = w.meet.CreateFromPlan(ctx, w.a, convener, 2026, "ohjausryhma")
		ok(t, err)
		steer := w.meetingOn("ohjausryhma", "2026-03-10")
		item := w.itemBy(steer.ID, "escalation")
		if item.Type != gov.ItemDecision || item.Title != m.Title || item.Description != "Kehitysryhmä ei päässyt yhteisymmärrykseen." || item.Position != 1 {
			t.Fatalf("escalated item %+v", item)
		}
		w.itemBy(steer.ID, "yearly-duty")
		for _, later := range []string{"2026-06-09", "2026-09-08"} {
			for _, it := range w.items(w.meetingOn("ohjausryhma", later).ID) {
				if it.Source == "escalation" {
					t.Errorf("the matter is also on the agenda of %s", later)
				}
			}
		}
		got, err := w.svc.Get(ctx, w.a, espoo, m.ID)
		ok(t, err)
		if got.WaitingSince != nil || got.Forum != "ohjausryhma" {
			t.Fatalf("after planning, matter %+v", got)
		}
		links, err := w.svc.Links(ctx, w.a, espoo, m.ID)
		ok(t, err)
		if len(links) != 2 || links[1].MeetingID != steer.ID || links[1].ItemID != item.ID || links[1].Source != "escalation" {
			t.Fatalf("links %+v", links)
		}
		ok(t, w.meet.PublishAgenda(ctx, w.a, convener, steer.ID))

		// The steering group votes, per organisation.
		w.at("2026-03-10 12:30")
		d, err := w.svc.OpenVote(ctx, w.a, espoo, steer.ID, item.ID, "Arviointityökalu otetaan käyttöön kaikille kunnille.")
		ok(t, err)
		if d.Per != "party" || !d.Weighted || d.Result.Eligible != 10 {
			t.Fatalf("opened %+v", d)
		}
		cast := func(x Actor, voter string, c decision.Choice) error {
			_, err := w.svc.CastVote(ctx, w.a, x, steer.ID, item.ID, voter, c)
			return err
		}
		ok(t, cast(espoo, "kaisa-leinonen", decision.Yes))
		ok(t, cast(w.rep("mervi-laaksonen"), "mervi-laaksonen", decision.Yes))
		for voter, c := range map[string]decision.Choice{"kuopio": decision.Yes, "petteri-saarinen": decision.Yes,
			"tampere": decision.No, "marja-kemppainen": decision.No, "helsinki": decision.No, "lohja": decision.No, "turku": decision.Abstain} {
			ok(t, cast(espoo, voter, c))
		}

		refused(t, cast(espoo, "teemu-nurmi", decision.Yes), gov.CodeForbidden,
			"Teemu Nurmi holds no seat in Ratkaisun ohjausryhmä on 2026-03-10", "each organisation with a seat has one vote")
		refused(t, cast(espoo, "markku-hiltunen", decision.No), gov.CodeForbidden, "Markku Hiltunen holds no seat")
		refused(t, cast(espoo, "tiera", decision.No), gov.CodeForbidden, "Tiera Oy holds no seat")
		refused(t, cast(w.rep("mervi-laaksonen"), "mervi-laaksonen", decision.No), gov.CodeConflict,
			"Vantaan kaupunki has already voted (Mervi Laaksonen cast its vote)")
		refused(t, cast(w.rep("heli-rantanen"), "kerava", decision.No), gov.CodeForbidden, "record votes for others")
		refused(t, cast(espoo, "kerava", "maybe"), gov.CodeInvalid)

		d, err = w.svc.CloseVote(ctx, w.a, espoo, steer.ID, item.ID)
		ok(t, err)
		want := "tied 6–6; passed by the chair's casting vote; 1 abstained"
		if d.Result.Text != want || d.Result.Outcome != decision.Passed || !d.Result.CastingVote || d.Result.Present != 9 {
			t.Fatalf("result %+v, want %q", d.Result, want)
		}
		refused(t, cast(espoo, "kerava", decision.Yes), gov.CodeConflict, "voting on", "closed", want)
		_, err = w.svc.OpenVote(ctx, w.a, espoo, steer.ID, item.ID, "")
		refused(t, err, gov.CodeConflict, "was decided on 2026-03-10")

		// The record: the decision with its votes, the matter decided, its
		// whole path.
		full, err := w.svc.GetDecision(ctx, w.a, espoo, d.ID)
		ok(t, err)
		if len(full.Votes) != 9 || !full.Votes[0].Chair || full.Votes[0].Voter != "espoo" || full.Votes[0].Weight != 2 {
			t.Fatalf("votes %+v", full.Votes)
		}
		got, _ = w.svc.Get(ctx, w.a, espoo, m.ID)
		if got.Status != Decided {
			t.Fatalf("matter %s, want decided", got.Status)
		}
		path, err := w.svc.Path(ctx, w.a, espoo, m.ID)
		ok(t, err)
		if len(path) != 2 {
			t.Fatalf("path %+v", path)
		}
		if p := path[0]; p.Forum != "kehitysryhma" || p.LeftAt == nil || p.Outcome != "no consensus; escalated to Ratkaisun ohjausryhmä" || p.DecisionID == 0 {
			t.Errorf("first step %+v", p)
		}
		if p := path[1]; p.Forum != "ohjausryhma" || p.LeftAt != nil || p.MeetingID != steer.ID || p.DecisionID != d.ID || p.Outcome != want ||
			p.Reason != "Kehitysryhmä ei päässyt yhteisymmärrykseen." {
			t.Errorf("second step %+v", p)
		}
		events, err := w.svc.History(ctx, w.a, espoo, m.ID)
		ok(t, err)
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Actor+" "+e.Action)
		}
		wantActions := "user:kaisa.leinonen@espoo.example.fi raise, user:markku.hiltunen@tiera.example.fi agenda, " +
			"user:janne.aaltonen@tampere.example.fi decide, user:kaisa.leinonen@espoo.example.fi escalate, system agenda, " +
			"user:kaisa.leinonen@espoo.example.fi decide"
		if strings.Join(actions, ", ") != wantActions {
			t.Errorf("history\n got %s\nwant %s", strings.Join(actions, ", "), wantActions)
		}

		// The yearly duty: the chair and the term, recorded on its item.
		duty := w.itemBy(steer.ID, "yearly-duty")
		dd, err := w.svc.RecordDuty(ctx, w.a, espoo, steer.ID, duty.ID, Duty{Person: "kaisa-leinonen", TermFrom: "2026-01-01", TermTo: "2026-12-31"})
		ok(t, err)
		if dd.Result.Text != "decided: Kaisa Leinonen (Espoon kaupunki), term 2026-01-01–2026-12-31" || dd.Method != MethodDuty {
			t.Errorf("duty %+v", dd)
		}
		_, err = w.svc.RecordDuty(ctx, w.a, espoo, steer.ID, item.ID, Duty{Statement: "x"})
		refused(t, err, gov.CodeConflict, "is not a yearly duty")

		// The register: filters and the CSV rows.
		reg, err := w.svc.Register(ctx, w.a, espoo, RegisterFilter{Forum: "ohjausryhma", Outcome: decision.Passed, Text: "arviointityökalu"})
		ok(t, err)
		if len(reg) != 1 || reg[0].ID != d.ID {
			t.Fatalf("register %+v", reg)
		}
		all, err := w.svc.Register(ctx, w.a, espoo, RegisterFilter{From: "2026-02-01", To: "2026-03-31"})
		ok(t, err)
		rows := RegisterRows(w.a, all)
		if len(all) != 3 || len(rows) != 4 || rows[0][0] != "id" || rows[1][2] != "Ratkaisun ohjausryhmä" {
			t.Fatalf("register rows %v", rows)
		}
	})
}
