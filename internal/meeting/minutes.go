package meeting

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// MaxMinutes bounds the minutes' markdown.
const MaxMinutes = 200 << 10

// AttendeeInput records one person at a meeting.
type AttendeeInput struct {
	Person  string // person slug
	Role    string
	Present bool
}

// RecordAttendance records who attended in which role (the convener or
// the minute-taker), from the agreement's directory.
func (s *Service) RecordAttendance(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, in []AttendeeInput) error {
	var as []gov.Attendee
	var fs []gov.FieldError
	seen := map[string]bool{}
	for i, at := range in {
		p := a.Person(at.Person)
		switch {
		case p == nil:
			fs = append(fs, fieldErr(fmt.Sprintf("person[%d]", i), "meeterr.noperson", `no person "{Person}" in the directory`, "Person", at.Person))
			continue
		case !slices.Contains(gov.AttendeeRoles, at.Role):
			fs = append(fs, fieldErr(fmt.Sprintf("role[%d]", i), "meeterr.attendance.role", "choose chair, secretary, presenter, expert or member"))
			continue
		case seen[p.Slug]:
			fs = append(fs, fieldErr(fmt.Sprintf("person[%d]", i), "meeterr.attendance.twice", "{Name} is listed twice", "Name", p.Name))
			continue
		}
		seen[p.Slug] = true
		as = append(as, gov.Attendee{Person: p.Slug, Name: p.Name, Party: p.Party, Role: at.Role, Present: at.Present})
	}
	if len(fs) > 0 {
		return gov.Invalid(fs...)
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanRecord(x, a, sc.f) {
			return forbidden("meeterr.forbidden.attendance", "record attendance at {Forum}", "Forum", sc.f.Name)
		}
		if m.State == gov.Cancelled || m.State == gov.MinutesApproved {
			return errf(gov.CodeConflict, "meeterr.attendance.closed", "the meeting is {State}; its attendance can no longer change", "State", m.State)
		}
		if err := tx.SetAttendance(ctx, m.ID, a.Slug, as); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "meeting.attendance", m, map[string]any{"attendees": len(as)})
	})
}

// MarkHeld records that the meeting took place; the minutes are then due
// by the forum's rule, counted from the meeting's date.
func (s *Service) MarkHeld(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanRecord(x, a, sc.f) {
			return forbidden("meeterr.forbidden.record", "record meetings of {Forum}", "Forum", sc.f.Name)
		}
		if s.Now().Before(m.Start) {
			return errf(gov.CodeConflict, "meeterr.held.early", "the meeting starts at {Start}; it cannot be held before that", "Start", m.Start.In(sc.loc))
		}
		if err := move(m, gov.Held, s.Now()); err != nil {
			return err
		}
		d, _ := calendar.ParseDate(m.LocalDate)
		m.MinutesDue = plan.MinutesDue(sc.cal, sc.f.Minutes, d).String()
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "meeting.held", m, map[string]any{"minutes_due": m.MinutesDue})
	})
}

// SaveMinutes writes the minutes' draft (the minute-taking party). After
// the approver returned them, saving starts a new version.
func (s *Service) SaveMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, body string) (*gov.Minutes, error) {
	if strings.TrimSpace(body) == "" {
		return nil, gov.Invalid(fieldErr("body", "meeterr.minutes.empty", "the minutes are empty"))
	}
	if len(body) > MaxMinutes {
		return nil, gov.Invalid(fieldErr("body", "meeterr.minutes.long", "the minutes may be at most {Max} KB", "Max", MaxMinutes>>10))
	}
	var out *gov.Minutes
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanWriteMinutes(x, a, sc.f) {
			return forbidden("meeterr.forbidden.minutes", "write the minutes of {Forum}; the model gives that to {Ref}", "Forum", sc.f.Name,
				"Ref", sc.f.Responsibilities.Minutes, "Who", partyNames(a, Responsible(a, sc.f, sc.f.Responsibilities.Minutes)))
		}
		if err := move(m, gov.MinutesDrafted, s.Now()); err != nil {
			return err
		}
		cur, err := tx.LatestMinutes(ctx, m.ID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		now := s.Now().UTC()
		if cur != nil && cur.Status == gov.MinutesDraft {
			cur.Body, cur.WrittenBy, cur.WrittenAt = body, x.Name(), now
			err = tx.UpdateMinutes(ctx, cur)
		} else {
			cur = &gov.Minutes{MeetingID: m.ID, Body: body, Status: gov.MinutesDraft, WrittenBy: x.Name(), WrittenAt: now}
			err = tx.InsertMinutes(ctx, cur)
		}
		if err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		out = cur
		return s.audit(ctx, tx, x, "minutes.save", m, map[string]any{"version": cur.Version, "bytes": len(body)})
	})
	return out, err
}

