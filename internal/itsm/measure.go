package itsm

import (
	"fmt"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Measurer measures tickets against an agreement's service levels: which
// service a ticket falls under, its response and resolution times in the
// service's hours less the time it spent in a pause state, and whether
// it met the target for its priority.
type Measurer struct {
	sl       *gov.ServiceLevels
	loc      *time.Location
	cal      calendar.Calendar
	match    map[string]*gov.Service
	catchAll *gov.Service
	targets  map[string][2]time.Duration // service/priority → response, resolution
	working  map[calendar.Date]bool
}

// NewMeasurer prepares the agreement's service levels for measuring.
func NewMeasurer(a *gov.Agreement) (*Measurer, error) {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("agreement time zone: %w", err)
	}
	country, err := calendar.ParseCountry(a.Country)
	if err != nil {
		return nil, err
	}
	m := &Measurer{sl: a.ServiceLevels, loc: loc, cal: calendar.Calendar{Country: country, EvesWorking: a.EvesWorking},
		match: map[string]*gov.Service{}, targets: map[string][2]time.Duration{}, working: map[calendar.Date]bool{}}
	if m.sl == nil {
		return m, nil
	}
	for i := range m.sl.Services {
		s := &m.sl.Services[i]
		if len(s.Matches) == 0 {
			m.catchAll = s
		}
		for _, v := range s.Matches {
			m.match[strings.ToLower(strings.TrimSpace(v))] = s
		}
		for _, t := range s.Targets {
			resp, err1 := gov.ParseTargetDuration(t.Response)
			res, err2 := gov.ParseTargetDuration(t.Resolution)
			if err1 != nil || err2 != nil {
				return nil, fmt.Errorf("service %s priority %d: bad target", s.Slug, t.Priority)
			}
			m.targets[fmt.Sprintf("%s/%d", s.Slug, t.Priority)] = [2]time.Duration{resp, res}
		}
	}
	return m, nil
}

// Location is the agreement's time zone, in which months are counted.
func (m *Measurer) Location() *time.Location { return m.loc }

// service finds a ticket's service: the first of its service, CI,
// category or assignment group that a service matches, else the
// catch-all service.
func (m *Measurer) service(tk *store.Ticket) *gov.Service {
	for _, v := range []string{tk.SourceService, tk.CI, tk.Category, tk.AssignmentGroup} {
		if v == "" {
			continue
		}
		if s, ok := m.match[strings.ToLower(v)]; ok {
			return s
		}
	}
	return m.catchAll
}

// Measure fills in the ticket's service, months and SLA verdict. events
// are the ticket's state changes in time order (one for a list export).
func (m *Measurer) Measure(tk *store.Ticket, events []event) {
	tk.OpenedMonth = tk.Opened.In(m.loc).Format("2006-01")
	resolved := tk.Resolved
	if resolved.IsZero() && !tk.Closed.IsZero() {
		// Closed without a resolution time (a change, or an export
		// without resolved_at): closed is when it ended.
		resolved = tk.Closed
	}
	tk.ResolvedMonth = ""
	if !resolved.IsZero() {
		tk.ResolvedMonth = resolved.In(m.loc).Format("2006-01")
	}
	tk.ResponseMinutes, tk.ResolutionMinutes, tk.SLA = -1, -1, store.SLANotMeasured
	tk.ResponseBreached, tk.ResolutionBreached = false, false
	s := m.service(tk)
	if s == nil {
		tk.Service = ""
		return
	}
	tk.Service = s.Slug
	if tk.Kind != store.KindIncident && tk.Kind != store.KindRequest {
		return // targets are for incidents and requests
	}
	responded := tk.Responded
	if responded.IsZero() && len(events) > 1 && strings.EqualFold(events[0].state, "new") {
		// In an event log that shows the ticket arrive (New), the first
		// other state is the response.
		for _, e := range events {
			if e.state != "" && !strings.EqualFold(e.state, "new") && !e.at.IsZero() && !e.at.Before(tk.Opened) {
				responded = e.at
				break
			}
		}
	}
	paused := m.pausedMinutes(s, tk.Opened, resolved, events)
	tk.PausedMinutes = paused
	if !responded.IsZero() {
		tk.ResponseMinutes = m.serviceMinutes(s, tk.Opened, responded)
	}
	if !resolved.IsZero() {
		tk.ResolutionMinutes = max(0, m.serviceMinutes(s, tk.Opened, resolved)-paused)
	}
	tg, ok := m.targets[fmt.Sprintf("%s/%d", s.Slug, tk.Priority)]
	if !ok || resolved.IsZero() {
		return
	}
	if tg[0] > 0 && tk.ResponseMinutes >= 0 && time.Duration(tk.ResponseMinutes)*time.Minute > tg[0] {
		tk.ResponseBreached = true
	}
	if tg[1] > 0 && time.Duration(tk.ResolutionMinutes)*time.Minute > tg[1] {
		tk.ResolutionBreached = true
	}
	tk.SLA = store.SLAMet
	if tk.ResponseBreached || tk.ResolutionBreached {
		tk.SLA = store.SLABreached
	}
}

// pausedMinutes sums the service minutes between from and to that the
// ticket spent in a pause state.
func (m *Measurer) pausedMinutes(s *gov.Service, from, to time.Time, events []event) int {
	if len(events) < 2 || m.sl == nil || len(m.sl.PauseStates) == 0 {
		return 0
	}
	total := 0
	for i := 0; i+1 < len(events); i++ {
		if !m.sl.Paused(events[i].state) {
			continue
		}
		a, b := events[i].at, events[i+1].at
		if a.Before(from) {
			a = from
		}
		if !to.IsZero() && b.After(to) {
			b = to
		}
		if b.After(a) {
			total += m.serviceMinutes(s, a, b)
		}
	}
	return total
}

// serviceMinutes counts the whole minutes from a to b in the service's
// hours: all of them for 24x7, else those on working days of the
// agreement's calendar between hours_from and hours_to.
func (m *Measurer) serviceMinutes(s *gov.Service, a, b time.Time) int {
	if !b.After(a) {
		return 0
	}
	if s.Hours != gov.HoursBusiness {
		return int(b.Sub(a) / time.Minute)
	}
	fromH, fromM := clock(s.HoursFrom, 8)
	toH, toM := clock(s.HoursTo, 16)
	a, b = a.In(m.loc), b.In(m.loc)
	total := time.Duration(0)
	for d := calendar.DateOf(a); !d.After(calendar.DateOf(b)); d = d.AddDays(1) {
		if !m.isWorking(d) {
			continue
		}
		start := time.Date(d.Y, d.M, d.D, fromH, fromM, 0, 0, m.loc)
		end := time.Date(d.Y, d.M, d.D, toH, toM, 0, 0, m.loc)
		if a.After(start) {
			start = a
		}
		if b.Before(end) {
			end = b
		}
		if end.After(start) {
			total += end.Sub(start)
		}
	}
	return int(total / time.Minute)
}

func (m *Measurer) isWorking(d calendar.Date) bool {
	w, ok := m.working[d]
	if !ok {
		w = m.cal.IsWorkingDay(d)
		m.working[d] = w
	}
	return w
}

// clock reads HH:MM, defaulting to def:00.
func clock(s string, def int) (int, int) {
	if len(s) != 5 {
		return def, 0
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), int(s[3]-'0')*10 + int(s[4]-'0')
}
