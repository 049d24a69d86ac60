package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

const reportUsage = `usage: steerco report monthly --agreement ID --month YYYY-MM [--part SUPPLIER] [--format json|csv|xlsx|pdf] [--out FILE]

  Writes the monthly report pack of an agreement: service levels (before
  and after accepted exclusions, with every breach), improvements,
  incidents and problems, security, performance and capacity, change
  management, risks, financial summary and projects, with 12-month trends,
  in the agreement's language. A submitted or approved report is written
  as it was frozen; otherwise it is computed now. --format json is the
  default; its shape is in docs/reports.md. Without --out it goes to
  stdout. Where several suppliers answer for the services, each has its
  own part of the report (its services, texts and breaches): --part
  names the supplier's.
`

// runReport implements `steerco report monthly`.
func runReport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "monthly" {
		if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(stderr, "steerco report: unknown report %q\n\n", args[0])
		}
		fmt.Fprint(stderr, reportUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	fs := newFlags("report monthly", stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	month := fs.String("month", "", "the month, YYYY-MM (required)")
	format := fs.String("format", "json", "json, csv, xlsx or pdf")
	out := fs.String("out", "", "the file to write (default stdout)")
	part := fs.String("part", "", "the supplier (party id) whose part of the report to write, where each supplier has its own (default: the whole report)")
	pos, code := parseFlags(fs, args[1:])
	if code >= 0 {
		return code
	}
	switch {
	case len(pos) > 0:
		fmt.Fprintf(stderr, "steerco report monthly: unexpected argument %q\n", pos[0])
		return 2
	case *id == "":
		fmt.Fprintln(stderr, "steerco report monthly: --agreement is required")
		return 2
	case !slices.Contains(report.Formats, *format):
		fmt.Fprintf(stderr, "steerco report monthly: --format %q: use one of %s\n", *format, strings.Join(report.Formats, ", "))
		return 2
	}
	if _, err := report.ParseMonth(*month); err != nil {
		fmt.Fprintf(stderr, "steerco report monthly: --month: %v\n", err)
		return 2
	}
	cat, err := i18n.Load()
	if err != nil {
		fmt.Fprintf(stderr, "steerco: %v\n", err)
		return 1
	}
	st, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	a, err := st.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco report monthly: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco report monthly: %v\n", err)
		return 1
	}
	if *part != "" && !slices.Contains(report.Parts(a), *part) {
		fmt.Fprintf(stderr, "steerco report monthly: --part %q: the report's parts are: %s\n", *part, strings.Join(report.Parts(a), ", "))
		return 2
	}
	p, err := report.Build(ctx, st, a, *month, report.Options{Part: *part})
	if err != nil {
		fmt.Fprintf(stderr, "steerco report monthly: %v\n", err)
		return 1
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	l := report.Labels{Cat: cat, Lang: a.Language, Loc: loc}
	if *out == "" {
		if err := report.Write(stdout, *format, l, p); err != nil {
			fmt.Fprintf(stderr, "steerco report monthly: %v\n", err)
			return 1
		}
		return 0
	}
	f, err := os.Create(*out)
	if err == nil {
		bw := bufio.NewWriter(f)
		err = report.Write(bw, *format, l, p)
		err = errors.Join(err, bw.Flush(), f.Close())
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco report monthly: %v\n", err)
		return 1
	}
	return 0
}
