package calendar

import (
	"fmt"
	"testing"
	"time"
)

// knownEaster lists Easter Sunday 1990–2060 as MM-DD. The values were
// produced by the independent npm package date-easter 1.0.3 (not by this
// package) and spot-checked against published church calendars.
var knownEaster = map[int]string{
	1990: "04-15", 1991: "03-31", 1992: "04-19", 1993: "04-11", 1994: "04-03", 1995: "04-16", 1996: "04-07", 1997: "03-30", 1998: "04-12", 1999: "04-04",
	2000: "04-23", 2001: "04-15", 2002: "03-31", 2003: "04-20", 2004: "04-11", 2005: "03-27", 2006: "04-16", 2007: "04-08", 2008: "03-23", 2009: "04-12",
	2010: "04-04", 2011: "04-24", 2012: "04-08", 2013: "03-31", 2014: "04-20", 2015: "04-05", 2016: "03-27", 2017: "04-16", 2018: "04-01", 2019: "04-21",
	2020: "04-12", 2021: "04-04", 2022: "04-17", 2023: "04-09", 2024: "03-31", 2025: "04-20", 2026: "04-05", 2027: "03-28", 2028: "04-16", 2029: "04-01",
	2030: "04-21", 2031: "04-13", 2032: "03-28", 2033: "04-17", 2034: "04-09", 2035: "03-25", 2036: "04-13", 2037: "04-05", 2038: "04-25", 2039: "04-10",
	2040: "04-01", 2041: "04-21", 2042: "04-06", 2043: "03-29", 2044: "04-17", 2045: "04-09", 2046: "03-25", 2047: "04-14", 2048: "04-05", 2049: "04-18",
	2050: "04-10", 2051: "04-02", 2052: "04-21", 2053: "04-06", 2054: "03-29", 2055: "04-18", 2056: "04-02", 2057: "04-22", 2058: "04-14", 2059: "03-30",
	2060: "04-18",
}

func TestEasterKnownDates(t *testing.T) {
	// The dates named in the domain doc first, for a readable failure.
	for _, tt := range []struct {
		year int
		want string
	}{
		{2024, "2024-03-31"},
		{2026, "2026-04-05"},
		{2027, "2027-03-28"},
		{2008, "2008-03-23"}, // early extreme in living memory
		{2038, "2038-04-25"}, // latest possible date
	} {
		if got := Easter(tt.year).String(); got != tt.want {
			t.Errorf("Easter(%d) = %s, want %s", tt.year, got, tt.want)
		}
	}
	for year, md := range knownEaster {
		want := fmt.Sprintf("%04d-%s", year, md)
		if got := Easter(year).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

// gaussEaster is Gauss's Easter algorithm with its two exceptions, a
// different derivation from the Meeus/Jones/Butcher one in Easter, used here
// as an oracle.
func gaussEaster(y int) Date {
	a, b, c := y%19, y%4, y%7
	k := y / 100
	p := (13 + 8*k) / 25
	q := k / 4
	m := (15 - p + k - q) % 30
	n := (4 + k - q) % 7
	d := (19*a + m) % 30
	e := (2*b + 4*c + 6*d + n) % 7
	if d == 29 && e == 6 {
		return Date{y, time.April, 19}
	}
	if d == 28 && e == 6 && (11*m+11)%30 < 19 {
		return Date{y, time.April, 18}
	}
	return NewDate(y, time.March, 22+d+e)
}

func TestEasterMatchesGaussAndIsASundayInRange(t *testing.T) {
	for y := 1583; y <= 9999; y++ {
		got := Easter(y)
		if want := gaussEaster(y); got != want {
			t.Fatalf("Easter(%d) = %v, Gauss says %v", y, got, want)
		}
		if got.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %v is a %v", y, got, got.Weekday())
		}
		if got.Before(Date{y, time.March, 22}) || got.After(Date{y, time.April, 25}) {
			t.Fatalf("Easter(%d) = %v outside 22 March – 25 April", y, got)
		}
	}
}
