package matter

import (
	"context"
	"errors"
	"slices"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// View is a matter with what its page shows — history, links, escalation
// path, and the decisions its history names — read in one transaction
// with a fixed number of statements (issue #18), where Get, History,
// Links, Path and a GetDecision per decision took a transaction each.
type View struct {
	Matter *Matter
	Events []Event
	Links  []Link
	Steps  []Step
	// Decisions are the decisions the history and the path name that x
	// may see, by id, complete as GetDecision gives them (votes, and the
	// lower decisions each overturned).
	Decisions map[int64]*Decision
}

// View loads matter id for x, as Get does (not found when x may not see it).
func (s *Service) View(ctx context.Context, a *gov.Agreement, x Actor, id int64) (*View, error) {
	v := &View{Decisions: map[int64]*Decision{}}
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		row, err := tx.Matter(ctx, a.Slug, id, false)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(id)
		} else if err != nil {
			return err
		}
		forums := visibleForums(a, x)
		if !slices.Contains(forums, row.Forum) {
			return notFound(id)
		}
		v.Matter = fromRow(row)
		if v.Events, err = tx.MatterEvents(ctx, id); err != nil {
			return err
		}
		if v.Links, err = tx.MatterLinks(ctx, id, 0); err != nil {
			return err
		}
		if v.Steps, err = tx.MatterSteps(ctx, id); err != nil {
			return err
		}
		ids := []int64{}
		for _, e := range v.Events {
			if e.DecisionID != 0 && !slices.Contains(ids, e.DecisionID) {
				ids = append(ids, e.DecisionID)
			}
		}
		for _, st := range v.Steps {
			if st.DecisionID != 0 && !slices.Contains(ids, st.DecisionID) {
				ids = append(ids, st.DecisionID)
			}
		}
		if len(ids) == 0 {
			return nil
		}
		// The forum filter is the visibility check GetDecision makes.
		rows, err := tx.Decisions(ctx, a.Slug, store.DecisionFilter{Forums: forums, IDs: ids})
		if err != nil {
			return err
		}
		v.Decisions, err = completeAll(ctx, tx, a.Slug, forums, ids, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// DecisionsOn loads the decisions on a meeting's agenda items, by item
// id, complete as DecisionOn gives each (votes, overturned decisions), in
// one transaction with a fixed number of statements: the meeting page
// asked DecisionOn once per decision item.
func (s *Service) DecisionsOn(ctx context.Context, a *gov.Agreement, x Actor, meetingID int64) (map[int64]*Decision, error) {
	out := map[int64]*Decision{}
	err := s.st.ReadMatters(ctx, func(tx *store.Tx) error {
		if _, _, err := meetingOf(ctx, tx, a, x, meetingID, false); err != nil {
			return err
		}
		forums := visibleForums(a, x)
		rows, err := tx.Decisions(ctx, a.Slug, store.DecisionFilter{Forums: forums, MeetingID: meetingID})
		if err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]int64, 0, len(rows))
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		byID, err := completeAll(ctx, tx, a.Slug, forums, ids, rows)
		for _, d := range byID {
			if d.ItemID != 0 {
				out[d.ItemID] = d
			}
		}
		return err
	})
	return out, err
}

// completeAll builds decisions from their rows with their votes and the
// lower decisions each overturned: three statements for any number.
func completeAll(ctx context.Context, tx *store.Tx, slug string, forums []string, ids []int64, rows []store.Decision) (map[int64]*Decision, error) {
	out := map[int64]*Decision{}
	votes, err := tx.VotesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	lower, err := tx.Decisions(ctx, slug, store.DecisionFilter{Forums: forums, OverturnedByAny: ids})
	if err != nil {
		return nil, err
	}
	for i := range rows {
		d := decisionFromRow(&rows[i])
		for _, vt := range votes[d.ID] {
			d.Votes = append(d.Votes, voteFromRow(vt))
		}
		out[d.ID] = d
	}
	// Newest first, as complete lists them.
	for _, l := range lower {
		if d := out[l.OverturnedBy]; d != nil {
			d.Overturns = append(d.Overturns, l.ID)
		}
	}
	return out, nil
}