// SubmitMinutes sends the draft for approval under the forum's rule and
// asks the approvers.
func (s *Service) SubmitMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanWriteMinutes(x, a, sc.f) {
			return forbidden("meeterr.forbidden.submit", "submit the minutes of {Forum}", "Forum", sc.f.Name)
		}
		cur, err := tx.LatestMinutes(ctx, m.ID)
		if errors.Is(err, store.ErrNotFound) || (cur != nil && cur.Status != gov.MinutesDraft) {
			return errf(gov.CodeConflict, "meeterr.minutes.nodraft", "there is no draft to submit")
		} else if err != nil {
			return err
		}
		if err := signersReady(ctx, tx, sc, m); err != nil {
			return err
		}
		if err := move(m, gov.MinutesSent, s.Now()); err != nil {
			return err
		}
		now := s.Now().UTC()
		cur.Status, cur.SubmittedAt = gov.MinutesSubmitted, &now
		if err := tx.UpdateMinutes(ctx, cur); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		if err := s.notifyApprovalRequested(ctx, tx, sc, m, cur); err != nil {
			return err
		}
		// Minutes approved at the next meeting are delivered to the
		// participants on submission (national-platform's production
		// group: "delivered within 3 days, approved at the next meeting").
		if sc.f.Minutes.Approval == gov.ApproveNextMeeting {
			if err := s.notifyDelivered(ctx, tx, sc, m, cur); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, x, "minutes.submit", m, map[string]any{"version": cur.Version, "late": m.MinutesDue != "" && sc.today(now).String() > m.MinutesDue})
	})
}

// nextHeld reports whether the forum's meeting after m has been held,
// which the next-meeting approval rule waits for.
func nextHeld(ctx context.Context, tx *store.Tx, m *gov.Meeting) (bool, error) {
	next, err := tx.NextMeeting(ctx, m.Agreement, m.Forum, m.Start)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return next.State != gov.Planned && next.State != gov.AgendaPublished, nil
}

// ApproveMinutes approves the submitted minutes (whoever the forum's
// rule names). They are final from then on: immutable, with who approved
// them and when, and sent to the participants.
func (s *Service) ApproveMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) error {
	return s.decideMinutes(ctx, a, x, meetingID, true, "")
}

// ReturnMinutes returns the submitted minutes to the minute-taker with
// comments; they revise and resubmit.
func (s *Service) ReturnMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, comment string) error {
	comment = strings.TrimSpace(comment)
	if comment == "" || len(comment) > 20000 {
		return gov.Invalid(fieldErr("comment", "meeterr.return.comment", "say what must change (at most 20 000 characters)", "Max", 20000))
	}
	return s.decideMinutes(ctx, a, x, meetingID, false, comment)
}

