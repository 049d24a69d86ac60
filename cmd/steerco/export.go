package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/steerco/steerco/internal/export"
	"github.com/steerco/steerco/internal/store"
)

const exportUsage = `usage: steerco export --agreement ID --out FILE.zip [--force] [--db DSN]

Writes the agreement's full data export: its model (model.yaml), every
table's rows as JSON and CSV, and every meeting material, with a
README.txt saying what each file is. This is the processable extract a
customer may demand.
`

// runExport implements `steerco export`.
func runExport(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("export", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, exportUsage+"\n")
		fs.PrintDefaults()
	}
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	out := fs.String("out", "", "the zip file to write (required)")
	force := fs.Bool("force", false, "overwrite --out when it exists")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco export: unexpected argument %q\n", pos[0])
		return 2
	}
	if *id == "" || *out == "" {
		fmt.Fprint(stderr, "steerco export: --agreement and --out are required\n\n"+exportUsage)
		return 2
	}
	if _, err := os.Stat(*out); err == nil && !*force {
		fmt.Fprintf(stderr, "steerco export: %s exists; use --force to replace it\n", *out)
		return 1
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	var sum export.Summary
	err := writeAtomically(*out, func(w io.Writer) error {
		var err error
		sum, err = export.Agreement(ctx, s, *id, w)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco export: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco export: %v\n", err)
		return 1
	}
	rows := 0
	for _, n := range sum.Rows {
		rows += n
	}
	fmt.Fprintf(stdout, "exported %s to %s: %d rows in %d tables, %d files (%d bytes)\n", *id, *out, rows, len(sum.Rows), sum.Files, sum.Bytes)
	return 0
}

// writeAtomically writes a file through a temporary one beside it, put
// in place only when write succeeded, so that a failed or interrupted
// export never leaves a truncated file that looks complete.
func writeAtomically(path string, write func(w io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file readable by its owner only; an export
	// is as private as the database, so it stays that way.
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

// stringList is a flag that may be given more than once.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ", ") }

func (l *stringList) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("empty value")
	}
	*l = append(*l, strings.TrimSpace(v))
	return nil
}
