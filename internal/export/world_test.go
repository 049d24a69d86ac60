package export_test

import (
	"context"
	"database/sql"
	"strconv"
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

// The person the tests export and erase: in the national-platform
// template she is the supplier's service manager and the secretary of
// its production group, which her organisation convenes and minutes.
const (
	subjectEmail = "minna.karjalainen@alustatalo.example.com"
	subjectName  = "Minna Karjalainen"
	subjectPhone = "+358 50 400 0002"
	subjectSlug  = "minna-karjalainen"
	forum        = "tuotantoryhma-alustatalo"
	agreement    = "national-platform"
)

// world is a store holding data that names the subject everywhere a
// person can be named: her account, the directory (and an edit of her
// entry), meetings she created, attended and wrote minutes of, an action
// item she owns, a file she uploaded, notifications to her.
type world struct {
	t        *testing.T
	st       *store.Store
	svc      *meeting.Service
	a        *gov.Agreement
	now      time.Time
	meetings []gov.Meeting
	action   *gov.ActionItem
	material *gov.Material
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	src, err := model.Template(agreement)
	ok(t, err)
	a, err := model.Parse(agreement+".yaml", src)
	ok(t, err)
	_, err = st.ApplyAgreement(ctx, a, "test")
	ok(t, err)
	cat, err := i18n.Load()
	ok(t, err)
	w := &world{t: t, st: st, a: a, svc: meeting.New(st, cat)}
	w.svc.Now = func() time.Time { return w.now }
	ok(t, st.CreateUser(ctx, &store.User{Email: subjectEmail, Name: subjectName, Party: "alustatalo", Role: auth.AccountRepresentative}, "test"))

	// An edit of her directory entry: its audit entry has her before and after.
	p := *a.Person(subjectSlug)
	p.Titles = append(p.Titles, "sihteeri")
	ok(t, st.UpdatePerson(ctx, agreement, store.Editor{Actor: "user:admin@example.fi",
		Check: func(_, after *gov.Agreement) error { return model.Validate(after) }}, p))
	w.reload()

	minna := w.actor(subjectSlug)
	kari := w.actor("kari-vaisanen")
	w.at("2026-12-28 10:00")
	w.meetings, err = w.svc.CreateFromPlan(ctx, w.a, minna, 2027, forum)
	ok(t, err)
	m1 := w.meetings[0]
	_, err = w.svc.AddItem(ctx, w.a, minna, m1.ID, meeting.ItemInput{Type: gov.ItemInformation, Title: "Palvelun tila", Presenter: subjectName})
	ok(t, err)
	w.at("2027-01-04 09:00")
	ok(t, w.svc.PublishAgenda(ctx, w.a, minna, m1.ID)) // invitations with iCalendar to the members
	w.material, err = w.svc.Upload(ctx, w.a, minna, m1.ID, 0, "tilannekatsaus Minna Karjalainen.pdf", []byte("%PDF-1.4 status by "+subjectName))
	ok(t, err)
	w.at("2027-01-05 13:45")
	ok(t, w.svc.MarkHeld(ctx, w.a, minna, m1.ID))
	ok(t, w.svc.RecordAttendance(ctx, w.a, minna, m1.ID, []meeting.AttendeeInput{
		{Person: "kari-vaisanen", Role: "chair", Present: true}, {Person: subjectSlug, Role: "secretary", Present: true}}))
	w.action, err = w.svc.AddActionItem(ctx, w.a, minna, m1.ID, meeting.ActionInput{Title: "Päivitä tilannekuva", Owner: subjectSlug, Due: "2027-01-20"})
	ok(t, err)
	_, err = w.svc.SaveMinutes(ctx, w.a, minna, m1.ID, "# Muistio\n\nSihteeri: Minna Karjalainen ("+subjectEmail+", puh. "+subjectPhone+").\n\n"+
		"1. Palvelun tila: MINNA KARJALAINEN kertoi tilanteesta. Minna Karjalaisen ehdotus hyväksyttiin.")
	ok(t, err)
	ok(t, w.svc.SubmitMinutes(ctx, w.a, minna, m1.ID))
	// Approved at the next meeting, by the provider's chair.
	m2 := w.meetings[1]
	w.at("2027-01-11 09:00")
	ok(t, w.svc.PublishAgenda(ctx, w.a, minna, m2.ID))
	w.at("2027-01-12 13:40")
	ok(t, w.svc.MarkHeld(ctx, w.a, minna, m2.ID))
	ok(t, w.svc.ApproveMinutes(ctx, w.a, kari, m1.ID))
	ok(t, w.svc.SetActionStatus(ctx, w.a, minna, w.action.ID, gov.ActionDone, ""))
	// A meeting named after her, with minutes: its title goes into the
	// search index too.
	w.at("2027-01-12 15:00")
	intro, err := w.svc.CreateAdHoc(ctx, w.a, minna, meeting.NewMeeting{Forum: forum, Date: "2027-01-14", Time: "10:00",
		Title: "Perehdytys: Minna Karjalainen"}, false)
	ok(t, err)
	ok(t, w.svc.PublishAgenda(ctx, w.a, minna, intro.ID))
	w.at("2027-01-14 11:00")
	ok(t, w.svc.MarkHeld(ctx, w.a, minna, intro.ID))
	_, err = w.svc.SaveMinutes(ctx, w.a, minna, intro.ID, "Perehdytys pidettiin.")
	ok(t, err)
	// A message and reminder queued straight to her address, as the
	// reminders do, with her name in the text.
	ok(t, st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, agreement)
		if err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, &store.Message{AgreementID: aid, MeetingID: m2.ID, Kind: "minutes-due",
			DedupeKey: "minutes-due:" + strconv.FormatInt(m2.ID, 10) + ":" + subjectEmail, Recipient: subjectEmail,
			Subject: "Muistio", Body: "Hei " + subjectName + ", muistio on myöhässä.", CreatedAt: w.now})
		return err
	}))
	return w
}

