package matter

import (
	"context"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestEscalationRefused: out of the chain, downwards, skipping a level,
// from a forum without a target, a closed matter, no reason, and by
// someone who may not.
func TestEscalationRefused(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		espoo := w.rep("kaisa-leinonen")
		raise := func(forum string) *Matter {
			t.Helper()
			m, err := w.svc.Raise(ctx, w.a, espoo, NewMatter{Forum: forum, Kind: KindProposal, Title: "Ehdotus " + forum})
			ok(t, err)
			return m
		}
		steer, dev, top := raise("ohjausryhma"), raise("kehitysryhma"), raise("opetuksen-ohjausryhma")
		esc := func(m *Matter, to, reason string) error {
			_, err := w.svc.Escalate(ctx, w.a, espoo, m.ID, EscalateInput{Reason: reason, To: to})
			return err
		}
		refused(t, esc(steer, "kehitysryhma", "alas"), gov.CodeConflict, "Kehitysryhmä is below Ratkaisun ohjausryhmä", "upwards only")
		refused(t, esc(steer, "ekosysteemiryhma", "sivuun"), gov.CodeConflict,
			"Ratkaisun ekosysteemiryhmä is not on the escalation chain of Ratkaisun ohjausryhmä (Ratkaisun ohjausryhmä → Tieran opetuksen ja kasvatuksen ohjausryhmä)")
		refused(t, esc(dev, "opetuksen-ohjausryhma", "yli"), gov.CodeConflict, "one level at a time", "it goes to Ratkaisun ohjausryhmä")
		refused(t, esc(dev, "ohjausryhma-alustatalo", "toiseen ketjuun"), gov.CodeConflict, "not on the escalation chain of Kehitysryhmä")
		refused(t, esc(dev, "kehitysryhma", "paikallaan"), gov.CodeConflict, "already in Kehitysryhmä")
		refused(t, esc(top, "", "ylös"), gov.CodeConflict, "names no forum that Tieran opetuksen ja kasvatuksen ohjausryhmä escalates to")
		refused(t, esc(dev, "", " "), gov.CodeInvalid, "reason")

		member := w.actor("teemu-nurmi", auth.AccountMember) // Vantaa, not the raiser, owner or chair
		_, err := w.svc.Escalate(ctx, w.a, member, dev.ID, EscalateInput{Reason: "r"})
		refused(t, err, gov.CodeForbidden, "escalate matters of Kehitysryhmä")
		supplier := w.rep("jussi-peltonen") // Alustatalo does not take part in the development group
		_, err = w.svc.Escalate(ctx, w.a, supplier, dev.ID, EscalateInput{Reason: "r"})
		refused(t, err, gov.CodeNotFound)

		ok(t, w.svc.SetStatus(ctx, w.a, espoo, dev.ID, Closed, "ratkesi"))
		refused(t, esc(dev, "", "vielä"), gov.CodeConflict, "closed")
		refused(t, w.svc.SetStatus(ctx, w.a, espoo, dev.ID, Decided, ""), gov.CodeConflict, "cannot become decided")
	})
}

// TestEscalationOntoPlannedMeeting: with a meeting of the target forum
// already planned, the matter goes straight onto its agenda, last.
func TestEscalationOntoPlannedMeeting(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		convener := w.rep("markku-hiltunen")
		_, err := w.meet.CreateFromPlan(ctx, w.a, convener, 2026, "ohjausryhma")
		ok(t, err)
		m, err := w.svc.Raise(ctx, w.a, w.rep("heli-rantanen"), NewMatter{Forum: "kehitysryhma", Kind: KindChangeRequest, Title: "Kirjautumisen muutos"})
		ok(t, err)
		w.at("2026-03-20 10:00") // after the March meeting: the June one is next
		esc, err := w.svc.Escalate(ctx, w.a, w.rep("heli-rantanen"), m.ID, EscalateInput{Reason: "Ei valtuuksia", To: "ohjausryhma"})
		ok(t, err)
		june := w.meetingOn("ohjausryhma", "2026-06-09")
		its := w.items(june.ID)
		last := its[len(its)-1]
		if esc.MeetingID != june.ID || esc.ItemID != last.ID || last.Source != "escalation" || esc.Matter.WaitingSince != nil {
			t.Fatalf("escalation %+v onto %+v", esc, its)
		}
		path, err := w.svc.Path(ctx, w.a, w.rep("heli-rantanen"), m.ID)
		ok(t, err)
		if len(path) != 2 || path[1].MeetingID != june.ID || path[1].Reason != "Ei valtuuksia" || path[0].Outcome != "escalated to Ratkaisun ohjausryhmä" {
			t.Fatalf("path %+v", path)
		}
		// From the steering group the chain goes on to the strategic level.
		esc, err = w.svc.Escalate(ctx, w.a, w.rep("kaisa-leinonen"), m.ID, EscalateInput{Reason: "Strateginen linjaus"})
		ok(t, err)
		if esc.To != "opetuksen-ohjausryhma" || esc.MeetingID != 0 {
			t.Fatalf("second escalation %+v", esc)
		}
	})
}

