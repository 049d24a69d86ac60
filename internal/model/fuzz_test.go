package model

import (
	"os"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the parser: it must never panic, and
// whatever it accepts must format and parse again. Inputs that once broke
// it are kept in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/minimal.yaml"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{"", "id: x", "forums: [{id: a, cadence: {frequency: weekly}}]", "version: 1\nlevels: &a [*a]", "a: !!binary AAA", "? [a]\n: b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		out, err := Format(a)
		if err != nil {
			t.Fatalf("accepted model does not format: %v", err)
		}
		if _, err := Parse("again.yaml", out); err != nil {
			t.Fatalf("formatted model does not parse: %v\n%s", err, out)
		}
	})
}
