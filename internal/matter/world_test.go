package matter

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
)

// world is one agreement from a template in a fresh store, with the
// meeting and matter services on one pinned clock.
type world struct {
	t    *testing.T
	st   *store.Store
	a    *gov.Agreement
	meet *meeting.Service
	svc  *Service
	loc  *time.Location
	now  time.Time
}

func newWorld(t *testing.T, st *store.Store, template string) *world {
	t.Helper()
	src, err := model.Template(template)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(template+".yaml", src)
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
	w := &world{t: t, st: st, a: a, meet: meeting.New(st, cat), svc: New(st)}
	if w.loc, err = time.LoadLocation(a.TimeZone); err != nil {
		t.Fatal(err)
	}
	w.meet.Now = func() time.Time { return w.now }
	w.svc.Now = func() time.Time { return w.now }
	w.at("2026-02-02 09:00")
	return w
}

// at sets the clock to a local time of the agreement.
func (w *world) at(s string) {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, w.loc)
	if err != nil {
		w.t.Fatal(err)
	}
	w.now = t
}

// actor is a directory person signed in with an account role.
func (w *world) actor(person, account string) Actor {
	w.t.Helper()
	p := w.a.Person(person)
	if p == nil {
		w.t.Fatalf("no person %s", person)
	}
	return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: account}, w.a)
}

// rep is a representative of their organisation.
func (w *world) rep(person string) Actor { return w.actor(person, auth.AccountRepresentative) }

// meetingOn finds a forum's meeting on a local date, or nil.
func (w *world) meetingOn(forum, date string) *gov.Meeting {
	w.t.Helper()
	var m *gov.Meeting
	err := w.st.ReadMeetings(context.Background(), func(tx *store.Tx) (err error) {
		m, err = tx.MeetingOn(context.Background(), w.a.Slug, forum, date)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	ok(w.t, err)
	return m
}

// items lists a meeting's agenda.
func (w *world) items(meetingID int64) []gov.AgendaItem {
	w.t.Helper()
	var its []gov.AgendaItem
	ok(w.t, w.st.ReadMeetings(context.Background(), func(tx *store.Tx) (err error) {
		its, err = tx.Items(context.Background(), meetingID)
		return err
	}))
	return its
}

// itemBy finds an agenda item by its source.
func (w *world) itemBy(meetingID int64, source string) *gov.AgendaItem {
	w.t.Helper()
	for _, it := range w.items(meetingID) {
		if it.Source == source {
			return &it
		}
	}
	w.t.Fatalf("meeting %d has no %s item", meetingID, source)
	return nil
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// refused checks that err is a coded error with code whose message says
// all of the given words.
func refused(t *testing.T, err error, code gov.ErrorCode, says ...string) {
	t.Helper()
	if gov.CodeOf(err) != code {
		t.Fatalf("got %v (code %q), want code %q", err, gov.CodeOf(err), code)
	}
	for _, s := range says {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("message %q does not say %q", err.Error(), s)
		}
	}
	if e, isErr := err.(*gov.Error); isErr && e.ID == "" && len(e.Fields) == 0 {
		t.Errorf("message %q has no catalogue id", err.Error())
	}
}
