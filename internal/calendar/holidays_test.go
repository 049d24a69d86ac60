package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// render prints holidays one per line as "YYYY-MM-DD Name [local] (de facto)"
// so that a failure shows the whole list.
func render(hs []Holiday) string {
	var b strings.Builder
	for _, h := range hs {
		fmt.Fprintf(&b, "%s %s [%s]", h.Date, h.Name, h.LocalName)
		if h.DeFacto {
			b.WriteString(" (de facto)")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func TestHolidaysFI2026(t *testing.T) {
	want := `2026-01-01 New Year's Day [Uudenvuodenpäivä]
2026-01-06 Epiphany [Loppiainen]
2026-04-03 Good Friday [Pitkäperjantai]
2026-04-05 Easter Sunday [Pääsiäispäivä]
2026-04-06 Easter Monday [Toinen pääsiäispäivä]
2026-05-01 May Day [Vappu]
2026-05-14 Ascension Day [Helatorstai]
2026-05-24 Whit Sunday [Helluntaipäivä]
2026-06-19 Midsummer Eve [Juhannusaatto] (de facto)
2026-06-20 Midsummer Day [Juhannuspäivä]
2026-10-31 All Saints' Day [Pyhäinpäivä]
2026-12-06 Independence Day [Itsenäisyyspäivä]
2026-12-24 Christmas Eve [Jouluaatto] (de facto)
2026-12-25 Christmas Day [Joulupäivä]
2026-12-26 St Stephen's Day [Tapaninpäivä]
`
	if got := render(Holidays(Finland, 2026)); got != want {
		t.Errorf("Holidays(FI, 2026):\n%s\nwant:\n%s", got, want)
	}
}

func TestHolidaysSE2026(t *testing.T) {
	want := `2026-01-01 New Year's Day [Nyårsdagen]
2026-01-06 Epiphany [Trettondedag jul]
2026-04-03 Good Friday [Långfredagen]
2026-04-05 Easter Sunday [Påskdagen]
2026-04-06 Easter Monday [Annandag påsk]
2026-05-01 May Day [Första maj]
2026-05-14 Ascension Day [Kristi himmelsfärdsdag]
2026-05-24 Whit Sunday [Pingstdagen]
2026-06-06 National Day [Sveriges nationaldag]
2026-06-19 Midsummer Eve [Midsommarafton] (de facto)
2026-06-20 Midsummer Day [Midsommardagen]
2026-10-31 All Saints' Day [Alla helgons dag]
2026-12-24 Christmas Eve [Julafton] (de facto)
2026-12-25 Christmas Day [Juldagen]
2026-12-26 Boxing Day [Annandag jul]
2026-12-31 New Year's Eve [Nyårsafton] (de facto)
`
	if got := render(Holidays(Sweden, 2026)); got != want {
		t.Errorf("Holidays(SE, 2026):\n%s\nwant:\n%s", got, want)
	}
}

// holidayOn returns the names of c's holidays on date s.
func holidayOn(t *testing.T, c Country, s string) []string {
	t.Helper()
	d := day(t, s)
	var names []string
	for _, h := range Holidays(c, d.Y) {
		if h.Date == d {
			names = append(names, h.Name)
		}
	}
	return names
}

func TestMovableHolidayDates(t *testing.T) {
	tests := []struct {
		c    Country
		date string
		want string // comma-separated names on that date, "" for none
	}{
		// Midsummer: Eve is the Friday 19–25 June, Day the Saturday 20–26 June.
		{Finland, "2026-06-19", "Midsummer Eve"},
		{Finland, "2026-06-20", "Midsummer Day"},
		{Finland, "2027-06-25", "Midsummer Eve"}, // latest possible
		{Finland, "2027-06-26", "Midsummer Day"},
		{Sweden, "2025-06-20", "Midsummer Eve"},
		{Sweden, "2025-06-21", "Midsummer Day"},
		{Sweden, "2026-06-26", ""},
		// All Saints' Day: the Saturday 31 October – 6 November.
		{Finland, "2026-10-31", "All Saints' Day"}, // earliest possible
		{Sweden, "2025-11-01", "All Saints' Day"},
		{Finland, "2027-11-06", "All Saints' Day"}, // latest possible
		{Finland, "2026-11-01", ""},
		// Easter-based.
		{Finland, "2027-03-26", "Good Friday"},
		{Sweden, "2027-03-29", "Easter Monday"},
		{Sweden, "2027-05-06", "Ascension Day"},
		{Finland, "2027-05-16", "Whit Sunday"},
		{Finland, "2024-03-29", "Good Friday"},
		// New Year's Eve is working in Finland, de-facto holiday in Sweden.
		{Finland, "2026-12-31", ""},
		{Sweden, "2026-12-31", "New Year's Eve"},
		// National Day is Swedish only.
		{Finland, "2025-06-06", ""},
		{Sweden, "2025-06-06", "National Day"},
		// Coincident holidays are both listed, in rule order.
		{Finland, "2008-05-01", "May Day, Ascension Day"},
		{Sweden, "2008-05-01", "May Day, Ascension Day"},
		{Sweden, "2049-06-06", "Whit Sunday, National Day"},
	}
	for _, tt := range tests {
		if got := strings.Join(holidayOn(t, tt.c, tt.date), ", "); got != tt.want {
			t.Errorf("%s %s: holidays %q, want %q", tt.c, tt.date, got, tt.want)
		}
	}
}

func TestHolidaysUnknownCountry(t *testing.T) {
	if hs := Holidays("NO", 2026); hs != nil {
		t.Errorf("Holidays(NO) = %v, want nil", hs)
	}
	if hs := Holidays("fi", 2026); hs != nil {
		t.Errorf("Holidays(fi) = %v, want nil (use ParseCountry to normalise case)", hs)
	}
}

func TestHolidaysInvariantsAllYears(t *testing.T) {
	wantEves := map[Country]string{
		Finland: "Midsummer Eve, Christmas Eve",
		Sweden:  "Midsummer Eve, Christmas Eve, New Year's Eve",
	}
	wantLen := map[Country]int{Finland: 15, Sweden: 16}
	for _, c := range Countries() {
		for y := 1600; y <= 3000; y++ {
			hs := Holidays(c, y)
			if len(hs) != wantLen[c] {
				t.Fatalf("%s %d: %d holidays, want %d", c, y, len(hs), wantLen[c])
			}
			var eves []string
			byName := map[string]Date{}
			for i, h := range hs {
				if h.Date.Y != y || h.Date != h.Date.norm() {
					t.Fatalf("%s %d: %v has a date outside the year or invalid", c, y, h)
				}
				if i > 0 && h.Date.Before(hs[i-1].Date) {
					t.Fatalf("%s %d: not sorted at %v", c, y, h)
				}
				if h.Name == "" || h.LocalName == "" {
					t.Fatalf("%s %d: unnamed holiday %v", c, y, h)
				}
				if _, dup := byName[h.Name]; dup {
					t.Fatalf("%s %d: %q listed twice", c, y, h.Name)
				}
				byName[h.Name] = h.Date
				if h.DeFacto {
					eves = append(eves, h.Name)
				}
			}
			if got := strings.Join(eves, ", "); got != wantEves[c] {
				t.Fatalf("%s %d: de-facto eves %q, want %q", c, y, got, wantEves[c])
			}
			checkWeekday := func(name string, wd time.Weekday, from, to Date) {
				d := byName[name]
				if d.Weekday() != wd || d.Before(from) || d.After(to) {
					t.Fatalf("%s %d: %s on %v (%v), want a %v in %v..%v", c, y, name, d, d.Weekday(), wd, from, to)
				}
			}
			easter := Easter(y)
			checkWeekday("Good Friday", time.Friday, easter.AddDays(-2), easter.AddDays(-2))
			checkWeekday("Easter Sunday", time.Sunday, easter, easter)
			checkWeekday("Easter Monday", time.Monday, easter.AddDays(1), easter.AddDays(1))
			checkWeekday("Ascension Day", time.Thursday, Date{y, time.April, 30}, Date{y, time.June, 3})
			checkWeekday("Whit Sunday", time.Sunday, Date{y, time.May, 10}, Date{y, time.June, 13})
			checkWeekday("Midsummer Eve", time.Friday, Date{y, time.June, 19}, Date{y, time.June, 25})
			checkWeekday("Midsummer Day", time.Saturday, Date{y, time.June, 20}, Date{y, time.June, 26})
			checkWeekday("All Saints' Day", time.Saturday, Date{y, time.October, 31}, Date{y, time.November, 6})
			if byName["Midsummer Day"] != byName["Midsummer Eve"].AddDays(1) {
				t.Fatalf("%s %d: Midsummer Day is not the day after the Eve", c, y)
			}
		}
	}
}
