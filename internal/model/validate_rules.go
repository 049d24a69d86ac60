package model

import (
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// agreementRules checks the agreement-level rule blocks: complaints,
// incidents, orders, time reporting, reports, obligations and survey.
func (v validator) agreementRules() {
	a := v.a
	forum := func(path, slug string) {
		if slug != "" && a.Forum(slug) == nil {
			v.add(path, "no forum %q", slug)
		}
	}
	if c := a.Complaints; c != nil {
		if c.AcknowledgeWorkingDays < 1 {
			v.add("complaints.acknowledge_working_days", "the acknowledgement deadline is 1 working day or more")
		}
		if c.RespondWorkingDays < c.AcknowledgeWorkingDays {
			v.add("complaints.respond_working_days", "the response cannot be due (%d) before the acknowledgement (%d)", c.RespondWorkingDays, c.AcknowledgeWorkingDays)
		}
		forum("complaints.handled_in", c.HandledIn)
		v.uniqueText("complaints.sections", c.Sections)
		if c.SanctionAmount < 0 {
			v.add("complaints.sanction_amount", "cannot be negative")
		}
	}
	if in := a.Incidents; in != nil {
		ids := make([]string, len(in.Severities))
		for i, s := range in.Severities {
			ids[i] = s.Slug
			if s.Notify != "immediately" && s.Notify != "promptly" {
				v.add(fmt.Sprintf("incidents.severities[%d].notify", i), "%q is not allowed; use immediately or promptly", s.Notify)
			}
		}
		v.unique("incidents.severities", ids)
	}
	if o := a.Orders; o != nil {
		ids := make([]string, len(o.Classes))
		prev := 0.0
		for i, c := range o.Classes {
			ids[i] = c.Slug
			path := fmt.Sprintf("orders.classes[%d].below_person_days", i)
			last := i == len(o.Classes)-1
			switch {
			case c.BelowPersonDays < 0:
				v.add(path, "cannot be negative")
			case c.BelowPersonDays == 0 && !last:
				v.add(path, "only the last class may be open-ended; give an upper bound")
			case c.BelowPersonDays != 0 && c.BelowPersonDays <= prev:
				v.add(path, "classes go from smallest to largest; %g is not above %g", c.BelowPersonDays, prev)
			}
			prev = c.BelowPersonDays
		}
		v.unique("orders.classes", ids)
		if o.QuoteAbove < 0 {
			v.add("orders.quote_above", "cannot be negative")
		}
		forum("orders.addendum_forum", o.AddendumForum)
	}
	if t := a.TimeReporting; t != nil {
		if t.StepMinutes < 1 || t.StepMinutes > 60 || 60%t.StepMinutes != 0 {
			v.add("time_reporting.step_minutes", "%d does not divide an hour; use 1, 5, 10, 15, 30 or 60", t.StepMinutes)
		}
		if t.ApproveByWorkingDay < 1 || t.ApproveByWorkingDay > 15 {
			v.add("time_reporting.approve_by_working_day", "use a working day of the month from 1 to 15")
		}
		if t.InvoiceByWorkingDay < t.ApproveByWorkingDay || t.InvoiceByWorkingDay > 20 {
			v.add("time_reporting.invoice_by_working_day", "the invoice basis comes after approval (day %d) and by the 20th working day", t.ApproveByWorkingDay)
		}
		v.timeRates(t)
	}
	periodic := []string{"monthly", "quarterly", "half-yearly", "yearly", "per-year"}
	ids := make([]string, len(a.Reports))
	for i, r := range a.Reports {
		ids[i] = r.Slug
		path := fmt.Sprintf("reports[%d]", i)
		if !contains(periodic[:4], string(r.Frequency)) {
			v.add(path+".frequency", "%q is not allowed for a report; use one of: %s", r.Frequency, strings.Join(periodic[:4], ", "))
		}
		if r.DueWorkingDay < 0 || r.DueWorkingDay > 20 {
			v.add(path+".due_working_day", "use a working day of the month from 1 to 20")
		}
		forum(path+".reviewed_in", r.ReviewedIn)
		v.uniqueText(path+".sections", r.Sections)
		for j, sh := range r.Shared { // issue 14: the sections every supplier's part shows in full
			if sh != "incidents" && sh != "risks" {
				v.add(fmt.Sprintf("%s.shared[%d]", path, j), "%q cannot be shared; use incidents or risks", sh)
			}
		}
	}
	v.unique("reports", ids)
	ids = make([]string, len(a.Obligations))
	for i, o := range a.Obligations {
		ids[i] = o.Slug
		path := fmt.Sprintf("obligations[%d]", i)
		v.who(path+".owner", o.Owner, a.Parties)
		if !contains(periodic, string(o.Frequency)) {
			v.add(path+".frequency", "%q is not allowed for an obligation; use one of: %s", o.Frequency, strings.Join(periodic, ", "))
		}
		if (o.Frequency == gov.PerYear) != (o.PerYear > 0) {
			v.add(path+".per_year", "per_year (1–52) goes with frequency: per-year, and only with it")
		}
		forum(path+".reported_to", o.ReportedTo)
	}
	v.unique("obligations", ids)
	if s := a.Survey; s != nil && (s.Share <= 0 || s.Share > 1) {
		v.add("survey.share", "the share of participants asked is above 0 and at most 1 (e.g. 0.3)")
	}
}

func (v validator) uniqueText(path string, items []string) {
	seen := map[string]bool{}
	for i, s := range items {
		if strings.TrimSpace(s) == "" {
			v.add(fmt.Sprintf("%s[%d]", path, i), "an empty entry")
		}
		if seen[s] {
			v.add(fmt.Sprintf("%s[%d]", path, i), "%q is listed twice", s)
		}
		seen[s] = true
	}
}

// timeRates checks the rates and normal monthly amounts of time
// reporting (issue 7): rates name suppliers of the agreement and have a
// price; each supplier has at most one normal amount.
func (v validator) timeRates(t *gov.TimeRules) {
	a := v.a
	supplier := func(path, slug string) {
		if p := a.Party(slug); p == nil {
			v.add(path, "no party %q", slug)
		} else if p.Kind != gov.KindSupplier && p.Kind != gov.KindProvider {
			v.add(path, "%q is no supplier or provider", slug)
		}
	}
	ids := make([]string, len(t.Rates))
	for i, r := range t.Rates {
		ids[i] = r.Slug
		path := fmt.Sprintf("time_reporting.rates[%d]", i)
		if r.Party != "" {
			supplier(path+".party", r.Party)
		}
		if r.Hourly <= 0 {
			v.add(path+".hourly", "an hourly rate is above zero")
		}
		if strings.TrimSpace(r.Name) == "" {
			v.add(path+".name", "a rate needs a name")
		}
	}
	v.unique("time_reporting.rates", ids)
	seen := map[string]bool{}
	for i, m := range t.NormalMonthly {
		path := fmt.Sprintf("time_reporting.normal_monthly[%d]", i)
		supplier(path+".party", m.Party)
		if seen[m.Party] {
			v.add(path+".party", "%q has a normal monthly amount already", m.Party)
		}
		seen[m.Party] = true
		if m.Amount < 0 {
			v.add(path+".amount", "cannot be negative")
		}
	}
	if t.DeviationPercent < 0 || t.DeviationPercent > 100 {
		v.add("time_reporting.deviation_percent", "use a percentage from 0 to 100")
	}
}
