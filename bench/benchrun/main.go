// Command benchrun measures steerco against baselines measured in the same
// run and prints the result as a Markdown table: ticket import against the
// sqlite3 shell's .import, the monthly report against a hand-written SQL
// aggregate, web pages under wrk against a trivial handler of the same
// binary, and peak memory. bench/run builds steerco and runs it; see
// BENCHMARKS.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// config is one run's settings.
type config struct {
	quick      bool
	bin, work  string
	pg         string // an administrator's DSN to create the bench databases; "" skips PostgreSQL
	sizes      []int
	scale      int // agreements generated
	years      int // their years of history
	month      string
	dur        time.Duration // wrk's duration per page
	conns      int
	seed       uint64
	reportRuns int
}

func main() {
	var c config
	var sizes string
	flag.BoolVar(&c.quick, "quick", false, "small sizes and short loads: a smoke test of the whole run in a few minutes")
	flag.StringVar(&c.bin, "bin", "", "the steerco binary (required)")
	flag.StringVar(&c.work, "work", "", "working directory for data and databases (required)")
	flag.StringVar(&c.pg, "pg", "", "PostgreSQL DSN of a role that may create databases; the run creates and drops steerco_bench*; empty skips PostgreSQL")
	flag.StringVar(&sizes, "sizes", "", "ticket counts, comma-separated (default 10000,100000,1000000; quick 1000,5000,20000)")
	flag.IntVar(&c.scale, "scale", 0, "agreements to generate (default 5, one per template; quick 1)")
	flag.IntVar(&c.years, "years", 0, "their years of history (default 10; quick 2)")
	flag.StringVar(&c.month, "month", "2024-04", "the month whose report is opened")
	flag.DurationVar(&c.dur, "duration", 0, "wrk's duration per page (default 20s; quick 3s)")
	flag.IntVar(&c.conns, "connections", 32, "wrk's connections")
	flag.Uint64Var(&c.seed, "seed", 1, "the ticket generator's seed")
	flag.Parse()
	if c.bin == "" || c.work == "" {
		fmt.Fprintln(os.Stderr, "benchrun: -bin and -work are required (bench/run gives them)")
		os.Exit(2)
	}
	c.defaults()
	if sizes != "" {
		c.sizes = nil
		for _, s := range strings.Split(sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				fmt.Fprintf(os.Stderr, "benchrun: -sizes: %q is not a ticket count\n", s)
				os.Exit(2)
			}
			c.sizes = append(c.sizes, n)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	b := &bench{c: c, log: os.Stderr}
	rows := b.all(ctx)
	fmt.Printf("\nsteerco benchmarks, %s, %s\n\n", time.Now().Format("2006-01-02 15:04"), c.describe())
	FormatTable(os.Stdout, rows)
}

// defaults fills what the flags left unset, for a full or a quick run.
func (c *config) defaults() {
	def := func(p *int, full, quick int) {
		if *p == 0 {
			*p = full
			if c.quick {
				*p = quick
			}
		}
	}
	def(&c.scale, 5, 1)
	def(&c.years, 10, 2)
	def(&c.reportRuns, 5, 3)
	if c.dur == 0 {
		c.dur = 20 * time.Second
		if c.quick {
			c.dur = 3 * time.Second
		}
	}
	c.sizes = []int{10_000, 100_000, 1_000_000}
	if c.quick {
		c.sizes = []int{1000, 5000, 20_000}
	}
}

func (c config) describe() string {
	mode := "full run"
	if c.quick {
		mode = "quick run (smoke test: sizes too small to judge the targets)"
	}
	return fmt.Sprintf("%s: %d agreements with %d years of history, tickets %v, month %s, wrk %d connections for %s per page",
		mode, c.scale, c.years, c.sizes, c.month, c.conns, c.dur)
}

// bench is one run in progress.
type bench struct {
	c   config
	log io.Writer
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

func (b *bench) path(name string) string { return filepath.Join(b.c.work, name) }

// all runs every measurement; a step that fails becomes rows that say
// why, and the run goes on.
func (b *bench) all(ctx context.Context) []Row {
	var rows []Row
	files, err := b.tickets()
	if err != nil {
		b.logf("tickets: %v", err)
		return []Row{{Measure: "ticket generation", NA: err.Error()}}
	}
	bases, err := b.baselines(ctx, files)
	if err != nil {
		b.logf("baselines: %v", err)
		return []Row{{Measure: "sqlite3 baselines", NA: err.Error()}}
	}
	rows = append(rows, b.database(ctx, sqliteDB{b}, files, bases)...)
	if b.c.pg != "" {
		rows = append(rows, b.database(ctx, &postgresDB{b: b, admin: b.c.pg}, files, bases)...)
	} else {
		rows = append(rows, Row{Measure: "everything", DB: "postgres", NA: "no -pg DSN given"})
	}
	return rows
}
