package calendar

import (
	"strings"
	"testing"
	"time"
)

var (
	fi      = Calendar{Country: Finland}
	se      = Calendar{Country: Sweden}
	fiEves  = Calendar{Country: Finland, EvesWorking: true}
	seEves  = Calendar{Country: Sweden, EvesWorking: true}
	allCals = []Calendar{fi, se, fiEves, seEves}
)

func name(c Calendar) string {
	if c.EvesWorking {
		return string(c.Country) + "+eves-working"
	}
	return string(c.Country)
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		cal  Calendar
		date string
		want bool
	}{
		{fi, "2026-12-17", true},  // Thursday
		{fi, "2026-12-19", false}, // Saturday
		{fi, "2026-12-20", false}, // Sunday
		{fi, "2026-04-03", false}, // Good Friday
		{fi, "2026-04-06", false}, // Easter Monday
		{fi, "2026-04-07", true},
		{fi, "2026-05-14", false}, // Ascension Day
		{fi, "2026-06-19", false}, // Midsummer Eve, de facto
		{fiEves, "2026-06-19", true},
		{fi, "2026-12-24", false}, // Christmas Eve, de facto
		{fiEves, "2026-12-24", true},
		{fiEves, "2026-12-25", false}, // Christmas Day is a holiday either way
		{fi, "2026-12-31", true},      // New Year's Eve is working in Finland
		{se, "2026-12-31", false},     // ... but not in Sweden
		{seEves, "2026-12-31", true},
		{fi, "2025-06-06", true},  // Friday; National Day is Swedish
		{se, "2025-06-06", false}, // National Day
		{seEves, "2025-06-06", false},
		{fi, "2026-12-07", true}, // Independence Day is Sunday 6 Dec, no substitute
	}
	for _, tt := range tests {
		if got := tt.cal.IsWorkingDay(day(t, tt.date)); got != tt.want {
			t.Errorf("%s IsWorkingDay(%s) = %v, want %v", name(tt.cal), tt.date, got, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		cal  Calendar
		from string
		n    int
		want string
	}{
		// Plain week.
		{fi, "2026-12-14", 0, "2026-12-14"},
		{fi, "2026-12-14", 1, "2026-12-15"},
		{fi, "2026-12-14", 4, "2026-12-18"},
		{fi, "2026-12-14", 5, "2026-12-21"},
		{fi, "2026-12-14", -1, "2026-12-11"},

		// Starting on a non-working day: counting starts from the day itself.
		{fi, "2026-12-19", 1, "2026-12-21"},  // Saturday +1 → Monday
		{fi, "2026-12-19", -1, "2026-12-18"}, // Saturday -1 → Friday
		{fi, "2026-12-20", 1, "2026-12-21"},  // Sunday +1 → Monday
		{fi, "2026-12-19", 0, "2026-12-19"},  // n == 0 returns from unchanged
		{fi, "2026-04-04", 1, "2026-04-07"},  // Easter Saturday +1 skips Easter Monday
		{fi, "2026-04-04", -1, "2026-04-02"}, // ... and -1 skips Good Friday

		// Easter 2026 (Good Friday 3 April, Easter Monday 6 April), both countries.
		{fi, "2026-04-01", 2, "2026-04-07"}, // Thu 2 (1), Tue 7 (2)
		{se, "2026-04-01", 2, "2026-04-07"},
		{fi, "2026-04-02", 1, "2026-04-07"},
		{se, "2026-04-02", 1, "2026-04-07"},
		{fi, "2026-04-07", -1, "2026-04-02"},
		{se, "2026-04-07", -1, "2026-04-02"},
		{se, "2026-03-30", 10, "2026-04-15"}, // 31 Mar, 1, 2 Apr (3); 7–10 (7); 13, 14, 15 (10)
		{fi, "2026-04-03", 1, "2026-04-07"},  // from Good Friday itself

		// Easter 2027 (Good Friday 26 March, Easter Monday 29 March).
		{fi, "2027-03-25", 1, "2027-03-30"},
		{se, "2027-03-30", -1, "2027-03-25"},

		// Midsummer 2026 (Eve Friday 19 June).
		{fi, "2026-06-18", 1, "2026-06-22"},
		{fiEves, "2026-06-18", 1, "2026-06-19"},
		{se, "2026-06-18", 1, "2026-06-22"},
		{seEves, "2026-06-18", 1, "2026-06-19"},
		{se, "2026-06-22", -1, "2026-06-18"},
		{seEves, "2026-06-22", -1, "2026-06-19"},
		{se, "2026-06-15", 5, "2026-06-23"}, // 16, 17, 18 (3); 22, 23 (5)

		// Swedish National Day on a Friday (2025).
		{se, "2025-06-05", 1, "2025-06-09"},
		{fi, "2025-06-05", 1, "2025-06-06"},

		// Christmas 2026: 24 Thu (eve), 25 Fri, 26 Sat.
		// SE: 18 Fri (1), 21 Mon (2), 22 Tue (3), 23 Wed (4), 28 Mon (5).
		{se, "2026-12-17", 5, "2026-12-28"},
		{seEves, "2026-12-17", 5, "2026-12-24"},
		{fi, "2026-12-17", 5, "2026-12-28"},
		{fiEves, "2026-12-17", 5, "2026-12-24"},
		{se, "2026-12-28", -5, "2026-12-17"},
		{seEves, "2026-12-28", -1, "2026-12-24"},

		// New Year 2026/27: 31 Dec is working in FI, a de-facto eve in SE;
		// 1 Jan 2027 is a Friday, Epiphany 6 Jan a Wednesday.
		{fi, "2026-12-28", 4, "2027-01-04"},     // 29, 30, 31, 4 Jan
		{se, "2026-12-28", 4, "2027-01-05"},     // 29, 30, 4, 5 Jan
		{seEves, "2026-12-28", 4, "2027-01-04"}, // 29, 30, 31, 4 Jan
		{fi, "2027-01-05", 1, "2027-01-07"},     // skips Epiphany
		{se, "2027-01-04", -1, "2026-12-30"},
		{fi, "2027-01-04", -1, "2026-12-31"},

		// Across a DST change (29 March 2026) nothing drifts.
		{fi, "2026-03-27", 1, "2026-03-30"},
	}
	for _, tt := range tests {
		if got := tt.cal.AddWorkingDays(day(t, tt.from), tt.n); got != day(t, tt.want) {
			t.Errorf("%s AddWorkingDays(%s, %d) = %v, want %s", name(tt.cal), tt.from, tt.n, got, tt.want)
		}
	}
}

func TestNextPrevWorkingDay(t *testing.T) {
	tests := []struct {
		cal        Calendar
		date       string
		next, prev string
	}{
		{fi, "2026-12-17", "2026-12-17", "2026-12-17"}, // working: unchanged
		{fi, "2026-12-19", "2026-12-21", "2026-12-18"}, // Saturday
		{fi, "2026-12-24", "2026-12-28", "2026-12-23"}, // Christmas Eve
		{fiEves, "2026-12-24", "2026-12-24", "2026-12-24"},
		{fi, "2026-04-03", "2026-04-07", "2026-04-02"}, // Good Friday
		{se, "2026-12-31", "2027-01-04", "2026-12-30"},
		{fi, "2026-12-31", "2026-12-31", "2026-12-31"},
		{se, "2027-01-01", "2027-01-04", "2026-12-30"},
	}
	for _, tt := range tests {
		d := day(t, tt.date)
		if got := tt.cal.NextWorkingDay(d); got != day(t, tt.next) {
			t.Errorf("%s NextWorkingDay(%s) = %v, want %s", name(tt.cal), tt.date, got, tt.next)
		}
		if got := tt.cal.PrevWorkingDay(d); got != day(t, tt.prev) {
			t.Errorf("%s PrevWorkingDay(%s) = %v, want %s", name(tt.cal), tt.date, got, tt.prev)
		}
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	tests := []struct {
		cal  Calendar
		a, b string
		want int
	}{
		{se, "2026-12-17", "2026-12-17", 0},
		{se, "2026-12-17", "2026-12-28", 5},
		{se, "2026-12-28", "2026-12-17", -5},
		{seEves, "2026-12-17", "2026-12-28", 6},
		{fi, "2026-12-19", "2026-12-20", 0}, // Saturday to Sunday
		{fi, "2026-12-18", "2026-12-21", 1}, // Friday to Monday: only Monday counts
		{fi, "2026-12-21", "2026-12-18", -1},
		{fi, "2026-04-02", "2026-04-07", 1}, // over Easter
		{fi, "2026-04-03", "2026-04-06", 0}, // Good Friday to Easter Monday
		// Whole year 2026: 261 weekdays. FI weekday holidays: 1 Jan, 6 Jan,
		// 3 Apr, 6 Apr, 1 May, 14 May, 25 Dec, plus the eves 19 Jun and
		// 24 Dec. SE adds the eve 31 Dec (National Day is a Saturday).
		{fi, "2025-12-31", "2026-12-31", 252},
		{fiEves, "2025-12-31", "2026-12-31", 254},
		{se, "2025-12-31", "2026-12-31", 251},
		{seEves, "2025-12-31", "2026-12-31", 254},
		{se, "2026-12-31", "2025-12-31", -251},
		// Coincident holidays are subtracted once (1 May 2008 was also
		// Ascension Day, a Thursday).
		{fi, "2008-04-30", "2008-05-02", 1},
	}
	for _, tt := range tests {
		if got := tt.cal.WorkingDaysBetween(day(t, tt.a), day(t, tt.b)); got != tt.want {
			t.Errorf("%s WorkingDaysBetween(%s, %s) = %d, want %d", name(tt.cal), tt.a, tt.b, got, tt.want)
		}
	}
}

// TestWorkingDaysBetweenLongSpan checks the week arithmetic over
// three centuries against a day-by-day count; a span this long would overflow
// time.Duration (about 292 years).
func TestWorkingDaysBetweenLongSpan(t *testing.T) {
	a, b := day(t, "1850-01-01"), day(t, "2150-01-01")
	for _, cal := range allCals {
		want := 0
		for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
			if cal.IsWorkingDay(d) {
				want++
			}
		}
		if got := cal.WorkingDaysBetween(a, b); got != want {
			t.Errorf("%s WorkingDaysBetween(%v, %v) = %d, day-by-day count %d", name(cal), a, b, got, want)
		}
		if got := cal.WorkingDaysBetween(b, a); got != -want {
			t.Errorf("%s WorkingDaysBetween(%v, %v) = %d, want %d", name(cal), b, a, got, -want)
		}
	}
}

func TestNthWorkingDay(t *testing.T) {
	tests := []struct {
		cal   Calendar
		year  int
		month time.Month
		n     int
		want  string
	}{
		// June 2026 starts on a Monday; Midsummer Eve is Friday 19 June.
		{fi, 2026, time.June, 1, "2026-06-01"},
		{fi, 2026, time.June, 2, "2026-06-02"},
		{fi, 2026, time.June, 14, "2026-06-18"},
		{fi, 2026, time.June, 15, "2026-06-22"},
		{fiEves, 2026, time.June, 15, "2026-06-19"},
		{fi, 2026, time.June, 21, "2026-06-30"},
		{fi, 2026, time.June, -1, "2026-06-30"},
		{fi, 2026, time.June, -21, "2026-06-01"},
		{fiEves, 2026, time.June, 22, "2026-06-30"},
		// January 2026: New Year Thursday 1, Epiphany Tuesday 6.
		{fi, 2026, time.January, 1, "2026-01-02"},
		{fi, 2026, time.January, 2, "2026-01-05"},
		{fi, 2026, time.January, 3, "2026-01-07"},
		{se, 2026, time.January, 3, "2026-01-07"},
		// January 2027: New Year Friday 1, Epiphany Wednesday 6.
		{se, 2027, time.January, 1, "2027-01-04"},
		{se, 2027, time.January, 3, "2027-01-07"},
		// May 2026: May Day is a Friday.
		{fi, 2026, time.May, 1, "2026-05-04"},
		// Last working day of December 2026: 31 Dec is working only in FI.
		{fi, 2026, time.December, -1, "2026-12-31"},
		{se, 2026, time.December, -1, "2026-12-30"},
		{seEves, 2026, time.December, -1, "2026-12-31"},
		// June 2025: Swedish National Day is Friday 6 June.
		{se, 2025, time.June, 5, "2025-06-09"},
		{fi, 2025, time.June, 5, "2025-06-06"},
	}
	for _, tt := range tests {
		got, err := tt.cal.NthWorkingDay(tt.year, tt.month, tt.n)
		if err != nil || got != day(t, tt.want) {
			t.Errorf("%s NthWorkingDay(%d, %v, %d) = %v, %v; want %s", name(tt.cal), tt.year, tt.month, tt.n, got, err, tt.want)
		}
	}
}

func TestNthWorkingDayErrors(t *testing.T) {
	tests := []struct {
		cal   Calendar
		year  int
		month time.Month
		n     int
		want  string // substring of the error
	}{
		{fi, 2026, time.June, 0, "n is 0"},
		{fi, 2026, time.June, 22, "FI 2026-06 has 21 working days"},
		{fi, 2026, time.June, -22, "has 21 working days"},
		{fi, 2026, time.June, 40, "no working day 40"},
		{fi, 2026, 13, 1, "month 13: must be 1 to 12"},
		{fi, 2026, 0, 1, "month 0"},
	}
	for _, tt := range tests {
		got, err := tt.cal.NthWorkingDay(tt.year, tt.month, tt.n)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NthWorkingDay(%d, %d, %d) = %v, %v; want error containing %q", tt.year, tt.month, tt.n, got, err, tt.want)
		}
	}
}

func TestInvalidCountryPanics(t *testing.T) {
	for _, cal := range []Calendar{{}, {Country: "NO"}, {Country: "fi"}} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(r.(string), "must be FI or SE") {
					t.Errorf("Calendar%+v: recover() = %v, want a panic naming FI and SE", cal, r)
				}
			}()
			cal.IsWorkingDay(day(t, "2026-01-01"))
		}()
	}
}
