package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/plan"
)

// forumRow is a forum in the forum list.
type forumRow struct {
	Href, Name, Cadence, Chair, Next string
	Inactive, Bilateral              bool
}

type forumArea struct {
	Name   string
	Forums []forumRow
}

type forumLevel struct {
	Name  string
	Areas []forumArea
}

// forums lists the forums the user may see by level, highest first, and
// by area within a level, in model order. A bilateral forum of other
// parties is not listed at all.
func (s *Server) forums(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var groups []forumLevel
	for _, lv := range a.Levels {
		g := forumLevel{Name: lv.Name}
		for i := range a.Forums {
			f := &a.Forums[i]
			if f.Level != lv.Slug || !l.seesForum(f) {
				continue
			}
			j := slices.IndexFunc(g.Areas, func(ag forumArea) bool { return ag.Name == f.Area })
			if j < 0 {
				g.Areas = append(g.Areas, forumArea{Name: f.Area})
				j = len(g.Areas) - 1
			}
			summary, _ := l.cadence(f.Cadence)
			g.Areas[j].Forums = append(g.Areas[j].Forums, forumRow{Href: l.forumURL(f.Slug), Name: f.Name, Cadence: summary,
				Chair: l.chair(f), Next: l.nextMeeting(f), Inactive: f.Inactive, Bilateral: len(f.Parties) > 0})
		}
		if len(g.Areas) > 0 {
			groups = append(groups, g)
		}
	}
	p := s.page(r, s.cat.T(r.Lang, "agreement.forums"), groups)
	p.Section = "forums"
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: p.Title}}
	s.render(w, r, http.StatusOK, "forums", p)
}

// chair names who chairs f: the seated chair when there is one (their
// organisation only, to a viewer who may not see them), else the party
// responsible.
func (l *lens) chair(f *gov.Forum) string {
	var names []string
	for _, m := range l.a.Memberships {
		if m.Forum != f.Slug || m.Role != gov.RoleChair || !l.activeOn(m) {
			continue
		}
		if p := l.a.Person(m.Person); p != nil {
			names = append(names, l.personName(p))
		}
	}
	if len(names) > 0 {
		return strings.Join(names, ", ")
	}
	return l.whoShort(f, f.Responsibilities.Chairs)
}

// personName is "Name (Organisation)", or the organisation alone for a
// person the viewer may not see.
func (l *lens) personName(p *gov.Person) string {
	org := p.Party
	if pt := l.a.Party(p.Party); pt != nil {
		org = pt.Name
	}
	if !l.seesPerson(p) {
		return org
	}
	return p.Name + " (" + org + ")"
}

func (l *lens) nextMeeting(f *gov.Forum) string {
	switch {
	case f.Inactive:
		return l.t("pages.forum.inactive")
	case f.Cadence.Frequency == gov.AsNeeded:
		return l.t("pages.freq.as-needed")
	}
	ms := l.upcoming(1, func(m plan.Meeting) bool { return m.Forum == f.Slug })
	if len(ms) == 0 {
		return "–"
	}
	return l.when(ms[0].Start)
}

// clock is a time of day: 13.00 in Finnish, 13:00 otherwise.
func (l *lens) clock(t time.Time) string {
	if l.lang == "fi" {
		return t.Format("15.04")
	}
	return t.Format("15:04")
}

func (l *lens) when(t time.Time) string {
	return l.t("pages.when", "Weekday", l.cat.Weekday(l.lang, t.Weekday()), "Date", i18n.Date(l.lang, t), "Time", l.clock(t))
}

