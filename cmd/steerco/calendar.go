package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
)

const calendarUsage = `usage: steerco calendar <subcommand> [flags]

  holidays --country FI|SE --year YYYY
        print the year's public holidays and de-facto non-working eves,
        weekends included, one "YYYY-MM-DD name" per line in date order
  add --country FI|SE --from YYYY-MM-DD --days N [--eves-working]
        print the date N working days after --from (before it if N < 0);
        counting starts from --from itself even if it is not a working day
  nth --country FI|SE --month YYYY-MM --n N [--eves-working]
        print the N-th working day of the month (N < 0 counts from the end)

--eves-working counts Midsummer Eve, Christmas Eve and (SE) New Year's Eve
as working days; by default they are not.
`

// Limits on numeric flags. Years outside 1583–9999 have no Gregorian Easter
// or no four-digit form; the --days bound (about 380 years) keeps a typo from
// running for minutes.
const (
	calMinYear = 1583
	calMaxYear = 9999
	calMaxDays = 100000
)

// calUsageError is a bad command line: it exits 2, other errors exit 1.
type calUsageError struct{ msg string }

func (e calUsageError) Error() string { return e.msg }

func calUsagef(format string, args ...any) error {
	return calUsageError{fmt.Sprintf(format, args...)}
}

// runCalendar implements `steerco calendar holidays|add|nth`.
// Exit status: 0 success, 1 a valid request that cannot be met (e.g. --n
// beyond the month's working days), 2 a bad command line.
func runCalendar(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, calendarUsage)
		return 2
	}
	var run func(fs *flag.FlagSet, args []string, stdout io.Writer) error
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stderr, calendarUsage)
		return 0
	case "holidays":
		run = calendarHolidays
	case "add":
		run = calendarAdd
	case "nth":
		run = calendarNth
	default:
		fmt.Fprintf(stderr, "steerco calendar: unknown subcommand %q\n\n%s", args[0], calendarUsage)
		return 2
	}

	fs := flag.NewFlagSet("steerco calendar "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, calendarUsage, "\nflags of ", args[0], ":\n")
		fs.PrintDefaults()
	}
	err := run(fs, args[1:], stdout)
	var usageErr calUsageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errCalFlagParse):
		return 2 // the flag package has already explained
	case errors.As(err, &usageErr):
		fmt.Fprintf(stderr, "steerco calendar: %v\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "steerco calendar: %v\n", err)
		return 1
	}
}

// errCalFlagParse marks an error the flag package has already printed.
var errCalFlagParse = errors.New("flag parse error")

// calParse parses args into fs, rejects positional arguments, and checks
// that every flag in required was given.
func calParse(fs *flag.FlagSet, args []string, required ...string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errCalFlagParse
	}
	if fs.NArg() > 0 {
		return calUsagef("unexpected argument %q (all input is given with flags)", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for _, name := range required {
		if !set[name] {
			return calUsagef("--%s is required: %s", name, fs.Lookup(name).Usage)
		}
	}
	return nil
}

// calCommon registers the flags every subcommand shares.
func calCommon(fs *flag.FlagSet, withEves bool) (country *string, eves *bool) {
	country = fs.String("country", "", "must be FI or SE")
	if withEves {
		eves = fs.Bool("eves-working", false, "count Midsummer Eve, Christmas Eve and (SE) New Year's Eve as working days")
	}
	return country, eves
}

func calCountry(s string) (calendar.Country, error) {
	c, err := calendar.ParseCountry(s)
	if err != nil {
		return "", calUsagef("--country %q: must be FI or SE", s)
	}
	return c, nil
}

func calendarHolidays(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	country, _ := calCommon(fs, false)
	year := fs.String("year", "", fmt.Sprintf("a year from %d to %d, e.g. 2026", calMinYear, calMaxYear))
	if err := calParse(fs, args, "country", "year"); err != nil {
		return err
	}
	c, err := calCountry(*country)
	if err != nil {
		return err
	}
	y, err := strconv.Atoi(*year)
	if err != nil || y < calMinYear || y > calMaxYear {
		return calUsagef("--year %q: must be a year from %d to %d, e.g. 2026", *year, calMinYear, calMaxYear)
	}
	var b strings.Builder
	for _, h := range calendar.Holidays(c, y) {
		fmt.Fprintf(&b, "%s %s\n", h.Date, h.Name)
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

func calendarAdd(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	country, eves := calCommon(fs, true)
	from := fs.String("from", "", "the start date, YYYY-MM-DD")
	days := fs.String("days", "", fmt.Sprintf("working days to add, a whole number from %d to %d (negative goes back)", -calMaxDays, calMaxDays))
	if err := calParse(fs, args, "country", "from", "days"); err != nil {
		return err
	}
	c, err := calCountry(*country)
	if err != nil {
		return err
	}
	d, err := calendar.ParseDate(*from)
	if err != nil || d.Y < calMinYear {
		return calUsagef("--from %q: must be a real date YYYY-MM-DD from year %d on", *from, calMinYear)
	}
	n, err := strconv.Atoi(*days)
	if err != nil || n < -calMaxDays || n > calMaxDays {
		return calUsagef("--days %q: must be a whole number from %d to %d", *days, -calMaxDays, calMaxDays)
	}
	got := calendar.Calendar{Country: c, EvesWorking: *eves}.AddWorkingDays(d, n)
	if got.Y < calMinYear || got.Y > calMaxYear {
		return fmt.Errorf("--days %d from %s: the result falls outside the years %d to %d", n, d, calMinYear, calMaxYear)
	}
	_, err = fmt.Fprintln(stdout, got)
	return err
}

func calendarNth(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	country, eves := calCommon(fs, true)
	month := fs.String("month", "", "the month, YYYY-MM")
	nflag := fs.String("n", "", "which working day: 1 is the first, -1 the last")
	if err := calParse(fs, args, "country", "month", "n"); err != nil {
		return err
	}
	c, err := calCountry(*country)
	if err != nil {
		return err
	}
	m, err := time.Parse("2006-01", *month)
	if err != nil || m.Year() < calMinYear {
		return calUsagef("--month %q: must be a month YYYY-MM (01 to 12) from year %d on", *month, calMinYear)
	}
	n, err := strconv.Atoi(*nflag)
	if err != nil || n == 0 {
		return calUsagef("--n %q: must be a whole number other than 0: 1 is the first working day, -1 the last", *nflag)
	}
	cal := calendar.Calendar{Country: c, EvesWorking: *eves}
	got, err := cal.NthWorkingDay(m.Year(), m.Month(), n)
	if err != nil {
		// Not a usage error: the same --n is fine for a longer month.
		first := calendar.NewDate(m.Year(), m.Month(), 1)
		count := cal.WorkingDaysBetween(first.AddDays(-1), calendar.NewDate(m.Year(), m.Month()+1, 0))
		return fmt.Errorf("--n %d: %s %s has %d working days, so --n must be 1 to %d or -1 to -%d",
			n, c, *month, count, count, count)
	}
	_, err = fmt.Fprintln(stdout, got)
	return err
}
