package matter

import (
	"context"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestErasureCoversMatters: erasing a person (internal/store's privacy
// erasure, which rewrites every text column) also reaches matters, their
// history, votes, decisions and the search index, on both databases; and
// an escalated matter waiting for a meeting goes onto an ad hoc one.
func TestErasureCoversMatters(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st, "national-platform")
		convener, kaisa := w.rep("markku-hiltunen"), w.rep("kaisa-leinonen")
		m, err := w.svc.Raise(ctx, w.a, kaisa, NewMatter{Forum: "kehitysryhma", Kind: KindProposal, Title: "Kaisa Leinosen ehdotus",
			Description: "Kaisa Leinonen ehdottaa yhteistä sopimusmallia."})
		ok(t, err)
		_, err = w.svc.Escalate(ctx, w.a, kaisa, m.ID, EscalateInput{Reason: "Kaisa Leinonen pyytää ohjausryhmän kantaa."})
		ok(t, err)
		adhoc, err := w.meet.CreateAdHoc(ctx, w.a, convener, meeting.NewMeeting{Forum: "ohjausryhma", Date: "2026-02-17", Time: "10:00"}, false)
		ok(t, err)
		item := w.itemBy(adhoc.ID, "escalation")
		ok(t, w.meet.PublishAgenda(ctx, w.a, convener, adhoc.ID))
		w.at("2026-02-17 10:30")
		_, err = w.svc.OpenVote(ctx, w.a, kaisa, adhoc.ID, item.ID, "Kaisa Leinosen malli hyväksytään.")
		ok(t, err)
		_, err = w.svc.CastVote(ctx, w.a, kaisa, adhoc.ID, item.ID, "kaisa-leinonen", decision.Yes)
		ok(t, err)
		_, err = w.svc.CloseVote(ctx, w.a, kaisa, adhoc.ID, item.ID)
		ok(t, err)
		wantHits(t, w, convener, "leinonen", "decision:1", "matter:1")

		er, err := st.ErasePerson(ctx, "kaisa.leinonen@espoo.example.fi", store.EraseOptions{Actor: "test", Also: []string{"Kaisa Leinosen"}})
		ok(t, err)
		for _, table := range []string{"matters", "matter_events", "votes"} {
			if er.Rows[table] == 0 {
				t.Errorf("erasure changed no rows of %s: %v", table, er.Rows)
			}
		}
		wantHits(t, w, convener, "leinonen")
		got, err := w.svc.Get(ctx, w.a, convener, m.ID)
		ok(t, err)
		if strings.Contains(got.Description+got.OwnerName+got.RaisedBy+got.Title, "Leinonen") {
			t.Errorf("matter after erasure %+v", got)
		}
	})
}
