package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPrivacyCommands(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		ok(t, "model", "apply", writeFile(t, dir, "tiny.yaml", tinyModel), "--db", db)
		ok(t, "user", "add", "--email", "anna@example.fi", "--name", "Anna Virtanen", "--party", "city", "--sso-only", "--db", db)

		var data struct {
			Account   struct{ Name string }
			Directory []struct{ Agreement string }
		}
		out := ok(t, "privacy", "export", "--email", "ANNA@example.fi", "--db", db)
		if err := json.Unmarshal([]byte(out), &data); err != nil || data.Account.Name != "Anna Virtanen" ||
			len(data.Directory) != 1 || data.Directory[0].Agreement != "tiny" {
			t.Fatalf("export: %v\n%s", err, out)
		}

		// Without --yes, and not on a terminal: shown, not done.
		r := steerco(t, "privacy", "erase", "--email", "anna@example.fi", "--db", db)
		if r.code != 1 || !strings.Contains(r.stdout, "would change") || !strings.Contains(r.stderr, "give --yes") {
			t.Errorf("erase without --yes:\n%s", r)
		}
		ok(t, "privacy", "export", "--email", "anna@example.fi", "--db", db)

		out = ok(t, "privacy", "erase", "--email", "anna@example.fi", "--also", "A. Virtanen", "--yes", "--db", db)
		if !strings.Contains(out, `now "Erased person `) || !strings.Contains(out, "audit trail intact") {
			t.Errorf("erase:\n%s", out)
		}
		ok(t, "audit", "verify", "--db", db)
		if model := ok(t, "model", "export", "tiny", "--db", db); strings.Contains(model, "Anna Virtanen") || strings.Contains(model, "anna@example.fi") ||
			!strings.Contains(model, "Erased person") {
			t.Errorf("the model still names her:\n%s", model)
		}
		if stderr := fails(t, 1, "privacy", "export", "--email", "anna@example.fi", "--db", db); !strings.Contains(stderr, "no account or directory entry") {
			t.Errorf("export after erasure: %q", stderr)
		}
		fails(t, 1, "privacy", "erase", "--email", "anna@example.fi", "--yes", "--db", db)
	})
	for _, args := range [][]string{{"privacy"}, {"privacy", "forget"}, {"privacy", "export"}, {"privacy", "erase", "--email", "not-an-address"},
		{"privacy", "export", "--email", "a@b.fi", "extra"}, {"privacy", "export", "--email", "a@b.fi", "--yes"}} {
		fails(t, 2, args...)
	}
}
