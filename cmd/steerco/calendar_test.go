package main

import (
	"bytes"
	"strings"
	"testing"
)

func calRun(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = runCalendar(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCalendarOutputs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"add", "--country", "SE", "--from", "2026-12-17", "--days", "5"}, "2026-12-28\n"},
		{[]string{"add", "--country", "SE", "--from", "2026-12-17", "--days", "5", "--eves-working"}, "2026-12-24\n"},
		{[]string{"add", "--country", "se", "--from", "2026-12-28", "--days", "-5"}, "2026-12-17\n"},
		{[]string{"add", "--country", "FI", "--from", "2026-12-28", "--days", "4"}, "2027-01-04\n"},
		{[]string{"add", "--country", "SE", "--from", "2026-12-28", "--days", "4"}, "2027-01-05\n"},
		{[]string{"add", "--country", "FI", "--from", "2026-12-19", "--days", "1"}, "2026-12-21\n"},  // Saturday
		{[]string{"add", "--country", "FI", "--from", "2026-12-19", "--days", "-1"}, "2026-12-18\n"}, // Saturday
		{[]string{"add", "--country", "FI", "--from", "2026-12-19", "--days", "0"}, "2026-12-19\n"},
		{[]string{"add", "-country=FI", "-from=2026-04-02", "-days=1"}, "2026-04-07\n"}, // single-dash form, over Easter
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "2"}, "2026-06-02\n"},
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "15"}, "2026-06-22\n"},
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "15", "--eves-working"}, "2026-06-19\n"},
		{[]string{"nth", "--country", "FI", "--month", "2026-01", "--n", "2"}, "2026-01-05\n"},
		{[]string{"nth", "--country", "SE", "--month", "2026-12", "--n", "-1"}, "2026-12-30\n"},
		{[]string{"holidays", "--country", "FI", "--year", "2026"}, `2026-01-01 New Year's Day
2026-01-06 Epiphany
2026-04-03 Good Friday
2026-04-05 Easter Sunday
2026-04-06 Easter Monday
2026-05-01 May Day
2026-05-14 Ascension Day
2026-05-24 Whit Sunday
2026-06-19 Midsummer Eve
2026-06-20 Midsummer Day
2026-10-31 All Saints' Day
2026-12-06 Independence Day
2026-12-24 Christmas Eve
2026-12-25 Christmas Day
2026-12-26 St Stephen's Day
`},
		{[]string{"holidays", "--country", "SE", "--year", "2026"}, `2026-01-01 New Year's Day
2026-01-06 Epiphany
2026-04-03 Good Friday
2026-04-05 Easter Sunday
2026-04-06 Easter Monday
2026-05-01 May Day
2026-05-14 Ascension Day
2026-05-24 Whit Sunday
2026-06-06 National Day
2026-06-19 Midsummer Eve
2026-06-20 Midsummer Day
2026-10-31 All Saints' Day
2026-12-24 Christmas Eve
2026-12-25 Christmas Day
2026-12-26 Boxing Day
2026-12-31 New Year's Eve
`},
	}
	for _, tt := range tests {
		code, out, errOut := calRun(tt.args...)
		if code != 0 || out != tt.want || errOut != "" {
			t.Errorf("steerco calendar %s\n= %d, stdout %q, stderr %q\nwant 0, stdout %q", strings.Join(tt.args, " "), code, out, errOut, tt.want)
		}
	}
}

func TestCalendarErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // substring of stderr
	}{
		{nil, 2, "usage: steerco calendar"},
		{[]string{"easter"}, 2, `unknown subcommand "easter"`},
		{[]string{"add", "--country", "XX", "--from", "2026-12-17", "--days", "5"}, 2, `steerco calendar: --country "XX": must be FI or SE`},
		{[]string{"holidays", "--country", "NO", "--year", "2026"}, 2, `--country "NO": must be FI or SE`},
		{[]string{"add", "--country", "SE", "--from", "2026-02-30", "--days", "5"}, 2, `--from "2026-02-30": must be a real date YYYY-MM-DD`},
		{[]string{"add", "--country", "SE", "--from", "17.12.2026", "--days", "5"}, 2, `--from "17.12.2026"`},
		{[]string{"add", "--country", "SE", "--from", "2026-12-17", "--days", "five"}, 2, `--days "five": must be a whole number`},
		{[]string{"add", "--country", "SE", "--from", "2026-12-17", "--days", "1000000"}, 2, `--days "1000000"`},
		{[]string{"add", "--country", "SE", "--from", "2026-12-17"}, 2, "--days is required"},
		{[]string{"add", "--from", "2026-12-17", "--days", "5"}, 2, "--country is required: must be FI or SE"},
		{[]string{"add", "--country", "SE", "--from", "2026-12-17", "--days", "5", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"add", "--country", "SE", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"nth", "--country", "FI", "--month", "2026-13", "--n", "1"}, 2, `--month "2026-13": must be a month YYYY-MM`},
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "0"}, 2, `--n "0": must be a whole number other than 0`},
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "x"}, 2, `--n "x"`},
		{[]string{"nth", "--country", "FI", "--month", "2026-06"}, 2, "--n is required"},
		// A well-formed --n beyond the month's working days is not a usage error.
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "40"}, 1, "--n 40: FI 2026-06 has 21 working days, so --n must be 1 to 21 or -1 to -21"},
		{[]string{"nth", "--country", "FI", "--month", "2026-06", "--n", "-22"}, 1, "has 21 working days"},
		{[]string{"holidays", "--country", "FI", "--year", "20x6"}, 2, `--year "20x6": must be a year from 1583 to 9999`},
		{[]string{"holidays", "--country", "FI"}, 2, "--year is required"},
		{[]string{"add", "--country", "FI", "--from", "9999-12-30", "--days", "5"}, 1, "outside the years"},
	}
	for _, tt := range tests {
		code, out, errOut := calRun(tt.args...)
		if code != tt.code || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("steerco calendar %s\n= %d, stdout %q, stderr %q\nwant %d and stderr containing %q",
				strings.Join(tt.args, " "), code, out, errOut, tt.code, tt.want)
		}
	}
}

func TestCalendarHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"help"}, {"add", "-h"}, {"nth", "--help"}} {
		code, out, errOut := calRun(args...)
		if code != 0 || out != "" || !strings.Contains(errOut, "usage: steerco calendar") {
			t.Errorf("steerco calendar %s = %d, stdout %q, stderr %q; want 0 and the usage on stderr",
				strings.Join(args, " "), code, out, errOut)
		}
	}
}
