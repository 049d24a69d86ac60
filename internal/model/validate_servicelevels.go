package model

import (
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

// serviceLevels checks the SLA definitions (issue #8): unique services,
// a supplier that is a party, known service hours, targets for distinct
// priorities 1–5 with readable times, an availability percentage, and at
// most one catch-all service.
func (v validator) serviceLevels() {
	sl := v.a.ServiceLevels
	if sl == nil {
		return
	}
	if len(sl.Services) == 0 {
		v.add("service_levels.services", "name at least one service, or leave service_levels out")
	}
	v.uniqueText("service_levels.pause_states", sl.PauseStates)
	ids := make([]string, len(sl.Services))
	catchAll := -1
	matched := map[string]int{}
	for i, s := range sl.Services {
		ids[i] = s.Slug
		path := fmt.Sprintf("service_levels.services[%d]", i)
		if strings.TrimSpace(s.Name) == "" {
			v.add(path+".name", "the service needs a name")
		}
		if s.Supplier != "" {
			if p := v.a.Party(s.Supplier); p == nil {
				v.add(path+".supplier", "no party %q; use one of: %s", s.Supplier, v.partyIDs())
			}
		}
		if len(s.Matches) == 0 {
			if catchAll >= 0 {
				v.add(path+".matches", "only one service may go without matches (services[%d] takes the unmatched tickets already)", catchAll)
			}
			catchAll = i
		}
		v.uniqueText(path+".matches", s.Matches)
		for _, m := range s.Matches {
			k := strings.ToLower(strings.TrimSpace(m))
			if j, dup := matched[k]; dup && j != i {
				v.add(path+".matches", "%q already matches services[%d]", m, j)
			}
			matched[k] = i
		}
		switch s.Hours {
		case gov.Hours24x7:
			if s.HoursFrom != "" || s.HoursTo != "" {
				v.add(path+".hours_from", "hours_from and hours_to go with hours: business")
			}
		case gov.HoursBusiness:
			from, to := s.HoursFrom, s.HoursTo
			if from != "" && !clockRE.MatchString(from) {
				v.add(path+".hours_from", "%q is not a time; write HH:MM", from)
			}
			if to != "" && !clockRE.MatchString(to) {
				v.add(path+".hours_to", "%q is not a time; write HH:MM", to)
			}
			if from != "" && to != "" && clockRE.MatchString(from) && clockRE.MatchString(to) && to <= from {
				v.add(path+".hours_to", "service hours end (%s) after they start (%s)", to, from)
			}
		default:
			v.add(path+".hours", "%q is not allowed; use 24x7 or business", s.Hours)
		}
		if s.Availability < 0 || s.Availability > 100 {
			v.add(path+".availability", "a percentage from 0 to 100")
		}
		if s.SanctionPerBreach < 0 {
			v.add(path+".sanction_per_breach", "cannot be negative")
		}
		if len(s.Targets) == 0 {
			v.add(path+".targets", "give the targets by priority")
		}
		seen := map[int]int{}
		for j, t := range s.Targets {
			tp := fmt.Sprintf("%s.targets[%d]", path, j)
			if t.Priority < 1 || t.Priority > 5 {
				v.add(tp+".priority", "priorities go from 1 (highest) to 5")
			}
			if k, dup := seen[t.Priority]; dup {
				v.add(tp+".priority", "priority %d is given twice (also targets[%d])", t.Priority, k)
			}
			seen[t.Priority] = j
			if t.Response == "" && t.Resolution == "" {
				v.add(tp, "give a response or a resolution time")
			}
			if _, err := gov.ParseTargetDuration(t.Response); err != nil {
				v.add(tp+".response", "%v", err)
			}
			if _, err := gov.ParseTargetDuration(t.Resolution); err != nil {
				v.add(tp+".resolution", "%v", err)
			}
		}
	}
	v.unique("service_levels.services", ids)
}
