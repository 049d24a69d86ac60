package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/notify"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// The operator's meeting commands: plan a year, list meetings, run the
// scheduled work once (from cron, alongside serve), and the outbox.

const meetingsUsage = `usage: steerco meetings <subcommand>

  plan --agreement ID --year YYYY [--forum ID]
          create the year's meetings from the annual plan (as the system);
          prints how many were created per forum; running it again creates none
  list --agreement ID [--from YYYY-MM-DD] [--forum ID]
          list meetings from a date (default today), tab-separated:
          id, date, time, forum, state, materials due, minutes due
`

// systemActor plans as the scheduler does: an administrator, which the
// audit trail names "system".
var systemActor = meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}

func meetingService(s *store.Store) (*meeting.Service, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	return meeting.New(s, cat), nil
}

// runMeetings implements `steerco meetings plan|list`.
func runMeetings(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "plan" && args[0] != "list") {
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "steerco meetings: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, meetingsUsage)
		return 2
	}
	sub := args[0]
	fs := newFlags("meetings "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	forum := fs.String("forum", "", "only this forum")
	year := fs.Int("year", 0, "the year to plan (plan; required)")
	from := fs.String("from", "", "the first date to list, YYYY-MM-DD (list; default today)")
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco meetings: unexpected argument %q\n", pos[0])
		return 2
	}
	switch {
	case *id == "":
		fmt.Fprintln(stderr, "steerco meetings: --agreement is required")
		return 2
	case sub == "plan" && (*year < 2000 || *year > 2200):
		fmt.Fprintf(stderr, "steerco meetings plan: --year %d: give the year to plan, between 2000 and 2200\n", *year)
		return 2
	case sub == "list" && *from != "":
		if _, err := calendar.ParseDate(*from); err != nil {
			fmt.Fprintf(stderr, "steerco meetings list: --from %q: write YYYY-MM-DD\n", *from)
			return 2
		}
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco meetings: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco meetings: %v\n", err)
		return 1
	}
	if *forum != "" && a.Forum(*forum) == nil {
		fmt.Fprintf(stderr, "steerco meetings: agreement %s has no forum %q\n", a.Slug, *forum)
		return 1
	}
	if sub == "plan" {
		return planMeetings(ctx, s, a, *year, *forum, stdout, stderr)
	}
	return listMeetings(ctx, s, a, *from, *forum, stdout, stderr)
}

func planMeetings(ctx context.Context, s *store.Store, a *gov.Agreement, year int, forum string, stdout, stderr io.Writer) int {
	svc, err := meetingService(s)
	if err != nil {
		fmt.Fprintf(stderr, "steerco meetings plan: %v\n", err)
		return 1
	}
	planned, err := plan.Year(a, year)
	if err != nil {
		fmt.Fprintf(stderr, "steerco meetings plan: %v\n", err)
		return 1
	}
	created, err := svc.CreateFromPlan(ctx, a, systemActor, year, forum)
	if err != nil {
		fmt.Fprintf(stderr, "steerco meetings plan: %v\n", err)
		return 1
	}
	// Every forum with meetings in the plan, in the model's order, even
	// when nothing was created (they exist already).
	count := map[string]int{}
	for _, m := range created {
		count[m.Forum]++
	}
	var forums []string
	for _, pm := range planned {
		if (forum == "" || pm.Forum == forum) && !slices.Contains(forums, pm.Forum) {
			forums = append(forums, pm.Forum)
		}
	}
	slices.SortStableFunc(forums, func(x, y string) int { return forumIndex(a, x) - forumIndex(a, y) })
	for _, f := range forums {
		fmt.Fprintf(stdout, "%s\t%d\n", f, count[f])
	}
	fmt.Fprintf(stdout, "total\t%d\n", len(created))
	return 0
}

func forumIndex(a *gov.Agreement, slug string) int {
	return slices.IndexFunc(a.Forums, func(f gov.Forum) bool { return f.Slug == slug })
}

func listMeetings(ctx context.Context, s *store.Store, a *gov.Agreement, from, forum string, stdout, stderr io.Writer) int {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		fmt.Fprintf(stderr, "steerco meetings list: %v\n", err)
		return 1
	}
	start := calendar.DateOf(time.Now().In(loc))
	if from != "" {
		start, _ = calendar.ParseDate(from)
	}
	var ms []gov.Meeting
	err = s.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err = tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: forum, From: start.Time(loc)})
		return err
	})
	if err != nil {
		fmt.Fprintf(stderr, "steerco meetings list: %v\n", err)
		return 1
	}
	for _, m := range ms {
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.LocalDate, m.Start.In(loc).Format("15:04"), m.Forum, m.State,
			m.MaterialsDue, dash(m.MinutesDue))
	}
	return 0
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

const remindersUsage = `usage: steerco reminders run [--base-url URL]

  run     do the scheduled work once, now: materials, minutes and
          cancellation reminders into the outbox, and meeting surveys
          (with --base-url, for their links). Safe to run from cron next
          to serve: every reminder and survey is queued once.
          Complaints: a sanction proposed for each complaint left without
          a response past its due date, and the supplier reminded of an
          acknowledgement past due; each once.
`

