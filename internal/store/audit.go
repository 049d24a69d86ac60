package store

import (
	"context"
	"crypto/rand"
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
		Version:    auditV2,
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
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return fmt.Errorf("audit %s: salt: %w", e.Action, err)
	}
	r.Salt = sql.NullString{String: hex.EncodeToString(salt), Valid: true}
	r.ActorDigest, r.BeforeDigest, r.AfterDigest = r.payloadDigests()
	r.Hash = r.computeHash()
	err = t.QueryRowContext(ctx, `INSERT INTO audit_log
		(at, actor, action, object_type, object_id, agreement_id, before_json, after_json, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.At, r.Actor, r.Action, r.ObjectType, r.ObjectID, r.AgreementID, r.Before, r.After, r.PrevHash, r.Hash).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("audit %s: insert: %w", e.Action, err)
	}
	if _, err := t.ExecContext(ctx, `INSERT INTO audit_digests (entry_id, hash_version, salt, actor_digest, before_digest, after_digest)
		VALUES (?, ?, ?, ?, ?, ?)`, r.ID, r.Version, r.Salt, r.ActorDigest, r.BeforeDigest, r.AfterDigest); err != nil {
		return fmt.Errorf("audit %s: insert digests: %w", e.Action, err)
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

// The audit hash versions. Version 1 (entries written before migration
// 00006, which have no audit_digests row) hashes the actor, before and
// after texts themselves. Version 2 hashes salted digests of them, kept
// in audit_digests, so that erasure can replace the texts (redact them)
// without breaking the chain; see ErasePerson.
const (
	auditV1 = 1
	auditV2 = 2
)

// auditRecord is a row of audit_log with its audit_digests row.
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

	// Version is auditV1 or auditV2; the rest is audit_digests, for v2.
	Version      int
	Salt         sql.NullString // cleared by redaction
	ActorDigest  string
	BeforeDigest sql.NullString
	AfterDigest  sql.NullString
	RedactedAt   sql.NullTime
}

// auditSelect reads entries with their digests, for auditRecord.scan.
const auditSelect = `SELECT l.id, l.at, l.actor, l.action, l.object_type, l.object_id, l.agreement_id,
	l.before_json, l.after_json, l.prev_hash, l.hash,
	COALESCE(d.hash_version, 1), d.salt, COALESCE(d.actor_digest, ''), d.before_digest, d.after_digest, d.redacted_at
	FROM audit_log l LEFT JOIN audit_digests d ON d.entry_id = l.id`

func (r *auditRecord) scan(rows interface{ Scan(...any) error }) error {
	return rows.Scan(&r.ID, &r.At, &r.Actor, &r.Action, &r.ObjectType, &r.ObjectID, &r.AgreementID,
		&r.Before, &r.After, &r.PrevHash, &r.Hash,
		&r.Version, &r.Salt, &r.ActorDigest, &r.BeforeDigest, &r.AfterDigest, &r.RedactedAt)
}

// computeHash returns hex(sha256(prev_hash || canonical fields)) by the
// entry's version.
//
// Version 1: the canonical fields are a JSON array of the time (RFC 3339,
// UTC, microseconds at most), actor, action, object type, object id,
// agreement id (null for none) and the before and after JSON texts (null
// for none).
//
// Version 2: a JSON array of "v2", the time, the actor's digest, action,
// object type, object id, agreement id and the before and after digests
// (null for none). The leading "v2" keeps the two formulas apart.
//
// The row id is not hashed: the chain fixes each entry's place, and
// PostgreSQL identity values may have gaps.
func (r *auditRecord) computeHash() string {
	at := r.At.UTC().Format(time.RFC3339Nano)
	agreement := nullable(r.AgreementID.Int64, r.AgreementID.Valid)
	var fields []any
	if r.Version == auditV2 {
		fields = []any{"v2", at, r.ActorDigest, r.Action, r.ObjectType, r.ObjectID, agreement,
			nullable(r.BeforeDigest.String, r.BeforeDigest.Valid),
			nullable(r.AfterDigest.String, r.AfterDigest.Valid),
		}
	} else {
		fields = []any{at, r.Actor, r.Action, r.ObjectType, r.ObjectID, agreement,
			nullable(r.Before.String, r.Before.Valid),
			nullable(r.After.String, r.After.Valid),
		}
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

// payloadDigests computes the v2 digests of the actor, before and after
// texts with the entry's salt.
func (r *auditRecord) payloadDigests() (actor string, before, after sql.NullString) {
	d := func(text string) string {
		h := sha256.New()
		h.Write([]byte(r.Salt.String))
		h.Write([]byte{0})
		h.Write([]byte(text))
		return hex.EncodeToString(h.Sum(nil))
	}
	actor = d(r.Actor)
	if r.Before.Valid {
		before = sql.NullString{String: d(r.Before.String), Valid: true}
	}
	if r.After.Valid {
		after = sql.NullString{String: d(r.After.String), Valid: true}
	}
	return actor, before, after
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
	// matches its fields, the head row matches the last entry, and every
	// v2 entry's actor, before and after match their digests or were
	// redacted by an erasure.
	OK bool
	// Entries is the number of entries in the log.
	Entries int64
	// FirstBroken is the id of the first entry that does not check out
	// (0 when OK). When the tail of the log was cut off it is one past
	// the last remaining id: the first entry that is missing.
	FirstBroken int64
	// Reason says what did not check out, for the operator; "" when OK.
	Reason string
	// Altered lists every v2 entry whose chain holds but whose actor,
	// before or after no longer match their digests (and that was not
	// redacted): contents changed in place.
	Altered []int64
	// Redacted counts the entries erasure redacted; Legacy the v1
	// entries (written before hash version 2), which erasure cannot
	// redact.
	Redacted, Legacy int64
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
//
// For v2 entries the chain covers digests, so it is checked first and the
// texts separately: a text that no longer matches its digest is an
// alteration unless the entry is marked redacted and a privacy.erase entry
// (whose own texts check out) lists it.
func (s *Store) CheckAudit(ctx context.Context) (AuditCheck, error) {
	var c AuditCheck
	err := s.inReadTx(ctx, func(tx *Tx) error {
		var headSeq int64
		var headHash string
		if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
			return fmt.Errorf("store: verify audit: head: %w", err)
		}
		rows, err := tx.QueryContext(ctx, auditSelect+` ORDER BY l.id`)
		if err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		defer rows.Close()
		prev, lastID, beyondHead := "", int64(0), int64(0)
		// Redacted entries, and those an erasure entry vouches for.
		var redacted []int64
		authorised := map[int64]bool{}
		broken := func(id int64, reason string) {
			if c.FirstBroken == 0 || id < c.FirstBroken {
				c.FirstBroken, c.Reason = id, reason
			}
		}
		for rows.Next() {
			var r auditRecord
			if err := r.scan(rows); err != nil {
				return fmt.Errorf("store: verify audit: entry after %d: %w", lastID, err)
			}
			c.Entries++
			reason := r.check(prev, lastID)
			switch {
			case reason != "":
				broken(r.ID, reason)
			case r.Version == auditV1:
				c.Legacy++
			case r.RedactedAt.Valid:
				c.Redacted++
				redacted = append(redacted, r.ID)
			default:
				if reason := r.checkPayload(); reason != "" {
					c.Altered = append(c.Altered, r.ID)
					broken(r.ID, reason)
				} else if r.Action == ActionErase {
					for _, id := range erasedEntries(r.After.String) {
						authorised[id] = true
					}
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
		for _, id := range redacted {
			if !authorised[id] {
				broken(id, "it is marked redacted, but no erasure (privacy.erase entry) lists it: its contents may have been altered")
				break
			}
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

// checkPayload says what is wrong with the texts of an unredacted v2
// entry whose hash checks out, or "".
func (r *auditRecord) checkPayload() string {
	if !r.Salt.Valid {
		return "its contents can no longer be checked: the salt of its digests was removed, but it is not marked redacted"
	}
	actor, before, after := r.payloadDigests()
	if actor != r.ActorDigest || before != r.BeforeDigest || after != r.AfterDigest {
		return "its contents (actor, before or after) were altered: they no longer match the digests its hash covers"
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
