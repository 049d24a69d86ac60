package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/steerco/steerco/internal/records"
	"github.com/steerco/steerco/internal/store"
)

// archiveRetention implements `steerco archive retention`: the records
// of an agreement whose retention has run out, for the customer's
// archivist, with the legal holds that stop their disposal. Disposal is
// done on the agreement's retention page, by a person, audited.
func archiveRetention(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("archive retention", stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco archive retention: unexpected argument %q\n", pos[0])
		return 2
	}
	if *id == "" {
		fmt.Fprint(stderr, "steerco archive retention: --agreement is required\n\n"+archiveUsage)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco archive retention: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco archive retention: %v\n", err)
		return 1
	}
	svc := records.New(s)
	opened, err := svc.SyncDisposal(ctx, a)
	if err != nil {
		fmt.Fprintf(stderr, "steerco archive retention: %v\n", err)
		return 1
	}
	v, err := svc.RetentionList(ctx, a)
	if err != nil {
		fmt.Fprintf(stderr, "steerco archive retention: %v\n", err)
		return 1
	}
	if len(v.Types) == 0 {
		fmt.Fprintf(stdout, "%s: no record's retention has run out\n", *id)
	}
	for _, e := range v.Types {
		held := ""
		if e.Hold != nil {
			held = fmt.Sprintf(" — legal hold %d: %s", e.Hold.ID, e.Hold.Reason)
		}
		fmt.Fprintf(stdout, "%s (retention %s years): %d past retention%s\n", e.Type, e.Meta.Retention, len(e.Records), held)
		for _, r := range e.Records {
			fmt.Fprintf(stdout, "  %s %d\t%s\t%s\n", e.Type, r.ID, r.Date.UTC().Format(time.DateOnly), r.Title)
		}
	}
	if opened > 0 {
		fmt.Fprintf(stdout, "%d records-disposal duties opened in the duty ledger\n", opened)
	}
	for _, h := range v.Holds {
		if h.ReleasedAt == nil {
			t := h.RecordType
			if t == "" {
				t = "all records"
			}
			fmt.Fprintf(stdout, "legal hold %d on %s since %s: %s\n", h.ID, t, h.PlacedAt.UTC().Format(time.DateOnly), h.Reason)
		}
	}
	return 0
}
