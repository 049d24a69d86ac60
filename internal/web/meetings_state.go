package web

import (
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/plan"
)

// Where a meeting is: its next step and its deadlines, in words and
// working days.

// stampTime is a moment in the agreement's time zone, date and time.
func (l *lens) stampTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(l.loc())
	return l.t("meetings.stamp", "Date", i18n.Date(l.lang, t), "Time", l.clock(t))
}

// dueNote says how far away a deadline is, or, once it has passed, how
// late it is (late) or that it has passed.
func (l *lens) dueNote(due calendar.Date, late bool) (note, class string) {
	if !due.Before(l.today) {
		txt, soon := l.countdown(due)
		if soon {
			return txt, "soon"
		}
		return txt, ""
	}
	if !late {
		return l.t("pages.due.passed", "Date", l.date(due)), ""
	}
	if n := l.cal.WorkingDaysBetween(due, l.today); n > 0 {
		return l.t("pages.due.late", "Count", n), "overdue"
	}
	return l.t("pages.due.passed", "Date", l.date(due)), "overdue"
}

// nextStep says in words where the meeting is and what comes next.
func (s *Server) nextStep(v *mtg) string {
	l, m, f := v.l, v.m, v.f
	due := l.dateText
	switch m.State {
	case gov.Planned:
		if !l.now.Before(m.Start) {
			return l.t("meetings.next.unpublished")
		}
		return l.t("meetings.next.planned", "Who", l.who(f, f.Responsibilities.Convenes), "Due", due(m.MaterialsDue))
	case gov.AgendaPublished:
		if l.now.Before(m.Start) {
			return l.t("meetings.next.published", "When", l.when(m.Start.In(l.loc())))
		}
		return l.t("meetings.next.record", "Who", l.who(f, f.Responsibilities.Convenes))
	case gov.Held:
		return l.t("meetings.next.held", "Who", l.who(f, f.Responsibilities.Minutes), "Due", due(m.MinutesDue))
	case gov.MinutesDrafted:
		if cur := v.latest(); cur != nil && cur.Status == gov.MinutesReturned {
			return l.t("meetings.next.returned", "Who", l.who(f, f.Responsibilities.Minutes))
		}
		return l.t("meetings.next.drafted", "Who", l.who(f, f.Responsibilities.Minutes), "Due", due(m.MinutesDue))
	case gov.MinutesSent:
		rule := l.t("pages.approval." + string(f.Minutes.Approval))
		if f.Minutes.Approval == gov.ApproveNextMeeting && v.next != nil && !v.nextHeld {
			return l.t("meetings.next.submittednext", "Rule", rule, "When", l.when(v.next.Start.In(l.loc())))
		}
		return l.t("meetings.next.submitted", "Rule", rule)
	case gov.MinutesApproved:
		return l.t("meetings.next.approved")
	case gov.Cancelled:
		return l.t("meetings.next.cancelled")
	}
	return ""
}

// deadlines are the meeting's proposals, materials and minutes
// deadlines with how far away or late each is.
func (v *mtg) deadlines() []mtgDeadline {
	l, m := v.l, v.m
	var out []mtgDeadline
	open := m.State == gov.Planned || m.State == gov.AgendaPublished
	if d, ok := mtgDate(m.ProposalsDue); ok {
		dl := mtgDeadline{Label: l.t("pages.col.proposalsdue"), Date: l.date(d)}
		if open {
			dl.Note, dl.Class = l.dueNote(d, false)
		}
		out = append(out, dl)
	}
	if d, ok := mtgDate(m.MaterialsDue); ok {
		dl := mtgDeadline{Label: l.t("pages.col.materialsdue"), Date: l.date(d)}
		if open {
			// Unpublished past its deadline is late; published, it is met.
			dl.Note, dl.Class = l.dueNote(d, m.State == gov.Planned)
		}
		out = append(out, dl)
	}
	if m.State == gov.Cancelled {
		return out
	}
	due, ok := mtgDate(m.MinutesDue)
	if !ok {
		d, _ := mtgDate(m.LocalDate)
		due = plan.MinutesDue(l.cal, v.f.Minutes, d)
	}
	dl := mtgDeadline{Label: l.t("pages.col.minutesdue"), Date: l.date(due)}
	switch m.State {
	case gov.Planned, gov.AgendaPublished:
		dl.Note = l.t("meetings.due.afterheld")
	case gov.Held, gov.MinutesDrafted:
		dl.Note, dl.Class = l.dueNote(due, true)
	default:
		for _, mn := range v.versions {
			if mn.SubmittedAt != nil {
				at := mn.SubmittedAt.In(l.loc())
				dl.Note = l.t("meetings.due.delivered", "Date", i18n.Date(l.lang, at))
				if at.Format("2006-01-02") > due.String() {
					dl.Note, dl.Class = l.t("meetings.due.deliveredlate", "Date", i18n.Date(l.lang, at)), "overdue"
				}
				break
			}
		}
	}
	return append(out, dl)
}