// cadence says in words how often a forum meets (summary) and when
// (detail: the day, time, length and months).
func (l *lens) cadence(c gov.Cadence) (summary, detail string) {
	summary = l.t("pages.freq." + string(c.Frequency))
	if c.Frequency == gov.PerYear {
		summary = l.t("pages.freq.per-year", "Count", c.PerYear)
	}
	if c.Frequency == gov.AsNeeded || c.Frequency == "" {
		return summary, ""
	}
	wd := time.Tuesday
	for d := time.Monday; d <= time.Friday; d++ {
		if strings.EqualFold(d.String(), c.Weekday) {
			wd = d
		}
	}
	day := l.cat.Weekday(l.lang, wd)
	spread := c.Frequency == gov.Weekly || c.Frequency == gov.Biweekly || (c.Frequency == gov.PerYear && c.PerYear > 12 && len(c.Months) == 0)
	if !spread {
		week := c.Week
		if week == 0 {
			week = 2
		}
		day = l.t("pages.cadence.nth", "Nth", l.t("pages.week."+cadenceWeek(week)), "Weekday", day)
	}
	hh, mm := 9, 0
	if c.Time != "" {
		if t, err := time.Parse("15:04", c.Time); err == nil {
			hh, mm = t.Hour(), t.Minute()
		}
	}
	dur := c.DurationMinutes
	if dur == 0 {
		dur = 60
	}
	detail = l.t("pages.cadence.at", "Day", day, "Time", l.clock(time.Date(2000, 1, 1, hh, mm, 0, 0, time.UTC)), "Minutes", dur)
	if !spread && c.Frequency != gov.Monthly {
		var months []string
		for _, d := range plan.Dates(c, l.today.Y) {
			months = append(months, l.cat.Month(l.lang, d.M))
		}
		if len(months) > 0 {
			detail += " · " + l.t("pages.cadence.months", "Months", strings.Join(months, ", "))
		}
	}
	return summary, detail
}

func cadenceWeek(w int) string {
	if w < 0 {
		return "last"
	}
	return string(rune('0' + w))
}

// materialsRule says when the agenda and materials are due.
func (l *lens) materialsRule(r gov.MaterialsRule) string {
	if r.DayBefore || r.WorkingDaysBefore <= 0 {
		return l.t("pages.materials.daybefore")
	}
	return l.t("pages.materials.before", "Count", r.WorkingDaysBefore)
}

// minutesRule says when the minutes are due and who approves them.
func (l *lens) minutesRule(r gov.MinutesRule) string {
	within := l.t("pages.minutes.days", "Count", r.WithinDays)
	if r.WithinWorkingDays > 0 {
		within = l.t("pages.minutes.workingdays", "Count", r.WithinWorkingDays)
	}
	if r.Approval == "" {
		return within
	}
	return l.t("pages.minutes.rule", "Within", within, "Approval", l.t("pages.approval."+string(r.Approval)))
}

func (l *lens) decisionRule(d gov.DecisionRule) []string {
	out := []string{l.t("pages.decision." + string(d.Method))}
	if d.ChairCastingVote {
		out = append(out, l.t("pages.decision.casting"))
	}
	if d.Quorum > 0 {
		out = append(out, l.t("pages.decision.quorum", "Percent", i18n.Number(l.lang, int(d.Quorum*100+0.5))))
	}
	return out
}

// match says which parties a seat or vote rule selects.
func (l *lens) match(m gov.PartyMatch) string {
	who := l.t("pages.match.all")
	switch {
	case m.Party != "":
		who = m.Party
		if p := l.a.Party(m.Party); p != nil {
			who = p.Name
		}
	case m.Kind != "":
		who = l.t("pages.kinds." + string(m.Kind))
	}
	if m.Attribute == "" {
		return who
	}
	attr := l.tOr("pages.attr."+m.Attribute, m.Attribute)
	var cond string
	switch {
	case m.Below != nil:
		cond = l.t("pages.match.below", "Attr", attr, "Value", i18n.Number(l.lang, *m.Below))
	case m.AtLeast != nil:
		cond = l.t("pages.match.atleast", "Attr", attr, "Value", i18n.Number(l.lang, *m.AtLeast))
	default:
		cond = l.t("pages.match.is", "Attr", attr, "Value", l.attrValue(m.Is))
	}
	return l.t("pages.match.with", "Who", who, "Cond", cond)
}

// forumRule is a rule in words with the model's own note.
type forumRule struct{ Text, Note string }