// TestSupplierDisagreementPath follows city-multi-supplier's path for a
// disagreement between suppliers: the delivery forum, then the executive
// forum, and no further on that path, though the executive forum itself
// escalates to the management forum. Every supplier sits in both forums
// of the path (issue #14); a bilateral forum stays out of their sight.
func TestSupplierDisagreementPath(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "city-multi-supplier")
		supplier := w.rep("marcus-lindstrom") // Lärplattform, the Supplier
		city := w.rep("robert-lindahl")       // the delivery forum's chair
		const path = "meningsskiljaktighet-mellan-leverantorer"

		_, err := w.svc.Raise(ctx, w.a, city, NewMatter{Forum: "forvaltningsmoten", Kind: KindDisagreement, Title: "Oenighet", Path: path})
		refused(t, err, gov.CodeConflict, "Förvaltningsmöten is not on the path Meningsskiljaktighet mellan leverantörer (Leveransforum → Verkställande forum)")

		m, err := w.svc.Raise(ctx, w.a, supplier, NewMatter{Forum: "leveransforum", Kind: KindDisagreement,
			Title: "Ansvar för inloggningsstörningen", Description: "Leverantörerna är oeniga om vem som äger felet.", Path: path})
		ok(t, err)
		esc, err := w.svc.Escalate(ctx, w.a, supplier, m.ID, EscalateInput{Reason: "Ingen enighet i leveransforum"})
		ok(t, err)
		if esc.To != "verkstallande-forum" {
			t.Fatalf("escalated to %s", esc.To)
		}
		_, err = w.svc.Escalate(ctx, w.a, city, m.ID, EscalateInput{Reason: "Vidare"})
		refused(t, err, gov.CodeConflict, "Verkställande forum is the last forum of the path Meningsskiljaktighet mellan leverantörer")
		_, err = w.svc.Escalate(ctx, w.a, city, m.ID, EscalateInput{Reason: "Tillbaka", To: "leveransforum"})
		refused(t, err, gov.CodeConflict, "Leveransforum is below Verkställande forum")

		// A matter without the path climbs the forums' own chain instead.
		other, err := w.svc.Raise(ctx, w.a, city, NewMatter{Forum: "verkstallande-forum", Kind: KindQuestion, Title: "Avtalsändring"})
		ok(t, err)
		esc, err = w.svc.Escalate(ctx, w.a, city, other.ID, EscalateInput{Reason: "Kräver ledningsbeslut"})
		ok(t, err)
		if esc.To != "ledningsforum" {
			t.Fatalf("escalated to %s", esc.To)
		}

		// Issue 14: both forums of the path seat every supplier, so the
		// other supplier of the disagreement sees it at every step; a
		// bilateral forum's matter stays out of its sight.
		rival := w.rep("frida-holmstrom") // Skoldata
		_, err = w.svc.Get(ctx, w.a, rival, m.ID)
		ok(t, err)
		steps, err := w.svc.Path(ctx, w.a, rival, m.ID)
		ok(t, err)
		if len(steps) != 2 || steps[0].Forum != "leveransforum" || steps[1].Forum != "verkstallande-forum" {
			t.Fatalf("the other supplier sees the path %+v", steps)
		}
		bilateral, err := w.svc.Raise(ctx, w.a, city, NewMatter{Forum: "ledningsforum", Kind: KindQuestion, Title: "Avtalsändring för Lärplattform"})
		ok(t, err)
		_, err = w.svc.Get(ctx, w.a, rival, bilateral.ID)
		refused(t, err, gov.CodeNotFound)
		_, err = w.svc.Path(ctx, w.a, rival, bilateral.ID)
		refused(t, err, gov.CodeNotFound)
		list, err := w.svc.List(ctx, w.a, rival, Filter{})
		ok(t, err)
		for _, x := range list {
			if x.ID == bilateral.ID {
				t.Fatalf("another supplier lists the bilateral forum's matter %+v", x)
			}
		}
		list, err = w.svc.List(ctx, w.a, city, Filter{Kind: KindDisagreement, Status: Escalated})
		ok(t, err)
		if len(list) != 1 || list[0].ID != m.ID || list[0].Path != path {
			t.Fatalf("the city lists %+v", list)
		}
		_, err = w.svc.Raise(ctx, w.a, rival, NewMatter{Forum: "ledningsforum", Kind: KindRisk, Title: "x"})
		refused(t, err, gov.CodeNotFound)
	})
}
