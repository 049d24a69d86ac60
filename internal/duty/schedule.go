package duty

import (
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// Period is one stretch of a recurring duty: a month, a quarter, a third
// of a year... Label names it in the ledger ("2027-03", "2027-Q1",
// "2027-T2", "2027-H1", "2027").
type Period struct {
	Label    string
	From, To calendar.Date
}

// Periods splits a year by a frequency. per-year n needs n to divide the
// year into whole months (1, 2, 3, 4, 6 or 12); ok is false otherwise and
// for the frequencies that have no periods (weekly, as needed).
func Periods(f gov.Frequency, perYear, year int) (ps []Period, ok bool) {
	months := 0
	prefix := ""
	switch f {
	case gov.Monthly:
		months = 1
	case gov.Quarterly:
		months, prefix = 3, "Q"
	case gov.HalfYearly:
		months, prefix = 6, "H"
	case gov.Yearly:
		months = 12
	case gov.PerYear:
		if perYear < 1 || 12%perYear != 0 {
			return nil, false
		}
		months = 12 / perYear
		prefix = map[int]string{1: "", 2: "H", 3: "T", 4: "Q", 6: "B", 12: ""}[perYear]
	default:
		return nil, false
	}
	for i := 0; i < 12/months; i++ {
		from := calendar.NewDate(year, time.Month(1+i*months), 1)
		to := calendar.NewDate(year, time.Month(1+(i+1)*months), 1).AddDays(-1)
		label := fmt.Sprintf("%04d", year)
		switch {
		case months == 1:
			label = fmt.Sprintf("%04d-%02d", year, i+1)
		case months < 12:
			label = fmt.Sprintf("%04d-%s%d", year, prefix, i+1)
		}
		ps = append(ps, Period{Label: label, From: from, To: to})
	}
	return ps, true
}

// dueOf is a period's due date: the n-th working day of the month after
// it, or with n = 0 its own last working day.
func dueOf(cal calendar.Calendar, p Period, n int) (calendar.Date, error) {
	if n <= 0 {
		return cal.PrevWorkingDay(p.To), nil
	}
	next := p.To.AddDays(1)
	return cal.NthWorkingDay(next.Y, next.M, n)
}

// DefaultReportDueDay is the working day of the following month a report
// is due on when the model names none.
const DefaultReportDueDay = 5

// Occurrence is one dated duty of a recurring rule, before or after it
// is in the ledger.
type Occurrence struct {
	store.Duty
}

// owners expands a party reference into the parties it names: a slug
// names one, a kind every party of that kind.
func owners(a *gov.Agreement, ref string) []string {
	if p := a.Party(ref); p != nil {
		return []string{p.Slug}
	}
	var out []string
	for _, p := range a.Parties {
		if string(p.Kind) == ref {
			out = append(out, p.Slug)
		}
	}
	return out
}

// BuyerOf is who receives what a party owes when the model names nobody:
// a supplier delivers to the provider (where there is one) or the
// customers; a provider to the customers; a customer to its provider or
// suppliers.
func BuyerOf(a *gov.Agreement, owner string) string {
	has := func(k gov.PartyKind) bool {
		for _, p := range a.Parties {
			if p.Kind == k {
				return true
			}
		}
		return false
	}
	kind := gov.PartyKind(owner)
	if p := a.Party(owner); p != nil {
		kind = p.Kind
	}
	to := gov.KindCustomer
	switch kind {
	case gov.KindSupplier:
		if has(gov.KindProvider) {
			to = gov.KindProvider
		}
	case gov.KindCustomer:
		to = gov.KindSupplier
		if has(gov.KindProvider) {
			to = gov.KindProvider
		}
	}
	// One party of that kind is named; several are named by their kind.
	if ps := owners(a, string(to)); len(ps) == 1 {
		return ps[0]
	}
	return string(to)
}

// ReportOwner is who delivers a report: the model's owner, or the one
// supplier, or every supplier as a kind, or the provider.
func ReportOwner(a *gov.Agreement, r gov.ReportRule) string {
	if r.Owner != "" {
		return r.Owner
	}
	sup := owners(a, string(gov.KindSupplier))
	switch {
	case len(sup) == 1:
		return sup[0]
	case len(sup) > 1:
		return string(gov.KindSupplier)
	}
	return string(gov.KindProvider)
}

// inPeriod reports whether a date falls inside the agreement's term.
func inPeriod(a *gov.Agreement, d calendar.Date) bool {
	if from, err := calendar.ParseDate(a.Period.From); err == nil && d.Before(from) {
		return false
	}
	if to, err := calendar.ParseDate(a.Period.To); err == nil && d.After(to) {
		return false
	}
	return true
}

// Schedule lists the recurring duties of an agreement whose periods
// start in the years from..to: each obligation for each party it names,
// each report, and each supplier's monthly invoice basis where the model
// has time reporting. They are not in the ledger until Sync puts them
// there; the listing shows those still to come as planned.
func Schedule(a *gov.Agreement, fromYear, toYear int) ([]Occurrence, error) {
	cal, err := plan.Calendar(a)
	if err != nil {
		return nil, err
	}
	var out []Occurrence
	// after: the duty is about a period and can be done once it is over
	// (a report, an invoice basis); otherwise during it.
	add := func(d store.Duty, f gov.Frequency, perYear, dueDay int, after bool) {
		for y := fromYear; y <= toYear; y++ {
			ps, ok := Periods(f, perYear, y)
			if !ok {
				return
			}
			for _, p := range ps {
				if !inPeriod(a, p.From) && !inPeriod(a, p.To) {
					continue
				}
				due, err := dueOf(cal, p, dueDay)
				if err != nil {
					continue // refused by model validation; never silently moved
				}
				o := d
				o.Occurrence, o.Starts, o.Due = p.Label, p.From.String(), due.String()
				if after {
					o.Starts = p.To.AddDays(1).String()
				}
				out = append(out, Occurrence{Duty: o})
			}
		}
	}
	for _, ob := range a.Obligations {
		for _, owner := range owners(a, ob.Owner) {
			to := ob.Receiver
			if to == "" {
				to = BuyerOf(a, owner)
			}
			src := "obligation:" + ob.Slug
			occ := store.Duty{Kind: Obligation, Source: src, Title: ob.Title, OwedBy: owner, OwedTo: to, Forum: ob.ReportedTo}
			if len(owners(a, ob.Owner)) > 1 {
				occ.Source = src + ":" + owner
			}
			add(occ, ob.Frequency, ob.PerYear, ob.DueWorkingDay, false)
		}
	}
	for _, r := range a.Reports {
		day := r.DueWorkingDay
		if day == 0 {
			day = DefaultReportDueDay
		}
		owner := ReportOwner(a, r)
		d := store.Duty{Kind: ReportSubmission, Source: "report:" + r.Slug, Title: r.Name, OwedBy: owner, OwedTo: BuyerOf(a, owner),
			Forum: r.ReviewedIn}
		if r.Frequency == gov.Monthly {
			d.Link = "/a/" + a.Slug + "/reports"
		}
		add(d, r.Frequency, 0, day, true)
	}
	if t := a.TimeReporting; t != nil && t.InvoiceByWorkingDay > 0 {
		for _, p := range a.Parties {
			if p.Kind != gov.KindSupplier {
				continue
			}
			d := store.Duty{Kind: InvoiceBasis, Source: "invoice:" + p.Slug, Title: p.Name, OwedBy: p.Slug, OwedTo: BuyerOf(a, p.Slug),
				Link: "/a/" + a.Slug + "/invoice"}
			add(d, gov.Monthly, 0, t.InvoiceByWorkingDay, true)
		}
	}
	return out, nil
}

// MonthlyReport is the ledger's source of the monthly report pack: the
// model's first monthly report, or "report:monthly" when it names none,
// with who delivers it.
func MonthlyReport(a *gov.Agreement) (source, owner string, rule *gov.ReportRule) {
	for i, r := range a.Reports {
		if r.Frequency == gov.Monthly {
			return "report:" + r.Slug, ReportOwner(a, r), &a.Reports[i]
		}
	}
	return "report:monthly", ReportOwner(a, gov.ReportRule{}), nil
}
