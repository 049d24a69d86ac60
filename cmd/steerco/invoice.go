package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/invoice"
	"github.com/steerco/steerco/internal/order"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

const invoiceUsage = `usage: steerco invoice basis --agreement ID --month YYYY-MM [--supplier PARTY] --format csv|xlsx [--out FILE] [--db DSN]

Writes a supplier's monthly invoice basis: approved hours at the model's
rates, approved overruns, approved orders and service requests, each with
its order id, and the deviation from the normal monthly amount. The
issued basis when there is one, else the basis as it stands. Without
--supplier, the agreement's only supplier; CSV goes to standard output
without --out.
`

// runInvoice implements `steerco invoice`.
func runInvoice(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "basis" {
		if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(stderr, "steerco invoice: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, invoiceUsage)
		return 2
	}
	fs := newFlags("invoice basis", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, invoiceUsage+"\n")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	month := fs.String("month", "", "the month, YYYY-MM (required)")
	supplier := fs.String("supplier", "", "the supplier (default: the agreement's only one)")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "the file to write (required for xlsx)")
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco invoice basis: unexpected argument %q\n", pos[0])
		return 2
	}
	if _, _, err := timesheet.MonthRange(*month); err != nil || *id == "" {
		fmt.Fprint(stderr, "steerco invoice basis: give --agreement and --month YYYY-MM\n\n"+invoiceUsage)
		return 2
	}
	if *format != "csv" && *format != "xlsx" || *format == "xlsx" && *out == "" {
		fmt.Fprint(stderr, "steerco invoice basis: --format is csv or xlsx; xlsx needs --out\n")
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco invoice basis: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco invoice basis: %v\n", err)
		return 1
	}
	if *supplier == "" {
		sups := timesheet.Suppliers(a)
		if len(sups) != 1 {
			fmt.Fprintf(stderr, "steerco invoice basis: %s has %d suppliers: choose one with --supplier\n", a.Slug, len(sups))
			return 2
		}
		*supplier = sups[0].Slug
	}
	b, err := invoice.New(s).Get(ctx, a, timesheet.System, *supplier, *month)
	if err != nil {
		fmt.Fprintf(stderr, "steerco invoice basis: %v\n", err)
		return 1
	}
	write := func(w io.Writer) error {
		if *format == "xlsx" {
			return invoice.WriteXLSX(w, a, b)
		}
		return invoice.WriteCSV(w, a, b)
	}
	if *out == "" {
		if err := write(stdout); err != nil {
			fmt.Fprintf(stderr, "steerco invoice basis: %v\n", err)
			return 1
		}
		return 0
	}
	if err := writeAtomically(*out, write); err != nil {
		fmt.Fprintf(stderr, "steerco invoice basis: %v\n", err)
		return 1
	}
	state := "draft"
	if b.Issued != nil {
		state = "issued"
	}
	fmt.Fprintf(stdout, "wrote the %s invoice basis of %s for %s to %s: %d lines, total %s %s\n", state, *supplier, *month, *out, len(b.Lines), fmtCents(b.TotalCents), a.Currency)
	if b.Deviation {
		fmt.Fprintf(stdout, "deviation: the normal monthly amount is %s %s\n", fmtCents(b.NormalCents), a.Currency)
	}
	return 0
}

// fmtCents writes cents as a plain decimal.
func fmtCents(c int64) string { return order.FormatCents(c) }
