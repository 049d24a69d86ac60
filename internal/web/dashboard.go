package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
)

// How much of the annual plan the dashboard shows.
const (
	dashMeetings  = 8
	dashDeadlines = 10
	// dashHorizon is how far ahead open deadlines are listed, in days.
	dashHorizon = 90
	// dashLookBack is how long after a meeting its minutes count as
	// overdue on the dashboard, in days.
	dashLookBack = 30
)

type dashMeeting struct {
	start                                         time.Time
	When, Forum, Href, Agreement, Seat, Materials string
}

type dashDeadline struct {
	due, meeting                                          calendar.Date
	What, Forum, Href, Agreement, Meeting, Due, Countdown string
	// Soon marks a deadline at most two working days away.
	Soon bool
}

type dashboardData struct {
	Meetings []dashMeeting
	// SeatBased: the meetings are those of the forums where the user holds
	// a seat; otherwise of every forum they may see, and NoPerson says
	// whether that is because their e-mail is in no directory.
	SeatBased, NoPerson bool
	Deadlines, Overdue  []dashDeadline
	// Approvals are minutes the user may approve; Actions their open
	// action items. Recorded: some forum's meetings are recorded, so the
	// lists mix recorded meetings with the annual plan.
	Approvals []dashApproval
	Actions   []dashAction
	Recorded  bool
	// HasParty: the user belongs to an organisation, so deadlines can fall on it.
	HasParty bool
	// Multi: the user has several agreements, so rows name theirs.
	Multi        bool
	NoAgreements bool
	// Inbox is the ledger's duties of the user and their organisation
	// (issue 16).
	Inbox *inboxData
}

