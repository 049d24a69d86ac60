package report

import (
	"context"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// ReviewWorkingDays is how long the customer has to approve or dispute a
// submitted report, or decide a proposed exclusion, when the reviewing
// forum has no meeting planned sooner.
const ReviewWorkingDays = 5

// reviewDue is when a review is due: the reviewing forum's next meeting,
// or ReviewWorkingDays working days from today.
func reviewDue(ctx context.Context, tx *store.Tx, a *gov.Agreement, forum string) string {
	now := time.Now()
	due := duty.DueAfter(a, duty.Today(a, now), ReviewWorkingDays)
	if forum != "" {
		if m, err := tx.NextOpenMeeting(ctx, a.Slug, forum, now); err == nil && m.LocalDate < due {
			return m.LocalDate
		}
	}
	return due
}

// submittedDuties closes the month's report-submission duty and opens
// the customer's report-approval duty (issue 16).
func submittedDuties(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, month, by string) error {
	src, owner, r := duty.MonthlyReport(a)
	if err := duty.Done(ctx, tx, aid, duty.ReportSubmission, src, month, by); err != nil {
		return err
	}
	d := store.Duty{AgreementID: aid, Kind: duty.ReportApproval, Source: src, Occurrence: month, Title: month,
		Link: "/a/" + a.Slug + "/reports/" + month, OwedBy: duty.BuyerOf(a, owner), OwedTo: owner}
	if r != nil {
		d.Title, d.Forum = r.Name+" "+month, r.ReviewedIn
	}
	d.Due = reviewDue(ctx, tx, a, d.Forum)
	return duty.Reopen(ctx, tx, d)
}

// decidedDuties closes the approval duty; a disputed report goes back to
// the supplier for a new version.
func decidedDuties(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid int64, month string, approved bool, by string) error {
	src, owner, r := duty.MonthlyReport(a)
	if err := duty.Done(ctx, tx, aid, duty.ReportApproval, src, month, by); err != nil {
		return err
	}
	if approved {
		return nil
	}
	d := store.Duty{AgreementID: aid, Kind: duty.ReportSubmission, Source: src, Occurrence: month, Title: month,
		Link: "/a/" + a.Slug + "/reports/" + month, OwedBy: owner, OwedTo: duty.BuyerOf(a, owner),
		Due: duty.DueAfter(a, duty.Today(a, time.Now()), ReviewWorkingDays)}
	if r != nil {
		d.Title, d.Forum = r.Name, r.ReviewedIn
	}
	return duty.Reopen(ctx, tx, d)
}

// exclusionDuty opens the customer's duty to decide a proposed
// exclusion of a breach, due with the report's review.
func exclusionDuty(ctx context.Context, tx *store.Tx, a *gov.Agreement, aid, id int64, ticket, month, party string) error {
	_, owner, r := duty.MonthlyReport(a)
	if party == "" {
		party = owner
	}
	forum := ""
	if r != nil {
		forum = r.ReviewedIn
	}
	return duty.Open(ctx, tx, store.Duty{AgreementID: aid, Kind: duty.ExclusionDecision, Source: fmt.Sprintf("exclusion:%d", id),
		Title: ticket + " (" + month + ")", Link: "/a/" + a.Slug + "/reports/" + month, OwedBy: duty.BuyerOf(a, party), OwedTo: party,
		Forum: forum, Due: reviewDue(ctx, tx, a, forum)})
}
