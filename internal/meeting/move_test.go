package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestMoveAndEdit moves a published meeting (deadlines recounted, the
// invitation sent again with the same UID and a higher SEQUENCE, the
// organiser the convening person, the online link in the event), refuses
// a holiday by name, reorders and edits the agenda, keeps an item with a
// decision, and asks before publishing over pending proposals.
func TestMoveAndEdit(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		w.svc.BaseURL = "https://steerco.example.org"
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
		provider := w.actor("kari-vaisanen", auth.AccountRepresentative)
		other := w.actor("petri-huttunen", auth.AccountRepresentative)

		m, err := w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-01-12", Time: "10:00"}, false)
		ok(t, err)
		a1, err := w.svc.AddItem(ctx, w.a, supplier, m.ID, ItemInput{Type: gov.ItemDiscussion, Title: "First"})
		ok(t, err)
		a2, err := w.svc.AddItem(ctx, w.a, supplier, m.ID, ItemInput{Type: gov.ItemDecision, Title: "Second"})
		ok(t, err)
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m.ID))

		// Another supplier does not see the meeting; the provider does not convene.
		_, err = w.svc.Reschedule(ctx, w.a, other, m.ID, MoveInput{Date: "2027-01-14"})
		wantCode(t, err, gov.CodeNotFound)
		_, err = w.svc.Reschedule(ctx, w.a, provider, m.ID, MoveInput{Date: "2027-01-14"})
		wantCode(t, err, gov.CodeForbidden)
		// Epiphany is a holiday in Finland, named in the refusal.
		_, err = w.svc.Reschedule(ctx, w.a, supplier, m.ID, MoveInput{Date: "2027-01-06"})
		wantCode(t, err, gov.CodeInvalid)
		if !strings.Contains(err.Error(), "Epiphany") && !strings.Contains(err.Error(), "Loppiainen") {
			t.Errorf("holiday refusal does not name it: %v", err)
		}
		link := "https://meet.example.org/abc"
		moved, err := w.svc.Reschedule(ctx, w.a, supplier, m.ID, MoveInput{Date: "2027-01-14", Time: "13:00", OnlineURL: &link})
		ok(t, err)
		if moved.LocalDate != "2027-01-14" || moved.ICalSequence != 1 || moved.ICalUID != m.ICalUID {
			t.Errorf("moved: date %s seq %d uid %s (was %s)", moved.LocalDate, moved.ICalSequence, moved.ICalUID, m.ICalUID)
		}
		if moved.MaterialsDue != "2027-01-13" {
			t.Errorf("materials due %s, want the working day before, 2027-01-13", moved.MaterialsDue)
		}
		var update *store.Message
		for _, msg := range w.outbox("invitation") {
			if strings.Contains(unfold(msg.ICS), "SEQUENCE:1\r\n") {
				update = &msg
			}
		}
		if update == nil {
			t.Fatal("no invitation with SEQUENCE 1")
		}
		// The e-mail links the agenda pack and the online meeting.
		for _, want := range []string{fmt.Sprintf("https://steerco.example.org/a/%s/meetings/%d/pack.pdf", w.a.Slug, m.ID), link} {
			if !strings.Contains(update.Body, want) {
				t.Errorf("the invitation e-mail lacks %q:\n%s", want, update.Body)
			}
		}
		ics := unfold(update.ICS)
		for _, want := range []string{"UID:" + m.ICalUID, "DTSTART;TZID=Europe/Helsinki:20270114T130000", "URL:" + link,
			"ORGANIZER;CN=\"Minna Karjalainen\":mailto:" + w.a.Person("minna-karjalainen").Email} {
			if !strings.Contains(ics, want) {
				t.Errorf("the update lacks %q:\n%s", want, ics)
			}
		}

		// Reorder: another meeting's item or a missing one is refused.
		items := func() []int64 {
			var ids []int64
			_ = st.InTx(ctx, func(tx *store.Tx) error {
				its, _ := tx.Items(ctx, m.ID)
				for _, it := range its {
					if it.Status == gov.ItemAccepted {
						ids = append(ids, it.ID)
					}
				}
				return nil
			})
			return ids
		}
		before := items()
		wantCode(t, w.svc.ReorderItems(ctx, w.a, supplier, m.ID, before[1:]), gov.CodeInvalid)
		wantCode(t, w.svc.ReorderItems(ctx, w.a, supplier, m.ID, append(append([]int64{}, before...), 999999)), gov.CodeInvalid)
		wantCode(t, w.svc.ReorderItems(ctx, w.a, provider, m.ID, before), gov.CodeForbidden)
		rev := make([]int64, len(before))
		for i, id := range before {
			rev[len(before)-1-i] = id
		}
		ok(t, w.svc.ReorderItems(ctx, w.a, supplier, m.ID, rev))
		if got := items(); got[0] != rev[0] || got[len(got)-1] != rev[len(rev)-1] {
			t.Errorf("order %v, want %v", got, rev)
		}
		ok(t, w.svc.MoveItem(ctx, w.a, supplier, m.ID, a2.ID, -1))

		it, err := w.svc.EditItem(ctx, w.a, supplier, m.ID, a1.ID, ItemInput{Type: gov.ItemInformation, Title: "First, renamed", Description: "text"})
		ok(t, err)
		if it.Title != "First, renamed" || it.Type != gov.ItemInformation {
			t.Errorf("edited item %+v", it)
		}
		_, err = w.svc.EditItem(ctx, w.a, provider, m.ID, a1.ID, ItemInput{Type: gov.ItemInformation, Title: "x"})
		wantCode(t, err, gov.CodeForbidden)

		// An item with a decision stays.
		ok(t, st.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertDecision(ctx, &store.Decision{Agreement: w.a.Slug, Forum: forum, MeetingID: m.ID, ItemID: a2.ID, MeetingDate: moved.LocalDate,
				Title: "Second", Kind: "consensus", Status: "decided", OpenedBy: "test", OpenedAt: w.now})
		}))
		err = w.svc.RemoveItem(ctx, w.a, supplier, m.ID, a2.ID)
		wantCode(t, err, gov.CodeConflict)
		if !strings.Contains(err.Error(), "decision") {
			t.Errorf("refusal does not name the decision: %v", err)
		}
		ok(t, w.svc.RemoveItem(ctx, w.a, supplier, m.ID, a1.ID))
	})
}

