// Package plan computes an agreement's annual plan (årshjul, vuosikello):
// every regular meeting of every forum in a year, placed on a working day
// of the agreement's calendar, with its agenda, proposal and minutes
// deadlines.
package plan

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
)

// Meeting is one planned meeting.
type Meeting struct {
	Forum     string // forum slug
	ForumName string
	Level     string
	Date      calendar.Date
	Start     time.Time // in the agreement's time zone
	End       time.Time
	// MovedFrom is the date the cadence gave when it fell on a non-working
	// day and the meeting moved to the next working day.
	MovedFrom *calendar.Date
	// MaterialsDue is the last working day for the agenda and materials.
	MaterialsDue calendar.Date
	// ProposalsDue is the deadline for agenda proposals, where the forum
	// takes them.
	ProposalsDue *calendar.Date
	// MinutesDue is when the minutes must be delivered.
	MinutesDue calendar.Date
}

// Calendar returns the working-day calendar of an agreement.
func Calendar(a *gov.Agreement) (calendar.Calendar, error) {
	c, err := calendar.ParseCountry(a.Country)
	if err != nil {
		return calendar.Calendar{}, err
	}
	return calendar.Calendar{Country: c, EvesWorking: a.EvesWorking}, nil
}

// Year lists the regular meetings of all active forums of a in year, in
// date order (then by forum order in the model). Only meetings inside the
// agreement's period are planned: a year outside it has none, and a
// meeting the cadence gives before the contract starts (or that moves off
// a holiday past its end) is left out.
func Year(a *gov.Agreement, year int) ([]Meeting, error) {
	cal, err := Calendar(a)
	if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("agreement %s: time zone %q: %w", a.Slug, a.TimeZone, err)
	}
	var out []Meeting
	for _, f := range a.Forums {
		if f.Inactive {
			continue
		}
		for _, d := range Dates(f.Cadence, year) {
			if m := place(cal, loc, &f, d); a.Period.Contains(m.Date.String()) {
				out = append(out, m)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out, nil
}

// place puts a meeting the cadence gave on date d onto a working day and
// computes its deadlines.
func place(cal calendar.Calendar, loc *time.Location, f *gov.Forum, d calendar.Date) Meeting {
	m := Meeting{Forum: f.Slug, ForumName: f.Name, Level: f.Level, Date: d}
	if !cal.IsWorkingDay(d) {
		orig := d
		m.MovedFrom = &orig
		m.Date = cal.NextWorkingDay(d)
	}
	hh, mm := 9, 0
	if f.Cadence.Time != "" {
		fmt.Sscanf(f.Cadence.Time, "%d:%d", &hh, &mm)
	}
	dur := f.Cadence.DurationMinutes
	if dur == 0 {
		dur = 60
	}
	day := m.Date.Time(loc)
	m.Start = time.Date(day.Year(), day.Month(), day.Day(), hh, mm, 0, 0, loc)
	m.End = m.Start.Add(time.Duration(dur) * time.Minute)
	m.MaterialsDue = MaterialsDue(cal, f.Materials, m.Date)
	if p := f.Proposals; p != nil {
		due := cal.AddWorkingDays(m.Date, -max(p.WorkingDaysBefore, 1))
		m.ProposalsDue = &due
	}
	m.MinutesDue = MinutesDue(cal, f.Minutes, m.Date)
	return m
}

// MaterialsDue is the deadline for the agenda and materials of a meeting
// held on date: N working days before it, or the working day before it
// ("the day before" of a Monday meeting is the Friday).
func MaterialsDue(cal calendar.Calendar, r gov.MaterialsRule, date calendar.Date) calendar.Date {
	if r.DayBefore || r.WorkingDaysBefore <= 0 {
		return cal.AddWorkingDays(date, -1)
	}
	return cal.AddWorkingDays(date, -r.WorkingDaysBefore)
}

// MinutesDue is when the minutes of a meeting held on date are due:
// within N calendar days, or within N working days. A calendar-day
// deadline that falls on a weekend or holiday moves to the next working
// day, as deadlines do (the 29 December meeting's "within 3 days" is not
// due on New Year's Day).
func MinutesDue(cal calendar.Calendar, r gov.MinutesRule, date calendar.Date) calendar.Date {
	if r.WithinWorkingDays > 0 {
		return cal.AddWorkingDays(date, r.WithinWorkingDays)
	}
	return cal.NextWorkingDay(date.AddDays(r.WithinDays))
}

// Dates are the dates a cadence gives in a year, before moving any off a
// holiday. Weekly meetings fall on the weekday every week; biweekly every
// other week from the first such weekday of the year; the others on the
// weekday of the given week of their months.
func Dates(c gov.Cadence, year int) []calendar.Date {
	wd := weekday(c.Weekday)
	week := c.Week
	if week == 0 {
		week = 2
	}
	switch c.Frequency {
	case gov.Weekly, gov.Biweekly:
		step := 7
		if c.Frequency == gov.Biweekly {
			step = 14
		}
		var ds []calendar.Date
		for d := firstWeekday(year, time.January, wd); d.Y == year; d = d.AddDays(step) {
			ds = append(ds, d)
		}
		return ds
	case gov.PerYear:
		if c.PerYear > 12 && len(c.Months) == 0 {
			// More than monthly: spread evenly over the weeks of the year.
			var ds []calendar.Date
			first := firstWeekday(year, time.January, wd)
			for i := 0; i < c.PerYear; i++ {
				d := first.AddDays(7 * (i * 52 / c.PerYear))
				if d.Y == year {
					ds = append(ds, d)
				}
			}
			return ds
		}
	case gov.AsNeeded, "":
		return nil
	}
	var ds []calendar.Date
	for _, m := range months(c) {
		ds = append(ds, nthWeekday(year, time.Month(m), wd, week))
	}
	return ds
}

// months are the months a monthly-or-rarer cadence meets in: as given, or
// spread evenly from January.
func months(c gov.Cadence) []int {
	if len(c.Months) > 0 {
		ms := append([]int(nil), c.Months...)
		sort.Ints(ms)
		return ms
	}
	n := map[gov.Frequency]int{gov.Monthly: 12, gov.Quarterly: 4, gov.HalfYearly: 2, gov.Yearly: 1, gov.PerYear: c.PerYear}[c.Frequency]
	var ms []int
	for i := 0; i < n; i++ {
		ms = append(ms, 1+i*12/n)
	}
	return ms
}

func weekday(s string) time.Weekday {
	for d := time.Monday; d <= time.Friday; d++ {
		if strings.EqualFold(d.String(), s) {
			return d
		}
	}
	return time.Tuesday
}

func firstWeekday(year int, month time.Month, wd time.Weekday) calendar.Date {
	d := calendar.NewDate(year, month, 1)
	for d.Weekday() != wd {
		d = d.AddDays(1)
	}
	return d
}

// nthWeekday is the week-th wd of the month; week -1 is the last.
func nthWeekday(year int, month time.Month, wd time.Weekday, week int) calendar.Date {
	if week < 0 {
		d := calendar.NewDate(year, month+1, 1).AddDays(-1)
		for d.Weekday() != wd {
			d = d.AddDays(-1)
		}
		return d
	}
	return firstWeekday(year, month, wd).AddDays(7 * (week - 1))
}
