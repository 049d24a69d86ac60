package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store/storetest"
)

// TestImportCommand: the summary, the rejected rows, --strict, a
// re-import that updates nothing, and the usage errors.
func TestImportCommand(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		s := storetest.Open(t, db)
		if _, err := seedDemo(context.Background(), s, &bytes.Buffer{}); err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		file := writeFile(t, dir, "export.csv", "\ufeffNumber;Opened;Priority;State;Assignment group;Resolved;Made SLA\n"+
			"INC1;1.4.2026 08:00;1 - Critical;Resolved;Alusta;1.4.2026 10:00;true\n"+
			"INC2;31.4.2026 08:00;2 - High;New;Alusta;;\n"+
			"INC3;2.4.2026 08:00;3 - Moderate;Resolved;Opetusdata;6.4.2026 08:00;false\n")
		out := ok(t, "import", "servicenow", file, "--agreement", "national-platform", "--db", db)
		want := "rows read 3, tickets created 2, updated 0, unchanged 0, rejected 1"
		if !strings.Contains(out, "rejected: line 3, column Opened:") || !strings.Contains(out, want) {
			t.Errorf("summary:\n%s", out)
		}
		if out := ok(t, "import", "servicenow", file, "--agreement", "national-platform", "--db", db); !strings.Contains(out, "created 0, updated 0, unchanged 2") {
			t.Errorf("re-import:\n%s", out)
		}
		r := steerco(t, "import", "servicenow", file, "--agreement", "national-platform", "--db", db, "--strict")
		if r.code != 1 || !strings.Contains(r.stderr, "nothing was imported") {
			t.Errorf("--strict: %s", r)
		}
		fails(t, 2, "import", "servicenow", file, "--db", db)
		fails(t, 2, "import", "csv", file, "--agreement", "national-platform", "--db", db)
		fails(t, 2, "import", "servicenow", file, "--agreement", "national-platform", "--kind", "bug", "--db", db)
		fails(t, 1, "import", "servicenow", filepath.Join(dir, "missing.csv"), "--agreement", "national-platform", "--db", db)
		fails(t, 1, "import", "servicenow", file, "--agreement", "nope", "--db", db)
	})
}
