package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Decision is a decision on an agenda item as stored: a vote (open while
// Status is "voting"), a consensus, or a yearly duty's outcome. Counting
// and its rules live in internal/decision and internal/matter.
type Decision struct {
	ID          int64
	Agreement   string
	Forum       string
	MeetingID   int64
	ItemID      int64 // 0 when the item was removed later
	MeetingDate string
	// Title is the agenda item's title when the decision was opened.
	Title    string
	Kind     string // vote, consensus, duty
	Status   string // voting, decided
	Proposal string
	// Per is the vote rule's "seat" or "party"; Weighted is set when the
	// votes had different weights.
	Per      string
	Weighted bool
	// The result: outcome, weighted sums, counts and the words.
	Outcome                         string
	Yes, No, Abstained              float64
	Present, Eligible, QuorumNeeded int
	CastingVote, Consensus          bool
	Text                            string
	DutyPerson, DutyPersonName      string
	TermFrom, TermTo                string
	OpenedBy                        string
	OpenedAt                        time.Time
	DecidedBy                       string
	DecidedAt                       *time.Time
	OverturnedBy                    int64
	OverturnEffect, OverturnNote    string
	OverturnedAt                    *time.Time
}

// InsertDecision stores a new decision and sets its ID.
func (t *Tx) InsertDecision(ctx context.Context, d *Decision) error {
	aid, fid, err := t.ids(ctx, d.Agreement, d.Forum)
	if err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO decisions (agreement_id, forum_id, meeting_id, agenda_item_id, meeting_date, title, kind, status,
		proposal, per, weighted, outcome, yes_weight, no_weight, abstained, present, eligible, quorum_needed, casting_vote, consensus,
		result_text, duty_person, duty_person_name, term_from, term_to, opened_by, opened_at, decided_by, decided_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		aid, fid, d.MeetingID, zeroNil(d.ItemID), d.MeetingDate, d.Title, d.Kind, d.Status, d.Proposal, d.Per, d.Weighted, d.Outcome,
		d.Yes, d.No, d.Abstained, d.Present, d.Eligible, d.QuorumNeeded, d.CastingVote, d.Consensus, d.Text, d.DutyPerson,
		d.DutyPersonName, d.TermFrom, d.TermTo, d.OpenedBy, d.OpenedAt.UTC(), d.DecidedBy, utcOrNil(d.DecidedAt)).Scan(&d.ID)
}

// UpdateDecision writes a decision's result, status and overturn link.
func (t *Tx) UpdateDecision(ctx context.Context, d *Decision) error {
	_, err := t.ExecContext(ctx, `UPDATE decisions SET status = ?, proposal = ?, weighted = ?, outcome = ?, yes_weight = ?, no_weight = ?,
		abstained = ?, present = ?, eligible = ?, quorum_needed = ?, casting_vote = ?, consensus = ?, result_text = ?, decided_by = ?,
		decided_at = ?, overturned_by = ?, overturn_effect = ?, overturn_note = ?, overturned_at = ? WHERE id = ?`,
		d.Status, d.Proposal, d.Weighted, d.Outcome, d.Yes, d.No, d.Abstained, d.Present, d.Eligible, d.QuorumNeeded, d.CastingVote,
		d.Consensus, d.Text, d.DecidedBy, utcOrNil(d.DecidedAt), zeroNil(d.OverturnedBy), d.OverturnEffect, d.OverturnNote,
		utcOrNil(d.OverturnedAt), d.ID)
	return err
}

const decisionColumns = `d.id, a.slug, f.slug, d.meeting_id, COALESCE(d.agenda_item_id, 0), d.meeting_date, d.title, d.kind, d.status,
	d.proposal, d.per, d.weighted, d.outcome, d.yes_weight, d.no_weight, d.abstained, d.present, d.eligible, d.quorum_needed,
	d.casting_vote, d.consensus, d.result_text, d.duty_person, d.duty_person_name, d.term_from, d.term_to, d.opened_by, d.opened_at,
	d.decided_by, d.decided_at, COALESCE(d.overturned_by, 0), d.overturn_effect, d.overturn_note, d.overturned_at`

const decisionFrom = ` FROM decisions d JOIN agreements a ON a.id = d.agreement_id JOIN forums f ON f.id = d.forum_id `

func scanDecision(row interface{ Scan(...any) error }) (*Decision, error) {
	var d Decision
	var decided, overturned sql.NullTime
	err := row.Scan(&d.ID, &d.Agreement, &d.Forum, &d.MeetingID, &d.ItemID, &d.MeetingDate, &d.Title, &d.Kind, &d.Status, &d.Proposal,
		&d.Per, &d.Weighted, &d.Outcome, &d.Yes, &d.No, &d.Abstained, &d.Present, &d.Eligible, &d.QuorumNeeded, &d.CastingVote,
		&d.Consensus, &d.Text, &d.DutyPerson, &d.DutyPersonName, &d.TermFrom, &d.TermTo, &d.OpenedBy, &d.OpenedAt, &d.DecidedBy,
		&decided, &d.OverturnedBy, &d.OverturnEffect, &d.OverturnNote, &overturned)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("decision: %w", ErrNotFound)
	}
	if decided.Valid {
		d.DecidedAt = &decided.Time
	}
	if overturned.Valid {
		d.OverturnedAt = &overturned.Time
	}
	return &d, err
}

