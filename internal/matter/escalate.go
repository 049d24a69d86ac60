package matter

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Chain is the escalation chain from forum from upwards, from included:
// the named path's forums from there when path is set, else the forums'
// own escalates_to, followed until a forum has none.
func Chain(a *gov.Agreement, from, path string) []string {
	if path != "" {
		for _, p := range a.EscalationPaths {
			if p.Slug == path {
				if i := slices.Index(p.Forums, from); i >= 0 {
					return slices.Clone(p.Forums[i:])
				}
			}
		}
		return []string{from}
	}
	out := []string{from}
	for f := a.Forum(from); f != nil && f.EscalatesTo != "" && !slices.Contains(out, f.EscalatesTo); f = a.Forum(f.EscalatesTo) {
		out = append(out, f.EscalatesTo)
	}
	return out
}

// Next is the forum a matter in forum from escalates to, following the
// named path when set; it refuses, saying why, when there is none.
func Next(a *gov.Agreement, from, path string) (string, error) {
	if path != "" {
		if err := onPath(a, path, from); err != nil {
			return "", err
		}
		if c := Chain(a, from, path); len(c) > 1 {
			return c[1], nil
		}
		return "", errf(gov.CodeConflict, "matter.err.pathend", "{Forum} is the last forum of the path {Path}; the matter cannot go higher",
			"Forum", forumName(a, from), "Path", pathName(a, path))
	}
	f := a.Forum(from)
	if f == nil || f.EscalatesTo == "" {
		return "", errf(gov.CodeConflict, "matter.err.notarget", "the model names no forum that {Forum} escalates to", "Forum", forumName(a, from))
	}
	return f.EscalatesTo, nil
}

// onPath checks that a named escalation path exists and passes forum.
func onPath(a *gov.Agreement, path, forum string) error {
	for _, p := range a.EscalationPaths {
		if p.Slug == path {
			if slices.Contains(p.Forums, forum) {
				return nil
			}
			return errf(gov.CodeConflict, "matter.err.offpath", "{Forum} is not on the path {Path} ({Chain})",
				"Forum", forumName(a, forum), "Path", p.Name, "Chain", chainText(a, p.Forums))
		}
	}
	return gov.Invalid(fieldErr("path", "matter.err.nopath", `the model has no escalation path "{Path}"`, "Path", path))
}

func pathName(a *gov.Agreement, slug string) string {
	for _, p := range a.EscalationPaths {
		if p.Slug == slug {
			return p.Name
		}
	}
	return slug
}

// Above reports whether forum higher is above forum lower on an
// escalation chain of the model: the forums' own escalates_to or a named
// path.
func Above(a *gov.Agreement, lower, higher string) bool {
	if slices.Contains(Chain(a, lower, "")[1:], higher) {
		return true
	}
	for _, p := range a.EscalationPaths {
		if i, j := slices.Index(p.Forums, lower), slices.Index(p.Forums, higher); i >= 0 && j > i {
			return true
		}
	}
	return false
}

// below reports whether forum to is below forum from: lower on a chain
// of the model, or on a lower level.
func below(a *gov.Agreement, to, from string) bool {
	tf, ff := a.Forum(to), a.Forum(from)
	return tf != nil && ff != nil && (Above(a, to, from) || a.LevelRank(tf.Level) > a.LevelRank(ff.Level))
}

// wrongTarget says why a chosen target is not the next forum: the same
// forum, one further up (a matter climbs one level at a time), one below,
// or one off the chain.
func wrongTarget(a *gov.Agreement, from, to, next, path string) error {
	tf, ff := a.Forum(to), a.Forum(from)
	chain := Chain(a, from, path)
	switch {
	case tf == nil:
		return gov.Invalid(fieldErr("to", "matter.err.noforum", `no forum "{Forum}"`, "Forum", to))
	case to == from:
		return errf(gov.CodeConflict, "matter.err.sameforum", "the matter is already in {Forum}", "Forum", ff.Name)
	case slices.Contains(chain, to):
		return errf(gov.CodeConflict, "matter.err.skip", "a matter climbs one level at a time: from {Forum} it goes to {Next}, not {To}",
			"Forum", ff.Name, "Next", forumName(a, next), "To", tf.Name)
	case below(a, to, from) && next == "":
		return errf(gov.CodeConflict, "matter.err.downwardstop", "{To} is below {Forum}: a matter is escalated upwards only",
			"To", tf.Name, "Forum", ff.Name)
	case below(a, to, from):
		return errf(gov.CodeConflict, "matter.err.downwards", "{To} is below {Forum}: a matter is escalated upwards only, to {Next}",
			"To", tf.Name, "Forum", ff.Name, "Next", forumName(a, next))
	}
	return errf(gov.CodeConflict, "matter.err.offchain", "{To} is not on the escalation chain of {Forum} ({Chain})",
		"To", tf.Name, "Forum", ff.Name, "Chain", chainText(a, chain))
}

// EscalateInput is why and where a matter goes up.
type EscalateInput struct {
	// Reason is why the forum cannot settle it: no authority, or no
	// agreement. Required.
	Reason string
	// To, when set, must be the next forum on the chain; it guards a UI
	// that offered a target against a model that changed.
	To string
	// Path makes the matter follow a named escalation path from now on.
	Path string
}

