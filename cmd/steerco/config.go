package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/steerco/steerco/internal/store"
)

// defaultDB is where steerco keeps its data when neither --db nor
// STEERCO_DB says otherwise: a SQLite file in the working directory.
const defaultDB = "sqlite:steerco.db"

// dbFlag registers --db on fs, defaulting to STEERCO_DB or defaultDB.
func dbFlag(fs *flag.FlagSet, fallback string) *string {
	def := os.Getenv("STEERCO_DB")
	if def == "" {
		def = fallback
	}
	return fs.String("db", def, "database: sqlite:PATH or postgres://user:pass@host/db (env STEERCO_DB)")
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("steerco "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing flags before and after the positional
// arguments (`model diff FILE --db X` reads as well as `--db X FILE`). It
// returns the positional arguments and the exit status to use when parsing
// failed (2, or 0 for -h), or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, 0
			}
			return nil, 2
		}
		if fs.NArg() == 0 {
			return pos, -1
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// openStore opens the database, applying pending migrations.
func openStore(ctx context.Context, dsn string, stderr io.Writer) (*store.Store, bool) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		fmt.Fprintf(stderr, "steerco: %v\n", err)
		return nil, false
	}
	return s, true
}
