package calendar

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Generators. Dates are drawn from 2000–2100, the range agreements use.

var (
	minDay = Date{2000, time.January, 1}.dayNumber()
	maxDay = Date{2100, time.December, 31}.dayNumber()
)

func genDate() *rapid.Generator[Date] {
	return rapid.Custom(func(t *rapid.T) Date {
		return NewDate(1970, time.January, 1+rapid.IntRange(minDay, maxDay).Draw(t, "day"))
	})
}

func genCalendar() *rapid.Generator[Calendar] {
	return rapid.Custom(func(t *rapid.T) Calendar {
		return Calendar{
			Country:     rapid.SampledFrom(Countries()).Draw(t, "country"),
			EvesWorking: rapid.Bool().Draw(t, "evesWorking"),
		}
	})
}

func genN() *rapid.Generator[int] { return rapid.IntRange(-300, 300) }

// genWorkingDate draws a date and moves it to the next working day.
func genWorkingDate(t *rapid.T, cal Calendar) Date {
	return cal.NextWorkingDay(genDate().Draw(t, "d"))
}

func TestPropAddWorkingDaysLandsOnWorkingDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, d, n := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d"), genN().Draw(t, "n")
		got := cal.AddWorkingDays(d, n)
		switch {
		case n == 0 && got != d:
			t.Fatalf("AddWorkingDays(%v, 0) = %v, want unchanged", d, got)
		case n > 0 && !got.After(d), n < 0 && !got.Before(d):
			t.Fatalf("AddWorkingDays(%v, %d) = %v moved the wrong way", d, n, got)
		case n != 0 && !cal.IsWorkingDay(got):
			t.Fatalf("AddWorkingDays(%v, %d) = %v is not a working day", d, n, got)
		}
	})
}

// WorkingDaysBetween (week arithmetic) and AddWorkingDays (stepping) are
// separate implementations; each checks the other.
func TestPropWorkingDaysBetweenInvertsAdd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, n := genCalendar().Draw(t, "cal"), genN().Draw(t, "n")
		d := genWorkingDate(t, cal)
		if got := cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, n)); got != n {
			t.Fatalf("from working day %v: WorkingDaysBetween(d, Add(d, %d)) = %d", d, n, got)
		}
	})
	// From any day, going forward also inverts.
	rapid.Check(t, func(t *rapid.T) {
		cal, d, n := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d"), rapid.IntRange(0, 300).Draw(t, "n")
		if got := cal.WorkingDaysBetween(d, cal.AddWorkingDays(d, n)); got != n {
			t.Fatalf("from %v: WorkingDaysBetween(d, Add(d, %d)) = %d", d, n, got)
		}
	})
}

func TestPropWorkingDaysBetweenMatchesDayByDayCount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, a := genCalendar().Draw(t, "cal"), genDate().Draw(t, "a")
		b := a.AddDays(rapid.IntRange(-800, 800).Draw(t, "span"))
		lo, hi, sign := a, b, 1
		if b.Before(a) {
			lo, hi, sign = b, a, -1
		}
		want := 0
		for d := lo.AddDays(1); !d.After(hi); d = d.AddDays(1) {
			if cal.IsWorkingDay(d) {
				want++
			}
		}
		if got := cal.WorkingDaysBetween(a, b); got != sign*want {
			t.Fatalf("WorkingDaysBetween(%v, %v) = %d, day-by-day %d", a, b, got, sign*want)
		}
	})
}

func TestPropAddWorkingDaysMonotonic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, d, n := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d"), rapid.IntRange(-300, 299).Draw(t, "n")
		// Strictly increasing in n ...
		if a, b := cal.AddWorkingDays(d, n), cal.AddWorkingDays(d, n+1); !a.Before(b) {
			t.Fatalf("Add(%v, %d) = %v not before Add(%v, %d) = %v", d, n, a, d, n+1, b)
		}
		// ... and non-decreasing in the start date.
		e := d.AddDays(rapid.IntRange(0, 30).Draw(t, "later"))
		if a, b := cal.AddWorkingDays(d, n), cal.AddWorkingDays(e, n); a.After(b) {
			t.Fatalf("Add(%v, %d) = %v after Add(%v, %d) = %v", d, n, a, e, n, b)
		}
	})
}

