package timesheet

import (
	"context"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// approver names who approves a supplier's hours in the ledger: the one
// party that buys from it under the model's relationships (issue #14), or
// the buyers' kind when there are several (the municipalities that buy
// from the provider).
func approver(a *gov.Agreement, supplier string) string {
	buyers := a.BuyersFrom(supplier)
	if len(buyers) == 1 {
		return buyers[0]
	}
	if len(buyers) > 1 {
		if p := a.Party(buyers[0]); p != nil {
			return string(p.Kind)
		}
	}
	return string(gov.KindProvider)
}

// settle brings a supplier's month's duties in line with its entries, in
// the caller's transaction (issue 16): entries awaiting approval are an
// hours-approval duty of the approving side, due by the model's working
// day; returned entries an hours-correction duty of the supplier; each is
// closed once no such entry is left.
func (s *Service) settle(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, supplier, month, by string) error {
	from, to, err := MonthRange(month)
	if err != nil {
		return err
	}
	es, err := tx.TimeEntries(ctx, aid, store.EntryFilter{Supplier: supplier, From: from, To: to})
	if err != nil {
		return err
	}
	entered, rejected := 0, 0
	for _, e := range es {
		switch e.State {
		case StateEntered:
			entered++
		case StateRejected:
			rejected++
		}
	}
	d, err := DeadlinesFor(a, month)
	if err != nil {
		return nil // no calendar for the month: nothing to date
	}
	src, link := "time:"+supplier, "/a/"+a.Slug+"/time?supplier="+supplier+"&month="+month
	name := supplier
	if p := a.Party(supplier); p != nil {
		name = p.Name
	}
	if entered > 0 {
		err = duty.Reopen(ctx, tx, store.Duty{AgreementID: aid, Kind: duty.HoursApproval, Source: src, Occurrence: month, Title: name,
			Link: link, OwedBy: approver(a, supplier), OwedTo: supplier, Due: d.ApproveBy.String()})
	} else {
		err = duty.Done(ctx, tx, aid, duty.HoursApproval, src, month, by)
	}
	if err != nil {
		return err
	}
	if rejected > 0 {
		// The supplier corrects returned hours before the approval
		// deadline, or within a week once it has passed.
		due := d.ApproveBy.String()
		if soon := duty.DueAfter(a, Today(a, s.Now()), 5); soon > due {
			due = soon
		}
		if cur, err := tx.DutyByKey(ctx, aid, duty.HoursCorrection, src, month); err == nil && cur.State == store.DutyOpen {
			return nil // open already, with its due date
		}
		return duty.Reopen(ctx, tx, store.Duty{AgreementID: aid, Kind: duty.HoursCorrection, Source: src, Occurrence: month, Title: name,
			Link: link, OwedBy: supplier, OwedTo: approver(a, supplier), Due: due})
	}
	return duty.Done(ctx, tx, aid, duty.HoursCorrection, src, month, by)
}
