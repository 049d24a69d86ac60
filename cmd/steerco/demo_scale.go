package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/steerco/steerco/internal/demogen"
	"github.com/steerco/steerco/internal/store"
)

// scaleFlags are the demo's volume flags (issue #10): generated
// agreements with ten years of history, and a ServiceNow-style ticket
// export, for benchmarks and for trying steerco at a realistic size.
type scaleFlags struct {
	agreements, years, tickets *int
	ticketsOut                 *string
	seed                       *uint64
	noServe                    *bool
}

func addScaleFlags(fs *flag.FlagSet) *scaleFlags {
	return &scaleFlags{
		agreements: fs.Int("scale", 0, "also generate N agreements from the five model templates, each with ten years of meetings, minutes and decisions"),
		years:      fs.Int("scale-years", demogen.Years, "the years of history --scale generates, ending with 2025"),
		tickets:    fs.Int("tickets", 0, fmt.Sprintf("also write M incidents (up to %d) as a ServiceNow event-log CSV to --tickets-out", demogen.MaxTickets)),
		ticketsOut: fs.String("tickets-out", "", "the file --tickets writes"),
		seed:       fs.Uint64("seed", 1, "the generator's seed: the same seed writes the same tickets, byte for byte"),
		noServe:    fs.Bool("no-serve", false, "generate, then exit instead of serving"),
	}
}

// runScale generates what the flags ask for. done says the demo should
// stop there (with the exit status code) rather than serve.
func runScale(ctx context.Context, s *store.Store, f *scaleFlags, stdout, stderr io.Writer) (done bool, code int) {
	switch {
	case *f.agreements < 0:
		fmt.Fprintf(stderr, "steerco demo: --scale %d: give a number of agreements, 0 or more\n", *f.agreements)
		return true, 2
	case *f.years < 1 || *f.years > 50:
		fmt.Fprintf(stderr, "steerco demo: --scale-years %d: give 1 to 50\n", *f.years)
		return true, 2
	case *f.tickets < 0 || *f.tickets > demogen.MaxTickets:
		fmt.Fprintf(stderr, "steerco demo: --tickets %d: give 0 to %d\n", *f.tickets, demogen.MaxTickets)
		return true, 2
	case *f.tickets > 0 && *f.ticketsOut == "":
		fmt.Fprintln(stderr, "steerco demo: --tickets needs --tickets-out FILE")
		return true, 2
	}
	if *f.agreements > 0 {
		start := time.Now()
		st, err := demogen.Agreements(ctx, s, demogen.AgreementOptions{Count: *f.agreements,
			FirstYear: demogen.FirstYear + demogen.Years - *f.years, Years: *f.years, Progress: stdout})
		if err != nil {
			fmt.Fprintf(stderr, "steerco demo: %v\n", err)
			return true, 1
		}
		fmt.Fprintf(stdout, "generated %d agreements (%d meetings held, %d minutes, %d approved, %d matters, %d decisions) in %s\n",
			st.Agreements, st.Meetings, st.Minutes, st.Approved, st.Matters, st.Decisions, time.Since(start).Round(time.Millisecond))
	}
	if *f.tickets > 0 {
		start := time.Now()
		st, err := writeTickets(*f.ticketsOut, demogen.TicketOptions{Count: *f.tickets, Seed: *f.seed})
		if err != nil {
			fmt.Fprintf(stderr, "steerco demo: %v\n", err)
			return true, 1
		}
		fmt.Fprintf(stdout, "wrote %d tickets (%d rows, %d still open) to %s in %s\n", st.Tickets, st.Rows, st.Open, *f.ticketsOut,
			time.Since(start).Round(time.Millisecond))
	}
	return *f.noServe, 0
}

// writeTickets writes the export next to its destination and renames it
// into place, so that an interrupted run leaves no truncated file.
func writeTickets(path string, opt demogen.TicketOptions) (demogen.TicketStats, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tickets-*.csv")
	if err != nil {
		return demogen.TicketStats{}, err
	}
	defer os.Remove(tmp.Name())
	st, err := demogen.WriteTickets(tmp, opt)
	if err == nil {
		err = tmp.Close()
	} else {
		tmp.Close()
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	return st, err
}
