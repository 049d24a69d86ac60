package model

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

// The rates and normal monthly amounts of time reporting (issue 7) name
// suppliers of the agreement and have sane values.
func TestValidateTimeRates(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(r *gov.TimeRules)
		wants string // "" for valid
	}{
		{"as shipped", func(r *gov.TimeRules) {}, ""},
		{"a customer's rate", func(r *gov.TimeRules) { r.Rates[0].Party = "vantaa" }, "time_reporting.rates[0].party"},
		{"an unknown party", func(r *gov.TimeRules) { r.Rates[0].Party = "nobody" }, "time_reporting.rates[0].party"},
		{"a free hour", func(r *gov.TimeRules) { r.Rates[1].Hourly = 0 }, "time_reporting.rates[1].hourly"},
		{"a nameless rate", func(r *gov.TimeRules) { r.Rates[0].Name = " " }, "time_reporting.rates[0].name"},
		{"a rate twice", func(r *gov.TimeRules) { r.Rates[1].Slug = r.Rates[0].Slug }, "time_reporting.rates"},
		{"two normal amounts", func(r *gov.TimeRules) { r.NormalMonthly[1].Party = r.NormalMonthly[0].Party }, "time_reporting.normal_monthly[1].party"},
		{"a negative amount", func(r *gov.TimeRules) { r.NormalMonthly[0].Amount = -1 }, "time_reporting.normal_monthly[0].amount"},
		{"a percentage over 100", func(r *gov.TimeRules) { r.DeviationPercent = 150 }, "time_reporting.deviation_percent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := Template("national-platform")
			if err != nil {
				t.Fatal(err)
			}
			a, err := Parse("np.yaml", src)
			if err != nil {
				t.Fatal(err)
			}
			tc.edit(a.TimeReporting)
			err = Validate(a)
			switch {
			case tc.wants == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.wants != "" && (err == nil || !strings.Contains(err.Error(), tc.wants)):
				t.Fatalf("got %v, want an error at %s", err, tc.wants)
			}
		})
	}
}
