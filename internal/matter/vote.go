package matter

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Voter is one who may vote in a forum on a date.
type Voter struct {
	// Key identifies the vote: the person's slug when votes are per seat,
	// the party's when per organisation (its seated people cast it).
	Key    string
	Person string // per seat only
	Name   string // the person's or the organisation's name
	Party  string
	Weight float64
	// Chair marks the chair's vote: their own (per seat) or their
	// organisation's (per party).
	Chair bool
}

// Per returns how forum f votes: "seat" (each seated person, the default)
// or "party" (one vote per organisation with a seat).
func Per(f *gov.Forum) string {
	if f.Votes != nil && f.Votes.Per == "party" {
		return "party"
	}
	return "seat"
}

// Electorate lists who may vote in forum f on date: the chair, vice
// chairs and members whose membership is active then (secretaries,
// deputies and experts hold no seat), each with their party's weight
// under the forum's vote rule on that date, or one voter per organisation
// with a seat when the rule votes per party. A party whose weight is 0
// has no vote. Per seat the order is the memberships', per party the
// agreement's.
func Electorate(a *gov.Agreement, f *gov.Forum, date string) []Voter {
	chair := chairOf(a, f, date)
	var seated []Voter
	for _, m := range a.Memberships {
		p := a.Person(m.Person)
		if m.Forum != f.Slug || !m.ActiveOn(date) || !decision.HoldsSeat(m.Role) || p == nil || a.Party(p.Party) == nil {
			continue
		}
		w := decision.Weight(f.Votes, a.Party(p.Party), date)
		if w <= 0 || slices.ContainsFunc(seated, func(v Voter) bool { return v.Key == p.Slug }) {
			continue
		}
		seated = append(seated, Voter{Key: p.Slug, Person: p.Slug, Name: p.Name, Party: p.Party, Weight: w, Chair: m.Role == gov.RoleChair})
	}
	if Per(f) == "seat" {
		return seated
	}
	var out []Voter
	for _, p := range a.Parties {
		i := slices.IndexFunc(seated, func(v Voter) bool { return v.Party == p.Slug })
		if i < 0 {
			continue
		}
		out = append(out, Voter{Key: p.Slug, Name: p.Name, Party: p.Slug, Weight: seated[i].Weight, Chair: chair != nil && chair.Party == p.Slug})
	}
	return out
}

// item is what a decision on an agenda item needs: the meeting, its forum
// and the item, checked for x's sight.
type item struct {
	m   *gov.Meeting
	f   *gov.Forum
	it  *gov.AgendaItem
	loc *time.Location
}

func loadItem(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, meetingID, itemID int64) (*item, error) {
	m, f, err := meetingOf(ctx, tx, a, x, meetingID, true)
	if err != nil {
		return nil, err
	}
	it, err := tx.Item(ctx, m.ID, itemID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, noItem(itemID)
	} else if err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return nil, err
	}
	return &item{m: m, f: f, it: it, loc: loc}, nil
}

// decidable: decisions are taken at the meeting, once it has begun, and
// recorded until the minutes are submitted; only on accepted items of
// type decision.
func (s *Service) decidable(c *item) error {
	switch c.m.State {
	case gov.Held, gov.MinutesDrafted:
	case gov.AgendaPublished:
		if s.Now().Before(c.m.Start) {
			return errf(gov.CodeConflict, "matter.err.notbegun", "the meeting begins at {Start}; decisions are taken at the meeting",
				"Start", c.m.Start.In(c.loc))
		}
	case gov.Planned:
		return errf(gov.CodeConflict, "matter.err.unpublished", "the meeting's agenda is not published; decisions are taken at the meeting")
	default:
		return errf(gov.CodeConflict, "matter.err.meetingdone", "the meeting is {State}; no more decisions are recorded for it", "State", c.m.State)
	}
	if c.it.Type != gov.ItemDecision || c.it.Status != gov.ItemAccepted {
		return errf(gov.CodeConflict, "matter.err.notdecision", "“{Title}” is not a decision item on the agenda", "Title", c.it.Title)
	}
	return nil
}

