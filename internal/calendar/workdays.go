package calendar

import (
	"fmt"
	"slices"
	"sync"
	"time"
)

// Calendar counts working days for one agreement: a country's holidays plus
// the agreement's choice about the de-facto eves.
//
// A working day is a Monday to Friday that is not a public holiday of
// Country and, unless EvesWorking is set, not a de-facto eve (Midsummer Eve,
// Christmas Eve, and in Sweden New Year's Eve). Weekends are never working
// days.
//
// The zero value of EvesWorking (false) treats the eves as non-working,
// which is what nearly every Nordic agreement intends. The methods panic if
// Country is not [Finland] or [Sweden]: a deadline silently computed without
// holidays would be wrong by days, so an invalid Calendar is treated as a
// programming error. Build the Country with [ParseCountry].
type Calendar struct {
	Country     Country // FI or SE
	EvesWorking bool    // true: de-facto eves are working days; false (default): they are not
}

// IsWorkingDay reports whether d is a working day in c.
func (c Calendar) IsWorkingDay(d Date) bool {
	return c.days().working(d.norm())
}

// AddWorkingDays returns the date n working days after from (n > 0) or
// |n| working days before it (n < 0); n == 0 returns from unchanged.
//
// Counting always starts from from itself, whether or not it is a working
// day: for n > 0 the result is the n-th working day strictly after from,
// and for n < 0 the |n|-th working day strictly before from. So if from is a
// Saturday, adding 1 gives the next working day (the Monday, if that is a
// working day) and adding -1 gives the previous working day (the Friday, if
// that is one). The result is always a working day when n != 0.
//
// The cost is proportional to |n|.
func (c Calendar) AddWorkingDays(from Date, n int) Date {
	k := c.days()
	d := from.norm()
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if k.working(d) {
			n--
		}
	}
	return d
}

// NextWorkingDay returns d itself if it is a working day, otherwise the
// first working day after d. It moves a meeting or a deadline that falls on
// a holiday or weekend forward.
func (c Calendar) NextWorkingDay(d Date) Date {
	return c.nearest(d, 1)
}

// PrevWorkingDay returns d itself if it is a working day, otherwise the last
// working day before d. It moves a date that falls on a holiday or weekend
// back (e.g. "payment on the 15th or the working day before").
func (c Calendar) PrevWorkingDay(d Date) Date {
	return c.nearest(d, -1)
}

// nearest steps from d in direction step until it reaches a working day.
// It always ends: every week has working days.
func (c Calendar) nearest(d Date, step int) Date {
	k := c.days()
	d = d.norm()
	for !k.working(d) {
		d = d.AddDays(step)
	}
	return d
}

// WorkingDaysBetween returns the number of working days in the half-open
// interval (a, b]: a itself is not counted, b is. If b is before a the
// result is minus the number of working days in (b, a]; if a == b it is 0.
//
// It is the inverse of AddWorkingDays from a working day a:
// WorkingDaysBetween(a, AddWorkingDays(a, n)) == n. For countdowns, a is
// today and b the deadline: "3 working days left".
//
// The cost is proportional to the number of years spanned, not days.
func (c Calendar) WorkingDaysBetween(a, b Date) int {
	k := c.days()
	a, b = a.norm(), b.norm()
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}

	// Monday–Friday in (a, b]: whole weeks contribute five each, the
	// remaining days are checked one by one.
	total := b.dayNumber() - a.dayNumber()
	n := total / 7 * 5
	for d, i := b, 0; i < total%7; d, i = d.AddDays(-1), i+1 {
		if isWeekday(d) {
			n++
		}
	}

	// Then remove the weekday holidays inside (a, b]; closed lists each date
	// once, so coincident holidays are not subtracted twice.
	for y := a.Y; y <= b.Y; y++ {
		for _, h := range k.closedIn(y) {
			if h.After(a) && !h.After(b) && isWeekday(h) {
				n--
			}
		}
	}
	return n
}

// NthWorkingDay returns the n-th working day of the given month: n = 1 is
// the first. A negative n counts from the end of the month, so n = -1 is the
// last working day. It returns an error if n is 0, if month is not 1–12, or
// if the month has fewer than |n| working days.
func (c Calendar) NthWorkingDay(year int, month time.Month, n int) (Date, error) {
	k := c.days()
	if month < time.January || month > time.December {
		return Date{}, fmt.Errorf("month %d: must be 1 to 12", int(month))
	}
	if n == 0 {
		return Date{}, fmt.Errorf("n is 0: must be 1 or more, or negative to count back from the end of the month")
	}
	var days []Date
	for day := 1; day <= daysInMonth(year, month); day++ {
		if d := (Date{year, month, day}); k.working(d) {
			days = append(days, d)
		}
	}
	i := n - 1
	if n < 0 {
		i = len(days) + n
	}
	if i < 0 || i >= len(days) {
		return Date{}, fmt.Errorf("%s %04d-%02d has %d working days, so there is no working day %d",
			c.Country, year, int(month), len(days), n)
	}
	return days[i], nil
}

// isWeekday reports whether d is Monday to Friday.
func isWeekday(d Date) bool {
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// dayChecker answers "is this a working day?" for one Calendar, caching the
// non-working holiday dates of the most recently used year. It lives for one
// method call only, so Calendar itself stays a plain, immutable value.
type dayChecker struct {
	cal    Calendar
	year   int
	closed []Date // distinct non-working holiday dates of year, in order
	loaded bool
}

// days validates c and returns a fresh checker for it.
func (c Calendar) days() *dayChecker {
	if !c.Country.valid() {
		panic(fmt.Sprintf("calendar: Calendar with unsupported country %q (must be %s; use ParseCountry)",
			string(c.Country), allowedCountries()))
	}
	return &dayChecker{cal: c}
}

// closedIn returns the distinct dates in year on which c's holidays make
// work stop, weekend or not.
func (k *dayChecker) closedIn(year int) []Date {
	if k.loaded && k.year == year {
		return k.closed
	}
	key := closedKey{k.cal.Country, k.cal.EvesWorking, year}
	if v, ok := closedCache.Load(key); ok {
		k.year, k.loaded, k.closed = year, true, v.([]Date)
		return k.closed
	}
	var closed []Date
	for _, h := range Holidays(k.cal.Country, year) {
		if h.DeFacto && k.cal.EvesWorking {
			continue
		}
		// Holidays is sorted, so a coincident holiday repeats the last date.
		if n := len(closed); n > 0 && closed[n-1] == h.Date {
			continue
		}
		closed = append(closed, h.Date)
	}
	if year >= 1900 && year <= 2200 {
		closedCache.Store(key, closed)
	}
	k.year, k.loaded, k.closed = year, true, closed
	return closed
}

// closedCache keeps closedIn's answer per country, eves rule and year:
// computing the year's holidays (Easter, midsummer) for every date looked
// at was most of the cost of an annual plan, which the dashboard computes
// for two years of every agreement on each request (issue #10's
// benchmark). The slices are never changed once stored; the years are
// bounded so that odd input cannot grow the cache.
var closedCache sync.Map

type closedKey struct {
	country Country
	eves    bool
	year    int
}

// working reports whether the (normalised) date d is a working day.
func (k *dayChecker) working(d Date) bool {
	return isWeekday(d) && !slices.Contains(k.closedIn(d.Y), d)
}