// dashboard is the user's own page across all their agreements: the next
// meetings of their forums, the deadlines of their organisation, minutes
// to approve, minutes that are overdue and the user's open action items.
// A forum whose meetings are recorded shows them; the others show the
// annual plan.
func (s *Server) dashboard(w http.ResponseWriter, r *Req) {
	as, err := s.visibleAgreements(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := dashboardData{HasParty: r.Principal.Organisation != "", Multi: len(as) > 1, NoAgreements: len(as) == 0, NoPerson: true}
	if d.Inbox, err = s.inbox(r, as); err != nil {
		s.serverError(w, r, err)
		return
	}
	var seated, visible []dashMeeting
	for _, a := range as {
		l, err := s.lensFor(r, a)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		seats := map[string]gov.SeatRole{}
		if me := l.me(); me != nil {
			d.NoPerson = false
			for _, m := range a.Memberships {
				if m.Person == me.Slug && l.activeOn(m) && l.visibleForum(m.Forum) != nil {
					seats[m.Forum] = m.Role
				}
			}
		}
		rec, err := s.recordsFor(r.Context(), l, seats)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		d.Recorded = d.Recorded || len(rec.forums) > 0
		planned := func(forum string) bool { return !rec.forums[forum] }
		for _, m := range l.upcoming(dashMeetings, func(m plan.Meeting) bool { _, ok := seats[m.Forum]; return ok && planned(m.Forum) }) {
			dm := l.dashMeeting(m)
			dm.Seat = l.seatRole(seats[m.Forum])
			seated = append(seated, dm)
		}
		for _, m := range l.upcoming(dashMeetings, func(m plan.Meeting) bool { return l.visibleForum(m.Forum) != nil && planned(m.Forum) }) {
			visible = append(visible, l.dashMeeting(m))
		}
		for _, dm := range rec.meetings {
			if dm.Seat != "" {
				seated = append(seated, dm)
			}
			visible = append(visible, dm)
		}
		open, late := l.deadlines(planned)
		d.Deadlines = append(append(d.Deadlines, open...), rec.open...)
		d.Overdue = append(append(d.Overdue, late...), rec.late...)
		d.Approvals = append(d.Approvals, rec.approvals...)
		d.Actions = append(d.Actions, rec.actions...)
	}
	slices.SortStableFunc(d.Approvals, func(a, b dashApproval) int { return a.start.Compare(b.start) })
	slices.SortStableFunc(d.Actions, func(a, b dashAction) int { return strings.Compare(a.due, b.due) })
	d.Meetings, d.SeatBased = visible, len(seated) > 0
	if d.SeatBased {
		d.Meetings = seated
	}
	slices.SortStableFunc(d.Meetings, func(a, b dashMeeting) int { return a.start.Compare(b.start) })
	d.Meetings = d.Meetings[:min(len(d.Meetings), dashMeetings)]
	byDue := func(a, b dashDeadline) int {
		if c := a.due.Compare(b.due); c != 0 {
			return c
		}
		return a.meeting.Compare(b.meeting)
	}
	slices.SortStableFunc(d.Deadlines, byDue)
	slices.SortStableFunc(d.Overdue, byDue)
	d.Deadlines = d.Deadlines[:min(len(d.Deadlines), dashDeadlines)]
	d.Overdue = d.Overdue[:min(len(d.Overdue), dashDeadlines)]
	p := s.page(r, s.cat.T(r.Lang, "nav.dashboard"), d)
	p.Section = "dashboard"
	s.render(w, r, http.StatusOK, "dashboard", p)
}

func (l *lens) dashMeeting(m plan.Meeting) dashMeeting {
	return dashMeeting{start: m.Start, When: l.when(m.Start), Forum: m.ForumName, Href: l.forumURL(m.Forum),
		Agreement: l.a.Name, Materials: l.date(m.MaterialsDue)}
}

// deadlines are the annual plan's materials and minutes deadlines that
// fall on the user's organisation, in the forums planned keeps: open
// ones up to dashHorizon days ahead, and minutes of the last
// dashLookBack days whose deadline has passed.
func (l *lens) deadlines(planned func(forum string) bool) (open, late []dashDeadline) {
	if l.p.Party == "" {
		return nil, nil
	}
	horizon, since := l.today.AddDays(dashHorizon), l.today.AddDays(-dashLookBack)
	for _, m := range l.planned(l.today.Y-1, l.today.Y+1, func(m plan.Meeting) bool { return !m.Date.Before(since) }) {
		f := l.visibleForum(m.Forum)
		if f == nil || !planned(m.Forum) {
			continue
		}
		if l.mine(l.responsible(f, f.Responsibilities.Prepares)) && !m.MaterialsDue.Before(l.today) && !m.MaterialsDue.After(horizon) {
			open = append(open, l.deadline(m, "pages.dash.materials", m.MaterialsDue))
		}
		if !l.mine(l.responsible(f, f.Responsibilities.Minutes)) {
			continue
		}
		switch {
		case !m.MinutesDue.Before(l.today) && !m.MinutesDue.After(horizon):
			open = append(open, l.deadline(m, "pages.dash.minutes", m.MinutesDue))
		case m.MinutesDue.Before(l.today) && m.End.Before(l.now):
			dl := l.deadline(m, "pages.dash.minutes", m.MinutesDue)
			dl.Countdown = l.t("pages.due.passed", "Date", dl.Due)
			if n := l.cal.WorkingDaysBetween(m.MinutesDue, l.today); n > 0 {
				dl.Countdown = l.t("pages.due.late", "Count", n)
			}
			late = append(late, dl)
		}
	}
	return open, late
}

func (l *lens) deadline(m plan.Meeting, what string, due calendar.Date) dashDeadline {
	dl := dashDeadline{due: due, meeting: m.Date, What: l.t(what), Forum: m.ForumName, Href: l.forumURL(m.Forum),
		Agreement: l.a.Name, Meeting: l.when(m.Start), Due: l.date(due)}
	dl.Countdown, dl.Soon = l.countdown(due)
	return dl
}

// countdown says how many working days are left until due, counted on
// the agreement's calendar: "today", "in 3 working days".
func (l *lens) countdown(due calendar.Date) (string, bool) {
	if due.Equal(l.today) {
		return l.t("pages.due.today"), true
	}
	n := l.cal.WorkingDaysBetween(l.today, due)
	if n == 0 {
		// Due on a weekend or holiday with no working day before it.
		return l.t("pages.due.noworkingday"), true
	}
	return l.t("pages.due.in", "Count", n), n <= 2
}
