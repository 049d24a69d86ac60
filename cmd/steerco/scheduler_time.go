package main

import (
	"context"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

// timeReminders is the scheduler's share of time reporting (issue 7):
// the hourly run, claimed once across instances, that reminds the
// approving party of last month's hours before the approval deadline and
// tells it once the deadline has passed.
type timeReminders struct {
	svc *timesheet.Service
	cat *i18n.Catalog
}

func newTimeReminders(st *store.Store, cat *i18n.Catalog) *timeReminders {
	return &timeReminders{svc: timesheet.New(st), cat: cat}
}

// run does this hour's reminders unless another instance has; it
// returns how many messages it queued.
func (t *timeReminders) run(ctx context.Context, instance string) (int, error) {
	_, n, err := t.svc.RunScheduled(ctx, t.cat, instance)
	return n, err
}
