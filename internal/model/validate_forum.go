package model

import (
	"fmt"
	"sort"
	"strings"

	"github.com/steerco/steerco/internal/gov"
)

var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday"}

// Interval returns the shortest time between two regular meetings of a
// cadence, in calendar days and in working days (a conservative 5 a week),
// and false when the forum has no regular meetings.
func Interval(c gov.Cadence) (days, workingDays int, regular bool) {
	if len(c.Months) >= 2 && c.Frequency != gov.Weekly && c.Frequency != gov.Biweekly && c.Frequency != gov.AsNeeded {
		// A month listed twice gives a gap of 0: count it as monthly.
		g := max(pinnedGap(c), 1)
		return 28 * g, 20 * g, true
	}
	switch c.Frequency {
	case gov.Weekly:
		return 7, 5, true
	case gov.Biweekly:
		return 14, 10, true
	case gov.Monthly:
		return 28, 20, true
	case gov.Quarterly:
		return 89, 60, true
	case gov.HalfYearly:
		return 181, 125, true
	case gov.Yearly:
		return 365, 250, true
	case gov.PerYear:
		if c.PerYear > 0 && (len(c.Months) == 0 || c.PerYear > len(c.Months)) {
			return 365 / c.PerYear, 250 / c.PerYear, true
		}
	}
	return 0, 0, false
}

// pinnedGap is the shortest gap, in months, between the pinned months of
// a cadence with two or more (going round the year). Meetings
// in May and June are a month apart even if the forum meets twice a year.
func pinnedGap(c gov.Cadence) int {
	ms := append([]int(nil), c.Months...)
	sort.Ints(ms)
	gap := ms[0] + 12 - ms[len(ms)-1]
	for i := 1; i < len(ms); i++ {
		gap = min(gap, ms[i]-ms[i-1])
	}
	return gap
}

func (v validator) forum(i int) {
	f := &v.a.Forums[i]
	path := fmt.Sprintf("forums[%d]", i)
	if v.a.LevelRank(f.Level) < 0 {
		v.add(path+".level", "no level %q; the levels are: %s", f.Level, v.levelIDs())
	}
	seen := map[string]bool{}
	for j, p := range f.Parties {
		if v.a.Party(p) == nil {
			v.add(fmt.Sprintf("%s.parties[%d]", path, j), "no party %q; the parties are: %s", p, v.partyIDs())
		}
		if seen[p] {
			v.add(fmt.Sprintf("%s.parties[%d]", path, j), "party %q is listed twice", p)
		}
		seen[p] = true
	}
	ps := v.forumParties(f)
	r := f.Responsibilities
	v.who(path+".responsibilities.convenes", r.Convenes, ps)
	v.who(path+".responsibilities.prepares", r.Prepares, ps)
	v.who(path+".responsibilities.presents", r.Presents, ps)
	v.who(path+".responsibilities.chairs", r.Chairs, ps)
	v.who(path+".responsibilities.minutes", r.Minutes, ps)
	v.cadence(path+".cadence", f.Cadence)
	v.deadlines(path, f)
	for j, s := range f.Seats {
		sp := fmt.Sprintf("%s.seats[%d]", path, j)
		v.match(sp+".match", s.Match)
		if (s.Each > 0) == (s.Total > 0) {
			v.add(sp, "give either each (seats per party) or total (seats shared), not both or neither")
		}
		if s.Each < 0 || s.Total < 0 {
			v.add(sp, "a number of seats cannot be negative")
		}
		if s.Rotation != "" && s.Rotation != "yearly" {
			v.add(sp+".rotation", "%q is not allowed; use yearly", s.Rotation)
		}
	}
	if vr := f.Votes; vr != nil {
		if vr.Per != "seat" && vr.Per != "party" {
			v.add(path+".votes.per", "%q is not allowed; use seat or party", vr.Per)
		}
		if vr.Default < 0 {
			v.add(path+".votes.default", "a weight cannot be negative")
		}
		for j, w := range vr.Rules {
			v.match(fmt.Sprintf("%s.votes.rules[%d].match", path, j), w.Match)
			if w.Weight <= 0 {
				v.add(fmt.Sprintf("%s.votes.rules[%d].weight", path, j), "a weight must be above 0")
			}
		}
		if vr.Attribute != "" && !v.anyHas(vr.Attribute) {
			v.add(path+".votes.attribute", "no party has attribute %q", vr.Attribute)
		}
		if vr.Attribute != "" && len(vr.Rules) > 0 {
			v.add(path+".votes", "weigh votes by rules or by attribute, not both")
		}
	}
	d := f.Decision
	if d.Quorum < 0 || d.Quorum > 1 {
		v.add(path+".decision.quorum", "quorum is a share of the seats, above 0 and at most 1 (e.g. 0.5)")
	}
	if d.ChairCastingVote && d.Method != gov.DecideMajority {
		v.add(path+".decision.chair_casting_vote", "a casting vote needs method: majority")
	}
	if f.Votes != nil && d.Method == gov.DecideConsensus {
		v.add(path+".votes", "a forum that decides by consensus does not vote; use method: majority or remove votes")
	}
	for j, it := range f.StandardAgenda {
		ip := fmt.Sprintf("%s.standard_agenda[%d]", path, j)
		if strings.TrimSpace(it.Title) == "" {
			v.add(ip+".title", "an agenda item needs a title")
		}
		v.who(ip+".presents", it.Presents, ps)
		if it.Minutes < 0 {
			v.add(ip+".minutes", "a duration cannot be negative")
		}
	}
	if e := f.ExtraMeeting; e != nil {
		if !contains([]string{"any-member", "any-party", "convener"}, e.By) {
			v.add(path+".extra_meeting.by", "%q is not allowed; use any-member, any-party or convener", e.By)
		}
		if e.NoticeDays < 0 {
			v.add(path+".extra_meeting.notice_days", "a notice period cannot be negative")
		}
	}
	for j, y := range f.YearlyDuties {
		if y.At != "first-meeting" {
			v.add(fmt.Sprintf("%s.yearly_duties[%d].at", path, j), "%q is not allowed; use first-meeting", y.At)
		}
	}
}

