package calendar

import (
	"fmt"
	"time"
)

// Date is a civil (calendar) date with no time of day and no time zone.
//
// Deadlines are counted on dates, not instants, so arithmetic on a Date can
// never drift across a DST change. Dates returned by this package are always
// valid. A Date built by hand with out-of-range fields (say 30 February) is
// treated by every method except String as the date time.Date would
// normalise it to (2 March); use [ParseDate] to reject such input instead.
//
// Date is comparable, so it can be a map key; for ordering use
// [Date.Compare], [Date.Before] and [Date.After].
type Date struct {
	Y int        // year, e.g. 2026
	M time.Month // month, January = 1
	D int        // day of the month, 1-based
}

// dateLayout is the ISO 8601 calendar-date form used everywhere in steerco
// (CLI flags and output, configuration files).
const dateLayout = "2006-01-02"

// NewDate returns the date y-m-d, normalised the way time.Date normalises
// out-of-range values (so NewDate(2026, 12, 32) is 2027-01-01). It exists
// for code that builds dates arithmetically; use [ParseDate] for input.
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// ParseDate parses a date in the form YYYY-MM-DD, e.g. "2026-12-17".
// Impossible dates such as "2026-02-30" are rejected, not normalised,
// because a typo in a deadline must not silently move it.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("invalid date %q: want a real date in the form YYYY-MM-DD", s)
	}
	return DateOf(t), nil
}

// DateOf returns the civil date of t in t's own location. Callers holding an
// instant should first convert it to the agreement's time zone with t.In(loc):
// 23:30 UTC on 31 December is already 1 January in Helsinki.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Y: y, M: m, D: d}
}

// Time returns midnight at the start of d in loc. If a DST transition
// skips midnight in loc, the result is the first instant of the day as
// time.Date defines it. A nil loc panics, as time.Date does.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, loc)
}

// String formats d as YYYY-MM-DD, e.g. "2026-12-17". It prints the fields as
// they are, without normalising, so a malformed Date stays visible in logs.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// AddDays returns the date n calendar days after d (before d if n < 0).
func (d Date) AddDays(n int) Date {
	// UTC has no DST, so adding days at UTC midnight is exact.
	return NewDate(d.Y, d.M, d.D+n)
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return d.utc().Weekday()
}

// Compare returns -1 if d is before o, 0 if they are the same day, and +1
// if d is after o. It fits slices.SortFunc.
func (d Date) Compare(o Date) int {
	return d.utc().Compare(o.utc())
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same day. Unlike ==, it also holds
// for a hand-built out-of-range Date and its normalised form.
func (d Date) Equal(o Date) bool { return d.Compare(o) == 0 }

// MarshalText implements encoding.TextMarshaler, so a Date appears in JSON
// and YAML as "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) {
	return []byte(d.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with the same strict
// rules as [ParseDate].
func (d *Date) UnmarshalText(b []byte) error {
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// utc is d as UTC midnight, the one representation used for arithmetic.
func (d Date) utc() time.Time {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
}

// dayNumber counts days since 1970-01-01 (negative before it). Unlike
// time.Duration it does not overflow for spans of centuries.
func (d Date) dayNumber() int {
	// Midnight UTC is an exact multiple of 86400 seconds, so the division
	// is exact for negative values too.
	return int(d.utc().Unix() / 86400)
}

// norm returns d with its fields normalised, so that == and map lookups
// agree with Equal.
func (d Date) norm() Date {
	return NewDate(d.Y, d.M, d.D)
}

// daysInMonth returns the number of days in the given month.
func daysInMonth(year int, month time.Month) int {
	// Day 0 of the next month is the last day of this one.
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
