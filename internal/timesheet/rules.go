// Package timesheet runs time reporting (issue 7): supplier staff enter
// their hours day by day, on an order or on the continuous service, in
// the model's steps; the supplier corrects them until approved; the
// ordering side approves a month's entries by the model's working day of
// the next month; nothing changes once the month's invoice basis is
// issued. Entries also come from the supplier's own system as CSV.
package timesheet

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// Entry states.
const (
	StateEntered  = "entered"
	StateApproved = "approved"
	StateRejected = "rejected"
)

// States lists the entry states.
var States = []string{StateEntered, StateApproved, StateRejected}

// MaxDescription bounds an entry's description.
const MaxDescription = 1000

// DefaultStep is the step when the model has no time reporting rules.
const DefaultStep = 15

// Step returns the model's step in minutes.
func Step(a *gov.Agreement) int {
	if a.TimeReporting != nil && a.TimeReporting.StepMinutes > 0 {
		return a.TimeReporting.StepMinutes
	}
	return DefaultStep
}

// ParseDuration reads a duration as people write it: hours with a
// decimal comma or point ("1,5", "0.25", "2"), hours and minutes
// ("1:30", "1 h 30 min", "0:07") or minutes ("45 min"). It returns
// minutes, rounded to the nearest; ok is false for anything else.
func ParseDuration(s string) (int, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	if h, m, found := strings.Cut(s, ":"); found {
		hh, err1 := strconv.Atoi(strings.TrimSpace(h))
		mm, err2 := strconv.Atoi(strings.TrimSpace(m))
		if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 {
			return 0, false
		}
		return hh*60 + mm, true
	}
	if v, ok := strings.CutSuffix(s, "min"); ok {
		if hpart, mpart, two := strings.Cut(v, "h"); two {
			hh, err1 := strconv.Atoi(strings.TrimSpace(hpart))
			mm, err2 := strconv.Atoi(strings.TrimSpace(mpart))
			if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 {
				return 0, false
			}
			return hh*60 + mm, true
		}
		mm, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || mm < 0 {
			return 0, false
		}
		return mm, true
	}
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "h"), " "))
	f, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || f < 0 || math.IsNaN(f) || f > 1000 {
		return 0, false
	}
	return int(math.Round(f * 60)), true
}

// CheckMinutes checks an entry's length: above zero, at most a day, in
// whole steps. The error is a field error for "minutes".
func CheckMinutes(step, minutes int) *gov.FieldError {
	switch {
	case minutes <= 0:
		return &gov.FieldError{Field: "minutes", Message: "enter the time worked, above zero", ID: "time.err.zero"}
	case minutes > 24*60:
		return &gov.FieldError{Field: "minutes", Message: "a day has at most 24 hours", ID: "time.err.day"}
	case minutes%step != 0:
		return &gov.FieldError{Field: "minutes", Message: fmt.Sprintf("enter time in steps of %d minutes; %d minutes is not one", step, minutes),
			ID: "time.err.step", Args: []any{"Step", step, "Minutes", minutes}}
	}
	return nil
}

// Calendar is the agreement's working-day calendar.
func Calendar(a *gov.Agreement) calendar.Calendar {
	c, err := calendar.ParseCountry(a.Country)
	if err != nil {
		c = calendar.Finland
	}
	return calendar.Calendar{Country: c, EvesWorking: a.EvesWorking}
}

// Deadlines are a month's time-reporting deadlines, in the following
// month: approval by the model's working day, the invoice basis by its.
type Deadlines struct {
	Month                string // YYYY-MM
	ApproveBy, InvoiceBy calendar.Date
}

// DeadlinesFor returns the deadlines of a month (YYYY-MM) on the
// agreement's calendar (defaults 2 and 5 when the model has no rules).
func DeadlinesFor(a *gov.Agreement, month string) (Deadlines, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return Deadlines{}, fmt.Errorf("month %q: use YYYY-MM", month)
	}
	approve, invoice := 2, 5
	if r := a.TimeReporting; r != nil {
		approve, invoice = r.ApproveByWorkingDay, r.InvoiceByWorkingDay
	}
	next := t.AddDate(0, 1, 0)
	cal := Calendar(a)
	d := Deadlines{Month: month}
	if d.ApproveBy, err = cal.NthWorkingDay(next.Year(), next.Month(), approve); err != nil {
		return d, err
	}
	d.InvoiceBy, err = cal.NthWorkingDay(next.Year(), next.Month(), invoice)
	return d, err
}

// MonthRange is a month's first and last day (YYYY-MM-DD).
func MonthRange(month string) (from, to string, err error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return "", "", fmt.Errorf("month %q: use YYYY-MM", month)
	}
	return t.Format(time.DateOnly), t.AddDate(0, 1, -1).Format(time.DateOnly), nil
}

// Today is the current day in the agreement's time zone.
func Today(a *gov.Agreement, now time.Time) calendar.Date {
	if loc, err := time.LoadLocation(a.TimeZone); err == nil {
		now = now.In(loc)
	}
	return calendar.DateOf(now)
}
