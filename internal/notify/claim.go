package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/steerco/steerco/internal/store"
)

// The delivery bookkeeping on the outbox table: which messages are due,
// the claim, and a failed attempt. (It sits here rather than in
// internal/store/outbox.go only because that file belongs to the meeting
// core; the statements are plain and rebound by the Store.)

// pending lists the ids of messages due for an attempt, oldest first:
// unsent, not given up, and not claimed (or waiting out a backoff).
func (s *Sender) pending(ctx context.Context, limit int) ([]int64, error) {
	rows, err := s.st.QueryContext(ctx, `SELECT id FROM outbox WHERE sent_at IS NULL AND attempts < ?
		AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?`, MaxAttempts, s.Now().UTC(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// claim takes a message for ClaimFor. The UPDATE is the whole protocol:
// of several senders racing for a message, exactly one changes the row.
func (s *Sender) claim(ctx context.Context, id int64) (bool, error) {
	now := s.Now().UTC()
	res, err := s.st.ExecContext(ctx, `UPDATE outbox SET claimed_until = ? WHERE id = ? AND sent_at IS NULL AND attempts < ?
		AND (claimed_until IS NULL OR claimed_until < ?)`, now.Add(ClaimFor), id, MaxAttempts, now)
	if err != nil {
		return false, fmt.Errorf("claim outbox message %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// release gives a claimed message back untouched.
func (s *Sender) release(ctx context.Context, id int64) error {
	_, err := s.st.ExecContext(ctx, `UPDATE outbox SET claimed_until = NULL WHERE id = ? AND sent_at IS NULL`, id)
	return err
}

// message loads a claimed message.
func (s *Sender) message(ctx context.Context, id int64) (*store.Message, error) {
	var m store.Message
	err := s.st.QueryRowContext(ctx, `SELECT id, kind, recipient, subject, body, ics, created_at, attempts FROM outbox WHERE id = ?`, id).
		Scan(&m.ID, &m.Kind, &m.Recipient, &m.Subject, &m.Body, &m.ICS, &m.CreatedAt, &m.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("outbox message %d: %w", id, store.ErrNotFound)
	}
	return &m, err
}

// fail records a failed attempt: the message waits out its backoff, or is
// given up (attempts set to MaxAttempts) when the failure is final or it
// has had all its attempts.
func (s *Sender) fail(ctx context.Context, m *store.Message, sendErr error, final bool) (gaveUp bool, err error) {
	attempts := m.Attempts + 1
	if final {
		attempts = MaxAttempts
	}
	var next any
	if attempts < MaxAttempts {
		next = s.Now().UTC().Add(Backoff(attempts))
	}
	msg := sendErr.Error()
	if len(msg) > 1000 {
		msg = strings.ToValidUTF8(msg[:1000], "")
	}
	_, err = s.st.ExecContext(ctx, `UPDATE outbox SET attempts = ?, last_error = ?, claimed_until = ? WHERE id = ? AND sent_at IS NULL`,
		attempts, msg, next, m.ID)
	return attempts >= MaxAttempts, err
}
