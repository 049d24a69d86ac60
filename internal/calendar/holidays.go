package calendar

import (
	"slices"
	"time"
)

// Holiday is a day on which work does not normally happen in a country:
// either a public holiday by law, or a de-facto eve.
type Holiday struct {
	Date      Date   // the civil date of the holiday
	Name      string // English name, e.g. "Midsummer Eve"
	LocalName string // name in the country's language (Finnish for FI, Swedish for SE), capitalised as a label
	// DeFacto marks an eve (Midsummer Eve, Christmas Eve and in Sweden New
	// Year's Eve) that is not a public holiday by law but is customarily
	// non-working; see Calendar.EvesWorking.
	DeFacto bool
}

// Holidays returns the public holidays and de-facto eves of country c in
// the given year, sorted by date. Holidays that fall on a weekend are
// included, because the list is also shown to people and exported.
//
// Two holidays can fall on the same date (Ascension Day is 1 May in 2008,
// and in Sweden Whit Sunday is National Day in 2049); both are then listed,
// in the fixed order of the country's rules, so the result may hold fewer
// distinct dates than entries.
//
// For a Country other than Finland or Sweden it returns nil; validate input
// with [ParseCountry].
func Holidays(c Country, year int) []Holiday {
	var hs []Holiday
	switch c {
	case Finland:
		hs = holidaysFI(year)
	case Sweden:
		hs = holidaysSE(year)
	default:
		return nil
	}
	// Stable, so coincident holidays keep the order of the rules.
	slices.SortStableFunc(hs, func(a, b Holiday) int { return a.Date.Compare(b.Date) })
	return hs
}

// weekdayFrom returns the first date on or after year-month-day that falls
// on wd. Midsummer and All Saints' Day are defined this way ("the Saturday
// between 20 and 26 June").
func weekdayFrom(year int, month time.Month, day int, wd time.Weekday) Date {
	d := Date{Y: year, M: month, D: day}
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}