// runReminders implements `steerco reminders run`.
func runReminders(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "run" {
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "steerco reminders: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, remindersUsage)
		return 2
	}
	fs := newFlags("reminders run", stderr)
	db := dbFlag(fs, defaultDB)
	base := fs.String("base-url", os.Getenv("STEERCO_BASE_URL"), "public URL of the web UI, for survey links (env STEERCO_BASE_URL)")
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco reminders: unexpected argument %q\n", pos[0])
		return 2
	}
	if *base != "" && !strings.HasPrefix(*base, "https://") && !strings.HasPrefix(*base, "http://") {
		fmt.Fprintf(stderr, "steerco reminders: --base-url %q: give the full address, https://...\n", *base)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	svc, err := meetingService(s)
	if err != nil {
		fmt.Fprintf(stderr, "steerco reminders: %v\n", err)
		return 1
	}
	queued, cancelled, err := svc.Reminders(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco reminders: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "queued %d reminder(s), cancelled %d meeting(s)\n", queued, cancelled)
	// issue 6: complaints without a response by the due date, and
	// acknowledgements past due.
	o, err := complaint.New(s).Deadlines(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco reminders: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "complaints: proposed %d sanction(s)\n", o.Proposed)
	// issue 16: the ledger's recurring duties, reminders and digest.
	if n, err := runLedger(ctx, s); err != nil {
		fmt.Fprintf(stderr, "steerco reminders: %v\n", err)
		return 1
	} else {
		fmt.Fprintf(stdout, "duties: queued %d reminder(s) and %d digest(s)\n", n.Reminders, n.Digests)
	}
	if *base == "" {
		fmt.Fprintln(stdout, "surveys not sent: give --base-url (or STEERCO_BASE_URL) for their links")
		return 0
	}
	invited, err := svc.SendSurveys(ctx, *base)
	if err != nil {
		fmt.Fprintf(stderr, "steerco reminders: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "invited %d people to meeting surveys\n", invited)
	return 0
}

const outboxUsage = `usage: steerco outbox <subcommand>

  list [--unsent] [--limit N]
          the newest messages, tab-separated: id, created, kind, recipient,
          status (sent, pending, retrying, failed), attempts, subject
  show ID
          one message whole: its headers (Date, To, Subject, the kind and
          the delivery status), a blank line, then its body and any
          calendar attachment
  send [--smtp-host H --mail-from A ...]
          deliver the pending messages by SMTP now; fails when SMTP is not
          configured (the flags or STEERCO_SMTP_* and STEERCO_MAIL_FROM)
`

// runOutbox implements `steerco outbox list|send`.
func runOutbox(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "show" {
		return showOutbox(ctx, args[1:], stdout, stderr)
	}
	if len(args) == 0 || (args[0] != "list" && args[0] != "send") {
		if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "steerco outbox: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, outboxUsage)
		return 2
	}
	sub := args[0]
	fs := newFlags("outbox "+sub, stderr)
	db := dbFlag(fs, defaultDB)
	var unsent *bool
	var limit *int
	var mf mailFlags
	if sub == "list" {
		unsent = fs.Bool("unsent", false, "only messages not sent yet (and not given up)")
		limit = fs.Int("limit", 100, "at most this many, newest first")
	} else {
		mf = addMailFlags(fs)
	}
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco outbox: unexpected argument %q\n", pos[0])
		return 2
	}
	if sub == "list" && (*limit < 1 || *limit > 100000) {
		fmt.Fprintf(stderr, "steerco outbox list: --limit %d: give 1 to 100000\n", *limit)
		return 2
	}
	var cfg notify.Config
	if sub == "send" {
		cfg = mf.config()
		if !cfg.Enabled() {
			fmt.Fprintln(stderr, "steerco outbox send: SMTP is not configured: give --smtp-host and --mail-from (or STEERCO_SMTP_HOST and STEERCO_MAIL_FROM); until then the messages stay in the outbox, where users see them")
			return 1
		}
		if err := cfg.Check(); err != nil {
			fmt.Fprintf(stderr, "steerco outbox send: %v\n", err)
			return 2
		}
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	if sub == "list" {
		return listOutbox(ctx, s, *unsent, *limit, stdout, stderr)
	}
	sender, err := notify.New(s, cfg, slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	if err == nil {
		var r notify.Result
		r, err = deliverAll(ctx, sender)
		if err == nil || r != (notify.Result{}) {
			fmt.Fprintf(stdout, "sent %d, failed %d (to be retried), gave up %d\n", r.Sent, r.Failed, r.GaveUp)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco outbox send: %v\n", err)
		return 1
	}
	return 0
}

func listOutbox(ctx context.Context, s *store.Store, unsent bool, limit int, stdout, stderr io.Writer) int {
	ms, err := s.Outbox(ctx, unsent, limit)
	if err != nil {
		fmt.Fprintf(stderr, "steerco outbox list: %v\n", err)
		return 1
	}
	for _, m := range ms {
		status := "pending"
		switch {
		case m.SentAt != nil:
			status = "sent " + m.SentAt.UTC().Format(time.RFC3339)
		case m.Attempts >= notify.MaxAttempts:
			status = "failed: " + oneLine(m.LastError)
		case m.Attempts > 0:
			status = "retrying: " + oneLine(m.LastError)
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\t%d\t%s\n", m.ID, m.CreatedAt.UTC().Format(time.RFC3339), m.Kind, m.Recipient, status,
			m.Attempts, oneLine(m.Subject))
	}
	return 0
}

// oneLine keeps a field on its line of tab-separated output.
func oneLine(s string) string {
	return strings.NewReplacer("\t", " ", "\r", " ", "\n", " ").Replace(s)
}
