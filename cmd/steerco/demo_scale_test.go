package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `steerco demo --tickets` writes the same file for the same seed, and
// refuses what it cannot do before writing anything.
func TestDemoTickets(t *testing.T) {
	dir := t.TempDir()
	gen := func(name string, args ...string) []byte {
		t.Helper()
		out := filepath.Join(dir, name)
		var stdout, stderr bytes.Buffer
		args = append([]string{"demo", "--db", "sqlite:" + filepath.Join(dir, "demo.db"), "--tickets", "500", "--tickets-out", out, "--no-serve"}, args...)
		if code := run(context.Background(), args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("demo: exit %d: %s", code, stderr.String())
		}
		if !strings.Contains(stdout.String(), "wrote 500 tickets") {
			t.Errorf("stdout: %s", stdout.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, c := gen("a.csv"), gen("b.csv"), gen("c.csv", "--seed", "2")
	if !bytes.Equal(a, b) || bytes.Equal(a, c) {
		t.Error("the same seed must write the same file, another seed another")
	}
	for _, args := range [][]string{{"--tickets", "5", "--no-serve"}, {"--tickets", "2000000", "--tickets-out", "x", "--no-serve"}, {"--scale", "-1", "--no-serve"}} {
		var stderr bytes.Buffer
		if code := run(context.Background(), append([]string{"demo", "--db", "sqlite:" + filepath.Join(dir, "demo.db")}, args...), nil, &bytes.Buffer{}, &stderr); code != 2 {
			t.Errorf("demo %v: exit %d, want 2 (%s)", args, code, stderr.String())
		}
	}
}
