package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestSpecLints lints the served OpenAPI description (openapi.yaml with
// the generated schemas, as clients get it) with an independent linter:
// Spectral, pinned in testdata/lint (npm ci there), with the ruleset
// testdata/lint/.spectral.yaml. Any error-level result fails; warnings are
// logged. Without node or the linter it skips, unless STEERCO_CROSSCHECK=1
// (as in CI), where a missing linter fails.
func TestSpecLints(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "lint"))
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "node_modules", ".bin", "spectral")
	missing := func(msg string) {
		t.Helper()
		if os.Getenv("STEERCO_CROSSCHECK") == "1" {
			t.Fatalf("STEERCO_CROSSCHECK=1 but %s", msg)
		}
		t.Skipf("skipping the OpenAPI lint: %s (set STEERCO_CROSSCHECK=1 to require it)", msg)
	}
	if _, err := exec.LookPath("node"); err != nil {
		missing("node is not installed")
	}
	if _, err := os.Stat(bin); err != nil {
		missing("Spectral is not installed: run npm ci in internal/api/testdata/lint")
	}
	spec, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(file, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(filepath.Dir(file), "results.json")
	cmd := exec.Command(bin, "lint", "--ruleset", filepath.Join(dir, ".spectral.yaml"), "--format", "json", "--output", out,
		"--fail-severity", "error", file)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	// Spectral exits 1 when a result reaches the fail severity; anything
	// else non-zero (a broken ruleset, an unreadable file) is a failure of
	// its own, and so is output that is no list of results.
	var exit *exec.ExitError
	if runErr != nil && (!errors.As(runErr, &exit) || exit.ExitCode() != 1) {
		t.Fatalf("spectral: %v\n%s\n%s", runErr, stderr.Bytes(), stdout.Bytes())
	}
	var results []struct {
		Code     string   `json:"code"`
		Message  string   `json:"message"`
		Path     []string `json:"path"`
		Severity int      `json:"severity"`
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("spectral wrote no results: %v\n%s\n%s", err, stdout.Bytes(), stderr.Bytes())
	}
	if err := json.Unmarshal(raw, &results); err != nil {
		t.Fatalf("spectral's results are no list: %v\n%s", err, raw)
	}
	errs := 0
	for _, r := range results {
		// Severity: 0 error, 1 warning, 2 information, 3 hint.
		if r.Severity == 0 {
			errs++
			t.Errorf("%s: %s at %v", r.Code, r.Message, r.Path)
		} else {
			t.Logf("severity %d: %s: %s at %v", r.Severity, r.Code, r.Message, r.Path)
		}
	}
	if runErr != nil && errs == 0 {
		t.Fatalf("spectral failed without naming an error: %v\n%s", runErr, stderr.Bytes())
	}
}