func (w *world) reload() {
	a, err := w.st.Agreement(context.Background(), agreement)
	ok(w.t, err)
	w.a = a
}

func (w *world) at(s string) {
	loc, _ := time.LoadLocation("Europe/Helsinki")
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	ok(w.t, err)
	w.now = t
}

// actor is a directory person acting as their organisation's representative.
func (w *world) actor(slug string) meeting.Actor {
	p := w.a.Person(slug)
	if p == nil {
		w.t.Fatalf("no person %s", slug)
	}
	return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, w.a)
}

// hit is a text column value that names the subject.
type hit struct{ table, column, value string }

// scanAll reads every column of every table but file contents (found in
// the schema, so that a table added later is scanned too) as text and
// returns the values that contain any of needles, ignoring case, also
// with iCalendar lines unfolded.
func scanAll(t *testing.T, st *store.Store, needles ...string) []hit {
	t.Helper()
	ctx := context.Background()
	type col struct{ table, column string }
	var cols []col
	q := `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND upper(p.type) <> 'BLOB'`
	if st.Dialect() == store.DialectPostgres {
		q = `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t
			ON t.table_schema = c.table_schema AND t.table_name = c.table_name
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type <> 'bytea'`
	}
	rows, err := st.QueryContext(ctx, q)
	ok(t, err)
	for rows.Next() {
		var c col
		ok(t, rows.Scan(&c.table, &c.column))
		cols = append(cols, c)
	}
	ok(t, rows.Err())
	rows.Close()
	if len(cols) < 100 {
		t.Fatalf("found only %d columns to scan", len(cols))
	}
	var hits []hit
	for _, c := range cols {
		expr := `CAST("` + c.column + `" AS TEXT)`
		rows, err := st.QueryContext(ctx, `SELECT `+expr+` FROM "`+c.table+`"`)
		ok(t, err)
		for rows.Next() {
			var v sql.NullString
			ok(t, rows.Scan(&v))
			if !v.Valid {
				continue
			}
			low := strings.ToLower(strings.NewReplacer("\r\n ", "", "\r\n\t", "").Replace(v.String))
			for _, n := range needles {
				if strings.Contains(low, strings.ToLower(n)) {
					hits = append(hits, hit{c.table, c.column, v.String})
					break
				}
			}
		}
		ok(t, rows.Err())
		rows.Close()
	}
	return hits
}
