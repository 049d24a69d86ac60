package main

import (
	"archive/zip"
	"path/filepath"
	"strings"
	"testing"
)

func TestExportCommand(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		ok(t, "model", "apply", writeFile(t, dir, "tiny.yaml", tinyModel), "--db", db)
		out := filepath.Join(dir, "tiny export.zip")
		stdout := ok(t, "export", "--agreement", "tiny", "--out", out, "--db", db)
		if !strings.HasPrefix(stdout, "exported tiny to "+out+": ") {
			t.Errorf("stdout %q", stdout)
		}
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		names := map[string]bool{}
		for _, f := range zr.File {
			names[f.Name] = true
		}
		zr.Close()
		for _, want := range []string{"README.txt", "model.yaml", "json/people.json", "csv/people.csv", "json/audit_log.json", "csv/meetings.csv"} {
			if !names[want] {
				t.Errorf("the export lacks %s: %v", want, names)
			}
		}

		// An existing file is kept unless --force; a missing agreement and
		// a bad command line are refused.
		if stderr := fails(t, 1, "export", "--agreement", "tiny", "--out", out, "--db", db); !strings.Contains(stderr, "use --force") {
			t.Errorf("existing file: %q", stderr)
		}
		ok(t, "export", "--agreement", "tiny", "--out", out, "--force", "--db", db)
		missing := filepath.Join(dir, "missing.zip")
		if stderr := fails(t, 1, "export", "--agreement", "nope", "--out", missing, "--db", db); !strings.Contains(stderr, `no agreement "nope"`) {
			t.Errorf("missing agreement: %q", stderr)
		}
		if names, _ := filepath.Glob(filepath.Join(dir, "*missing*")); len(names) != 0 {
			t.Errorf("a failed export left %v", names)
		}
	})
	for _, args := range [][]string{{"export"}, {"export", "--agreement", "x"}, {"export", "--out", "x.zip"}, {"export", "--agreement", "x", "--out", "y", "extra"}} {
		fails(t, 2, args...)
	}
}
