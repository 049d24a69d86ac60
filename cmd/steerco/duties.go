package main

import (
	"github.com/steerco/steerco/internal/records"

	"context"
	"errors"
	"fmt"
	"io"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
)

// runDuties implements `steerco duties list|sync`.
func runDuties(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: steerco duties list --agreement ID --from YYYY-MM-DD --to YYYY-MM-DD [--format text|csv]")
		fmt.Fprintln(stderr, "       steerco duties sync [--agreement ID]")
		return 2
	}
	switch args[0] {
	case "list":
		return runDutiesList(ctx, args[1:], stdout, stderr)
	case "sync":
		return runDutiesSync(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "steerco duties: unknown subcommand %q (use list or sync)\n", args[0])
	return 2
}

// runDutiesList implements `steerco duties list --agreement ID --from
// YYYY-MM-DD --to YYYY-MM-DD [--format text|csv] [--kind K] [--source S]`:
// every duty of the agreement due in the range, from the ledger, and the
// recurring ones still to come as planned.
func runDutiesList(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("duties list", stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "the agreement's id (required)")
	from := fs.String("from", "", "the first due date, YYYY-MM-DD (required)")
	to := fs.String("to", "", "the last due date, YYYY-MM-DD (required)")
	format := fs.String("format", "text", "text or csv")
	kind := fs.String("kind", "", "only duties of this kind (materials, obligation, complaint-response...)")
	source := fs.String("source", "", "only duties of this source or source prefix (obligation, obligation:sla-uppfoljning...)")
	state := fs.String("state", "", "only duties in this state: open, late, done, waived or planned")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco duties list: unexpected argument %q\n", pos[0])
		return 2
	}
	if *id == "" {
		fmt.Fprintln(stderr, "steerco duties list: --agreement is required")
		return 2
	}
	f := duty.Filter{Owner: duty.OwnerAll, Kind: *kind, Source: *source, State: *state, Planned: true}
	var err error
	for _, d := range []struct {
		name, v string
		to      *calendar.Date
	}{{"--from", *from, &f.From}, {"--to", *to, &f.To}} {
		if d.v == "" {
			fmt.Fprintf(stderr, "steerco duties list: %s is required (YYYY-MM-DD)\n", d.name)
			return 2
		}
		if *d.to, err = calendar.ParseDate(d.v); err != nil {
			fmt.Fprintf(stderr, "steerco duties list: %s %q: write the date as YYYY-MM-DD\n", d.name, d.v)
			return 2
		}
	}
	if *format != "text" && *format != "csv" {
		fmt.Fprintf(stderr, "steerco duties list: --format %q: use text or csv\n", *format)
		return 2
	}
	if err := f.Check(); err != nil {
		fmt.Fprintf(stderr, "steerco duties list: %s\n", err)
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := s.Agreement(ctx, *id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco duties list: no agreement %q\n", *id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco duties list: %v\n", err)
		return 1
	}
	vs, err := duty.New(s, nil).List(ctx, auth.Principal{Admin: true}, []*gov.Agreement{a}, f)
	if err != nil {
		fmt.Fprintf(stderr, "steerco duties list: %v\n", err)
		return 1
	}
	// Listed by due date, as a plan is read; the inbox puts late first.
	sortByDue(vs)
	if *format == "csv" {
		err = duty.WriteCSV(stdout, vs, "")
	} else {
		err = duty.WriteText(stdout, vs)
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco duties list: %v\n", err)
		return 1
	}
	return 0
}

func sortByDue(vs []duty.View) {
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && (vs[j].Due < vs[j-1].Due || vs[j].Due == vs[j-1].Due && vs[j].ID < vs[j-1].ID && vs[j].ID != 0); j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
}

// runDutiesSync implements `steerco duties sync [--agreement ID]`: put the
// recurring duties into the ledger and raise overdue obligations as
// matters now, as the server's hourly run does.
func runDutiesSync(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("duties sync", stderr)
	db := dbFlag(fs, defaultDB)
	id := fs.String("agreement", "", "only this agreement")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco duties sync: unexpected argument %q\n", pos[0])
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	cat, err := i18n.Load()
	if err != nil {
		fmt.Fprintf(stderr, "steerco duties sync: %v\n", err)
		return 1
	}
	sums, err := s.Agreements(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco duties sync: %v\n", err)
		return 1
	}
	svc := duty.New(s, cat)
	found := false
	for _, sum := range sums {
		if *id != "" && sum.Slug != *id {
			continue
		}
		found = true
		a, err := s.Agreement(ctx, sum.Slug)
		if err != nil {
			fmt.Fprintf(stderr, "steerco duties sync: %v\n", err)
			return 1
		}
		r, err := svc.Sync(ctx, a)
		if err != nil {
			fmt.Fprintf(stderr, "steerco duties sync: %s: %v\n", a.Slug, err)
			return 1
		}
		fmt.Fprintf(stdout, "%s: %d duties opened, %d overdue raised as matters\n", a.Slug, r.Opened, r.Matters)
		// Issue 21: the customer's duty to dispose of records past retention.
		if n, err := records.New(s).SyncDisposal(ctx, a); err != nil {
			fmt.Fprintf(stderr, "steerco duties sync: %s: records past retention: %v\n", a.Slug, err)
			return 1
		} else if n > 0 {
			fmt.Fprintf(stdout, "%s: %d records-disposal duties opened\n", a.Slug, n)
		}
	}
	if !found && *id != "" {
		fmt.Fprintf(stderr, "steerco duties sync: no agreement %q\n", *id)
		return 1
	}
	return 0
}

// runLedger does the ledger's scheduled work once, as `steerco reminders
// run` does from cron: every agreement's recurring duties, the overdue
// obligations raised as matters, the reminders and, on Mondays, the
// weekly digest. Its messages have dedupe keys, so running it after the
// server has changes nothing twice.
func runLedger(ctx context.Context, s *store.Store) (duty.Reminded, error) {
	var r duty.Reminded
	cat, err := i18n.Load()
	if err != nil {
		return r, err
	}
	svc := duty.New(s, cat)
	sums, err := s.Agreements(ctx)
	if err != nil {
		return r, err
	}
	var as []*gov.Agreement
	for _, sum := range sums {
		a, err := s.Agreement(ctx, sum.Slug)
		if err != nil {
			return r, err
		}
		if _, err := svc.Sync(ctx, a); err != nil {
			return r, fmt.Errorf("duties of %s: %w", a.Slug, err)
		}
		as = append(as, a)
	}
	if r.Reminders, err = svc.Remind(ctx, as); err != nil {
		return r, err
	}
	r.Digests, err = svc.Digest(ctx, as)
	return r, err
}
