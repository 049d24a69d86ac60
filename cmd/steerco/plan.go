package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// runPlan implements `steerco plan --agreement ID --year YYYY [--format text|csv|ics]`.
func runPlan(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("plan", stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	year := fs.Int("year", time.Now().Year()+1, "the year to plan")
	format := fs.String("format", "text", "text, csv or ics")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	switch {
	case len(pos) > 0:
		fmt.Fprintf(stderr, "steerco plan: unexpected argument %q\n", pos[0])
		return 2
	case *id == "":
		fmt.Fprintln(stderr, "steerco plan: --agreement is required (see `steerco model apply` to create one)")
		return 2
	case *year < 1900 || *year > 2200:
		fmt.Fprintf(stderr, "steerco plan: --year %d: use a year between 1900 and 2200\n", *year)
		return 2
	case *format != "text" && *format != "csv" && *format != "ics":
		fmt.Fprintf(stderr, "steerco plan: --format %q: use text, csv or ics\n", *format)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco plan: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco plan: %v\n", err)
		return 1
	}
	ms, err := plan.Year(a, *year)
	if err != nil {
		fmt.Fprintf(stderr, "steerco plan: %v\n", err)
		return 1
	}
	if !a.Period.ContainsYear(fmt.Sprint(*year)) {
		// The plan is empty, as it should be; say why, off the output.
		fmt.Fprintf(stderr, "steerco plan: %d is outside the agreement's period %s: nothing is planned\n", *year, a.Period)
	}
	switch *format {
	case "csv":
		err = plan.WriteCSV(stdout, ms)
	case "ics":
		err = plan.WriteICS(stdout, a, *year, ms, time.Now())
	default:
		err = plan.WriteText(stdout, ms)
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco plan: %v\n", err)
		return 1
	}
	return 0
}
