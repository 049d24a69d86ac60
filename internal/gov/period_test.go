package gov

import "testing"

func TestPeriodContains(t *testing.T) {
	p := Period{From: "2026-01-15", To: "2029-12-31"}
	for _, c := range []struct {
		day  string
		want bool
	}{{"2026-01-14", false}, {"2026-01-15", true}, {"2028-06-01", true}, {"2029-12-31", true}, {"2030-01-01", false}} {
		if got := p.Contains(c.day); got != c.want {
			t.Errorf("Contains(%s) = %v, want %v", c.day, got, c.want)
		}
	}
	for _, c := range []struct {
		month string
		want  bool
	}{{"2025-12", false}, {"2026-01", true}, {"2029-12", true}, {"2030-01", false}} {
		if got := p.ContainsMonth(c.month); got != c.want {
			t.Errorf("ContainsMonth(%s) = %v, want %v", c.month, got, c.want)
		}
	}
	if p.ContainsYear("2031") || !p.ContainsYear("2026") || p.ContainsYear("2025") {
		t.Error("ContainsYear is wrong")
	}
	open := Period{From: "2026-01-01"}
	if !open.Contains("2100-01-01") || open.Contains("2025-12-31") || open.String() != "from 2026-01-01" {
		t.Errorf("open period: %v %v %q", open.Contains("2100-01-01"), open.Contains("2025-12-31"), open.String())
	}
	if p.String() != "2026-01-15 – 2029-12-31" {
		t.Errorf("String() = %q", p.String())
	}
}