func (v validator) levelIDs() string {
	ids := make([]string, len(v.a.Levels))
	for i, l := range v.a.Levels {
		ids[i] = l.Slug
	}
	return strings.Join(ids, ", ")
}

func (v validator) cadence(path string, c gov.Cadence) {
	if (c.Frequency == gov.PerYear) != (c.PerYear > 0) {
		v.add(path+".per_year", "per_year (1–52) goes with frequency: per-year, and only with it")
	}
	if c.PerYear < 0 || c.PerYear > 52 {
		v.add(path+".per_year", "per_year must be between 1 and 52")
	}
	for j, m := range c.Months {
		if m < 1 || m > 12 {
			v.add(fmt.Sprintf("%s.months[%d]", path, j), "month %d does not exist; use 1–12", m)
		}
	}
	if len(c.Months) > 0 && !contains([]string{"quarterly", "half-yearly", "yearly", "per-year", "monthly"}, string(c.Frequency)) {
		v.add(path+".months", "months go with monthly, quarterly, half-yearly, yearly or per-year meetings")
	}
	if c.Weekday != "" && !contains(weekdays, c.Weekday) {
		v.add(path+".weekday", "%q is not allowed; use one of: %s", c.Weekday, strings.Join(weekdays, ", "))
	}
	if c.Week != 0 && (c.Week < -1 || c.Week > 4) {
		v.add(path+".week", "week %d is not allowed; use 1–4, or -1 for the last week of the month", c.Week)
	}
	if c.Time != "" && !clockRE.MatchString(c.Time) {
		v.add(path+".time", "%q is not a time of day; write HH:MM (24-hour)", c.Time)
	}
	if c.DurationMinutes < 0 || c.DurationMinutes > 24*60 {
		v.add(path+".duration_minutes", "a meeting lasts between 1 and 1440 minutes")
	}
}

// deadlines checks that the materials, proposals and minutes deadlines are
// ones the cadence can meet: materials for the next meeting cannot be due
// before the previous meeting is held.
func (v validator) deadlines(path string, f *gov.Forum) {
	days, wdays, regular := Interval(f.Cadence)
	m := f.Materials
	switch {
	case m.DayBefore && m.WorkingDaysBefore != 0:
		v.add(path+".materials", "give either working_days_before or day_before, not both")
	case !m.DayBefore && m.WorkingDaysBefore <= 0:
		v.add(path+".materials", "give working_days_before (1 or more) or day_before: true")
	case regular && m.WorkingDaysBefore >= wdays:
		v.add(path+".materials.working_days_before", "materials %d working days before cannot be met by a %s cadence (about %d working days between meetings)", m.WorkingDaysBefore, f.Cadence.Frequency, wdays)
	}
	mn := f.Minutes
	switch {
	case (mn.WithinDays > 0) == (mn.WithinWorkingDays > 0):
		v.add(path+".minutes", "give exactly one of within_days or within_working_days (1 or more)")
	case mn.WithinDays < 0 || mn.WithinWorkingDays < 0:
		v.add(path+".minutes", "a deadline cannot be negative")
	}
	if mn.Approval == gov.ApproveNextMeeting {
		due := mn.WithinDays + mn.WithinWorkingDays*7/5
		switch {
		case !regular:
			v.add(path+".minutes.approval", "approval at the next meeting needs a regular cadence; %s has none", f.Cadence.Frequency)
		case due >= days:
			v.add(path+".minutes", "minutes due after %d days cannot be approved at the next meeting, which is %d days later", due, days)
		}
	}
	if c := mn.Checking; c != nil {
		switch {
		case !c.Chair && c.Checkers <= 0:
			v.add(path+".minutes.checking", "name who checks the minutes: chair: true, checkers: N (1 or more), or both")
		case c.Checkers < 0 || c.Checkers > 5:
			v.add(path+".minutes.checking.checkers", "checkers is from 0 to 5")
		case c.WithinWorkingDays < 1 || c.WithinWorkingDays > 60:
			v.add(path+".minutes.checking.within_working_days", "the signing window is from 1 to 60 working days")
		}
	}
	if p := f.Proposals; p != nil {
		if !contains([]string{"any-party", "members"}, p.From) {
			v.add(path+".agenda_proposals.from", "%q is not allowed; use any-party or members", p.From)
		}
		if p.WorkingDaysBefore < 0 || (regular && p.WorkingDaysBefore >= wdays) {
			v.add(path+".agenda_proposals.working_days_before", "proposals %d working days before cannot be met by a %s cadence", p.WorkingDaysBefore, f.Cadence.Frequency)
		}
	}
}