// TestPublishPendingProposals: publishing while a proposal waits lists
// it and asks; publishing anyway tells the proposer; deciding tells them.
func TestPublishPendingProposals(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		// The ecosystem group: the provider convenes, members propose.
		convener := w.actor("kari-vaisanen", auth.AccountRepresentative)
		member := w.actor("kaisa-leinonen", auth.AccountRepresentative)
		m, err := w.svc.CreateAdHoc(ctx, w.a, convener, NewMeeting{Forum: "ekosysteemiryhma", Date: "2027-02-10", Time: "10:00"}, false)
		ok(t, err)
		p1, err := w.svc.AddItem(ctx, w.a, member, m.ID, ItemInput{Type: gov.ItemDiscussion, Title: "Proposal one"})
		ok(t, err)
		p2, err := w.svc.AddItem(ctx, w.a, member, m.ID, ItemInput{Type: gov.ItemDiscussion, Title: "Proposal two"})
		ok(t, err)
		err = w.svc.PublishAgenda(ctx, w.a, convener, m.ID)
		var pe *PendingError
		if !errors.As(err, &pe) || len(pe.Pending) != 2 {
			t.Fatalf("publish over pending proposals: %v", err)
		}
		wantCode(t, err, gov.CodeConflict)
		ok(t, w.svc.DecideProposal(ctx, w.a, convener, m.ID, p1.ID, true, ""))
		if len(w.outbox("proposal-accepted")) != 1 {
			t.Errorf("the proposer was not told their item was taken")
		}
		ok(t, w.svc.PublishAgendaAnyway(ctx, w.a, convener, m.ID))
		got := w.outbox("proposal-pending")
		if len(got) != 1 || !strings.Contains(got[0].Body, p2.Title) {
			t.Errorf("the pending proposer was not told: %+v", got)
		}
	})
}

