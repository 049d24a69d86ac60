package timesheet

import (
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

func TestParseDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"1,5", 90, true}, {"0.25", 15, true}, {"2", 120, true}, {"1:30", 90, true}, {"0:07", 7, true}, {"45 min", 45, true},
		{"1 h 15 min", 75, true}, {"7,5h", 450, true}, {"", 0, false}, {"1:75", 0, false}, {"-1", 0, false}, {"x", 0, false},
	} {
		got, ok := ParseDuration(tc.in)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// A 7-minute entry is refused with the step in the message; 15-minute
// multiples up to a day pass.
func TestCheckMinutes(t *testing.T) {
	for _, tc := range []struct {
		step, minutes int
		want          string
	}{
		{15, 7, "time.err.step"}, {15, 15, ""}, {15, 90, ""}, {15, 100, "time.err.step"}, {15, 0, "time.err.zero"},
		{15, 24*60 + 15, "time.err.day"}, {30, 45, "time.err.step"}, {1, 7, ""},
	} {
		f := CheckMinutes(tc.step, tc.minutes)
		got := ""
		if f != nil {
			got = f.ID
		}
		if got != tc.want {
			t.Errorf("CheckMinutes(%d, %d) = %q, want %q", tc.step, tc.minutes, got, tc.want)
		}
	}
	if f := CheckMinutes(15, 7); f.Message != "enter time in steps of 15 minutes; 7 minutes is not one" {
		t.Errorf("message %q", f.Message)
	}
}

// The approval deadline is the 2nd working day of the next month and the
// invoice basis's the 5th, on the agreement's calendar: holidays and
// weekends move them.
func TestDeadlines(t *testing.T) {
	fi := &gov.Agreement{Country: "FI", TimeReporting: &gov.TimeRules{StepMinutes: 15, ApproveByWorkingDay: 2, InvoiceByWorkingDay: 5}}
	se := &gov.Agreement{Country: "SE", TimeReporting: fi.TimeReporting}
	for _, tc := range []struct {
		a                *gov.Agreement
		month            string
		approve, invoice string
	}{
		// 1 Jan New Year, 6 Jan Epiphany (Tuesday 2026).
		{fi, "2025-12", "2026-01-05", "2026-01-09"},
		// 1 May (Friday) May Day; 4 May is the 1st working day.
		{fi, "2026-04", "2026-05-05", "2026-05-08"},
		// Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar; March → April.
		{fi, "2027-03", "2027-04-02", "2027-04-07"},
		// Sweden: 6 Jun National Day is a Saturday in 2026; June starts Monday.
		{se, "2026-05", "2026-06-02", "2026-06-05"},
		// Easter 2026: Good Friday 3 Apr and Easter Monday 6 Apr fall
		// between the two deadlines.
		{fi, "2026-03", "2026-04-02", "2026-04-09"},
		// November 2026: 1 Nov Sunday, so Monday 2 and Tuesday 3.
		{fi, "2026-10", "2026-11-03", "2026-11-06"},
	} {
		d, err := DeadlinesFor(tc.a, tc.month)
		if err != nil {
			t.Fatal(err)
		}
		if d.ApproveBy.String() != tc.approve || d.InvoiceBy.String() != tc.invoice {
			t.Errorf("%s %s: approve %s invoice %s, want %s %s", tc.a.Country, tc.month, d.ApproveBy, d.InvoiceBy, tc.approve, tc.invoice)
		}
	}
	if _, err := DeadlinesFor(fi, "2026-13"); err == nil {
		t.Error("month 13 accepted")
	}
}

func TestParseDay(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"7.4.2026", "2026-04-07"}, {"07.04.2026", "2026-04-07"}, {"2026-04-07", "2026-04-07"}, {"07/04/2026", "2026-04-07"},
		{"7.4.2026 08:00", "2026-04-07"}, {"31.2.2026", ""}, {"4/31/2026", ""}, {"", ""},
	} {
		got, ok := ParseDay(tc.in)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("ParseDay(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}
