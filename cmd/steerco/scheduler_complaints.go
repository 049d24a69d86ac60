package main

import (
	"context"

	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/store"
)

// complaintDeadlines is the scheduler's share of complaints (issue 6):
// the hourly run, claimed once across instances, that proposes the
// sanction of a complaint left without a response past its due date.
// (The acknowledgement's reminders come from the duty ledger, issue 16.)
type complaintDeadlines struct {
	svc *complaint.Service
}

func newComplaintDeadlines(st *store.Store) *complaintDeadlines {
	return &complaintDeadlines{svc: complaint.New(st)}
}

// run does this hour's complaint deadlines unless another instance has;
// it returns the sanctions it proposed (and no reminders: the ledger
// sends those).
func (c *complaintDeadlines) run(ctx context.Context, instance string) (queued, proposed int, err error) {
	_, o, err := c.svc.RunScheduled(ctx, instance)
	return 0, o.Proposed, err
}
