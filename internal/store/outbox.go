package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// Message is a notification waiting in (or sent from) the outbox.
type Message struct {
	ID          int64
	AgreementID int64
	MeetingID   int64
	Kind        string
	// DedupeKey makes a message exist once: a reminder enqueued again, by
	// this or another instance, is dropped.
	DedupeKey string
	Recipient string
	Subject   string
	Body      string
	ICS       string
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
}

// Enqueue adds a message unless one with its dedupe key exists; it
// reports whether it was added.
func (t *Tx) Enqueue(ctx context.Context, m *Message) (bool, error) {
	var agreement, meeting any
	if m.AgreementID != 0 {
		agreement = m.AgreementID
	}
	if m.MeetingID != 0 {
		meeting = m.MeetingID
	}
	res, err := t.ExecContext(ctx, `INSERT INTO outbox (agreement_id, meeting_id, kind, dedupe_key, recipient, subject, body, ics, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
		agreement, meeting, m.Kind, m.DedupeKey, m.Recipient, m.Subject, m.Body, m.ICS, m.CreatedAt.UTC())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

const messageColumns = `id, COALESCE(agreement_id, 0), COALESCE(meeting_id, 0), kind, dedupe_key, recipient, subject, body, ics, created_at, sent_at, attempts, last_error`

func scanMessages(rows *sql.Rows, out *[]Message) error {
	var m Message
	var sent sql.NullTime
	err := rows.Scan(&m.ID, &m.AgreementID, &m.MeetingID, &m.Kind, &m.DedupeKey, &m.Recipient, &m.Subject, &m.Body, &m.ICS, &m.CreatedAt, &sent, &m.Attempts, &m.LastError)
	if sent.Valid {
		m.SentAt = &sent.Time
	}
	*out = append(*out, m)
	return err
}

// OutboxFor lists the newest messages to a recipient (the UI's outbox
// when no SMTP server is configured).
func (s *Store) OutboxFor(ctx context.Context, recipient string, limit int) ([]Message, error) {
	var out []Message
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, `SELECT `+messageColumns+` FROM outbox WHERE lower(recipient) = ? ORDER BY id DESC LIMIT ?`,
			[]any{strings.ToLower(recipient), limit}, func(rows *sql.Rows) error { return scanMessages(rows, &out) })
	})
	return out, err
}

// Outbox lists messages, newest first, optionally only unsent ones.
func (s *Store) Outbox(ctx context.Context, unsentOnly bool, limit int) ([]Message, error) {
	q := `SELECT ` + messageColumns + ` FROM outbox`
	if unsentOnly {
		q += ` WHERE sent_at IS NULL AND attempts < 10`
	}
	q += ` ORDER BY id DESC LIMIT ?`
	var out []Message
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, q, []any{limit}, func(rows *sql.Rows) error { return scanMessages(rows, &out) })
	})
	return out, err
}

// MarkSent records a delivery attempt: sent when err is nil.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time, sendErr error) error {
	if sendErr == nil {
		_, err := s.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '' WHERE id = ? AND sent_at IS NULL`, at.UTC(), id)
		return err
	}
	_, err := s.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`, sendErr.Error(), id)
	return err
}

// ClaimJob claims a background job's run for a time slot ("reminders",
// "2026-11-23T08"); exactly one caller across all instances gets true.
func (s *Store) ClaimJob(ctx context.Context, job, slot, instance string, at time.Time) (bool, error) {
	res, err := s.ExecContext(ctx, `INSERT INTO job_runs (job, slot, claimed_by, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (job, slot) DO NOTHING`,
		job, slot, instance, at.UTC())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