// TestAnswers: an invitee answers; "my deputy attends" invites their
// deputy with the same event; a deputy who cannot come passes on; only
// invitees answer, before the meeting.
func TestAnswers(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
		chair := w.actor("kari-vaisanen", auth.AccountRepresentative)
		other := w.actor("petri-huttunen", auth.AccountRepresentative)
		// Kari's own deputy, as a model may name one.
		for i := range w.a.People {
			if w.a.People[i].Slug == "kari-vaisanen" {
				w.a.People[i].Deputy = "markku-hiltunen"
			}
		}
		deputy := w.actor("markku-hiltunen", auth.AccountRepresentative)
		m, err := w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-01-12", Time: "10:00"}, false)
		ok(t, err)
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m.ID))

		_, err = w.svc.Answer(ctx, w.a, chair, m.ID, "maybe")
		wantCode(t, err, gov.CodeInvalid)
		_, err = w.svc.Answer(ctx, w.a, other, m.ID, AnswerAttend)
		wantCode(t, err, gov.CodeNotFound)
		_, err = w.svc.Answer(ctx, w.a, deputy, m.ID, AnswerAttend) // not invited yet
		wantCode(t, err, gov.CodeForbidden)
		an, err := w.svc.Answer(ctx, w.a, chair, m.ID, AnswerDeputy)
		ok(t, err)
		if an.Deputy != "markku-hiltunen" {
			t.Fatalf("deputy %q, want Kari's own deputy", an.Deputy)
		}
		inv := w.outbox("invitation-deputy")
		if len(inv) != 1 || !strings.EqualFold(inv[0].Recipient, w.a.Person("markku-hiltunen").Email) || !strings.Contains(unfold(inv[0].ICS), "UID:"+m.ICalUID) {
			t.Fatalf("deputy invitation %+v", inv)
		}
		ics, err := w.svc.ICS(ctx, w.a, supplier, m.ID)
		ok(t, err)
		if !strings.Contains(unfold(ics), "PARTSTAT=DELEGATED") {
			t.Errorf("Kari's answer is not in the event:\n%s", ics)
		}
		// The deputy answers; then cannot come after all: there is no
		// other deputy, so the seat stays empty.
		_, err = w.svc.Answer(ctx, w.a, deputy, m.ID, AnswerAttend)
		ok(t, err)
		_, err = w.svc.Answer(ctx, w.a, deputy, m.ID, AnswerDeputy)
		wantCode(t, err, gov.CodeConflict)
		_, err = w.svc.Answer(ctx, w.a, deputy, m.ID, AnswerAbsent)
		ok(t, err)
		w.at("2027-01-12 10:30")
		_, err = w.svc.Answer(ctx, w.a, chair, m.ID, AnswerAttend)
		wantCode(t, err, gov.CodeConflict)
	})
}

// TestMoveMovesTheMaterialsDuty: moving an unpublished meeting moves its
// materials duty in the ledger to the new deadline.
func TestMoveMovesTheMaterialsDuty(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
		m, err := w.svc.CreateAdHoc(ctx, w.a, supplier, NewMeeting{Forum: forum, Date: "2027-01-12", Time: "10:00"}, false)
		ok(t, err)
		_, err = w.svc.Reschedule(ctx, w.a, supplier, m.ID, MoveInput{Date: "2027-01-19"})
		ok(t, err)
		var dues []string
		ok(t, st.InTx(ctx, func(tx *store.Tx) error {
			ds, err := tx.Duties(ctx, store.DutyFilter{Source: fmt.Sprintf("meeting:%d", m.ID)})
			for _, d := range ds {
				dues = append(dues, d.Kind+" "+d.Due+" "+d.State)
			}
			return err
		}))
		if len(dues) == 0 || !strings.Contains(strings.Join(dues, ","), "2027-01-18") {
			t.Errorf("duties after the move: %v (materials due 2027-01-18)", dues)
		}
	})
}
