package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ErrExclusionState: the ticket or its exclusion is not in a state that
// allows the change.
var ErrExclusionState = errors.New("conflict")

// ProposeExclusion records, in the caller's transaction, that the
// supplier holds a breached ticket not attributable to it. A ticket has
// one exclusion: proposing again after a rejection reopens it. It
// returns the exclusion's id; ErrNotFound when the ticket is not the
// agreement's, ErrExclusionState when it is no breach or its exclusion is
// already accepted or waiting for an answer.
func (t *Tx) ProposeExclusion(ctx context.Context, agreementID, ticketID int64, reason, by, party string) (int64, error) {
	var sla int
	err := t.QueryRowContext(ctx, `SELECT sla FROM tickets WHERE id = ? AND agreement_id = ?`, ticketID, agreementID).Scan(&sla)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("ticket %d: %w", ticketID, ErrNotFound)
	} else if err != nil {
		return 0, err
	}
	if sla != SLABreached {
		return 0, fmt.Errorf("ticket %d met its target: %w", ticketID, ErrExclusionState)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	var id int64
	var status string
	err = t.QueryRowContext(ctx, `SELECT id, status FROM sla_exclusions WHERE ticket_id = ?`+t.forUpdate(), ticketID).Scan(&id, &status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = t.QueryRowContext(ctx, `INSERT INTO sla_exclusions (agreement_id, ticket_id, status, reason, proposed_by, proposed_party, proposed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, agreementID, ticketID, ExclusionProposed, reason, by, party, now).Scan(&id)
		return id, err
	case err != nil:
		return 0, err
	case status != ExclusionRejected:
		return 0, fmt.Errorf("ticket %d's exclusion is %s: %w", ticketID, status, ErrExclusionState)
	}
	_, err = t.ExecContext(ctx, `UPDATE sla_exclusions SET status = ?, reason = ?, proposed_by = ?, proposed_party = ?, proposed_at = ?,
		decided_by = '', decided_at = NULL, decision_note = '' WHERE id = ?`, ExclusionProposed, reason, by, party, now, id)
	return id, err
}

// DecideExclusion records the customer's answer to a proposed exclusion
// in the caller's transaction: accepted or rejected, with a note. It
// returns the ticket's id; ErrNotFound for an exclusion of another
// agreement, ErrExclusionState when it is not waiting for an answer.
func (t *Tx) DecideExclusion(ctx context.Context, agreementID, exclusionID int64, accept bool, by, note string) (int64, error) {
	var ticketID int64
	var status string
	err := t.QueryRowContext(ctx, `SELECT ticket_id, status FROM sla_exclusions WHERE id = ? AND agreement_id = ?`+t.forUpdate(),
		exclusionID, agreementID).Scan(&ticketID, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("exclusion %d: %w", exclusionID, ErrNotFound)
	} else if err != nil {
		return 0, err
	}
	if status != ExclusionProposed {
		return 0, fmt.Errorf("exclusion %d is %s: %w", exclusionID, status, ErrExclusionState)
	}
	to := ExclusionRejected
	if accept {
		to = ExclusionAccepted
	}
	_, err = t.ExecContext(ctx, `UPDATE sla_exclusions SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?`,
		to, by, time.Now().UTC().Truncate(time.Microsecond), note, exclusionID)
	return ticketID, err
}

// ExclusionsPending lists the agreement's exclusions waiting for the
// customer's answer, with their tickets.
func (s *Store) ExclusionsPending(ctx context.Context, slug string) ([]TicketRow, error) {
	var out []TicketRow
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		out, err = ticketQuery(ctx, tx, `e.agreement_id = ? AND e.status = ? ORDER BY e.proposed_at, e.id`, []any{id, ExclusionProposed})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: pending exclusions: %w", err)
	}
	return out, nil
}