func (l *lens) seatRules(f *gov.Forum) []forumRule {
	var out []forumRule
	for _, sr := range f.Seats {
		text := l.t("pages.seats.each", "Who", l.match(sr.Match), "Count", sr.Each)
		if sr.Total > 0 {
			text = l.t("pages.seats.total", "Who", l.match(sr.Match), "Count", sr.Total)
		}
		if sr.Rotation == "yearly" {
			text += " " + l.t("pages.seats.rotation")
		}
		out = append(out, forumRule{Text: text, Note: sr.Note})
	}
	return out
}

func (l *lens) voteRules(v *gov.VoteRule) []forumRule {
	if v == nil {
		return nil
	}
	out := []forumRule{{Text: l.t("pages.votes.per" + v.Per)}}
	if v.Default > 0 {
		out = append(out, forumRule{Text: l.t("pages.votes.default", "Count", weightCount(v.Default), "Weight", i18n.Number(l.lang, v.Default))})
	}
	for _, w := range v.Rules {
		out = append(out, forumRule{Text: l.t("pages.votes.rule", "Who", l.match(w.Match), "Count", weightCount(w.Weight), "Weight", i18n.Number(l.lang, w.Weight))})
	}
	if v.Attribute != "" {
		out = append(out, forumRule{Text: l.t("pages.votes.attribute", "Attr", l.tOr("pages.attr."+v.Attribute, v.Attribute))})
	}
	return out
}

// weightCount picks the plural form for a weight: a whole number as itself,
// a fraction as "other".
func weightCount(f float64) any {
	if f == float64(int(f)) {
		return int(f)
	}
	return 2
}

// forumFact is a label with its value, for lists of facts.
type forumFact struct{ Label, Value string }

type forumAgendaRow struct{ Title, Type, Presents, Minutes string }

type forumMember struct {
	Name, Org, Role, From, To string
	// Hidden: the viewer may not see the person, only their organisation.
	Hidden bool
}

type forumMeeting struct {
	When, Materials, Proposals, Minutes, MovedFrom string
}

type forumData struct {
	Forum                  *gov.Forum
	Level                  string
	Bilateral              bool
	Parties                []pagesLink
	Responsibilities       []forumFact
	Cadence, CadenceDetail string
	Materials, Minutes     string
	Decision               []string
	Seats, Votes           []forumRule
	Escalation             *pagesLink
	EscalationHidden       bool
	EscalatedFrom          []pagesLink
	Agenda                 []forumAgendaRow
	Extra, Proposals       string
	YearlyDuties           []string
	Members                []forumMember
	Meetings               []forumMeeting
	SeatCheck              *mtrSeats // issue 5
}

