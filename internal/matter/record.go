package matter

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Consensus is a decision reached without a vote: what was agreed, or
// that no agreement was reached.
type Consensus struct {
	Statement string
	Reached   bool
}

// RecordConsensus records a consensus decision on a decision item (the
// forum's convener or chair): consensus forums decide this way, and any
// forum may when nobody objects. Without consensus the matters on the
// item stay open in the forum, ready to be escalated.
func (s *Service) RecordConsensus(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, in Consensus) (*Decision, error) {
	in.Statement = strings.TrimSpace(in.Statement)
	if in.Statement == "" || len(in.Statement) > 5000 {
		return nil, gov.Invalid(fieldErr("statement", "matter.err.statement", "write what was agreed, or what could not be (at most {Max} characters)", "Max", 5000))
	}
	r := decision.Result{Outcome: decision.Passed, Consensus: true, Text: "passed by consensus"}
	if !in.Reached {
		r.Outcome, r.Text = decision.Rejected, "no consensus"
	}
	return s.record(ctx, a, x, meetingID, itemID, func(c *item, d *Decision) error {
		d.Method, d.Proposal, d.Result = MethodConsensus, in.Statement, r
		return nil
	})
}

// Duty is the outcome of a yearly duty, such as the chair chosen for a
// term at the first meeting of the year.
type Duty struct {
	// Person is who was chosen (a person slug of a party of the forum);
	// optional when the statement says it all.
	Person string
	// TermFrom and TermTo (YYYY-MM-DD) bound the term, when there is one.
	TermFrom, TermTo string
	Statement        string
}

// RecordDuty records the outcome of a yearly duty on its agenda item
// (source "yearly-duty"; the forum's convener or chair) as a decision:
// who was chosen, for which term, in words.
func (s *Service) RecordDuty(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, in Duty) (*Decision, error) {
	in.Statement = strings.TrimSpace(in.Statement)
	return s.record(ctx, a, x, meetingID, itemID, func(c *item, d *Decision) error {
		if c.it.Source != "yearly-duty" {
			return errf(gov.CodeConflict, "matter.err.notduty", "“{Title}” is not a yearly duty", "Title", c.it.Title)
		}
		var fs []gov.FieldError
		p := a.Person(in.Person)
		if in.Person != "" && (p == nil || !slices.Contains(forumParties(a, c.f), p.Party)) {
			fs = append(fs, fieldErr("person", "matter.err.dutyperson", "choose a person of a party of {Forum}", "Forum", c.f.Name))
		}
		from, errFrom := calendar.ParseDate(in.TermFrom)
		to, errTo := calendar.ParseDate(in.TermTo)
		switch {
		case (in.TermFrom != "" && errFrom != nil) || (in.TermTo != "" && errTo != nil):
			fs = append(fs, fieldErr("term", "matter.err.term", "write the term's dates as YYYY-MM-DD"))
		case in.TermFrom != "" && in.TermTo != "" && to.Before(from):
			fs = append(fs, fieldErr("term", "matter.err.termorder", "the term ends before it begins"))
		}
		if in.Person == "" && in.Statement == "" {
			fs = append(fs, fieldErr("statement", "matter.err.dutyempty", "say who was chosen or what was decided"))
		}
		if len(in.Statement) > 5000 {
			fs = append(fs, fieldErr("statement", "matter.err.statementlong", "the statement may be at most {Max} characters", "Max", 5000))
		}
		if len(fs) > 0 {
			return gov.Invalid(fs...)
		}
		d.Method, d.Proposal, d.TermFrom, d.TermTo = MethodDuty, in.Statement, in.TermFrom, in.TermTo
		text := "decided"
		if p != nil {
			d.DutyPerson, d.DutyPersonName = p.Slug, p.Name
			text += ": " + p.Name
			if party := a.Party(p.Party); party != nil {
				text += " (" + party.Name + ")"
			}
		}
		if in.TermFrom != "" || in.TermTo != "" {
			text += ", term " + in.TermFrom + "–" + in.TermTo
		}
		d.Result = decision.Result{Outcome: decision.Passed, Text: text}
		return nil
	})
}

