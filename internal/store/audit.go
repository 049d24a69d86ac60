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

// AuditCheck is the outcome of checking the audit chain.
type AuditCheck struct {
	// OK is true when every entry links to the one before it, its hash
	// matches its fields, and the head row matches the last entry.
	OK bool
	// Entries is the number of entries in the log.
	Entries int64
	// FirstBroken is the id of the first entry that does not check out
	// (0 when OK). When the tail of the log was cut off it is one past
	// the last remaining id: the first entry that is missing.
	FirstBroken int64
	// Reason says what did not check out, for the operator; "" when OK.
	Reason string
}

// VerifyAudit recomputes the audit chain from the first entry; see
// CheckAudit, which also says why the chain is broken.
func (s *Store) VerifyAudit(ctx context.Context) (firstBroken int64, ok bool, err error) {
	c, err := s.CheckAudit(ctx)
	if err != nil {
		return 0, false, err
	}
	return c.FirstBroken, c.OK, nil
}

// CheckAudit recomputes the audit chain from the first entry and reports
// the first entry that does not check out and why. It reads one snapshot,
// so appends running at the same time neither break nor extend the check.
func (s *Store) CheckAudit(ctx context.Context) (AuditCheck, error) {
	var c AuditCheck
	err := s.inReadTx(ctx, func(tx *Tx) error {
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
		prev, lastID, beyondHead := "", int64(0), int64(0)
		for rows.Next() {
			var r auditRecord
			if err := rows.Scan(&r.ID, &r.At, &r.Actor, &r.Action, &r.ObjectType, &r.ObjectID, &r.AgreementID,
				&r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
				return fmt.Errorf("store: verify audit: entry after %d: %w", lastID, err)
			}
			c.Entries++
			if c.FirstBroken == 0 {
				if reason := r.check(prev, lastID); reason != "" {
					c.FirstBroken, c.Reason = r.ID, reason
				}
			}
			if c.Entries == headSeq+1 {
				beyondHead = r.ID
			}
			prev, lastID = r.Hash, r.ID
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		if c.FirstBroken == 0 {
			c.FirstBroken, c.Reason = checkHead(c.Entries, lastID, prev, beyondHead, headSeq, headHash)
		}
		c.OK = c.FirstBroken == 0
		return nil
	})
	if err != nil {
		return AuditCheck{}, err
	}
	return c, nil
}

// check says what is wrong with r when the entry before it (id prevID,
// 0 for none) has hash prev, or "" when r checks out. A hash cannot tell
// which field changed, so the reasons name what can be known: a broken
// link (an entry removed, or the one before altered and rehashed) or
// contents that no longer match the hash (the entry itself altered).
func (r *auditRecord) check(prev string, prevID int64) string {
	switch {
	case r.PrevHash != prev && prevID == 0:
		return "it is the first entry but links to an earlier one: the entries before it were removed"
	case r.PrevHash != prev:
		return fmt.Sprintf("its prev_hash does not match the hash of entry %d before it: "+
			"an entry between them was removed, or entry %d was altered and rehashed", prevID, prevID)
	case r.computeHash() != r.Hash:
		return "its contents (time, actor, action, object, agreement, before or after) or its hash were altered: they no longer match"
	}
	return ""
}

// checkHead compares the end of an otherwise intact chain with the head
// row, which counts the entries and holds the last hash: a log cut short,
// extended outside steerco, or with its last entry replaced shows here.
func checkHead(n, lastID int64, last string, beyondHead, headSeq int64, headHash string) (int64, string) {
	switch {
	case n < headSeq:
		return lastID + 1, fmt.Sprintf("the log ends after %d entries but %d were written: the last %d were removed",
			n, headSeq, headSeq-n)
	case n > headSeq:
		return beyondHead, fmt.Sprintf("%d entries were written but the log holds %d: entries from this one on were added outside steerco",
			headSeq, n)
	case last != headHash:
		return lastID, "it is not the last entry written: it was replaced"
	}
	return 0, ""
}