// forum shows one forum's rules, members and next meetings. A forum the
// user may not see is answered like one that does not exist.
func (s *Server) forum(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	l, err := s.lensFor(r, a)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	f := l.visibleForum(r.PathValue("forum"))
	if f == nil {
		s.notFound(w, r)
		return
	}
	d := forumData{Forum: f, Level: l.pagesLink(f).Level, Bilateral: len(f.Parties) > 0,
		Materials: l.materialsRule(f.Materials), Minutes: l.minutesRule(f.Minutes), Decision: l.decisionRule(f.Decision),
		Seats: l.seatRules(f), Votes: l.voteRules(f.Votes)}
	d.Cadence, d.CadenceDetail = l.cadence(f.Cadence)
	ps := l.forumParties(f)
	l.sortParties(ps)
	for _, p := range ps {
		d.Parties = append(d.Parties, pagesLink{Href: l.partyURL(p.Slug), Name: p.Name, Level: l.kind(p.Kind)})
	}
	resp := f.Responsibilities
	for _, x := range []struct{ id, ref string }{{"convenes", resp.Convenes}, {"prepares", resp.Prepares},
		{"presents", resp.Presents}, {"chairs", resp.Chairs}, {"minutes", resp.Minutes}} {
		if who := l.who(f, x.ref); who != "" {
			d.Responsibilities = append(d.Responsibilities, forumFact{l.t("pages.resp." + x.id), who})
		}
	}
	if up := a.Forum(f.EscalatesTo); up != nil {
		if l.seesForum(up) {
			link := l.pagesLink(up)
			d.Escalation = &link
		} else {
			d.EscalationHidden = true
		}
	}
	for i := range a.Forums {
		if lower := &a.Forums[i]; lower.EscalatesTo == f.Slug && l.seesForum(lower) {
			d.EscalatedFrom = append(d.EscalatedFrom, l.pagesLink(lower))
		}
	}
	for _, it := range f.StandardAgenda {
		row := forumAgendaRow{Title: it.Title, Type: l.t("pages.itemtype." + string(it.Type)), Presents: l.who(f, it.Presents)}
		if it.Minutes > 0 {
			row.Minutes = l.t("pages.agenda.minutes", "Count", it.Minutes)
		}
		d.Agenda = append(d.Agenda, row)
	}
	if x := f.ExtraMeeting; x != nil {
		d.Extra = l.t("pages.extra."+x.By, "Count", x.NoticeDays)
	}
	if pr := f.Proposals; pr != nil {
		d.Proposals = l.t("pages.proposals."+pr.From, "Count", pr.WorkingDaysBefore)
		if pr.CancelIfNone {
			d.Proposals += " " + l.t("pages.proposals.cancel")
		}
	}
	for _, y := range f.YearlyDuties {
		d.YearlyDuties = append(d.YearlyDuties, l.t("pages.duty."+y.At, "Title", y.Title))
	}
	d.Members = l.members(f)
	d.SeatCheck = l.mtrSeatCheck(f) // issue 5
	for _, m := range l.upcoming(6, func(m plan.Meeting) bool { return m.Forum == f.Slug }) {
		row := forumMeeting{When: l.when(m.Start) + "–" + l.clock(m.End), Materials: l.date(m.MaterialsDue), Minutes: l.date(m.MinutesDue)}
		if m.ProposalsDue != nil {
			row.Proposals = l.date(*m.ProposalsDue)
		}
		if m.MovedFrom != nil {
			row.MovedFrom = l.t("pages.meeting.moved", "Date", l.date(*m.MovedFrom))
		}
		d.Meetings = append(d.Meetings, row)
	}
	p := s.page(r, f.Name, d)
	p.Section = "forums"
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: s.cat.T(r.Lang, "agreement.forums"), Href: "/a/" + a.Slug + "/forums"}, {Label: f.Name}}
	s.render(w, r, http.StatusOK, "forum", p)
}

// members lists the seats held today, chair first, then by name; a
// person the viewer may not see shows as their organisation only.
func (l *lens) members(f *gov.Forum) []forumMember {
	type seat struct {
		row  forumMember
		rank int
	}
	var seats []seat
	for _, m := range l.a.Memberships {
		p := l.a.Person(m.Person)
		if m.Forum != f.Slug || !l.activeOn(m) || p == nil {
			continue
		}
		row := forumMember{Role: l.seatRole(m.Role), From: l.dateText(m.From), To: l.dateText(m.To), Org: p.Party}
		if pt := l.a.Party(p.Party); pt != nil {
			row.Org = pt.Name
		}
		if l.seesPerson(p) {
			row.Name = p.Name
		} else {
			row.Hidden = true
		}
		seats = append(seats, seat{row, slices.Index(gov.SeatRoles, m.Role)})
	}
	i18n.Sort(l.lang, seats, func(s seat) string { return s.row.Name + " " + s.row.Org })
	slices.SortStableFunc(seats, func(a, b seat) int { return a.rank - b.rank })
	out := make([]forumMember, len(seats))
	for i, s := range seats {
		out[i] = s.row
	}
	return out
}

// dateText formats a model date (YYYY-MM-DD), "" staying "".
func (l *lens) dateText(s string) string {
	if s == "" {
		return ""
	}
	return i18n.Date(l.lang, modelDay(s))
}
