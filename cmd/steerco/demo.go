package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// demoAgreement is the template the demo database is seeded with: the
// richest of the five models, with sample municipalities, provider,
// suppliers and people.
const demoAgreement = "national-platform"

// runDemo implements `steerco demo`: create the demo agreement when the
// database lacks it, then show its annual plan.
func runDemo(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("demo", stderr)
	db := dbFlag(fs, "sqlite:steerco-demo.db")
	if _, code := parseFlags(fs, args); code >= 0 {
		return code
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	a, err := seedDemo(ctx, s, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	year := time.Now().Year() + 1
	ms, err := plan.Year(a, year)
	if err != nil {
		fmt.Fprintf(stderr, "steerco demo: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "\nAnnual plan %d of %s (%s):\n\n", year, a.Name, a.Slug)
	if err := plan.WriteText(stdout, ms); err != nil {
		return 1
	}
	return 0
}

// seedDemo applies the demo template unless the agreement exists.
func seedDemo(ctx context.Context, s *store.Store, stdout io.Writer) (*gov.Agreement, error) {
	a, err := s.Agreement(ctx, demoAgreement)
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	src, err := model.Template(demoAgreement)
	if err != nil {
		return nil, err
	}
	a, err = model.Parse(demoAgreement+".yaml", src)
	if err != nil {
		return nil, err
	}
	if _, err := s.ApplyAgreement(ctx, a, "demo"); err != nil {
		return nil, err
	}
	fmt.Fprintf(stdout, "created the demo agreement %q\n", a.Slug)
	return a, nil
}
