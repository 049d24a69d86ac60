package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/term"

	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/store"
)

// `steerco import`: ticket exports from the suppliers' ITSM tools (issue #8).

const importUsage = `usage: steerco import <source> FILE --agreement ID [flags]

  servicenow FILE --agreement ID [--kind incident|problem|change] [--strict]
          a ServiceNow CSV export: the list export (display names) or the
          table/event-log export with several rows per ticket (the latest
          update of each ticket wins)
  jira FILE --agreement ID [--strict]
          a Jira Service Management CSV export
  csv FILE --agreement ID --mapping MAP [--strict]
          any CSV, its columns named in a mapping file (docs/reports.md)

Re-importing the same or an overlapping file updates tickets; it never
duplicates them. Rejected rows are listed with line, column and reason and
the rest is imported, unless --strict. With --supplier SLUG the file is
imported as that supplier: a ticket of another supplier's service (or one
stored under it) is rejected on each of its rows, and nothing of the other
supplier's changes. The import is one transaction: a
killed import leaves nothing behind. Ends with a summary; --json prints it
as JSON.
`

// runImport implements `steerco import servicenow|jira|csv`.
func runImport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "servicenow" && args[0] != "jira" && args[0] != "csv") {
		if len(args) > 0 && args[0] != "-h" && args[0] != "--help" {
			fmt.Fprintf(stderr, "steerco import: unknown source %q\n\n", args[0])
		}
		fmt.Fprint(stderr, importUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	src := itsm.Source{Name: args[0]}
	fs := newFlags("import "+src.Name, stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	kind := fs.String("kind", "", "the kind of every ticket: incident, problem or change (default: from the rows)")
	strict := fs.Bool("strict", false, "refuse the whole file if any row is rejected")
	mapping := fs.String("mapping", "", "the column-mapping file (csv; required)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	actor := fs.String("as", "system", "who imports, for the audit trail")
	supplier := fs.String("supplier", "", "import as this supplier (party id): only into its own services; other suppliers' rows are rejected")
	pos, code := parseFlags(fs, args[1:])
	if code >= 0 {
		return code
	}
	switch {
	case len(pos) != 1:
		fmt.Fprintf(stderr, "steerco import %s: give one FILE\n", src.Name)
		return 2
	case *id == "":
		fmt.Fprintf(stderr, "steerco import %s: --agreement is required\n", src.Name)
		return 2
	case src.Name == "csv" && *mapping == "":
		fmt.Fprintln(stderr, "steerco import csv: --mapping is required")
		return 2
	case *kind != "" && *kind != store.KindIncident && *kind != store.KindProblem && *kind != store.KindChange:
		fmt.Fprintf(stderr, "steerco import: --kind %q: use incident, problem or change\n", *kind)
		return 2
	}
	src.Kind = *kind
	if *mapping != "" {
		m, err := os.ReadFile(*mapping)
		if err == nil {
			src.Mapping, err = itsm.ParseMapping(m)
		}
		if err != nil {
			fmt.Fprintf(stderr, "steerco import: %v\n", err)
			return 1
		}
	}
	// The file is read as it is imported, never whole into memory.
	file, err := os.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "steerco import: %v\n", err)
		return 1
	}
	defer file.Close()
	st, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer st.Close()
	opt := itsm.Options{Source: src, FileName: filepath.Base(pos[0]), Actor: *actor, Strict: *strict, Supplier: *supplier}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		last := time.Time{}
		opt.Progress = func(stage string, n int) {
			if time.Since(last) < 200*time.Millisecond {
				return
			}
			last = time.Now()
			verb := "read %d rows"
			if stage == "write" {
				verb = "wrote %d tickets"
			}
			fmt.Fprintf(stderr, "\r\033[K"+verb, n)
		}
		defer fmt.Fprint(stderr, "\r\033[K")
	}
	start := time.Now()
	res, err := itsm.Import(ctx, st, *id, file, opt)
	var se *itsm.StrictError
	switch {
	case errors.As(err, &se):
		printRejects(stderr, se.Rejects)
		fmt.Fprintf(stderr, "steerco import: %d rows rejected; --strict: nothing was imported\n", len(se.Rejects))
		return 1
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "steerco import: no agreement %q\n", *id)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "steerco import: %v\n", err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(res); err != nil {
			return 1
		}
		return 0
	}
	printRejects(stdout, res.Rejects)
	fmt.Fprintf(stdout, "rows read %d, tickets created %d, updated %d, unchanged %d, rejected %d (%s, %s-separated, %.1fs)\n",
		res.Rows, res.Created, res.Updated, res.Unchanged, res.Rejected, res.Encoding, res.Comma, time.Since(start).Seconds())
	return 0
}

// printRejects lists rejected rows, at most 50 and how many more.
func printRejects(w io.Writer, rejects []itsm.Reject) {
	for i, r := range rejects {
		if i == 50 {
			fmt.Fprintf(w, "... and %d more rejected rows\n", len(rejects)-50)
			break
		}
		fmt.Fprintf(w, "rejected: %s\n", r)
	}
}
