package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/steerco/steerco/internal/archive"
	"github.com/steerco/steerco/internal/gov"
)

const archiveUsage = `usage: steerco archive export --agreement ID --out PATH [--from YYYY-MM-DD --to YYYY-MM-DD] [--db DSN]
       steerco archive check PATH
       steerco archive retention --agreement ID [--db DSN]

export writes the agreement's records as an E-ARK information package
(CSIP 2.2.0 with the SIP 2.2.0 profile; METS 1.12.1): a folder, or a zip
when PATH ends in .zip. --from and --to keep the records dated in the
period. Minutes that are not approved are exported as drafts, marked so.

check verifies a package (folder or zip) against the MUST requirements of
the CSIP and SIP profiles that a program can check, and every file's size
and SHA-256; it prints each problem with its requirement id.

retention lists the records whose retention has run out and the legal
holds; disposal is on the agreement's retention page (/a/ID/records).
`

// runArchive implements `steerco archive`.
func runArchive(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, archiveUsage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	switch args[0] {
	case "export":
		return archiveExport(ctx, args[1:], stdout, stderr)
	case "check":
		return archiveCheck(args[1:], stdout, stderr)
	case "retention":
		return archiveRetention(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "steerco archive: unknown subcommand %q\n\n%s", args[0], archiveUsage)
	return 2
}

func archiveExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive export", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, archiveUsage+"\n"); fs.PrintDefaults() }
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	out := fs.String("out", "", "the folder, or a file ending in .zip, to write (required)")
	from := fs.String("from", "", "first day of the records to export (YYYY-MM-DD)")
	to := fs.String("to", "", "last day of the records to export (YYYY-MM-DD)")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco archive export: unexpected argument %q\n", pos[0])
		return 2
	}
	if *id == "" || *out == "" {
		fmt.Fprint(stderr, "steerco archive export: --agreement and --out are required\n\n"+archiveUsage)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	sum, err := archive.Export(ctx, s, archive.Options{Agreement: *id, From: *from, To: *to, Version: steercoVersion()}, *out)
	var ce *archive.ChecksumError
	if errors.As(err, &ce) {
		fmt.Fprintf(stderr, "steerco archive export: %v\n", err)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco archive export: %v\n", err)
		return 1
	}
	var parts []string
	for _, t := range gov.RecordTypes {
		if n := sum.Records[t]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t, n))
		}
	}
	fmt.Fprintf(stdout, "wrote package %s to %s: %d files (%d bytes); records: %s\n", sum.ID, *out, sum.Files, sum.Bytes, strings.Join(parts, ", "))
	if sum.Drafts > 0 {
		fmt.Fprintf(stdout, "note: %d minutes not approved, exported as drafts (marked DRAFT)\n", sum.Drafts)
	}
	return 0
}

func archiveCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive check", stderr)
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprint(stderr, "steerco archive check: name one package (folder or zip)\n\n"+archiveUsage)
		return 2
	}
	problems, err := archive.Check(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "steerco archive check: %v\n", err)
		return 1
	}
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	if len(problems) > 0 {
		fmt.Fprintf(stdout, "%d problems\n", len(problems))
		return 1
	}
	fmt.Fprintf(stdout, "%s meets the %d checked MUST requirements of CSIP 2.2.0 and SIP 2.2.0; every file's size and SHA-256 match\n", pos[0], len(archive.Checked))
	return 0
}

// steercoVersion is the version `steerco version` prints.
func steercoVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "devel-" + s.Value[:12]
			}
		}
	}
	return "devel"
}
