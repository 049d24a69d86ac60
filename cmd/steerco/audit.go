package main

import (
	"context"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/store"
)

// runAudit implements `steerco audit verify`: recompute the audit log's
// hash chain and say whether it holds. Exit status 0 when it does, 1 when
// an entry was altered or removed (or the check could not run).
func runAudit(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "verify" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(stderr, "usage: steerco audit verify [--db DSN]")
			return 0
		}
		fmt.Fprintln(stderr, "usage: steerco audit verify [--db DSN]\n\nverify checks that no audit log entry was altered or removed.")
		return 2
	}
	fs := newFlags("audit verify", stderr)
	db := dbFlag(fs, defaultDB)
	if pos, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco audit verify: unexpected argument %q\n", pos[0])
		return 2
	}
	// Not Open: verifying must not change the database, not even migrate it.
	s, err := store.ConnectExisting(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit verify: %v\n", err)
		return 1
	}
	defer s.Close()
	c, err := s.CheckAudit(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco audit verify: %v\n", err)
		return 1
	}
	if !c.OK {
		fmt.Fprintf(stderr, "audit trail broken at entry %d: %s\n", c.FirstBroken, c.Reason)
		return 1
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries\n", c.Entries)
	return 0
}
