package calendar

import "time"

// Easter returns Easter Sunday of the given year in the Gregorian calendar,
// which both Finland (Lutheran) and Sweden use; every movable holiday here
// is an offset from it.
//
// It uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher): pure
// integer arithmetic with no tables, exact for every Gregorian year. It is
// only meaningful for years from 1583 on.
func Easter(year int) Date {
	a := year % 19                    // position in the 19-year Metonic cycle
	b, c := year/100, year%100        // century, year within century
	d, e := b/4, b%4                  // Gregorian leap-century correction
	f := (b + 8) / 25                 // lunar correction: the Metonic cycle drifts against the sun
	g := (b - f + 1) / 3              // combined solar and lunar correction
	h := (19*a + b - d - g + 15) % 30 // days from 21 March to the Paschal full moon, mod 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7 // days from that full moon on to the following Sunday
	m := (a + 11*h + 22*l) / 451      // 1 only in the two cases where the full moon would fall too late
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{Y: year, M: time.Month(month), D: day}
}