// Escalation is what Escalate did.
type Escalation struct {
	Matter   *Matter
	From, To string
	// MeetingID and ItemID are the meeting of the target forum whose
	// agenda the matter went onto, and the item; both 0 when the forum
	// has no planned meeting yet: the matter then waits
	// (Matter.WaitingSince) and goes onto the agenda of the first meeting
	// created for the forum, by itself (a database trigger, whatever
	// creates the meeting).
	MeetingID, ItemID int64
}

// Escalate moves a matter from its forum to the next one up the chain
// (the named path it follows, else the forum's escalates_to) with a
// reason: the forum's convener or chair, who raised it, its owner, or a
// representative of the forum's parties. It refuses a forum without a
// target, the end of a path, and a target that is not the next forum
// (downwards, off the chain, or skipping a level). The matter goes onto
// the agenda of the target forum's next planned or published meeting as
// a decision item (source "escalation"), or waits for one to be created.
func (s *Service) Escalate(ctx context.Context, a *gov.Agreement, x Actor, id int64, in EscalateInput) (*Escalation, error) {
	in.Reason = strings.TrimSpace(in.Reason)
	if in.Reason == "" || len(in.Reason) > 2000 {
		return nil, gov.Invalid(fieldErr("reason", "matter.err.reason", "give the reason for escalating (at most {Max} characters)", "Max", 2000))
	}
	var out *Escalation
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		m, f, aid, err := s.load(ctx, tx, a, x, id)
		if err != nil {
			return err
		}
		if !canEscalate(x, a, f, m, s.today(a)) {
			return forbidden("matter.err.forbidden.escalate", "escalate matters of {Forum}", "Forum", f.Name)
		}
		if m.Status == Closed {
			return errf(gov.CodeConflict, "matter.err.closed", "the matter is closed; reopen it first")
		}
		path := m.Path
		if in.Path != "" && in.Path != path {
			if path != "" {
				return errf(gov.CodeConflict, "matter.err.haspath", "the matter already follows the path {Path}", "Path", pathName(a, path))
			}
			path = in.Path
		}
		next, err := Next(a, m.Forum, path)
		if err != nil {
			if in.To != "" && below(a, in.To, m.Forum) {
				return wrongTarget(a, m.Forum, in.To, "", path) // downwards says more than "no target"
			}
			return err
		}
		if in.To != "" && in.To != next {
			return wrongTarget(a, m.Forum, in.To, next, path)
		}
		out = &Escalation{From: m.Forum, To: next}
		now := s.now()
		if err := s.stepOutcome(ctx, tx, m.ID, "escalated to "+forumName(a, next), 0, true); err != nil {
			return err
		}
		step := &Step{MatterID: m.ID, Forum: next, EnteredAt: now, Reason: in.Reason}
		mt, err := tx.NextOpenMeeting(ctx, a.Slug, next, now)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		from, status := m.Forum, m.Status
		m.Forum, m.Status, m.Path, m.UpdatedAt, m.WaitingSince = next, Escalated, path, now, nil
		if mt == nil {
			m.WaitingSince = &now
		} else {
			it := &gov.AgendaItem{MeetingID: mt.ID, Type: gov.ItemDecision, Title: m.Title, Description: in.Reason, Status: gov.ItemAccepted, Source: "escalation"}
			if err := tx.InsertItem(ctx, it); err != nil {
				return err
			}
			if err := tx.InsertMatterLink(ctx, &Link{MatterID: m.ID, MeetingID: mt.ID, ItemID: it.ID, Source: "escalation", CreatedBy: x.Name(), CreatedAt: now}); err != nil {
				return err
			}
			step.MeetingID, out.MeetingID, out.ItemID = mt.ID, mt.ID, it.ID
		}
		if err := tx.InsertMatterStep(ctx, a.Slug, step); err != nil {
			return err
		}
		if err := tx.UpdateMatter(ctx, m.row()); err != nil {
			return err
		}
		changes := []Change{{Field: "forum", From: from, To: next}, {Field: "status", From: string(status), To: string(Escalated)}}
		if path != "" && in.Path == path {
			changes = append(changes, Change{Field: "path", To: path})
		}
		out.Matter = m
		return s.history(ctx, tx, x, aid, &Event{MatterID: m.ID, Action: "escalate", Note: in.Reason, Changes: changes,
			MeetingID: out.MeetingID, ItemID: out.ItemID})
	})
	return out, err
}

// stepOutcome adds an outcome to a matter's current step (after a
// decision taken there, if any) and, with leave, ends the step.
func (s *Service) stepOutcome(ctx context.Context, tx *store.Tx, matterID int64, outcome string, decisionID int64, leave bool) error {
	steps, err := tx.MatterSteps(ctx, matterID)
	if err != nil || len(steps) == 0 {
		return err
	}
	cur := steps[len(steps)-1]
	if cur.Outcome != "" {
		outcome = cur.Outcome + "; " + outcome
	}
	cur.Outcome = outcome
	if leave {
		now := s.now()
		cur.LeftAt = &now
	}
	if decisionID != 0 {
		cur.DecisionID = decisionID
	}
	return tx.UpdateMatterStep(ctx, &cur)
}

// Path is a matter's way up, where it was raised first: each forum with
// its dates, the reason it came there, the meeting that took it up and
// the outcome.
func (s *Service) Path(ctx context.Context, a *gov.Agreement, x Actor, id int64) ([]Step, error) {
	var out []Step
	err := s.read(ctx, a, x, id, func(tx *store.Tx) (err error) {
		out, err = tx.MatterSteps(ctx, id)
		return err
	})
	return out, err
}
