package timesheet_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
	"github.com/steerco/steerco/internal/timesheet"
)

// The ordering contacts of the approving party are reminded the working
// day before the approval deadline and told once it has passed; once
// each, however often the job runs; nobody when nothing awaits approval.
func TestReminders(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		src, _ := model.Template("national-platform")
		a, _ := model.Parse("np.yaml", src)
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
		if err := order.New(st).NameContact(ctx, a, admin, order.ContactInput{Person: "sanna-rautio", Kinds: order.Kinds, MaxCents: 1000_00}); err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation("Europe/Helsinki")
		var now time.Time
		svc := timesheet.New(st)
		svc.Now = func() time.Time { return now }
		at := func(s string) { now, _ = time.ParseInLocation("2006-01-02 15:04", s, loc) }
		remind := func() int {
			n, err := svc.Reminders(ctx, cat)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		at("2026-04-20 09:00")
		if _, err := svc.Enter(ctx, a, timesheet.System, timesheet.Input{Supplier: "alustatalo", Person: "minna-karjalainen", Day: "2026-04-20",
			Minutes: 120, Description: "Ylläpito"}, "test"); err != nil {
			t.Fatal(err)
		}
		// May 2026: the 1st is a holiday; the deadline is Tuesday the 5th.
		for _, tc := range []struct {
			at   string
			want int
		}{
			{"2026-05-01 09:00", 0}, // two working days before: no reminder yet
			{"2026-05-04 09:00", 1}, // the working day before
			{"2026-05-04 15:00", 0}, // once
			{"2026-05-05 09:00", 0}, // the day itself: the reminder was sent
			{"2026-05-06 09:00", 1}, // overdue
			{"2026-05-07 09:00", 0},
		} {
			at(tc.at)
			if got := remind(); got != tc.want {
				t.Errorf("at %s: %d messages, want %d", tc.at, got, tc.want)
			}
		}
		msgs, err := st.Outbox(ctx, false, 10)
		if err != nil {
			t.Fatal(err)
		}
		// Newest first; in the agreement's language, Finnish.
		if len(msgs) != 2 || msgs[1].Recipient != a.Person("sanna-rautio").Email || msgs[1].Kind != "time-approval-due" ||
			!strings.Contains(msgs[1].Subject, "hyväksyttävä 5.5.2026 mennessä") || !strings.Contains(msgs[1].Body, "1 tuntikirjaus (2 h)") ||
			msgs[0].Kind != "time-approval-overdue" || !strings.HasPrefix(msgs[0].Subject, "Myöhässä") {
			for _, m := range msgs {
				t.Logf("%s %s %s", m.Kind, m.Recipient, m.Subject)
			}
			t.Fatalf("outbox has %d messages", len(msgs))
		}
	})
}
