package matter

import (
	"context"
	"errors"
	"time"

	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// Method is how a decision was taken.
type Method string

// The methods: a (possibly weighted) vote, a consensus recorded without
// votes, or the outcome of a yearly duty (the chair chosen and the term).
const (
	MethodVote      Method = "vote"
	MethodConsensus Method = "consensus"
	MethodDuty      Method = "duty"
)

// Effect is what a higher level's decision did to a lower one's.
type Effect string

// The effects: the lower decision no longer stands, or stands changed.
const (
	Overturned Effect = "overturned"
	Changed    Effect = "changed"
)

// Decision is a decision on an agenda item of type decision.
type Decision struct {
	ID          int64
	Agreement   string
	Forum       string
	MeetingID   int64
	ItemID      int64 // 0 when the item was removed from the agenda later
	MeetingDate string
	// Title is the agenda item's when the decision was opened.
	Title  string
	Method Method
	// Voting is set while a vote is open.
	Voting bool
	// Proposal is what was voted on, or what was agreed.
	Proposal string
	// Per is the vote rule's "seat" or "party"; Weighted is set when the
	// voters' weights differ from 1.
	Per      string
	Weighted bool
	// Result is the count and its explanation in words.
	Result decision.Result
	// A yearly duty's outcome: the person chosen (e.g. chair) and the term.
	DutyPerson, DutyPersonName string
	TermFrom, TermTo           string
	OpenedBy                   string
	OpenedAt                   time.Time
	DecidedBy                  string
	DecidedAt                  *time.Time
	// OverturnedBy is the higher level's decision that changed or
	// overturned this one (0: none), with the effect and a note.
	OverturnedBy   int64
	OverturnEffect Effect
	OverturnNote   string
	OverturnedAt   *time.Time
	// Overturns are the lower decisions this one changed or overturned;
	// Votes the votes cast. Both are filled by GetDecision and DecisionOn.
	Overturns []int64
	Votes     []Vote
}

// Vote is one recorded vote.
type Vote struct {
	// Voter is the person slug (votes per seat) or the party slug (one
	// vote per organisation); Person cast it.
	Voter      string
	Person     string
	PersonName string
	Party      string
	Choice     decision.Choice
	Weight     float64
	// Chair marks the chair's vote, which decides a tie where the forum's
	// rule gives the chair a casting vote.
	Chair  bool
	CastBy string
	CastAt time.Time
}

func decisionFromRow(r *store.Decision) *Decision {
	return &Decision{ID: r.ID, Agreement: r.Agreement, Forum: r.Forum, MeetingID: r.MeetingID, ItemID: r.ItemID, MeetingDate: r.MeetingDate,
		Title: r.Title, Method: Method(r.Kind), Voting: r.Status == "voting", Proposal: r.Proposal, Per: r.Per, Weighted: r.Weighted,
		Result: decision.Result{Outcome: decision.Outcome(r.Outcome), Yes: r.Yes, No: r.No, Abstained: r.Abstained, Present: r.Present,
			Eligible: r.Eligible, QuorumNeeded: r.QuorumNeeded, CastingVote: r.CastingVote, Consensus: r.Consensus, Text: r.Text},
		DutyPerson: r.DutyPerson, DutyPersonName: r.DutyPersonName, TermFrom: r.TermFrom, TermTo: r.TermTo, OpenedBy: r.OpenedBy,
		OpenedAt: r.OpenedAt, DecidedBy: r.DecidedBy, DecidedAt: r.DecidedAt, OverturnedBy: r.OverturnedBy,
		OverturnEffect: Effect(r.OverturnEffect), OverturnNote: r.OverturnNote, OverturnedAt: r.OverturnedAt}
}

func (d *Decision) row() *store.Decision {
	status := "decided"
	if d.Voting {
		status = "voting"
	}
	r := d.Result
	return &store.Decision{ID: d.ID, Agreement: d.Agreement, Forum: d.Forum, MeetingID: d.MeetingID, ItemID: d.ItemID, MeetingDate: d.MeetingDate,
		Title: d.Title, Kind: string(d.Method), Status: status, Proposal: d.Proposal, Per: d.Per, Weighted: d.Weighted,
		Outcome: string(r.Outcome), Yes: r.Yes, No: r.No, Abstained: r.Abstained, Present: r.Present, Eligible: r.Eligible,
		QuorumNeeded: r.QuorumNeeded, CastingVote: r.CastingVote, Consensus: r.Consensus, Text: r.Text, DutyPerson: d.DutyPerson,
		DutyPersonName: d.DutyPersonName, TermFrom: d.TermFrom, TermTo: d.TermTo, OpenedBy: d.OpenedBy, OpenedAt: d.OpenedAt,
		DecidedBy: d.DecidedBy, DecidedAt: d.DecidedAt, OverturnedBy: d.OverturnedBy, OverturnEffect: string(d.OverturnEffect),
		OverturnNote: d.OverturnNote, OverturnedAt: d.OverturnedAt}
}

func voteFromRow(r store.Vote) Vote {
	return Vote{Voter: r.Voter, Person: r.Person, PersonName: r.PersonName, Party: r.Party, Choice: decision.Choice(r.Choice),
		Weight: r.Weight, Chair: r.Chair, CastBy: r.CastBy, CastAt: r.CastAt}
}

// complete adds a decision's votes and the decisions it overturned.
func complete(ctx context.Context, tx *store.Tx, a *gov.Agreement, x Actor, d *Decision) error {
	votes, err := tx.Votes(ctx, d.ID)
	if err != nil {
		return err
	}
	for _, v := range votes {
		d.Votes = append(d.Votes, voteFromRow(v))
	}
	lower, err := tx.Decisions(ctx, a.Slug, store.DecisionFilter{Forums: visibleForums(a, x), OverturnedBy: d.ID})
	for _, l := range lower {
		d.Overturns = append(d.Overturns, l.ID)
	}
	return err
}

// GetDecision loads a decision x may see, with its votes and the lower
// decisions it changed or overturned.
func (s *Service) GetDecision(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*Decision, error) {
	var d *Decision
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		r, err := tx.Decision(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) {
			return noDecision(id)
		} else if err != nil {
			return err
		}
		if _, err := forum(a, x, r.Forum); err != nil {
			return noDecision(id)
		}
		d = decisionFromRow(r)
		return complete(ctx, tx, a, x, d)
	})
	return d, err
}

// DecisionOn loads the decision on an agenda item with its votes; nil
// (and no error) when the item has none yet.
func (s *Service) DecisionOn(ctx context.Context, a *gov.Agreement, x Actor, meetingID, itemID int64) (*Decision, error) {
	var d *Decision
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		if _, _, err := meetingOf(ctx, tx, a, x, meetingID, false); err != nil {
			return err
		}
		if _, err := tx.Item(ctx, meetingID, itemID); err != nil {
			return noItem(itemID)
		}
		r, err := tx.DecisionForItem(ctx, a.Slug, itemID, false)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		} else if err != nil {
			return err
		}
		d = decisionFromRow(r)
		return complete(ctx, tx, a, x, d)
	})
	return d, err
}
