package model

import (
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// duties checks what the duty ledger needs of the model (issue 16): an
// obligation's or report's cadence must be one the calendar can meet —
// per-year splits the year into whole months, and a due working day
// exists in every month of the agreement's term — and the sanctions
// block names a forum of the model and no negative amounts.
func (v validator) duties() {
	a := v.a
	for i, o := range a.Obligations {
		path := fmt.Sprintf("obligations[%d]", i)
		if o.Frequency == gov.PerYear && o.PerYear > 0 && 12%o.PerYear != 0 {
			v.add(path+".per_year", "%d times a year cannot be met by the calendar's months; use 1, 2, 3, 4, 6 or 12", o.PerYear)
		}
		if o.Receiver != "" {
			v.who(path+".receiver", o.Receiver, a.Parties)
		}
		if o.DueWorkingDay < 0 {
			v.add(path+".due_working_day", "cannot be negative")
		} else if o.DueWorkingDay > 0 {
			v.workingDay(path+".due_working_day", o.DueWorkingDay)
		}
	}
	for i, r := range a.Reports {
		path := fmt.Sprintf("reports[%d]", i)
		if r.Owner != "" {
			v.who(path+".owner", r.Owner, a.Parties)
		}
		if r.DueWorkingDay > 0 && r.DueWorkingDay <= 20 {
			v.workingDay(path+".due_working_day", r.DueWorkingDay)
		}
	}
	if s := a.Sanctions; s != nil {
		if s.DecidedIn != "" && a.Forum(s.DecidedIn) == nil {
			v.add("sanctions.decided_in", "no forum %q", s.DecidedIn)
		}
		for _, f := range []struct {
			key string
			v   float64
		}{{"per_sla_breach", s.PerSLABreach}, {"per_complaint_response", s.PerComplaintResponse}, {"monthly_cap", s.MonthlyCap}} {
			if f.v < 0 {
				v.add("sanctions."+f.key, "cannot be negative")
			}
		}
	}
}

// workingDay checks that every month of the agreement's term (its first
// ten years when open-ended) has an n-th working day on its calendar.
func (v validator) workingDay(path string, n int) {
	c, err := calendar.ParseCountry(v.a.Country)
	if err != nil {
		return // reported at country
	}
	cal := calendar.Calendar{Country: c, EvesWorking: v.a.EvesWorking}
	from, err := calendar.ParseDate(v.a.Period.From)
	if err != nil {
		return // reported at period.from
	}
	to := calendar.NewDate(from.Y+10, from.M, 1)
	if end, err := calendar.ParseDate(v.a.Period.To); err == nil && end.Before(to) {
		to = end
	}
	for y, m := from.Y, from.M; y < to.Y || y == to.Y && m <= to.M; {
		if _, err := cal.NthWorkingDay(y, m, n); err != nil {
			v.add(path, "the calendar cannot meet working day %d: %v", n, err)
			return
		}
		if m++; m > time.December {
			y, m = y+1, time.January
		}
	}
}
