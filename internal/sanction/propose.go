package sanction

import (
	"context"
	"math"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Rules are the model's sanction rules, or none (the buyer's
// representative decides, no amounts) when it has no sanctions block.
func Rules(a *gov.Agreement) gov.SanctionRules {
	if a.Sanctions != nil {
		return *a.Sanctions
	}
	return gov.SanctionRules{}
}

// cents is an amount of the agreement's currency in minor units.
func cents(v float64) int64 { return int64(math.Round(v * 100)) }

// ComplaintAmount is the sanction for a late, missing or inadequate
// complaint response: the sanctions block's amount, or the older
// complaints.sanction_amount.
func ComplaintAmount(a *gov.Agreement) int64 {
	if v := Rules(a).PerComplaintResponse; v > 0 {
		return cents(v)
	}
	if a.Complaints != nil {
		return cents(a.Complaints.SanctionAmount)
	}
	return 0
}

// BreachAmount is the sanction for n breaches of a service level: the
// service's own amount per breach, or the sanctions block's.
func BreachAmount(a *gov.Agreement, perService float64, n int) int64 {
	per := perService
	if per == 0 {
		per = Rules(a).PerSLABreach
	}
	return cents(per * float64(n))
}

// DecidingForum is the forum that decides sanctions, or nil when the
// buyer's representative does.
func DecidingForum(a *gov.Agreement) *gov.Forum {
	return a.Forum(Rules(a).DecidedIn)
}

// Propose proposes a sanction in the caller's transaction: its amount
// bounded by the model's monthly cap for the supplier (what the month's
// proposed and approved sanctions already take counts against it), a
// sanction-decision duty for the deciding side, and, where the model
// names a forum, a matter on that forum's next agenda. Proposing the same
// cause again changes nothing.
func Propose(ctx context.Context, tx *store.Tx, a *gov.Agreement, p store.SanctionProposal, now time.Time) (int64, bool, error) {
	if limit := cents(Rules(a).MonthlyCap); limit > 0 {
		if _, err := tx.SanctionBySource(ctx, p.AgreementID, p.Source, p.SourceRef); err != nil {
			used, err := monthTotal(ctx, tx, a, p.Party, p.Month)
			if err != nil {
				return 0, false, err
			}
			p.Amount = max(0, min(p.Amount, limit-used))
		}
	}
	id, created, err := tx.ProposeSanction(ctx, p)
	if err != nil || !created {
		return id, created, err
	}
	f := DecidingForum(a)
	d := store.Duty{AgreementID: p.AgreementID, Kind: duty.SanctionDecision, Source: "sanction:" + strconv.FormatInt(id, 10),
		Title: p.Reason, Link: "/a/" + a.Slug + "/sanctions", OwedBy: buyer(a, p.Party), OwedTo: p.Party,
		Due: duty.DueAfter(a, duty.Today(a, now), DecideWorkingDays)}
	if f != nil {
		d.Forum = f.Slug
		if mt, err := tx.NextOpenMeeting(ctx, a.Slug, f.Slug, now); err == nil {
			d.Due = mt.LocalDate
		}
		mid, err := duty.RaiseMatter(ctx, tx, a, f, "Sanktio / Sanktion #"+strconv.FormatInt(id, 10)+": "+p.Reason,
			p.Reason, "system", "", "sanction", now)
		if err != nil {
			return id, true, err
		}
		if err := tx.SetSanctionForum(ctx, id, f.Slug, mid); err != nil {
			return id, true, err
		}
	}
	return id, true, duty.Open(ctx, tx, d)
}

// DecideWorkingDays is how long the buyer's representative has to decide
// a sanction when no forum decides it.
const DecideWorkingDays = 10

// buyer is the party that decides a sanction on a supplier: the provider
// that buys from it where there is one, else the customer.
func buyer(a *gov.Agreement, supplier string) string {
	for _, p := range a.Parties {
		if p.Kind == gov.KindProvider && p.Slug != supplier {
			return p.Slug
		}
	}
	var customers []string
	for _, p := range a.Parties {
		if p.Kind == gov.KindCustomer {
			customers = append(customers, p.Slug)
		}
	}
	if len(customers) == 1 {
		return customers[0]
	}
	return string(gov.KindCustomer)
}

// monthTotal sums a supplier's proposed and approved sanctions of a month.
func monthTotal(ctx context.Context, tx *store.Tx, a *gov.Agreement, party, month string) (int64, error) {
	list, err := tx.Sanctions(ctx, a.Slug, store.SanctionFilter{Month: month, Party: party})
	var sum int64
	for _, s := range list {
		if s.Status != store.SanctionDisputed {
			sum += s.Amount
		}
	}
	return sum, err
}
