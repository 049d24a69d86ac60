package meeting

import (
	"context"
	"fmt"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// RemindDays is how many working days ahead the materials reminder goes
// out (and again on the day itself).
const RemindDays = 2

// system acts for the scheduler: it sees every forum; its audit entries
// name it "system".
var system = Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}

// Reminders does the scheduled work of every agreement: materials due in
// RemindDays working days and today, minutes due and overdue, and
// cancelling meetings of forums that cancel when nobody proposed an item
// by the deadline. Every reminder has a dedupe key, so each is queued
// once however often this runs and on however many instances. It returns
// how many messages were queued and meetings cancelled.
func (s *Service) Reminders(ctx context.Context) (queued, cancelled int, err error) {
	sums, err := s.st.Agreements(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, sum := range sums {
		a, err := s.st.Agreement(ctx, sum.Slug)
		if err != nil {
			return queued, cancelled, err
		}
		q, c, err := s.remindAgreement(ctx, a)
		queued, cancelled = queued+q, cancelled+c
		if err != nil {
			return queued, cancelled, fmt.Errorf("reminders for %s: %w", a.Slug, err)
		}
	}
	return queued, cancelled, nil
}

func (s *Service) remindAgreement(ctx context.Context, a *gov.Agreement) (queued, cancelled int, err error) {
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{From: now.AddDate(0, -3, 0), To: now.AddDate(0, 2, 0),
			States: []gov.MeetingState{gov.Planned, gov.AgendaPublished, gov.Held, gov.MinutesDrafted}})
		if err != nil {
			return err
		}
		for i := range ms {
			m := &ms[i]
			sc, err := s.scope(a, system, m.Forum)
			if err != nil {
				continue // the forum left the model
			}
			today := sc.today(now)
			q, c, err := s.remindMeeting(ctx, tx, sc, m, today)
			if err != nil {
				return err
			}
			queued, cancelled = queued+q, cancelled+c
		}
		return nil
	})
	return queued, cancelled, err
}

func (s *Service) remindMeeting(ctx context.Context, tx *store.Tx, sc *scope, m *gov.Meeting, today calendar.Date) (queued, cancelled int, err error) {
	send := func(kind, key string, to []gov.Person, subject, body string) error {
		for _, p := range to {
			added, err := s.enqueue(ctx, tx, sc, m, kind, key, p, subject, body, "")
			if err != nil {
				return err
			}
			if added {
				queued++
			}
		}
		return nil
	}
	switch m.State {
	case gov.Planned, gov.AgendaPublished:
		if p := sc.f.Proposals; p != nil && p.CancelIfNone && m.ProposalsDue != "" && today.String() > m.ProposalsDue {
			items, err := tx.Items(ctx, m.ID)
			if err != nil {
				return queued, cancelled, err
			}
			proposed := false
			for _, it := range items {
				if it.Source == "proposal" && it.Status != gov.ItemDeclined {
					proposed = true
				}
			}
			if !proposed {
				locked, err := tx.Meeting(ctx, sc.a.Slug, m.ID, true)
				if err != nil {
					return queued, cancelled, err
				}
				reason := s.t(sc.a, "meeting.cancel.noproposals", "Date", m.ProposalsDue)
				if err := s.cancel(ctx, tx, sc, system, locked, reason); err != nil {
					return queued, cancelled, err
				}
				return queued, cancelled + 1, nil
			}
		}
		due, err := calendar.ParseDate(m.MaterialsDue)
		if err != nil {
			return queued, cancelled, nil
		}
		left := sc.cal.WorkingDaysBetween(today, due)
		if left == RemindDays || left == 0 {
			to := peopleOf(sc.a, sc.f, m.LocalDate, Responsible(sc.a, sc.f, sc.f.Responsibilities.Prepares))
			err := send("materials-due", fmt.Sprintf("materials-due:%d:%d", m.ID, left), to,
				s.t(sc.a, "meeting.mail.materialsdue.subject", "Forum", sc.f.Name, "Due", m.MaterialsDue, "Count", left),
				s.t(sc.a, "meeting.mail.materialsdue.body", "Forum", sc.f.Name, "Due", m.MaterialsDue, "When", s.when(sc, m), "Count", left))
			return queued, cancelled, err
		}
	case gov.Held, gov.MinutesDrafted:
		due, err := calendar.ParseDate(m.MinutesDue)
		if err != nil {
			return queued, cancelled, nil
		}
		to := peopleOf(sc.a, sc.f, m.LocalDate, Responsible(sc.a, sc.f, sc.f.Responsibilities.Minutes))
		switch {
		case today == due:
			err = send("minutes-due", fmt.Sprintf("minutes-due:%d", m.ID), to,
				s.t(sc.a, "meeting.mail.minutesdue.subject", "Forum", sc.f.Name, "Date", m.LocalDate),
				s.t(sc.a, "meeting.mail.minutesdue.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Due", m.MinutesDue))
		case today.After(due):
			err = send("minutes-overdue", fmt.Sprintf("minutes-overdue:%d", m.ID), to,
				s.t(sc.a, "meeting.mail.minutesoverdue.subject", "Forum", sc.f.Name, "Date", m.LocalDate),
				s.t(sc.a, "meeting.mail.minutesoverdue.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Due", m.MinutesDue))
		}
		return queued, cancelled, err
	}
	return queued, cancelled, nil
}

// RunScheduled claims this hour's run of the scheduled work and does it;
// another instance that tries the same hour gets false and does nothing.
func (s *Service) RunScheduled(ctx context.Context, instance string) (ran bool, queued, cancelled int, err error) {
	slot := s.Now().UTC().Format("2006-01-02T15")
	ok, err := s.st.ClaimJob(ctx, "meeting-reminders", slot, instance, s.Now())
	if err != nil || !ok {
		return false, 0, 0, err
	}
	queued, cancelled, err = s.Reminders(ctx)
	return true, queued, cancelled, err
}
