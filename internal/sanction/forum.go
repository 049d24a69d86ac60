package sanction

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

func forumName(a *gov.Agreement, slug string) string {
	if f := a.Forum(slug); f != nil {
		return f.Name
	}
	return slug
}

// MayRecord reports whether x records a forum's decision on a sanction:
// an administrator, or a representative or member of the party that
// chairs, convenes or keeps the minutes of the forum — never of the
// supplier the sanction falls on.
func MayRecord(x Actor, a *gov.Agreement, f *gov.Forum, sc *store.Sanction) bool {
	if x.P.Admin {
		return true
	}
	if x.P.Party == "" || x.P.Party == sc.Party || x.Role == "" || x.Role == auth.Observer {
		return false
	}
	for _, ref := range []string{f.Responsibilities.Chairs, f.Responsibilities.Convenes, f.Responsibilities.Minutes} {
		if slices.Contains(meeting.Responsible(a, f, ref), x.P.Party) {
			return true
		}
	}
	return false
}

// DecideInMeeting records a forum's decision on a sanction the model has
// that forum decide (sanctions.decided_in): in one of its meetings that
// has begun, by whoever records the forum's decisions (MayRecord), as a
// decision in the forum's register linked to
// the sanction's agenda item. A dispute needs a reason.
func (s *Service) DecideInMeeting(ctx context.Context, a *gov.Agreement, x Actor, id, meetingID int64, d Decision, reason string) (*store.Sanction, error) {
	reason = strings.TrimSpace(reason)
	if d != Approve && d != Dispute {
		return nil, gov.Invalid(gov.FieldError{Field: "decision", ID: "sanctions.err.decision", Message: "approve or dispute the sanction"})
	}
	if d == Dispute && reason == "" {
		return nil, gov.Invalid(gov.FieldError{Field: "reason", ID: "sanctions.err.reason", Message: "say why the sanction is disputed"})
	}
	if len([]rune(reason)) > 2000 {
		return nil, gov.Invalid(gov.FieldError{Field: "reason", ID: "sanctions.err.reasonlong", Message: "the reason may be at most 2000 characters", Args: []any{"Max", 2000}})
	}
	var out *store.Sanction
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		sc, err := tx.Sanction(ctx, a.Slug, id)
		if errors.Is(err, store.ErrNotFound) || err == nil && !CanSee(x, a, sc) {
			return errf(gov.CodeNotFound, "sanctions.err.notfound", "no such sanction")
		} else if err != nil {
			return err
		}
		f := a.Forum(sc.Forum)
		if f == nil {
			return errf(gov.CodeConflict, "sanctions.err.noforum", "no forum decides this sanction; the customer's representative does")
		}
		m, err := tx.Meeting(ctx, a.Slug, meetingID, false)
		if errors.Is(err, store.ErrNotFound) || err == nil && m.Forum != f.Slug {
			return gov.Invalid(gov.FieldError{Field: "meeting", ID: "sanctions.err.meeting", Args: []any{"Forum", f.Name},
				Message: "choose a meeting of " + f.Name})
		} else if err != nil {
			return err
		}
		if !MayRecord(x, a, f, sc) {
			return errf(gov.CodeForbidden, "sanctions.err.forbidden.forum", "you may not record the decisions of this forum")
		}
		now := s.Now().UTC().Truncate(time.Microsecond)
		if m.State == gov.Cancelled || m.Start.After(now) {
			return errf(gov.CodeConflict, "sanctions.err.notheld", "the meeting has not begun")
		}
		ok, err := tx.DecideSanction(ctx, sc.ID, string(d), x.Name(), reason, now)
		if err != nil {
			return err
		}
		if !ok {
			return errf(gov.CodeConflict, "sanctions.err.decided", "the sanction has already been decided")
		}
		item := int64(0)
		if sc.MatterID != 0 {
			links, err := tx.MatterLinks(ctx, sc.MatterID, 0)
			if err != nil {
				return err
			}
			for _, l := range links {
				if l.MeetingID == m.ID {
					item = l.ItemID
				}
			}
		}
		outcome, text := "passed", "sanction approved"
		if d == Dispute {
			outcome, text = "rejected", "sanction disputed"
		}
		proposal := "Sanction #" + strconv.FormatInt(sc.ID, 10) + " (" + sc.Party + ", " + sc.Month + "): " + sc.Reason
		if reason != "" {
			proposal += "\n\n" + reason
		}
		dec := &store.Decision{Agreement: a.Slug, Forum: f.Slug, MeetingID: m.ID, ItemID: item, MeetingDate: m.LocalDate,
			Title: "Sanction #" + strconv.FormatInt(sc.ID, 10), Kind: "consensus", Status: "decided", Proposal: proposal,
			Outcome: outcome, Consensus: true, Text: text, OpenedBy: x.Name(), OpenedAt: now, DecidedBy: x.Name(), DecidedAt: &now}
		if err := tx.InsertDecision(ctx, dec); err != nil {
			return err
		}
		if err := tx.SetSanctionDecision(ctx, sc.ID, dec.ID); err != nil {
			return err
		}
		if err := duty.Done(ctx, tx, sc.AgreementID, duty.SanctionDecision, "sanction:"+strconv.FormatInt(sc.ID, 10), "", x.Name()); err != nil {
			return err
		}
		sc.Status, sc.DecidedBy, sc.DecidedReason, sc.DecidedAt, sc.DecisionID = string(d), x.Name(), reason, &now, dec.ID
		out = sc
		return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: "sanction." + map[Decision]string{Approve: "approve", Dispute: "dispute"}[d],
			ObjectType: "sanction", ObjectID: strconv.FormatInt(sc.ID, 10), AgreementID: sc.AgreementID,
			After: map[string]any{"status": sc.Status, "reason": reason, "forum": f.Slug, "meeting": m.ID, "decision": dec.ID}})
	})
	return out, err
}

// DecisionMeetings are the meetings of a forum where a sanction may be
// recorded as decided: those that have begun in the last year and were
// not cancelled, latest first.
func (s *Service) DecisionMeetings(ctx context.Context, a *gov.Agreement, forum string) ([]gov.Meeting, error) {
	now := s.Now()
	var out []gov.Meeting
	err := s.st.ReadTx(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: forum, From: now.AddDate(-1, 0, 0), To: now})
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].State != gov.Cancelled {
				out = append(out, ms[i])
			}
		}
		return err
	})
	return out, err
}
