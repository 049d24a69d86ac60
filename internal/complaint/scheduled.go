package complaint

import (
	"context"
	"fmt"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// system acts for the scheduler; its history and audit entries name it
// "system".
var system = Actor{}

// Job is the scheduler's name for the complaint deadlines in job claims.
const Job = "complaint-deadlines"

// Overdue is what one pass over the deadlines did.
type Overdue struct {
	// Proposed counts sanctions proposed for complaints with no response
	// by the due date. (Reminders come from the duty ledger.)
	Proposed int
}

// Deadlines does the complaints' scheduled work in every agreement. A
// complaint with no response at the end of its response due day (in the
// agreement's time zone) is eligible for a sanction by itself: when the
// model says so (sanction_on_late) one is proposed, with the same source
// ref as a late or returned response, so a complaint is sanctioned once
// whichever path comes first. A complaint not acknowledged by its due day
// is reminded of by the duty ledger (internal/duty), as every deadline
// is. Each
// complaint is handled in its own transaction with its row locked, so a
// response submitted meanwhile is seen, and running this again, or on
// several instances at once, proposes and records nothing twice.
func (s *Service) Deadlines(ctx context.Context) (Overdue, error) {
	var total Overdue
	sums, err := s.st.Agreements(ctx)
	if err != nil {
		return total, err
	}
	for _, sum := range sums {
		a, err := s.st.Agreement(ctx, sum.Slug)
		if err != nil {
			return total, err
		}
		o, err := s.overdueIn(ctx, a)
		total.Proposed += o.Proposed
		if err != nil {
			return total, fmt.Errorf("complaint deadlines for %s: %w", a.Slug, err)
		}
	}
	return total, nil
}

// overdueIn handles the open complaints of one agreement that have no
// adequate response yet: filed, acknowledged, or returned (a response
// returned before its due date is sanctioned once the date passes).
func (s *Service) overdueIn(ctx context.Context, a *gov.Agreement) (Overdue, error) {
	var o Overdue
	var ids []int64
	now := s.now()
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		for _, st := range []Status{Filed, Acknowledged, Returned} {
			cs, err := tx.Complaints(ctx, a.Slug, store.ComplaintFilter{Status: string(st)})
			if err != nil {
				return err
			}
			for _, c := range cs {
				if lateOn(a, c.RespondDue, now) {
					ids = append(ids, c.ID)
				}
			}
		}
		return nil
	})
	if err != nil {
		return o, err
	}
	for _, id := range ids {
		err := s.st.InTx(ctx, func(tx *store.Tx) error {
			c, err := tx.Complaint(ctx, a.Slug, id, true)
			if err != nil {
				return err
			}
			if c.Status != string(Filed) && c.Status != string(Acknowledged) && c.Status != string(Returned) {
				return nil // answered since the list was read
			}
			if lateOn(a, c.RespondDue, now) {
				sid, created, err := s.propose(ctx, tx, a, c, "no response by the due date "+c.RespondDue)
				if err != nil {
					return err
				}
				if created {
					o.Proposed++
					if err := s.record(ctx, tx, system, c, "unanswered", "", map[string]any{"sanction": sid, "respond_due": c.RespondDue}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return o, err
		}
	}
	return o, nil
}

// RunScheduled claims this hour's run of the complaint deadlines and does
// it; another instance that tries the same hour gets false and does
// nothing.
func (s *Service) RunScheduled(ctx context.Context, instance string) (ran bool, o Overdue, err error) {
	slot := s.now().Format("2006-01-02T15")
	ok, err := s.st.ClaimJob(ctx, Job, slot, instance, s.now())
	if err != nil || !ok {
		return false, o, err
	}
	o, err = s.Deadlines(ctx)
	return true, o, err
}
