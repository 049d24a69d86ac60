package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/steerco/steerco/internal/store"
)

// runMigrate implements `steerco migrate`: open the database, which
// applies pending migrations, and say what was done.
func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("migrate", stderr)
	db := dbFlag(fs, defaultDB)
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco migrate: unexpected argument %q\n", pos[0])
		return 2
	}
	// Connect, not Open: Open would migrate before we could report it.
	s, err := store.Connect(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco migrate: %v\n", err)
		return 1
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco migrate: %v\n", err)
		return 1
	}
	for _, m := range applied {
		fmt.Fprintf(stdout, "applied %s\n", m)
	}
	fmt.Fprintf(stdout, "%s database is up to date (%d migration(s) applied now)\n", s.Dialect(), len(applied))
	return 0
}

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module's build information is used.
var version = ""

func runVersion(_ context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if _, code := parseFlags(newFlags("version", stderr), args); code >= 0 {
		return code
	}
	v := version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 12 {
					v = "devel-" + s.Value[:12]
				}
			}
		}
	}
	fmt.Fprintf(stdout, "steerco %s\n", v)
	return 0
}
