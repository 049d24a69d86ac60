package main

import (
	"strings"
	"testing"
)

// TestPlanOutsidePeriod: `steerco plan --year 2031` of an agreement that
// ends in 2029 is empty (the header only), with a note on stderr naming
// the period; a year inside it plans meetings (issue #15).
func TestPlanOutsidePeriod(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		path := writeFile(t, t.TempDir(), "m3.yaml", ok(t, "model", "show", "municipal-3-level"))
		ok(t, "model", "apply", path, "--db", db)
		r := steerco(t, "plan", "--agreement", "municipal-3-level", "--year", "2031", "--db", db)
		if r.code != 0 || strings.Count(r.stdout, "\n") != 1 || !strings.HasPrefix(r.stdout, "DATE") ||
			!strings.Contains(r.stderr, "2031 is outside the agreement's period 2026-01-01 – 2029-12-31") {
			t.Fatalf("plan --year 2031:\n%s", r)
		}
		r = steerco(t, "plan", "--agreement", "municipal-3-level", "--year", "2031", "--format", "csv", "--db", db)
		if r.code != 0 || strings.Count(r.stdout, "\n") != 1 {
			t.Fatalf("plan --year 2031 --format csv:\n%s", r)
		}
		if out := ok(t, "plan", "--agreement", "municipal-3-level", "--year", "2029", "--db", db); strings.Count(out, "\n") < 5 {
			t.Fatalf("plan --year 2029 is nearly empty:\n%s", out)
		}
	})
}
