package meeting

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const forum = "tuotantoryhma-alustatalo" // weekly; supplier convenes and writes; provider chairs; approved at the next meeting

type world struct {
	t   *testing.T
	st  *store.Store
	svc *Service
	a   *gov.Agreement
	loc *time.Location
	now time.Time
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	src, _ := model.Template("national-platform")
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, st: st, a: a, svc: New(st, cat)}
	w.loc, _ = time.LoadLocation("Europe/Helsinki")
	w.svc.Now = func() time.Time { return w.now }
	w.at("2026-12-28 10:00")
	return w
}

func (w *world) at(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, w.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = t
}

// actor is the directory person slug acting as a representative of
// their organisation (or as the given account role).
func (w *world) actor(person, account string) Actor {
	p := w.a.Person(person)
	if p == nil {
		w.t.Fatalf("no person %s", person)
	}
	return ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: account}, w.a)
}

func wantCode(t *testing.T, err error, code gov.ErrorCode) {
	t.Helper()
	if gov.CodeOf(err) != code {
		t.Fatalf("got %v (code %q), want code %q", err, gov.CodeOf(err), code)
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (w *world) outbox(kind string) []store.Message {
	ms, err := w.st.Outbox(context.Background(), false, 10000)
	ok(w.t, err)
	var out []store.Message
	for _, m := range ms {
		if m.Kind == kind {
			out = append(out, m)
		}
	}
	return out
}

// TestProductionGroupWeek runs the national-platform production group as
// the issue describes: planned, agenda and materials the day before,
// minutes written by the supplier within 3 days, approved at the next
// meeting by the provider's chair, with every refusal on the way.
func TestProductionGroupWeek(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newWorld(t, st)
		supplier := w.actor("minna-karjalainen", auth.AccountRepresentative) // Alustatalo, the forum's secretary
		provider := w.actor("kari-vaisanen", auth.AccountRepresentative)     // Tiera, the chair
		other := w.actor("petri-huttunen", auth.AccountRepresentative)       // the other supplier

		// The provider does not convene this forum; the other supplier does
		// not even see it.
		_, err := w.svc.CreateFromPlan(ctx, w.a, provider, 2027, forum)
		wantCode(t, err, gov.CodeForbidden)
		_, err = w.svc.CreateFromPlan(ctx, w.a, other, 2027, forum)
		wantCode(t, err, gov.CodeNotFound)

		created, err := w.svc.CreateFromPlan(ctx, w.a, supplier, 2027, forum)
		ok(t, err)
		if len(created) < 50 {
			t.Fatalf("a weekly forum has about 52 meetings, got %d", len(created))
		}
		again, err := w.svc.CreateFromPlan(ctx, w.a, supplier, 2027, forum)
		ok(t, err)
		if len(again) != 0 {
			t.Fatalf("planning twice created %d more", len(again))
		}
		m1, m2 := created[0], created[1]
		if m1.LocalDate != "2027-01-05" || m1.MaterialsDue != "2027-01-04" || m1.Start.In(w.loc).Format("15:04") != "13:00" {
			t.Fatalf("first meeting %s %s, materials due %s", m1.LocalDate, m1.Start, m1.MaterialsDue)
		}

		// Agenda: the convener adds; the chair may not (no proposal rule).
		_, err = w.svc.AddItem(ctx, w.a, supplier, m1.ID, ItemInput{Type: gov.ItemInformation, Title: "Palvelun tila"})
		ok(t, err)
		_, err = w.svc.AddItem(ctx, w.a, provider, m1.ID, ItemInput{Type: gov.ItemInformation, Title: "X"})
		wantCode(t, err, gov.CodeForbidden)
		_, err = w.svc.AddItem(ctx, w.a, supplier, m1.ID, ItemInput{Type: "vote", Title: ""})
		wantCode(t, err, gov.CodeInvalid)

		// Published the day before: invitations with the iCalendar event.
		wantCode(t, w.svc.PublishAgenda(ctx, w.a, provider, m1.ID), gov.CodeForbidden)
		w.at("2027-01-04 09:00")
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m1.ID))
		inv := w.outbox("invitation")
		if len(inv) == 0 {
			t.Fatal("no invitations")
		}
		ics := unfold(inv[0].ICS)
		for _, want := range []string{"METHOD:REQUEST", "SEQUENCE:0", "UID:" + m1.ICalUID, "DTSTAMP:", "ORGANIZER;", "DTSTART;TZID=Europe/Helsinki:20270105T130000", "BEGIN:VTIMEZONE"} {
			if !strings.Contains(ics, want) {
				t.Errorf("invitation lacks %q", want)
			}
		}
		if strings.Contains(strings.ReplaceAll(ics, "\r\n", ""), "\n") {
			t.Error("invitation has bare LF line ends")
		}
		// Republishing raises SEQUENCE and keeps the UID.
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m1.ID))
		found := false
		for _, msg := range w.outbox("invitation") {
			if ics := unfold(msg.ICS); strings.Contains(ics, "SEQUENCE:1") && strings.Contains(ics, "UID:"+m1.ICalUID) {
				found = true
			}
		}
		if !found {
			t.Error("republication did not send SEQUENCE:1 with the same UID")
		}

		// Materials: on time until the end of the due day; late after.
		w.at("2027-01-04 23:30")
		mat, err := w.svc.Upload(ctx, w.a, supplier, m1.ID, 0, "../../<script>tila.pdf", []byte("%PDF-1.4 status"))
		ok(t, err)
		if mat.Late || mat.Name != "_script_tila.pdf" || mat.Version != 1 {
			t.Fatalf("material %+v", mat)
		}
		w.at("2027-01-05 08:00")
		mat, err = w.svc.Upload(ctx, w.a, supplier, m1.ID, 0, "_script_tila.pdf", []byte("%PDF-1.4 status v2"))
		ok(t, err)
		if !mat.Late || mat.Version != 2 {
			t.Fatalf("late second version %+v", mat)
		}
		if len(w.outbox("late-material")) == 0 {
			t.Error("late material not flagged to the members")
		}
		_, err = w.svc.Upload(ctx, w.a, supplier, m1.ID, 0, "big.bin", make([]byte, MaxMaterial+1))
		wantCode(t, err, gov.CodeTooLarge)

		// Held; an agenda cannot be published after the meeting began.
		wantCode(t, w.svc.MarkHeld(ctx, w.a, supplier, m1.ID), gov.CodeConflict) // 08:00, before 13:00
		w.at("2027-01-05 13:45")
		ok(t, w.svc.MarkHeld(ctx, w.a, supplier, m1.ID))
		ok(t, w.svc.RecordAttendance(ctx, w.a, supplier, m1.ID, []AttendeeInput{
			{Person: "kari-vaisanen", Role: "chair", Present: true}, {Person: "minna-karjalainen", Role: "secretary", Present: true}}))
		wantCode(t, w.svc.RecordAttendance(ctx, w.a, supplier, m1.ID, []AttendeeInput{{Person: "nobody", Role: "chair"}}), gov.CodeInvalid)

		// Minutes: written by the supplier, due within 3 days.
		_, err = w.svc.SaveMinutes(ctx, w.a, provider, m1.ID, "# Muistio")
		wantCode(t, err, gov.CodeForbidden)
		_, err = w.svc.SaveMinutes(ctx, w.a, supplier, m1.ID, "# Muistio\n\n1. Palvelun tila: ok.")
		ok(t, err)
		ok(t, w.svc.SubmitMinutes(ctx, w.a, supplier, m1.ID))
		got := w.meeting(m1.ID)
		if got.MinutesDue != "2027-01-08" || got.State != gov.MinutesSent {
			t.Fatalf("after submit: %s due %s", got.State, got.MinutesDue)
		}
		if len(w.outbox("approval-requested")) == 0 {
			t.Error("no approval request sent")
		}

		// Approved at the next meeting: not before it is held, never by
		// the writing party.
		wantCode(t, w.svc.ApproveMinutes(ctx, w.a, provider, m1.ID), gov.CodeConflict)
		wantCode(t, w.svc.ApproveMinutes(ctx, w.a, supplier, m1.ID), gov.CodeForbidden)
		w.at("2027-01-11 09:00")
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m2.ID))
		items := w.items(m2.ID)
		if !hasSource(items, "previous-minutes") {
			t.Error("the previous minutes did not come onto the next agenda")
		}
		w.at("2027-01-12 13:40")
		ok(t, w.svc.MarkHeld(ctx, w.a, supplier, m2.ID))
		ok(t, w.svc.ApproveMinutes(ctx, w.a, provider, m1.ID))
		if got := w.meeting(m1.ID); got.State != gov.MinutesApproved {
			t.Fatalf("state %s", got.State)
		}
		// Approved minutes are immutable.
		_, err = w.svc.SaveMinutes(ctx, w.a, supplier, m1.ID, "changed")
		wantCode(t, err, gov.CodeConflict)
		if len(w.outbox("minutes-approved")) == 0 {
			t.Error("approved minutes not sent to the participants")
		}

		// Returned with comments, then a second version.
		_, err = w.svc.SaveMinutes(ctx, w.a, supplier, m2.ID, "v1")
		ok(t, err)
		ok(t, w.svc.SubmitMinutes(ctx, w.a, supplier, m2.ID))
		wantCode(t, w.svc.ReturnMinutes(ctx, w.a, provider, m2.ID, " "), gov.CodeInvalid)
		// The approver of m2's minutes waits for m3 to be held, too.
		m3 := created[2]
		w.at("2027-01-18 09:00")
		ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, m3.ID))
		w.at("2027-01-19 13:40")
		wantCode(t, w.svc.PublishAgenda(ctx, w.a, supplier, m3.ID), gov.CodeConflict) // after it began
		ok(t, w.svc.MarkHeld(ctx, w.a, supplier, m3.ID))
		ok(t, w.svc.ReturnMinutes(ctx, w.a, provider, m2.ID, "Lisää päätös kohtaan 2."))
		if got := w.meeting(m2.ID); got.State != gov.MinutesDrafted {
			t.Fatalf("returned minutes: state %s", got.State)
		}
		mn, err := w.svc.SaveMinutes(ctx, w.a, supplier, m2.ID, "v2")
		ok(t, err)
		if mn.Version != 2 {
			t.Fatalf("the revision is version %d, want 2", mn.Version)
		}
		ok(t, w.svc.SubmitMinutes(ctx, w.a, supplier, m2.ID))
		ok(t, w.svc.ApproveMinutes(ctx, w.a, provider, m2.ID))
		var versions []gov.Minutes
		ok(t, st.ReadMeetings(ctx, func(tx *store.Tx) error {
			versions, err = tx.MinutesVersions(ctx, m2.ID)
			return err
		}))
		if len(versions) != 2 || versions[0].Status != gov.MinutesReturned || versions[0].ReturnComment == "" ||
			versions[1].Status != gov.MinutesFinal || versions[1].ApprovedBy != provider.Name() || versions[1].ApprovedAt == nil {
			t.Fatalf("versions: %+v", versions)
		}
	})
}

func (w *world) meeting(id int64) *gov.Meeting {
	var m *gov.Meeting
	ok(w.t, w.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		m, err = tx.Meeting(context.Background(), w.a.Slug, id, false)
		return err
	}))
	return m
}

func (w *world) items(id int64) []gov.AgendaItem {
	var its []gov.AgendaItem
	ok(w.t, w.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var err error
		its, err = tx.Items(context.Background(), id)
		return err
	}))
	return its
}

func hasSource(items []gov.AgendaItem, src string) bool {
	for _, it := range items {
		if it.Source == src {
			return true
		}
	}
	return false
}
