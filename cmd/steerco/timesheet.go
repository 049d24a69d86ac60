package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/timesheet"
)

const timeUsage = `usage: steerco time import FILE --agreement ID --supplier PARTY [--strict] [--db DSN]

Imports time entries from a CSV file exported by the supplier's own
system: columns date, person (e-mail, id or name), hours, description,
and optionally order and rate, found by their header (Finnish, Swedish
or English). Semicolons or commas; UTF-8 (with or without a BOM) or
Windows-1252; dates 7.4.2026 or 2026-04-07; hours 1,5 or 1:30.

The valid rows are imported in one transaction and each bad row is
reported as LINE: COLUMN: REASON. With --strict nothing is imported
when any row is bad. Exit status 1 when some row was bad.
`

// runTime implements `steerco time`.
func runTime(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "import" {
		if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(stderr, "steerco time: unknown subcommand %q\n\n", args[0])
		}
		fmt.Fprint(stderr, timeUsage)
		return 2
	}
	fs := newFlags("time import", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, timeUsage+"\n")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	supplier := fs.String("supplier", "", "the supplier party whose hours the file holds (required)")
	strict := fs.Bool("strict", false, "import nothing when any row is bad")
	pos, code := parseFlags(fs, args[1:])
	if code >= 0 {
		return code
	}
	if len(pos) != 1 || *id == "" || *supplier == "" {
		fmt.Fprint(stderr, "steerco time import: give one FILE, --agreement and --supplier\n\n"+timeUsage)
		return 2
	}
	var in io.Reader = stdin
	if pos[0] != "-" {
		f, err := os.Open(pos[0])
		if err != nil {
			fmt.Fprintf(stderr, "steerco time import: %v\n", err)
			return 1
		}
		defer f.Close()
		in = f
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco time import: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco time import: %v\n", err)
		return 1
	}
	if p := a.Party(*supplier); p == nil || p.Kind != gov.KindSupplier && p.Kind != gov.KindProvider {
		fmt.Fprintf(stderr, "steerco time import: %q is no supplier of %s\n", *supplier, a.Slug)
		return 1
	}
	res, err := timesheet.New(s).Import(ctx, a, timesheet.System, *supplier, in, *strict)
	if err != nil {
		fmt.Fprintf(stderr, "steerco time import: %v\n", err)
		return 1
	}
	for _, e := range res.Errors {
		col := e.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(stderr, "%s:%d: %s: %s\n", pos[0], e.Line, col, e.Message)
	}
	if res.Strict {
		fmt.Fprintf(stdout, "imported nothing: %d problems in %d rows (--strict)\n", len(res.Errors), res.Rows)
		return 1
	}
	fmt.Fprintf(stdout, "imported %d of %d rows\n", res.Imported, res.Rows)
	if len(res.Errors) > 0 {
		return 1
	}
	return 0
}
