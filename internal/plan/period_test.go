package plan

import (
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

// TestYearInsidePeriod: nothing is planned outside the agreement's
// period — a year after it is empty, and in the first year only the
// meetings from the start date on are planned (issue #15).
func TestYearInsidePeriod(t *testing.T) {
	a := agreement("FI", "Europe/Helsinki", forum("monthly", gov.Cadence{Frequency: gov.Monthly, Weekday: "tuesday"}))
	a.Period = gov.Period{From: "2026-03-01", To: "2029-12-31"}
	for year, want := range map[int]int{2025: 0, 2026: 10, 2027: 12, 2029: 12, 2031: 0} {
		ms, err := Year(a, year)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != want {
			t.Errorf("%d: %d meetings, want %d", year, len(ms), want)
		}
		for _, m := range ms {
			if !a.Period.Contains(m.Date.String()) {
				t.Errorf("%d: meeting on %s is outside %s", year, m.Date, a.Period)
			}
		}
	}
}
