package deficiency_test

import (
	"testing"

	"github.com/steerco/steerco/internal/deficiency"
)

func TestParseAmount(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"", 0, true},
		{"0", 0, true},
		{"1250", 125000, true},
		{"1 250,50", 125050, true},
		{"1\u00a0250,5", 125050, true},
		{"1250.50", 125050, true},
		{"0,015", 2, true},
		{"-5", 0, false},
		{"abc", 0, false},
		{"1,250.50", 0, false}, // ambiguous: refused rather than guessed
		{"1e13", 0, false},
		{"NaN", 0, false},
	}
	for _, c := range cases {
		got, ok := deficiency.ParseAmount(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}
