package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Checked and signed minutes (issue 19): rows only; internal/meeting
// decides who signs and when.

// MinutesChecker is a person chosen at a meeting to check its minutes.
type MinutesChecker struct {
	Person, Name, ChosenBy string
	ChosenAt               time.Time
}

// SetCheckers replaces a meeting's chosen checkers.
func (t *Tx) SetCheckers(ctx context.Context, meetingID int64, cs []MinutesChecker) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM minutes_checkers WHERE meeting_id = ?`, meetingID); err != nil {
		return err
	}
	for _, c := range cs {
		if _, err := t.ExecContext(ctx, `INSERT INTO minutes_checkers (meeting_id, person, name, chosen_by, chosen_at) VALUES (?, ?, ?, ?, ?)`,
			meetingID, c.Person, c.Name, c.ChosenBy, c.ChosenAt.UTC()); err != nil {
			return err
		}
	}
	return nil
}

// Checkers lists a meeting's chosen checkers by name.
func (t *Tx) Checkers(ctx context.Context, meetingID int64) ([]MinutesChecker, error) {
	var out []MinutesChecker
	err := queryEach(ctx, t, `SELECT person, name, chosen_by, chosen_at FROM minutes_checkers WHERE meeting_id = ? ORDER BY name`, []any{meetingID},
		func(rows *sql.Rows) error {
			var c MinutesChecker
			err := rows.Scan(&c.Person, &c.Name, &c.ChosenBy, &c.ChosenAt)
			out = append(out, c)
			return err
		})
	return out, err
}

// MinutesSignature is one signer's signature of a version of the
// minutes: pending, signed or rejected (with a comment).
type MinutesSignature struct {
	MeetingID                 int64
	Version                   int
	Person, Name, Email, Role string
	Status, Comment, Due      string
	SignedAt                  *time.Time
}

// InsertSignature adds a pending signature.
func (t *Tx) InsertSignature(ctx context.Context, s *MinutesSignature) error {
	_, err := t.ExecContext(ctx, `INSERT INTO minutes_signatures (meeting_id, version, person, name, email, role, status, comment, due, signed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.MeetingID, s.Version, s.Person, s.Name, s.Email, s.Role, s.Status, s.Comment, s.Due, utcPtr(s.SignedAt))
	return err
}

// UpdateSignature writes a signature's status, comment and time.
func (t *Tx) UpdateSignature(ctx context.Context, s *MinutesSignature) error {
	_, err := t.ExecContext(ctx, `UPDATE minutes_signatures SET status = ?, comment = ?, signed_at = ? WHERE meeting_id = ? AND version = ? AND person = ?`,
		s.Status, s.Comment, utcPtr(s.SignedAt), s.MeetingID, s.Version, s.Person)
	return err
}

// Signatures lists the signatures of a meeting's minutes, every version,
// chair first, then by name.
func (t *Tx) Signatures(ctx context.Context, meetingID int64) ([]MinutesSignature, error) {
	var out []MinutesSignature
	err := queryEach(ctx, t, `SELECT meeting_id, version, person, name, email, role, status, comment, due, signed_at FROM minutes_signatures
		WHERE meeting_id = ? ORDER BY version, CASE role WHEN 'chair' THEN 0 ELSE 1 END, name`, []any{meetingID},
		func(rows *sql.Rows) error {
			var s MinutesSignature
			var at sql.NullTime
			err := rows.Scan(&s.MeetingID, &s.Version, &s.Person, &s.Name, &s.Email, &s.Role, &s.Status, &s.Comment, &s.Due, &at)
			if at.Valid {
				v := at.Time
				s.SignedAt = &v
			}
			out = append(out, s)
			return err
		})
	return out, err
}

// MinutesSeal is the sealed PDF of signed minutes: the record.
type MinutesSeal struct {
	MeetingID int64
	Version   int
	PDF       []byte
	SHA256    string
	AuditHead string
	// Signed: the PDF carries the instance's PAdES signature (an instance
	// without a signing certificate seals without one).
	Signed   bool
	SealedAt time.Time
}

// InsertSeal stores the sealed PDF; a meeting has one.
func (t *Tx) InsertSeal(ctx context.Context, s *MinutesSeal) error {
	sum := sha256.Sum256(s.PDF)
	s.SHA256 = hex.EncodeToString(sum[:])
	_, err := t.ExecContext(ctx, `INSERT INTO minutes_seals (meeting_id, version, pdf, sha256, audit_head, signed, sealed_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.MeetingID, s.Version, s.PDF, s.SHA256, s.AuditHead, s.Signed, s.SealedAt.UTC())
	return err
}

// MinutesSeal loads a meeting's sealed minutes: the PDF that the
// minutes.pdf download, the archive export and public minutes serve.
func (t *Tx) MinutesSeal(ctx context.Context, meetingID int64) (*MinutesSeal, error) {
	var s MinutesSeal
	err := t.QueryRowContext(ctx, `SELECT meeting_id, version, pdf, sha256, audit_head, signed, sealed_at FROM minutes_seals WHERE meeting_id = ?`, meetingID).
		Scan(&s.MeetingID, &s.Version, &s.PDF, &s.SHA256, &s.AuditHead, &s.Signed, &s.SealedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("minutes seal: %w", ErrNotFound)
	}
	return &s, err
}

// SealedMinutes reads a meeting's sealed minutes outside a transaction
// (for exports and publication); ErrNotFound when not sealed.
func (s *Store) SealedMinutes(ctx context.Context, meetingID int64) (*MinutesSeal, error) {
	var out *MinutesSeal
	err := s.inReadTx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.MinutesSeal(ctx, meetingID)
		return err
	})
	return out, err
}

// AuditHeadHash is the audit trail's head: the hash of its last entry,
// as the transaction sees it (its own entries included).
func (t *Tx) AuditHeadHash(ctx context.Context) (string, error) {
	_, hash, err := t.lockAuditHead(ctx)
	return hash, err
}
