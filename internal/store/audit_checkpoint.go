package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// AuditState is the chain's length, last entry and head hash, as a signed
// checkpoint records them.
type AuditState struct {
	Entries int64
	LastID  int64
	Head    string
}

// AuditState reads the chain's current state from its entries (not from
// the audit_head row, which a checkpoint must not take on trust).
func (s *Store) AuditState(ctx context.Context) (AuditState, error) {
	var st AuditState
	err := s.inReadTx(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&st.Entries); err != nil {
			return err
		}
		if st.Entries == 0 {
			return nil
		}
		return tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&st.LastID, &st.Head)
	})
	if err != nil {
		return st, fmt.Errorf("store: audit state: %w", err)
	}
	return st, nil
}

// AuditEntryAt returns the id and hash of the n-th entry of the chain
// (1-based, in id order); ErrNotFound when the chain is shorter.
func (s *Store) AuditEntryAt(ctx context.Context, n int64) (id int64, hash string, err error) {
	if n < 1 {
		return 0, "", fmt.Errorf("audit entry %d: %w", n, ErrNotFound)
	}
	err = s.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id LIMIT 1 OFFSET ?`, n-1).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("audit entry %d: %w", n, ErrNotFound)
	}
	return id, hash, err
}

// AuditWitness returns the position in the chain and the hash of the
// newest entry recording action on the object: printed on an approved
// document (minutes, a monthly report), it makes every copy kept outside
// steerco a witness of the chain as it was at the approval.
//
// agreementID narrows the search to one agreement's entries (0: any), for
// objects whose id is only unique within it (a report's month).
func (t *Tx) AuditWitness(ctx context.Context, action, objectType, objectID string, agreementID int64) (position int64, hash string, err error) {
	var id int64
	err = t.QueryRowContext(ctx, `SELECT id, hash FROM audit_log WHERE action = ? AND object_type = ? AND object_id = ?
		AND (? = 0 OR agreement_id = ?) ORDER BY id DESC LIMIT 1`, action, objectType, objectID, agreementID, agreementID).Scan(&id, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", fmt.Errorf("audit witness %s %s %s: %w", action, objectType, objectID, ErrNotFound)
	} else if err != nil {
		return 0, "", err
	}
	err = t.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE id <= ?`, id).Scan(&position)
	return position, hash, err
}