func (s *Service) decideMinutes(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, approve bool, comment string) error {
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if m.State != gov.MinutesSent {
			return errf(gov.CodeConflict, "meeterr.minutes.notsubmitted", "the meeting is {State}; there are no submitted minutes to decide on", "State", m.State)
		}
		attendees, err := tx.Attendance(ctx, m.ID)
		if err != nil {
			return err
		}
		held, err := nextHeld(ctx, tx, m)
		if err != nil {
			return err
		}
		// Who may approve is checked as if the next meeting were held, so
		// that the wrong person hears "not yours" rather than "not yet".
		cur, err := tx.LatestMinutes(ctx, m.ID)
		if err != nil {
			return err
		}
		if !CanApproveBy(x, a, sc.f, m, attendees, cur.WrittenBy, true) {
			return errf(gov.CodeForbidden, "meeterr.forbidden.approve", "you may not approve these minutes: the rule of {Forum} is approval by {Rule}", "Forum", sc.f.Name, "Rule", sc.f.Minutes.Approval)
		}
		if !CanApproveBy(x, a, sc.f, m, attendees, cur.WrittenBy, held) {
			return errf(gov.CodeConflict, "meeterr.approve.waitnext", "these minutes are approved at the next meeting of {Forum}, which has not been held yet", "Forum", sc.f.Name)
		}
		now := s.Now().UTC()
		if approve {
			err = move(m, gov.MinutesApproved, now)
			cur.Status, cur.ApprovedBy, cur.ApprovedAt = gov.MinutesFinal, x.Name(), &now
		} else {
			err = move(m, gov.MinutesDrafted, now)
			cur.Status, cur.ReturnComment = gov.MinutesReturned, comment
		}
		if err != nil {
			return err
		}
		if err := tx.UpdateMinutes(ctx, cur); err != nil {
			return err
		}
		if err := tx.UpdateMeeting(ctx, m); err != nil {
			return err
		}
		if err := s.syncDuties(ctx, tx, sc, m, x.Name()); err != nil {
			return err
		}
		if approve {
			if err := s.notifyApproved(ctx, tx, sc, m, cur, attendees); err != nil {
				return err
			}
			if sc.f.Minutes.Checking != nil {
				if err := s.openSignatures(ctx, tx, sc, m, cur, attendees); err != nil {
					return err
				}
			}
			return s.audit(ctx, tx, x, "minutes.approve", m, map[string]any{"version": cur.Version})
		}
		if err := s.notifyReturned(ctx, tx, sc, m, cur); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "minutes.return", m, map[string]any{"version": cur.Version, "comment": comment})
	})
}

// ActionInput is a new action item.
type ActionInput struct {
	Title string
	Owner string // person slug
	Due   string
}

