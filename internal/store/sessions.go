package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SessionStore keeps web sessions in the database, so any server instance
// can serve any request. It implements scs.Store and scs.CtxStore; it is
// written here rather than taken from scs's own stores because those come
// one per driver (and the PostgreSQL one is not reachable here), while this
// one serves both dialects through the same rebinding as the rest.
type SessionStore struct{ s *Store }

// Sessions returns the store's session store.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s} }

// FindCtx returns a live session's data.
func (ss *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := ss.s.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, time.Now().UTC()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	return b, err == nil, err
}

// CommitCtx saves a session.
func (ss *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := ss.s.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, b, expiry.UTC())
	return err
}

// DeleteCtx removes a session (sign-out).
func (ss *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := ss.s.ExecContext(ctx, `DELETE FROM sessions WHERE token = ?`, token)
	return err
}

// Find, Commit and Delete satisfy scs.Store for callers without a context.
func (ss *SessionStore) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit saves a session.
func (ss *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete removes a session.
func (ss *SessionStore) Delete(token string) error {
	return ss.DeleteCtx(context.Background(), token)
}

// DeleteExpired removes sessions past their expiry; the server runs it
// now and then.
func (ss *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := ss.s.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, time.Now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