// Decision loads a decision of the agreement, locked with lock.
func (t *Tx) Decision(ctx context.Context, agreement string, id int64, lock bool) (*Decision, error) {
	q := `SELECT ` + decisionColumns + decisionFrom + `WHERE a.slug = ? AND d.id = ?`
	if lock && t.dialect == DialectPostgres {
		q += " FOR UPDATE OF d" // DIALECT: see Tx.Meeting
	}
	return scanDecision(t.QueryRowContext(ctx, q, agreement, id))
}

// DecisionForItem loads the decision on an agenda item, locked with lock.
func (t *Tx) DecisionForItem(ctx context.Context, agreement string, itemID int64, lock bool) (*Decision, error) {
	q := `SELECT ` + decisionColumns + decisionFrom + `WHERE a.slug = ? AND d.agenda_item_id = ?`
	if lock && t.dialect == DialectPostgres {
		q += " FOR UPDATE OF d"
	}
	return scanDecision(t.QueryRowContext(ctx, q, agreement, itemID))
}

// DecisionFilter narrows the decision register. Forums are the forums the
// reader may see (none: no decisions); From and To bound the meeting date
// (YYYY-MM-DD, inclusive); IDs, when not nil, keeps only those (a text
// search's hits).
type DecisionFilter struct {
	Forums       []string
	Forum        string
	Outcome      string
	Status       string
	From, To     string
	IDs          []int64
	OverturnedBy int64
	// OverturnedByAny, when not empty, keeps the decisions overturned by
	// any of these (a page of several decisions' links in one read).
	OverturnedByAny []int64
	// MeetingID, when not 0, keeps the decisions of one meeting.
	MeetingID int64
	Limit     int
}

