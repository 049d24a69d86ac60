package timesheet

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// Reminders queues, through the outbox, a reminder to approve last
// month's hours the working day before the approval deadline and a
// notice once it has passed, to the approving party's ordering contacts,
// for every supplier with hours awaiting approval. Each message has a
// dedupe key, so it is queued once however often this runs and on
// however many instances. It returns how many were queued.
func (s *Service) Reminders(ctx context.Context, cat *i18n.Catalog) (int, error) {
	sums, err := s.st.Agreements(ctx)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, sum := range sums {
		a, err := s.st.Agreement(ctx, sum.Slug)
		if err != nil {
			return queued, err
		}
		if a.TimeReporting == nil {
			continue
		}
		n, err := s.remind(ctx, cat, a)
		queued += n
		if err != nil {
			return queued, fmt.Errorf("time reminders for %s: %w", a.Slug, err)
		}
	}
	return queued, nil
}

func (s *Service) remind(ctx context.Context, cat *i18n.Catalog, a *gov.Agreement) (int, error) {
	today := Today(a, s.Now())
	month := today.Time(time.UTC).AddDate(0, -1, 0).Format("2006-01")
	d, err := DeadlinesFor(a, month)
	if err != nil {
		return 0, nil
	}
	left := Calendar(a).WorkingDaysBetween(today, d.ApproveBy)
	kind := ""
	switch {
	case left == 1:
		kind = "time-approval-due"
	case today.After(d.ApproveBy):
		kind = "time-approval-overdue"
	default:
		return 0, nil
	}
	from, to, _ := MonthRange(month)
	queued := 0
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		aid, err := tx.AgreementID(ctx, a.Slug)
		if err != nil {
			return err
		}
		contacts, err := tx.OrderingContacts(ctx, aid)
		if err != nil {
			return err
		}
		for _, sup := range Suppliers(a) {
			es, err := tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: sup.Slug, From: from, To: to, State: StateEntered})
			if err != nil {
				return err
			}
			if len(es) == 0 {
				continue
			}
			if _, err := tx.InvoiceBasisFor(ctx, aid, sup.Slug, month); err == nil {
				continue // the month is closed; nothing can be approved
			}
			hours := 0
			for _, e := range es {
				hours += e.Minutes
			}
			args := []any{"Supplier", sup.Name, "Month", month, "Due", i18n.Date(a.Language, d.ApproveBy.Time(time.UTC)),
				"Hours", i18n.Number(a.Language, float64(hours)/60), "Count", len(es)}
			subject := cat.T(a.Language, "time.mail."+strings.TrimPrefix(kind, "time-approval-")+".subject", args...)
			body := cat.T(a.Language, "time.mail."+strings.TrimPrefix(kind, "time-approval-")+".body", args...)
			for _, c := range contacts {
				p := a.Person(c.Person)
				if p == nil || p.Email == "" || a.Contract(c.Party, sup.Slug) == nil {
					continue
				}
				added, err := tx.Enqueue(ctx, &store.Message{AgreementID: aid, Kind: kind,
					DedupeKey: fmt.Sprintf("%s:%s:%s:%s:%s", kind, a.Slug, sup.Slug, month, strings.ToLower(p.Email)),
					Recipient: p.Email, Subject: subject, Body: body, CreatedAt: s.Now()})
				if err != nil {
					return err
				}
				if added {
					queued++
				}
			}
		}
		return nil
	})
	return queued, err
}

// RunScheduled claims this hour's run of the time reminders and does
// them; another instance that tries the same hour gets false.
func (s *Service) RunScheduled(ctx context.Context, cat *i18n.Catalog, instance string) (bool, int, error) {
	slot := s.Now().UTC().Format("2006-01-02T15")
	ok, err := s.st.ClaimJob(ctx, "time-reminders", slot, instance, s.Now())
	if err != nil || !ok {
		return false, 0, err
	}
	n, err := s.Reminders(ctx, cat)
	return true, n, err
}
