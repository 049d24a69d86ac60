package gov

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ServiceLevels are the agreement's service-level definitions: the
// services, their targets by priority and when the clock runs. Tickets
// imported from the suppliers' ITSM tools are measured against them.
type ServiceLevels struct {
	// PauseStates are ticket states in which the clock stops (waiting for
	// the caller, on hold), matched case-insensitively to the source
	// tool's state.
	PauseStates []string  `yaml:"pause_states,omitempty" json:"pause_states,omitempty"`
	Services    []Service `yaml:"services" json:"services"`
}

// Service is one service the supplier delivers under the agreement.
type Service struct {
	Slug string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	// Supplier is the party (slug) answerable for the service's levels;
	// breaches that stay attributable are proposed as its sanctions.
	Supplier string `yaml:"supplier,omitempty" json:"supplier,omitempty"`
	// Matches are values of a ticket's service, configuration item,
	// category or assignment group that put the ticket in this service
	// (case-insensitive). A service without matches takes the tickets no
	// other service matched.
	Matches []string `yaml:"matches,omitempty" json:"matches,omitempty"`
	// Hours: "24x7", or "business" for working hours on the agreement's
	// calendar between HoursFrom and HoursTo (default 08:00–16:00).
	Hours     string `yaml:"hours" json:"hours"`
	HoursFrom string `yaml:"hours_from,omitempty" json:"hours_from,omitempty"`
	HoursTo   string `yaml:"hours_to,omitempty" json:"hours_to,omitempty"`
	// Availability is the target availability in percent (0 = none).
	Availability float64 `yaml:"availability,omitempty" json:"availability,omitempty"`
	// SanctionPerBreach is the sanction (in the agreement's currency)
	// proposed for each breach that stays attributable once the month's
	// report is approved; 0 proposes the sanction without an amount.
	SanctionPerBreach float64  `yaml:"sanction_per_breach,omitempty" json:"sanction_per_breach,omitempty"`
	Targets           []Target `yaml:"targets" json:"targets"`
}

// Target is a service level for tickets of one priority (1 = highest).
// Times are durations of service hours written as 30m, 4h, 2h30m, or
// 3d (3 × 24 hours of service time).
type Target struct {
	Priority   int    `yaml:"priority" json:"priority"`
	Response   string `yaml:"response,omitempty" json:"response,omitempty"`
	Resolution string `yaml:"resolution,omitempty" json:"resolution,omitempty"`
}

// Service hours.
const (
	Hours24x7     = "24x7"
	HoursBusiness = "business"
)

// Service returns the service with the given slug, or nil.
func (sl *ServiceLevels) Service(slug string) *Service {
	if sl == nil {
		return nil
	}
	for i := range sl.Services {
		if sl.Services[i].Slug == slug {
			return &sl.Services[i]
		}
	}
	return nil
}

// Target returns the service's target for a priority, or nil.
func (s *Service) Target(priority int) *Target {
	for i := range s.Targets {
		if s.Targets[i].Priority == priority {
			return &s.Targets[i]
		}
	}
	return nil
}

// Paused reports whether a ticket in state is off the clock.
func (sl *ServiceLevels) Paused(state string) bool {
	if sl == nil {
		return false
	}
	for _, p := range sl.PauseStates {
		if strings.EqualFold(strings.TrimSpace(p), strings.TrimSpace(state)) {
			return true
		}
	}
	return false
}

// ParseTargetDuration reads a target time: a Go duration (30m, 4h,
// 2h30m) or whole days (3d = 72 hours of service time). Empty is 0, no
// target.
func ParseTargetDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 {
			return 0, fmt.Errorf("%q: write whole days as 3d", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: write a positive time such as 30m, 4h or 2h30m", s)
	}
	return d, nil
}
