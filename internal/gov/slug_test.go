package gov

import "testing"

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Åsa Öberg-Lind":     "asa-oberg-lind",
		"  Jussi  Ääkkönen ": "jussi-aakkonen",
		"Søren Æbelø":        "soren-aebelo",
		"!!!":                "person",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}
