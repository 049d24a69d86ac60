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
//
// The idle expiry is kept here, not by scs: scs's own IdleTimeout rewrites
// the session on every request that reads it, which made every signed-in
// page view a write (on SQLite, queued behind the single writer). Here a
// session's row holds its absolute deadline and its idle expiry; reading a
// session moves the idle expiry forward only when it has fallen more than
// TouchEvery behind, so a user reading pages writes at most once every few
// minutes (issue #18).
type SessionStore struct {
	s *Store
	// Idle ends a session nobody used for this long (0: only the
	// deadline ends it).
	Idle time.Duration
	// TouchEvery is how stale the idle expiry may get before a read
	// extends it: a session then ends between Idle-TouchEvery and Idle
	// after its last use.
	TouchEvery time.Duration
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// Sessions returns the store's session store, with no idle expiry until
// the caller sets one.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s: s, Now: time.Now} }

// expiry is the idle expiry of a session used at now, capped by its deadline.
func (ss *SessionStore) expiry(now, deadline time.Time) time.Time {
	if ss.Idle <= 0 {
		return deadline
	}
	if e := now.Add(ss.Idle); e.Before(deadline) {
		return e
	}
	return deadline
}

// FindCtx returns a live session's data, extending its idle expiry when
// that has fallen TouchEvery behind. The extension is best-effort: when it
// fails, the session is still served and stays valid until its current
// expiry, and the next read tries again.
func (ss *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	now := ss.Now().UTC()
	var b []byte
	var exp time.Time
	var deadline sql.NullTime
	err := ss.s.QueryRowContext(ctx, `SELECT data, expiry, deadline FROM sessions WHERE token = ? AND expiry > ?`, token, now).Scan(&b, &exp, &deadline)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !deadline.Valid {
		return b, true, nil // a session from before deadlines were kept
	}
	if want := ss.expiry(now, deadline.Time); want.Sub(exp) > ss.TouchEvery {
		// "expiry < ?" keeps a slower concurrent touch from moving it back.
		ss.s.ExecContext(ctx, `UPDATE sessions SET expiry = ? WHERE token = ? AND expiry < ?`, want, token, want)
	}
	return b, true, nil
}

// CommitCtx saves a session; scs calls it only when the session's data
// changed (sign-in, a flash message, a language choice). expiry is the
// session's absolute deadline (scs runs without an idle timeout of its own).
func (ss *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	// expiry is on scs's clock, the wall clock: ss.Now must be that clock
	// too (the web server leaves it so).
	deadline := expiry.UTC()
	_, err := ss.s.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry, deadline) VALUES (?, ?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, deadline = excluded.deadline`,
		token, b, ss.expiry(ss.Now().UTC(), deadline), deadline)
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
	res, err := ss.s.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, ss.Now().UTC())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