// record stores a decision taken without a vote, after the checks every
// decision shares; fill sets what was decided.
func (s *Service) record(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, fill func(*item, *Decision) error) (*Decision, error) {
	var d *Decision
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := loadItem(ctx, tx, a, x, meetingID, itemID)
		if err != nil {
			return err
		}
		if !canRun(x, a, c.f, c.m.LocalDate) {
			return forbidden("matter.err.forbidden.record", "record decisions of {Forum}: its convener or chair does", "Forum", c.f.Name)
		}
		if err := s.decidable(c); err != nil {
			return err
		}
		d = &Decision{Agreement: a.Slug, Forum: c.f.Slug, MeetingID: c.m.ID, ItemID: c.it.ID, MeetingDate: c.m.LocalDate, Title: c.it.Title,
			Per: Per(c.f), OpenedBy: x.Name(), OpenedAt: s.now()}
		if err := fill(c, d); err != nil {
			return err
		}
		if err := noDecisionYet(ctx, tx, a, c); err != nil {
			return err
		}
		d.Result.Eligible = len(Electorate(a, c.f, c.m.LocalDate))
		return s.decide(ctx, tx, x, c, d, "decision.record")
	})
	return d, err
}

// Overturn records that a higher level's decision changed or overturned
// a lower level's, linking both ways (the higher forum's convener or
// chair). Refused when the higher decision's forum is not above the
// lower's on an escalation chain of the model, when either is not taken,
// or when the lower one was already overturned.
func (s *Service) Overturn(ctx context.Context, a *gov.Agreement, x Actor, lowerID, higherID int64, effect Effect, note string) error {
	note = strings.TrimSpace(note)
	if effect != Overturned && effect != Changed {
		return gov.Invalid(fieldErr("effect", "matter.err.effect", "say whether the decision was overturned or changed"))
	}
	if len(note) > 2000 {
		return gov.Invalid(fieldErr("note", "matter.err.note", "the note may be at most {Max} characters", "Max", 2000))
	}
	return s.st.InTx(ctx, func(tx *store.Tx) error {
		load := func(id int64) (*Decision, error) {
			r, err := tx.Decision(ctx, a.Slug, id, true)
			if errors.Is(err, store.ErrNotFound) {
				return nil, noDecision(id)
			} else if err != nil {
				return nil, err
			}
			if _, err := forum(a, x, r.Forum); err != nil {
				return nil, noDecision(id)
			}
			return decisionFromRow(r), nil
		}
		lower, err := load(lowerID)
		if err != nil {
			return err
		}
		higher, err := load(higherID)
		if err != nil {
			return err
		}
		hf := a.Forum(higher.Forum)
		switch {
		case !canRun(x, a, hf, s.today(a)):
			return forbidden("matter.err.forbidden.overturn", "record what {Forum} decided: its convener or chair does", "Forum", hf.Name)
		case lower.ID == higher.ID || !Above(a, lower.Forum, higher.Forum):
			return errf(gov.CodeConflict, "matter.err.notabove", "{Higher} is not above {Lower} on the model's escalation chain ({Chain}); only a higher level changes a lower level's decision",
				"Higher", hf.Name, "Lower", forumName(a, lower.Forum), "Chain", chainText(a, Chain(a, lower.Forum, "")))
		case lower.Voting || higher.Voting:
			return errf(gov.CodeConflict, "matter.err.stillvoting", "a vote is still open on one of the decisions")
		case higher.Result.Outcome == decision.NoQuorum:
			return errf(gov.CodeConflict, "matter.err.noquorum", "the higher decision had no quorum and decides nothing")
		case lower.OverturnedBy != 0:
			return errf(gov.CodeConflict, "matter.err.overturned", "the decision was already {Effect} by decision {ID}", "Effect", lower.OverturnEffect, "ID", lower.OverturnedBy)
		case higher.MeetingDate < lower.MeetingDate:
			return errf(gov.CodeConflict, "matter.err.earlier", "the higher decision ({Date}) was taken before the lower one", "Date", higher.MeetingDate)
		}
		now := s.now()
		lower.OverturnedBy, lower.OverturnEffect, lower.OverturnNote, lower.OverturnedAt = higher.ID, effect, note, &now
		if err := tx.UpdateDecision(ctx, lower.row()); err != nil {
			return err
		}
		return s.auditDecision(ctx, tx, x, "decision.overturn", lower, map[string]any{"by": higher.ID, "effect": effect, "note": note})
	})
}
