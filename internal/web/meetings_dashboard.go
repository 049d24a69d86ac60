package web

import (
	"context"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// The dashboard shows recorded meetings where there are any: a forum
// whose meetings are in steerco shows them, with their real states and
// deadlines, instead of its annual plan; forums without recorded
// meetings keep showing the plan.

// dashApproval is minutes the user is asked to approve.
type dashApproval struct {
	start                        time.Time
	When, Forum, Href, Agreement string
	// Later: approved at the next meeting, which has not been held.
	Later bool
}

// dashAction is one of the user's open action items.
type dashAction struct {
	due                                string
	Title, Forum, Href, Agreement, Due string
	Class                              string
}

// records is one agreement's recorded meetings as the dashboard needs
// them.
type records struct {
	// forums have recorded meetings around today: the plan gives way.
	forums    map[string]bool
	meetings  []dashMeeting
	open      []dashDeadline
	late      []dashDeadline
	approvals []dashApproval
	actions   []dashAction
}

// recordsFor reads an agreement's recorded meetings for the dashboard:
// the next ones of forums the user sees (seated: only where seats has
// the forum), the deadlines that fall on the user's organisation, the
// minutes they may approve and their open action items.
func (s *Server) recordsFor(ctx context.Context, l *lens, seats map[string]gov.SeatRole) (*records, error) {
	rec := &records{forums: map[string]bool{}}
	x := meeting.ActorFor(l.p, l.a)
	err := s.store.ReadMeetings(ctx, func(tx *store.Tx) error {
		near, err := tx.Meetings(ctx, l.a.Slug, store.MeetingFilter{From: l.now.AddDate(0, 0, -dashLookBack), To: l.now.AddDate(0, 0, dashHorizon+7)})
		if err != nil {
			return err
		}
		for i := range near {
			m := &near[i]
			f := l.visibleForum(m.Forum)
			if f == nil {
				continue
			}
			rec.forums[m.Forum] = true
			if m.State == gov.Cancelled || !m.End.After(l.now) {
				continue
			}
			dm := dashMeeting{start: m.Start, When: l.when(m.Start.In(l.loc())), Forum: f.Name, Href: fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, m.ID),
				Agreement: l.a.Name, Materials: l.dateText(m.MaterialsDue), Seat: l.seatRole(seats[m.Forum])}
			if seats[m.Forum] == "" {
				dm.Seat = ""
			}
			rec.meetings = append(rec.meetings, dm)
			due, ok := mtgDate(m.MaterialsDue)
			if ok && m.State == gov.Planned && l.p.Party != "" && l.mine(l.responsible(f, f.Responsibilities.Prepares)) {
				rec.addDeadline(l, m, f, "pages.dash.materials", due)
			}
		}
		unfinished, err := tx.Meetings(ctx, l.a.Slug, store.MeetingFilter{States: []gov.MeetingState{gov.Held, gov.MinutesDrafted, gov.MinutesSent}})
		if err != nil {
			return err
		}
		for i := range unfinished {
			m := &unfinished[i]
			f := l.visibleForum(m.Forum)
			if f == nil {
				continue
			}
			if m.State == gov.MinutesSent {
				if err := rec.addApproval(ctx, tx, l, x, m, f); err != nil {
					return err
				}
				continue
			}
			due, ok := mtgDate(m.MinutesDue)
			if ok && l.p.Party != "" && l.mine(l.responsible(f, f.Responsibilities.Minutes)) {
				rec.addDeadline(l, m, f, "pages.dash.minutes", due)
			}
		}
		if l.p.Email == "" {
			return nil
		}
		items, err := tx.ActionItems(ctx, store.ActionFilter{Agreement: l.a.Slug, OwnerEmail: l.p.Email, Status: gov.ActionOpen})
		if err != nil {
			return err
		}
		for _, ai := range items {
			f := l.visibleForum(ai.Forum)
			if f == nil {
				continue
			}
			da := dashAction{due: ai.Due, Title: ai.Title, Forum: f.Name, Agreement: l.a.Name, Due: l.dateText(ai.Due)}
			if ai.MeetingID != 0 {
				da.Href = fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, ai.MeetingID)
			}
			if d, ok := mtgDate(ai.Due); ok {
				_, da.Class = l.dueNote(d, true)
			}
			rec.actions = append(rec.actions, da)
		}
		return nil
	})
	return rec, err
}

// addDeadline lists a recorded meeting's deadline: open until it passes,
// overdue after.
func (rec *records) addDeadline(l *lens, m *gov.Meeting, f *gov.Forum, what string, due calendar.Date) {
	day, _ := mtgDate(m.LocalDate)
	dl := dashDeadline{due: due, meeting: day, What: l.t(what), Forum: f.Name, Href: fmt.Sprintf("/a/%s/meetings/%d", l.a.Slug, m.ID),
		Agreement: l.a.Name, Meeting: l.when(m.Start.In(l.loc())), Due: l.date(due)}
	switch {
	case due.Before(l.today):
		dl.Countdown, _ = l.dueNote(due, true)
		rec.late = append(rec.late, dl)
	case !due.After(l.today.AddDays(dashHorizon)):
		dl.Countdown, dl.Soon = l.countdown(due)
		rec.open = append(rec.open, dl)
	}
}

// addApproval lists submitted minutes the user may approve.
func (rec *records) addApproval(ctx context.Context, tx *store.Tx, l *lens, x meeting.Actor, m *gov.Meeting, f *gov.Forum) error {
	att, err := tx.Attendance(ctx, m.ID)
	if err != nil {
		return err
	}
	if !meeting.CanApprove(x, l.a, f, m, att, true) {
		return nil
	}
	held, err := meeting.NextHeld(ctx, tx, m)
	if err != nil {
		return err
	}
	rec.approvals = append(rec.approvals, dashApproval{start: m.Start, When: l.when(m.Start.In(l.loc())), Forum: f.Name,
		Href: fmt.Sprintf("/a/%s/meetings/%d#minutes", l.a.Slug, m.ID), Agreement: l.a.Name, Later: !meeting.CanApprove(x, l.a, f, m, att, held)})
	return nil
}
