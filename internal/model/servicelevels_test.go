package model

import (
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
)

// TestServiceLevelsValidation breaks the national-platform template's
// service levels one way at a time and expects the named field refused.
func TestServiceLevelsValidation(t *testing.T) {
	cases := []struct {
		name, field string
		edit        func(sl *gov.ServiceLevels)
	}{
		{"ok", "", func(sl *gov.ServiceLevels) {}},
		{"no services", "service_levels.services", func(sl *gov.ServiceLevels) { sl.Services = nil }},
		{"unknown supplier", "service_levels.services[0].supplier", func(sl *gov.ServiceLevels) { sl.Services[0].Supplier = "nobody" }},
		{"bad hours", "service_levels.services[0].hours", func(sl *gov.ServiceLevels) { sl.Services[0].Hours = "9to5" }},
		{"hours end before start", "service_levels.services[1].hours_to", func(sl *gov.ServiceLevels) { sl.Services[1].HoursTo = "07:00" }},
		{"clock on 24x7", "service_levels.services[0].hours_from", func(sl *gov.ServiceLevels) { sl.Services[0].HoursFrom = "08:00" }},
		{"priority out of range", "service_levels.services[0].targets[0].priority", func(sl *gov.ServiceLevels) { sl.Services[0].Targets[0].Priority = 9 }},
		{"priority twice", "service_levels.services[0].targets[1].priority", func(sl *gov.ServiceLevels) { sl.Services[0].Targets[1].Priority = 1 }},
		{"bad duration", "service_levels.services[0].targets[0].resolution", func(sl *gov.ServiceLevels) { sl.Services[0].Targets[0].Resolution = "soon" }},
		{"no times", "service_levels.services[0].targets[0]", func(sl *gov.ServiceLevels) { sl.Services[0].Targets[0] = gov.Target{Priority: 1} }},
		{"availability", "service_levels.services[0].availability", func(sl *gov.ServiceLevels) { sl.Services[0].Availability = 101 }},
		{"two catch-alls", "service_levels.services[1].matches", func(sl *gov.ServiceLevels) { sl.Services[0].Matches = nil }},
		{"match twice", "service_levels.services[1].matches", func(sl *gov.ServiceLevels) { sl.Services[1].Matches = []string{"alusta"} }},
		{"duplicate id", "service_levels.services[1].id", func(sl *gov.ServiceLevels) { sl.Services[1].Slug = sl.Services[0].Slug }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := loadTemplate(t, "national-platform")
			if a.ServiceLevels == nil || len(a.ServiceLevels.Services) < 2 {
				t.Fatal("the template lost its service levels")
			}
			c.edit(a.ServiceLevels)
			err := Validate(a)
			if c.field == "" {
				if err != nil {
					t.Fatalf("valid service levels refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.field+":") {
				t.Fatalf("want an error at %s, got %v", c.field, err)
			}
		})
	}
}

func TestParseTargetDuration(t *testing.T) {
	for in, want := range map[string]string{"30m": "30m0s", "4h": "4h0m0s", "2h30m": "2h30m0s", "3d": "72h0m0s", "": "0s"} {
		d, err := gov.ParseTargetDuration(in)
		if err != nil || d.String() != want {
			t.Errorf("%q: got %v, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"0d", "-1h", "soon", "1.5d", "0m"} {
		if _, err := gov.ParseTargetDuration(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