// AddActionItem records an action item agreed at a meeting (the convener
// or minute-taker); open items come back on the forum's next agenda.
func (s *Service) AddActionItem(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64, in ActionInput) (*gov.ActionItem, error) {
	var fs []gov.FieldError
	in.Title = strings.TrimSpace(in.Title)
	if in.Title == "" || len(in.Title) > 500 {
		fs = append(fs, fieldErr("title", "meeterr.action.title", "an action item needs a title of at most {Max} characters", "Max", 500))
	}
	owner := a.Person(in.Owner)
	if owner == nil {
		fs = append(fs, fieldErr("owner", "meeterr.noperson", `no person "{Person}" in the directory`, "Person", in.Owner))
	}
	if _, err := time.Parse(time.DateOnly, in.Due); err != nil {
		fs = append(fs, fieldErr("due", "meeterr.date.invalid", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", in.Due))
	}
	if len(fs) > 0 {
		return nil, gov.Invalid(fs...)
	}
	var ai *gov.ActionItem
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, sc, err := s.load(ctx, tx, a, x, meetingID)
		if err != nil {
			return err
		}
		if !CanRecord(x, a, sc.f) {
			return forbidden("meeterr.forbidden.actions", "record action items of {Forum}", "Forum", sc.f.Name)
		}
		if m.State == gov.Cancelled {
			return errf(gov.CodeConflict, "meeterr.action.cancelled", "the meeting was cancelled")
		}
		if err := plausibleDue(sc, in.Due, s.Now()); err != nil {
			return err
		}
		now := s.Now().UTC()
		ai = &gov.ActionItem{Agreement: a.Slug, Forum: m.Forum, MeetingID: m.ID, Title: in.Title, Owner: owner.Slug, OwnerName: owner.Name,
			OwnerEmail: owner.Email, Due: in.Due, Status: gov.ActionOpen, CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertActionItem(ctx, ai, x.Name()); err != nil {
			return err
		}
		if err := actionDuty(ctx, tx, a, ai, x.Name()); err != nil {
			return err
		}
		return s.audit(ctx, tx, x, "action.create", m, map[string]any{"action": ai.ID, "title": ai.Title, "owner": ai.OwnerName, "due": ai.Due})
	})
	return ai, err
}

// plausibleDue refuses a due date already past (in the agreement's zone)
// or more than ten years ahead: a typo, never a commitment.
func plausibleDue(sc *scope, due string, now time.Time) error {
	today := sc.today(now)
	d, err := calendar.ParseDate(due)
	if err != nil {
		return gov.Invalid(fieldErr("due", "meeterr.date.invalid", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", due))
	}
	if d.Before(today) {
		return gov.Invalid(fieldErr("due", "hardening.due.past", "the due date {Due} has passed; give today or a later day", "Due", due))
	}
	if d.After(today.AddDays(3653)) {
		return gov.Invalid(fieldErr("due", "hardening.due.far", "the due date {Due} is more than ten years ahead", "Due", due))
	}
	return nil
}

// SetActionStatus marks an action item done, cancelled or open again, or
// moves its due date: its owner, the convener or the minute-taker.
func (s *Service) SetActionStatus(ctx context.Context, a *gov.Agreement, x Actor, id int64, status gov.ActionStatus, due string) error {
	if !slices.Contains([]gov.ActionStatus{gov.ActionOpen, gov.ActionDone, gov.ActionCancelled}, status) {
		return gov.Invalid(fieldErr("status", "meeterr.action.status", "choose open, done or cancelled"))
	}
	if due != "" {
		if _, err := time.Parse(time.DateOnly, due); err != nil {
			return gov.Invalid(fieldErr("due", "meeterr.date.invalid", `"{Value}" is not a date; write YYYY-MM-DD`, "Value", due))
		}
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		ai, err := tx.ActionItem(ctx, a.Slug, id)
		if errors.Is(err, store.ErrNotFound) {
			return errf(gov.CodeNotFound, "meeterr.noaction", "no action item {ID}", "ID", id)
		} else if err != nil {
			return err
		}
		sc, err := s.scope(a, x, ai.Forum)
		if err != nil {
			return errf(gov.CodeNotFound, "meeterr.noaction", "no action item {ID}", "ID", id)
		}
		owner := x.Person != nil && strings.EqualFold(x.Person.Email, ai.OwnerEmail) && ai.OwnerEmail != ""
		if !owner && !CanRecord(x, a, sc.f) {
			return forbidden("meeterr.forbidden.action", "change this action item")
		}
		var changes []string
		if status != ai.Status {
			changes = append(changes, fmt.Sprintf("status %s → %s", ai.Status, status))
			ai.Status = status
		}
		if due != "" && due != ai.Due {
			if err := plausibleDue(sc, due, s.Now()); err != nil {
				return err
			}
			changes = append(changes, fmt.Sprintf("due %s → %s", ai.Due, due))
			ai.Due = due
		}
		if len(changes) == 0 {
			return nil
		}
		ai.UpdatedAt = s.Now().UTC()
		if err := tx.UpdateActionItem(ctx, ai, x.Name(), strings.Join(changes, "; ")); err != nil {
			return err
		}
		if err := actionDuty(ctx, tx, a, ai, x.Name()); err != nil {
			return err
		}
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "action.update", ObjectType: "action_item", ObjectID: fmt.Sprint(ai.ID),
			After: map[string]any{"status": ai.Status, "due": ai.Due}})
	})
}
