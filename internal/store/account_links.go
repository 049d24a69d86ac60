package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PasswordReset is a single-use password reset link's record; the secret
// itself went out in the e-mail and only its hash is kept.
type PasswordReset struct {
	ID        int64
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    *time.Time
}

// CreatePasswordReset stores a reset link for a user by its secret's hash.
func (t *Tx) CreatePasswordReset(ctx context.Context, userID int64, hash string, now, expires time.Time) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, `INSERT INTO password_resets (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id`,
		userID, hash, now.UTC(), expires.UTC()).Scan(&id)
	return id, err
}

// PasswordResetByHash finds a reset link by its secret's hash; with lock
// (in a write transaction) it locks the row for the rest of the
// transaction, so that two uses of one link cannot both succeed.
func (t *Tx) PasswordResetByHash(ctx context.Context, hash string, lock bool) (*PasswordReset, error) {
	var r PasswordReset
	var used sql.NullTime
	q := `SELECT id, user_id, created_at, expires_at, used_at FROM password_resets WHERE token_hash = ?`
	if lock {
		q += t.forUpdate()
	}
	err := t.QueryRowContext(ctx, q, hash).
		Scan(&r.ID, &r.UserID, &r.CreatedAt, &r.ExpiresAt, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("password reset: %w", ErrNotFound)
	}
	if used.Valid {
		r.UsedAt = &used.Time
	}
	return &r, err
}

// UsePasswordReset marks a link used; it reports false when another
// transaction used it first.
func (t *Tx) UsePasswordReset(ctx context.Context, id int64, at time.Time) (bool, error) {
	res, err := t.ExecContext(ctx, `UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL`, at.UTC(), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// UserByEmail finds an account by e-mail inside a transaction.
func (t *Tx) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE lower(email) = lower(?)`, strings.TrimSpace(email)))
}

// UserByID finds an account by id inside a transaction.
func (t *Tx) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanUser(t.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
}

// SetUserPassword replaces an account's password hash inside a
// transaction; the caller audits.
func (t *Tx) SetUserPassword(ctx context.Context, userID int64, hash string, at time.Time) error {
	res, err := t.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, at.UTC(), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// SetUserDisabled disables or enables an account; the caller audits. A
// disabled account's sessions and API tokens stop at their next request,
// because the web guard and the API look the account up on every one.
func (t *Tx) SetUserDisabled(ctx context.Context, userID int64, disabled bool, at time.Time) error {
	res, err := t.ExecContext(ctx, `UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?`, disabled, at.UTC(), userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("user %d: %w", userID, ErrNotFound)
	}
	return nil
}

// Message finds one outbox message by id.
func (s *Store) Message(ctx context.Context, id int64) (*Message, error) {
	var out []Message
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, `SELECT `+messageColumns+` FROM outbox WHERE id = ?`, []any{id},
			func(rows *sql.Rows) error { return scanMessages(rows, &out) })
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	return &out[0], nil
}
