package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"log/slog"
	"net/mail"
	"os"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/modelchange"
	"github.com/steerco/steerco/internal/notify"
	"github.com/steerco/steerco/internal/store"
)

// mailFlags are the SMTP settings of serve, demo and `outbox send`.
type mailFlags struct {
	host, user, password, from *string
	port                       *int
}

func addMailFlags(fs *flag.FlagSet) mailFlags {
	port := 587
	if v := os.Getenv("STEERCO_SMTP_PORT"); v != "" {
		var err error
		if port, err = strconv.Atoi(v); err != nil {
			port = -1 // refused by notify.Config.Check, with the flag's name
		}
	}
	return mailFlags{
		host: fs.String("smtp-host", os.Getenv("STEERCO_SMTP_HOST"), "SMTP server for notifications; without it they stay in the outbox (env STEERCO_SMTP_HOST)"),
		port: fs.Int("smtp-port", port, "SMTP port: 587 STARTTLS, 465 TLS, 25 a local relay (env STEERCO_SMTP_PORT)"),
		user: fs.String("smtp-user", os.Getenv("STEERCO_SMTP_USER"), "SMTP user name, when the server wants one (env STEERCO_SMTP_USER)"),
		// The password's default is read in config, not here, so that -h
		// never prints it.
		password: fs.String("smtp-password", "", "SMTP password (env STEERCO_SMTP_PASSWORD; prefer the environment)"),
		from:     fs.String("mail-from", os.Getenv("STEERCO_MAIL_FROM"), "sender address of notifications, e.g. steerco@example.org (env STEERCO_MAIL_FROM)"),
	}
}

func (m mailFlags) config() notify.Config {
	pw := *m.password
	if pw == "" {
		pw = os.Getenv("STEERCO_SMTP_PASSWORD")
	}
	return notify.Config{Host: *m.host, Port: *m.port, User: *m.user, Password: pw, From: *m.from}
}

// instanceID names this process in job claims: host, pid and a random
// part, so that a restarted process is a new instance.
func instanceID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}

// scheduler does the background work of serve: the hourly reminders and
// surveys (claimed per hour, so one instance does them) and delivering
// the outbox when SMTP is configured.
type scheduler struct {
	svc      *meeting.Service
	sender   *notify.Sender // nil without SMTP
	baseURL  string
	instance string
	log      *slog.Logger
	// duties runs the ledger (issue 16): recurring duties, overdue
	// obligations as matters, reminders and the weekly digest. It replaced
	// the time-reporting and complaint-acknowledgement reminders.
	duties *duty.Service
	// complaints proposes sanctions for unanswered complaints (issue 6).
	complaints *complaintDeadlines
	// models applies approved model changes on their day (issue 15).
	models *modelchange.Service
}

// newScheduler checks the mail settings; a half-configured SMTP server is
// an error at startup rather than mail silently never sent.
func newScheduler(st *store.Store, mf mailFlags, baseURL string, log *slog.Logger) (*scheduler, error) {
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	sc := &scheduler{svc: meeting.New(st, cat), baseURL: baseURL, instance: instanceID(), log: log}
	sc.duties = duty.New(st, cat) // issue 16

	sc.complaints = newComplaintDeadlines(st) // issue 6
	sc.models = modelchange.New(st)           // issue 15
	if cfg := mf.config(); cfg.Enabled() {
		if sc.sender, err = notify.New(st, cfg, log); err != nil {
			return nil, err
		}
		// The invitations' ORGANIZER is the sender's bare address.
		if a, err := mail.ParseAddress(cfg.From); err == nil {
			sc.svc.From = a.Address
		}
	}
	return sc, nil
}

// loop runs the work at once and then every interval until ctx ends.
func (sc *scheduler) loop(ctx context.Context, every time.Duration) {
	sc.log.Info("scheduler started", "instance", sc.instance, "smtp", sc.sender != nil)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		sc.runOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// runResult is what one run did.
type runResult struct {
	ran                        bool // this instance had the hour's reminders
	queued, cancelled, invited int
	mail                       notify.Result
	proposed                   int // sanctions of unanswered complaints (issue 6)
}

// runOnce does one round. Errors are logged, and the next round tries
// again: nothing here is lost by waiting a minute.
func (sc *scheduler) runOnce(ctx context.Context) runResult {
	var r runResult
	var errs []any
	var err error
	r.ran, r.queued, r.cancelled, err = sc.svc.RunScheduled(ctx, sc.instance)
	if err != nil {
		errs = append(errs, "reminders_err", err)
	}
	if _, dr, err := sc.duties.RunScheduled(ctx, sc.instance); err != nil { // issue 16
		errs = append(errs, "duties_err", err)
	} else {
		r.queued += dr.Reminders + dr.Digests
	}
	if n, p, err := sc.complaints.run(ctx, sc.instance); err != nil { // issue 6
		errs = append(errs, "complaint_deadlines_err", err)
	} else {
		r.queued, r.proposed = r.queued+n, r.proposed+p
	}
	if _, err := sc.models.ApplyDue(ctx); err != nil { // issue 15
		errs = append(errs, "model_changes_err", err)
	}
	if r.ran && sc.baseURL != "" {
		if r.invited, err = sc.svc.SendSurveys(ctx, sc.baseURL); err != nil {
			errs = append(errs, "surveys_err", err)
		}
	}
	if sc.sender != nil {
		r.mail, err = deliverAll(ctx, sc.sender)
		if err != nil {
			errs = append(errs, "mail_err", err)
		}
	}
	if ctx.Err() != nil {
		return r // shutting down: what failed was cut short, not broken
	}
	attrs := append([]any{"instance", sc.instance, "reminders_ran", r.ran, "queued", r.queued, "cancelled", r.cancelled,
		"surveys", r.invited, "sanctions_proposed", r.proposed, "sent", r.mail.Sent, "failed", r.mail.Failed, "gave_up", r.mail.GaveUp}, errs...)
	switch {
	case len(errs) > 0:
		sc.log.Error("scheduled run", attrs...)
	case r.ran || r.mail != (notify.Result{}):
		sc.log.Info("scheduled run", attrs...)
	default:
		// An idle minute: logged below the default level, so the log
		// shows one line an hour, not one a minute.
		sc.log.Debug("scheduled run", attrs...)
	}
	return r
}

// deliverAll sends batches until the outbox has nothing due.
func deliverAll(ctx context.Context, s *notify.Sender) (notify.Result, error) {
	const batch = 100
	var total notify.Result
	for {
		r, err := s.Deliver(ctx, batch)
		total.Sent += r.Sent
		total.Failed += r.Failed
		total.GaveUp += r.GaveUp
		if err != nil || r.Sent+r.Failed+r.GaveUp < batch {
			return total, err
		}
	}
}