// noDecisionYet refuses a second decision on an item.
func noDecisionYet(ctx context.Context, tx *store.Tx, a *gov.Agreement, c *item) error {
	d, err := tx.DecisionForItem(ctx, a.Slug, c.it.ID, true)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return nil
	case err != nil:
		return err
	case d.Status == "voting":
		return errf(gov.CodeConflict, "matter.err.voteopen", "a vote on “{Title}” is already open", "Title", c.it.Title)
	}
	return errf(gov.CodeConflict, "matter.err.decided", "“{Title}” was decided on {Date}: {Result}", "Title", c.it.Title, "Date", d.MeetingDate, "Result", d.Text)
}

// OpenVote opens a vote on a decision item (the forum's convener or the
// chair), on a proposal (by default the item's title), for the forum's
// electorate on the meeting's date.
func (s *Service) OpenVote(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64, proposal string) (*Decision, error) {
	proposal = strings.TrimSpace(proposal)
	if len(proposal) > 5000 {
		return nil, gov.Invalid(fieldErr("proposal", "matter.err.proposal", "the proposal may be at most {Max} characters", "Max", 5000))
	}
	var d *Decision
	err := s.st.InTx(ctx, func(tx *store.Tx) error {
		c, err := loadItem(ctx, tx, a, x, meetingID, itemID)
		if err != nil {
			return err
		}
		if !canRun(x, a, c.f, c.m.LocalDate) {
			return forbidden("matter.err.forbidden.vote", "open or close votes in {Forum}: its convener or chair does", "Forum", c.f.Name)
		}
		if err := s.decidable(c); err != nil {
			return err
		}
		if err := noDecisionYet(ctx, tx, a, c); err != nil {
			return err
		}
		voters := Electorate(a, c.f, c.m.LocalDate)
		if len(voters) == 0 {
			return errf(gov.CodeConflict, "matter.err.noelectorate", "nobody holds a seat in {Forum} on {Date}; seats come from the memberships",
				"Forum", c.f.Name, "Date", c.m.LocalDate)
		}
		if proposal == "" {
			proposal = c.it.Title
		}
		d = &Decision{Agreement: a.Slug, Forum: c.f.Slug, MeetingID: c.m.ID, ItemID: c.it.ID, MeetingDate: c.m.LocalDate, Title: c.it.Title,
			Method: MethodVote, Voting: true, Proposal: proposal, Per: Per(c.f), OpenedBy: x.Name(), OpenedAt: s.now(),
			Result: decision.Result{Eligible: len(voters)}}
		d.Weighted = slices.ContainsFunc(voters, func(v Voter) bool { return v.Weight != 1 })
		row := d.row()
		if err := tx.InsertDecision(ctx, row); err != nil {
			return err
		}
		d.ID = row.ID
		return s.auditDecision(ctx, tx, x, "decision.open", d, map[string]any{"item": c.it.ID, "proposal": proposal, "eligible": len(voters)})
	})
	return d, err
}

func (s *Service) auditDecision(ctx context.Context, tx *store.Tx, x Actor, action string, d *Decision, after map[string]any) error {
	aid, err := tx.AgreementID(ctx, d.Agreement)
	if err != nil {
		return err
	}
	return tx.Audit(ctx, store.Entry{Actor: x.Name(), Action: action, ObjectType: "decision", ObjectID: fmt.Sprint(d.ID), AgreementID: aid, After: after})
}

// openVote loads the open vote on an item.
func openVote(ctx context.Context, tx *store.Tx, a *gov.Agreement, c *item) (*Decision, error) {
	r, err := tx.DecisionForItem(ctx, a.Slug, c.it.ID, true)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errf(gov.CodeConflict, "matter.err.novote", "no vote is open on “{Title}”; its chair or convener opens one", "Title", c.it.Title)
	} else if err != nil {
		return nil, err
	}
	if r.Status != "voting" {
		at := ""
		if r.DecidedAt != nil {
			at = r.DecidedAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		return nil, errf(gov.CodeConflict, "matter.err.voteclosed", "voting on “{Title}” closed at {At}: {Result}", "Title", c.it.Title, "At", at, "Result", r.Text)
	}
	return decisionFromRow(r), nil
}
