package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Entry is one audit log entry: who did what to which object, with the
// object's state before and after (any JSON-encodable value; nil for none).
type Entry struct {
	// Actor is who acted: a user id or name, or "system" for jobs.
	Actor string
	// Action names the state change, e.g. "model.apply", "meeting.cancel".
	Action     string
	ObjectType string
	ObjectID   string
	// AgreementID is the agreement the change belongs to; 0 for none.
	AgreementID int64
	Before      any
	After       any
}

// Audit appends e to the audit log inside the caller's transaction, so the
// entry commits or rolls back with the change it describes.
//
// Each entry's hash covers the previous entry's hash, making the log a
// chain that VerifyAudit can check. Appends are serialised through the
// single audit_head row: the transaction locks it until it ends, so two
// transactions (or two server processes on PostgreSQL) cannot both append
// after the same entry. Keep audited transactions short: they queue here.
func (t *Tx) Audit(ctx context.Context, e Entry) error {
	if err := t.audit(ctx, e); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// audit is Audit with errors for callers inside the package to wrap.
func (t *Tx) audit(ctx context.Context, e Entry) error {
	if e.Actor == "" || e.Action == "" {
		return errors.New("audit: actor and action are required")
	}
	seq, prev, err := t.lockAuditHead(ctx)
	if err != nil {
		return err
	}
	r := auditRecord{
		// Microseconds: PostgreSQL's precision, so the time reads back
		// exactly as hashed.
		At:         time.Now().UTC().Truncate(time.Microsecond),
		Actor:      e.Actor,
		Action:     e.Action,
		ObjectType: e.ObjectType,
		ObjectID:   e.ObjectID,
		PrevHash:   prev,
	}
	if e.AgreementID != 0 {
		r.AgreementID = sql.NullInt64{Int64: e.AgreementID, Valid: true}
	}
	if r.Before, err = auditJSON(e.Before); err != nil {
		return fmt.Errorf("audit %s: before: %w", e.Action, err)
	}
	if r.After, err = auditJSON(e.After); err != nil {
		return fmt.Errorf("audit %s: after: %w", e.Action, err)
	}
	r.Hash = r.computeHash()
	_, err = t.ExecContext(ctx, `INSERT INTO audit_log
		(at, actor, action, object_type, object_id, agreement_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.At, r.Actor, r.Action, r.ObjectType, r.ObjectID, r.AgreementID, r.Before, r.After, r.PrevHash, r.Hash)
	if err != nil {
		return fmt.Errorf("audit %s: insert: %w", e.Action, err)
	}
	if _, err := t.ExecContext(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, seq+1, r.Hash); err != nil {
		return fmt.Errorf("audit %s: advance head: %w", e.Action, err)
	}
	return nil
}

// lockAuditHead locks the chain's head row for the rest of the transaction
// and returns the number of entries and the last hash.
func (t *Tx) lockAuditHead(ctx context.Context) (seq int64, hash string, err error) {
	err = t.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`+t.forUpdate()).Scan(&seq, &hash)
	if err != nil {
		return 0, "", fmt.Errorf("lock audit head: %w", err)
	}
	return seq, hash, nil
}

// auditJSON encodes v for before_json/after_json; nil (or a value that
// encodes as null) is stored as NULL.
func auditJSON(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, err
	}
	if string(b) == "null" {
		return sql.NullString{}, nil
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// auditRecord is a row of audit_log.
type auditRecord struct {
	ID          int64
	At          time.Time
	Actor       string
	Action      string
	ObjectType  string
	ObjectID    string
	AgreementID sql.NullInt64
	Before      sql.NullString
	After       sql.NullString
	PrevHash    string
	Hash        string
}

// computeHash returns hex(sha256(prev_hash || canonical fields)), where the
// canonical fields are a JSON array of the time (RFC 3339, UTC,
// microseconds at most), actor, action, object type, object id, agreement
// id (null for none) and the before and after JSON texts (null for none).
// The row id is not hashed: the chain fixes each entry's place, and
// PostgreSQL identity values may have gaps.
func (r *auditRecord) computeHash() string {
	fields := []any{
		r.At.UTC().Format(time.RFC3339Nano),
		r.Actor, r.Action, r.ObjectType, r.ObjectID,
		nullable(r.AgreementID.Int64, r.AgreementID.Valid),
		nullable(r.Before.String, r.Before.Valid),
		nullable(r.After.String, r.After.Valid),
	}
	canonical, err := json.Marshal(fields)
	if err != nil {
		// Strings, an int and nil always encode.
		panic(fmt.Sprintf("store: audit hash: %v", err))
	}
	h := sha256.New()
	h.Write([]byte(r.PrevHash))
	h.Write(canonical)
	return hex.EncodeToString(h.Sum(nil))
}

func nullable[T any](v T, valid bool) any {
	if !valid {
		return nil
	}
	return v
}

// VerifyAudit recomputes the audit chain from the first entry. It returns
// ok when every entry links to the one before it and its hash matches its
// fields, and the head row matches the last entry. Otherwise firstBroken
// is the id of the first entry that does not check out; when the entries
// check out but the head records more of them (the tail was cut off),
// firstBroken is one past the last remaining id.
func (s *Store) VerifyAudit(ctx context.Context) (firstBroken int64, ok bool, err error) {
	err = s.inReadTx(ctx, func(tx *Tx) error {
		var headSeq int64
		var headHash string
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return fmt.Errorf("store: verify audit: head: %w", err)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, at, actor, action, object_type, object_id, agreement_id,
			before_json, after_json, prev_hash, hash FROM audit_log ORDER BY id`)
		if err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		defer rows.Close()
		prev, lastID, n := "", int64(0), int64(0)
		for rows.Next() {
			var r auditRecord
			if err := rows.Scan(&r.ID, &r.At, &r.Actor, &r.Action, &r.ObjectType, &r.ObjectID, &r.AgreementID,
				&r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
				return fmt.Errorf("store: verify audit: entry after %d: %w", lastID, err)
			}
			if r.PrevHash != prev || r.computeHash() != r.Hash {
				firstBroken = r.ID
				return nil
			}
			prev, lastID = r.Hash, r.ID
			n++
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		if n != headSeq || prev != headHash {
			firstBroken = lastID + 1
			return nil
		}
		ok = true
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return firstBroken, ok, nil
}