// escalation checks that every escalation goes to an existing forum on a
// higher level, and that following escalates_to never comes back round.
func (v validator) escalation() {
	a := v.a
	for i, f := range a.Forums {
		if f.EscalatesTo == "" {
			continue
		}
		path := fmt.Sprintf("forums[%d].escalates_to", i)
		to := a.Forum(f.EscalatesTo)
		switch {
		case to == nil:
			v.add(path, "no forum %q", f.EscalatesTo)
			continue
		case to.Slug == f.Slug:
			v.add(path, "a forum cannot escalate to itself")
			continue
		}
		if cycle := v.cycleFrom(f.Slug); cycle != "" {
			v.add(path, "escalation cycle: %s", cycle)
			continue
		}
		if fr, tr := a.LevelRank(f.Level), a.LevelRank(to.Level); fr >= 0 && tr >= 0 && tr >= fr {
			v.add(path, "%q is on level %q, not above %q's level %q; escalation goes up", to.Slug, to.Level, f.Slug, f.Level)
		}
	}
	for i, p := range a.EscalationPaths {
		path := fmt.Sprintf("escalation_paths[%d]", i)
		if len(p.Forums) < 2 {
			v.add(path+".forums", "a path needs at least two forums")
		}
		prev := -1
		for j, fs := range p.Forums {
			f := a.Forum(fs)
			if f == nil {
				v.add(fmt.Sprintf("%s.forums[%d]", path, j), "no forum %q", fs)
				prev = -1
				continue
			}
			r := a.LevelRank(f.Level)
			if prev >= 0 && r >= prev {
				v.add(fmt.Sprintf("%s.forums[%d]", path, j), "%q is not on a higher level than the forum before it; a path goes up", fs)
			}
			prev = r
		}
	}
}

// cycleFrom follows escalates_to from slug and returns the cycle it runs
// into, written out, or "".
func (v validator) cycleFrom(slug string) string {
	seen := map[string]int{}
	var chain []string
	for s := slug; s != ""; {
		if i, ok := seen[s]; ok {
			if i != 0 {
				return "" // the cycle does not include slug; reported from its own members
			}
			return strings.Join(append(chain, s), " → ")
		}
		seen[s] = len(chain)
		chain = append(chain, s)
		f := v.a.Forum(s)
		if f == nil {
			return ""
		}
		s = f.EscalatesTo
	}
	return ""
}

func (v validator) memberships() {
	type key struct{ person, forum, role, from string }
	seen := map[key]bool{}
	for i, m := range v.a.Memberships {
		path := fmt.Sprintf("memberships[%d]", i)
		p, f := v.a.Person(m.Person), v.a.Forum(m.Forum)
		if p == nil {
			v.add(path+".person", "no person %q", m.Person)
		}
		if f == nil {
			v.add(path+".forum", "no forum %q", m.Forum)
		}
		okFrom := v.date(path+".from", m.From)
		if m.To != "" && v.date(path+".to", m.To) && okFrom && m.To < m.From {
			v.add(path+".to", "the seat ends (%s) before it starts (%s)", m.To, m.From)
		}
		if p != nil && f != nil && len(f.Parties) > 0 && !contains(f.Parties, p.Party) {
			v.add(path, "%s belongs to %q, which does not take part in forum %q", p.Slug, p.Party, f.Slug)
		}
		k := key{m.Person, m.Forum, string(m.Role), m.From}
		if seen[k] {
			v.add(path, "the same seat is given twice")
		}
		seen[k] = true
	}
}
