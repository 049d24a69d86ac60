package main

import (
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// fileOldComplaint files a complaint against Alustatalo on 5.1.2026,
// long past both its due dates.
func fileOldComplaint(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	a, err := st.Agreement(ctx, "national-platform")
	if err != nil {
		t.Fatal(err)
	}
	svc := complaint.New(st)
	svc.Now = func() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }
	x := meeting.ActorFor(auth.Principal{Email: "sanna.rautio@tiera.example.fi", Party: "tiera", Account: auth.AccountRepresentative}, a)
	if _, err := svc.File(ctx, a, x, complaint.NewComplaint{Supplier: "alustatalo", Title: "Katko", Body: "Palvelu ei toiminut."}); err != nil {
		t.Fatal(err)
	}
}

// `reminders run` (cron) proposes the sanction of an unanswered complaint
// and the ledger reminds of the overdue duties once; run again, nothing new.
func TestRemindersRunComplaints(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		meetingsDB(t, db)
		fileOldComplaint(t, storetest.Open(t, db))
		out := ok(t, "reminders", "run", "--db", db)
		if !strings.Contains(out, "complaints: proposed 1 sanction(s)\n") || !regexp.MustCompile(`duties: queued [1-9][0-9]* reminder\(s\)`).MatchString(out) {
			t.Fatalf("first run: %q", out)
		}
		out = ok(t, "reminders", "run", "--db", db)
		if !strings.Contains(out, "complaints: proposed 0 sanction(s)\n") || !strings.Contains(out, "duties: queued 0 reminder(s) and 0 digest(s)\n") {
			t.Fatalf("second run: %q", out)
		}
	})
}

// Two servers' schedulers in the same hour: one of them does the
// complaint deadlines, and the sanction is proposed once.
func TestSchedulerComplaintsOnce(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		meetingsDB(t, db)
		st := storetest.Open(t, db)
		fileOldComplaint(t, st)
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		none, port := "", 587
		mf := mailFlags{host: &none, port: &port, user: &none, password: &none, from: &none}
		a, err := newScheduler(st, mf, "", quiet)
		if err != nil {
			t.Fatal(err)
		}
		b, err := newScheduler(storetest.Open(t, db), mf, "", quiet)
		if err != nil {
			t.Fatal(err)
		}
		hour := func() time.Time { return time.Date(2026, 3, 2, 10, 30, 0, 0, time.UTC) }
		a.svc.Now, b.svc.Now, a.complaints.svc.Now, b.complaints.svc.Now = hour, hour, hour, hour
		ra, rb := a.runOnce(context.Background()), b.runOnce(context.Background())
		if ra.proposed+rb.proposed != 1 || ra.proposed != 1 {
			t.Fatalf("runs: %+v, %+v", ra, rb)
		}
		var n int
		err = st.InTx(context.Background(), func(tx *store.Tx) error {
			ss, err := tx.Sanctions(context.Background(), "national-platform", store.SanctionFilter{Source: store.SanctionFromComplaint})
			n = len(ss)
			return err
		})
		if err != nil || n != 1 {
			t.Fatalf("%d sanctions, %v", n, err)
		}
	})
}