func TestPropAddWorkingDaysComposes(t *testing.T) {
	// From a working day, any signs: a working day has a position in the
	// sequence of working days, and adding moves along it.
	rapid.Check(t, func(t *rapid.T) {
		cal, n, m := genCalendar().Draw(t, "cal"), genN().Draw(t, "n"), genN().Draw(t, "m")
		d := genWorkingDate(t, cal)
		if a, b := cal.AddWorkingDays(cal.AddWorkingDays(d, n), m), cal.AddWorkingDays(d, n+m); a != b {
			t.Fatalf("from %v: Add(Add(d, %d), %d) = %v, Add(d, %d) = %v", d, n, m, a, n+m, b)
		}
	})
	// From any day when both steps go the same way (Saturday +1 -1 is
	// Friday, not Saturday, so mixed signs need a working start).
	rapid.Check(t, func(t *rapid.T) {
		cal, d := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d")
		n, m := rapid.IntRange(1, 300).Draw(t, "n"), rapid.IntRange(1, 300).Draw(t, "m")
		if rapid.Bool().Draw(t, "backwards") {
			n, m = -n, -m
		}
		if a, b := cal.AddWorkingDays(cal.AddWorkingDays(d, n), m), cal.AddWorkingDays(d, n+m); a != b {
			t.Fatalf("from %v: Add(Add(d, %d), %d) = %v, Add(d, %d) = %v", d, n, m, a, n+m, b)
		}
	})
}

func TestPropNextPrevWorkingDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, d := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d")
		next, prev := cal.NextWorkingDay(d), cal.PrevWorkingDay(d)
		if cal.IsWorkingDay(d) != (next == d) || cal.IsWorkingDay(d) != (prev == d) {
			t.Fatalf("%v: working=%v but next=%v prev=%v", d, cal.IsWorkingDay(d), next, prev)
		}
		if !cal.IsWorkingDay(next) || !cal.IsWorkingDay(prev) || next.Before(d) || prev.After(d) {
			t.Fatalf("%v: next=%v prev=%v", d, next, prev)
		}
		// Nothing working is skipped, and they agree with AddWorkingDays.
		if next != cal.AddWorkingDays(d.AddDays(-1), 1) || prev != cal.AddWorkingDays(d.AddDays(1), -1) {
			t.Fatalf("%v: next=%v prev=%v disagree with AddWorkingDays", d, next, prev)
		}
	})
}

func TestPropIsWorkingDayMatchesHolidays(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, d := genCalendar().Draw(t, "cal"), genDate().Draw(t, "d")
		want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		for _, h := range Holidays(cal.Country, d.Y) {
			if h.Date == d && !(h.DeFacto && cal.EvesWorking) {
				want = false
			}
		}
		if got := cal.IsWorkingDay(d); got != want {
			t.Fatalf("%s IsWorkingDay(%v) = %v, want %v", cal.Country, d, got, want)
		}
	})
}

func TestPropNthWorkingDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal := genCalendar().Draw(t, "cal")
		year := rapid.IntRange(2000, 2100).Draw(t, "year")
		month := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))

		var got []Date
		for k := 1; ; k++ {
			d, err := cal.NthWorkingDay(year, month, k)
			if err != nil {
				break
			}
			if d.Y != year || d.M != month || !cal.IsWorkingDay(d) {
				t.Fatalf("NthWorkingDay(%d, %v, %d) = %v: not a working day of the month", year, month, k, d)
			}
			if k > 1 && !got[k-2].Before(d) {
				t.Fatalf("NthWorkingDay(%d, %v, %d) = %v not after %v", year, month, k, d, got[k-2])
			}
			got = append(got, d)
		}
		// The count is every working day of the month (a month always has
		// at least 15: 20 weekdays minus at most 5 holidays).
		first := Date{year, month, 1}
		last := Date{year, month, daysInMonth(year, month)}
		if want := cal.WorkingDaysBetween(first.AddDays(-1), last); len(got) != want || want < 15 {
			t.Fatalf("%d-%02d: %d working days by NthWorkingDay, %d by WorkingDaysBetween", year, month, len(got), want)
		}
		// Negative n counts from the end.
		k := rapid.IntRange(1, len(got)).Draw(t, "k")
		if d, err := cal.NthWorkingDay(year, month, -k); err != nil || d != got[len(got)-k] {
			t.Fatalf("NthWorkingDay(%d, %v, %d) = %v, %v; want %v", year, month, -k, d, err, got[len(got)-k])
		}
		if _, err := cal.NthWorkingDay(year, month, -len(got)-1); err == nil {
			t.Fatalf("NthWorkingDay(%d, %v, %d) did not fail", year, month, -len(got)-1)
		}
	})
}
