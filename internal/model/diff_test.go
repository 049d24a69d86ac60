package model

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	src := readMinimal(t)
	old, err := Parse("a.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(old, old); len(d) != 0 {
		t.Fatalf("a model differs from itself: %v", d)
	}
	changed := strings.Replace(src, "name: Operations", "name: Operations group", 1)
	changed = strings.Replace(changed, "  - id: bo\n    name: Bo Lind\n    party: acme\n    titles: [Service manager]\n", "  - id: bo\n    name: Bo Lind\n    party: acme\n  - id: cy\n    name: Cy\n    party: acme\n", 1)
	next, err := Parse("b.yaml", []byte(changed))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(Diff(old, next), "\n")
	for _, want := range []string{
		`~ forums[ops].name: "Operations" → "Operations group"`,
		`- people[bo].titles: ["Service manager"]`,
		`+ people[cy]`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diff lacks %q:\n%s", want, got)
		}
	}
	if d := Diff(nil, next); len(d) != 1 || !strings.Contains(d[0], "new") {
		t.Errorf("diff against nothing: %v", d)
	}
}