// Decisions lists an agreement's decisions, the latest meeting first.
func (t *Tx) Decisions(ctx context.Context, agreement string, f DecisionFilter) ([]Decision, error) {
	if len(f.Forums) == 0 || (f.IDs != nil && len(f.IDs) == 0) {
		return nil, nil
	}
	q := `SELECT ` + decisionColumns + decisionFrom + `WHERE a.slug = ? AND f.slug IN (?` + repeat(",?", len(f.Forums)-1) + `)`
	args := []any{agreement}
	for _, s := range f.Forums {
		args = append(args, s)
	}
	for _, c := range []struct{ cond, val string }{{"f.slug = ?", f.Forum}, {"d.outcome = ?", f.Outcome}, {"d.status = ?", f.Status},
		{"d.meeting_date >= ?", f.From}, {"d.meeting_date <= ?", f.To}} {
		if c.val != "" {
			q += ` AND ` + c.cond
			args = append(args, c.val)
		}
	}
	if f.OverturnedBy != 0 {
		q += ` AND d.overturned_by = ?`
		args = append(args, f.OverturnedBy)
	}
	if f.MeetingID != 0 {
		q += ` AND d.meeting_id = ?`
		args = append(args, f.MeetingID)
	}
	if len(f.OverturnedByAny) > 0 {
		q += ` AND d.overturned_by IN (?` + repeat(",?", len(f.OverturnedByAny)-1) + `)`
		for _, id := range f.OverturnedByAny {
			args = append(args, id)
		}
	}
	if f.IDs != nil {
		q += ` AND d.id IN (?` + repeat(",?", len(f.IDs)-1) + `)`
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q += ` ORDER BY d.meeting_date DESC, d.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []Decision
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		d, err := scanDecision(rows)
		if err == nil {
			out = append(out, *d)
		}
		return err
	})
	return out, err
}

// Vote is one recorded vote: by a seated person (Voter is their slug) or
// by an organisation (Voter is its party slug; Person cast it).
type Vote struct {
	ID         int64
	DecisionID int64
	Voter      string
	Person     string
	PersonName string
	Party      string
	Choice     string
	Weight     float64
	Chair      bool
	CastBy     string
	CastAt     time.Time
}

// InsertVote stores a vote; a second vote by the same voter violates the
// table's unique key, so the caller checks first.
func (t *Tx) InsertVote(ctx context.Context, v *Vote) error {
	return t.QueryRowContext(ctx, `INSERT INTO votes (decision_id, voter, person, person_name, party, choice, weight, chair, cast_by, cast_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, v.DecisionID, v.Voter, v.Person, v.PersonName, v.Party, v.Choice, v.Weight,
		v.Chair, v.CastBy, v.CastAt.UTC()).Scan(&v.ID)
}

// Votes lists a decision's votes in the order they were cast.
func (t *Tx) Votes(ctx context.Context, decisionID int64) ([]Vote, error) {
	var out []Vote
	err := queryEach(ctx, t, `SELECT id, decision_id, voter, person, person_name, party, choice, weight, chair, cast_by, cast_at
		FROM votes WHERE decision_id = ? ORDER BY id`, []any{decisionID}, func(rows *sql.Rows) error {
		var v Vote
		err := rows.Scan(&v.ID, &v.DecisionID, &v.Voter, &v.Person, &v.PersonName, &v.Party, &v.Choice, &v.Weight, &v.Chair, &v.CastBy, &v.CastAt)
		out = append(out, v)
		return err
	})
	return out, err
}

// ReadMatters runs fn in a read-only transaction, for lists and pages of
// matters, decisions and search.
func (s *Store) ReadMatters(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inReadTx(ctx, fn)
}

// VotesOf reads the votes of several decisions in one statement, by
// decision: a page showing several decisions' results needs no query
// per decision.
func (t *Tx) VotesOf(ctx context.Context, decisionIDs []int64) (map[int64][]Vote, error) {
	out := map[int64][]Vote{}
	if len(decisionIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(decisionIDs))
	for i, id := range decisionIDs {
		args[i] = id
	}
	err := queryEach(ctx, t, `SELECT id, decision_id, voter, person, person_name, party, choice, weight, chair, cast_by, cast_at
		FROM votes WHERE decision_id IN (?`+repeat(",?", len(decisionIDs)-1)+`) ORDER BY decision_id, id`, args, func(rows *sql.Rows) error {
		var v Vote
		err := rows.Scan(&v.ID, &v.DecisionID, &v.Voter, &v.Person, &v.PersonName, &v.Party, &v.Choice, &v.Weight, &v.Chair, &v.CastBy, &v.CastAt)
		out[v.DecisionID] = append(out[v.DecisionID], v)
		return err
	})
	return out, err
}
