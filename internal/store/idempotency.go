package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// IdempotencyWindow is how long a key's first response is kept.
const IdempotencyWindow = 24 * time.Hour

// IdemResponse is the stored first response to a keyed request.
type IdemResponse struct {
	RequestHash string
	Done        bool
	Status      int
	ContentType string
	Location    string
	Body        []byte
}

// ClaimIdempotencyKey claims key in scope for a request with the given
// hash. It returns (nil, nil) when the caller holds the claim and must
// run the request, then Finish or Release it; otherwise the stored record
// of the earlier request (perhaps not Done yet). A key older than
// IdempotencyWindow is forgotten and claimed afresh.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, scope, key, hash string, now time.Time) (*IdemResponse, error) {
	var prior *IdemResponse
	err := s.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE created_at < ?`, now.Add(-IdempotencyWindow).UTC()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (scope, key) DO NOTHING`, scope, key, hash, now.UTC())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var r IdemResponse
		var body []byte
		err = tx.QueryRowContext(ctx, `SELECT request_hash, done, status, content_type, location, body FROM idempotency_keys
			WHERE scope = ? AND key = ?`, scope, key).Scan(&r.RequestHash, &r.Done, &r.Status, &r.ContentType, &r.Location, &body)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("idempotency key %s vanished", key)
		}
		r.Body = body
		prior = &r
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim idempotency key: %w", err)
	}
	return prior, nil
}

// FinishIdempotencyKey stores the response of the request that holds the
// claim, for its repeats to get.
func (s *Store) FinishIdempotencyKey(ctx context.Context, scope, key string, r IdemResponse) error {
	_, err := s.ExecContext(ctx, `UPDATE idempotency_keys SET done = ?, status = ?, content_type = ?, location = ?, body = ?
		WHERE scope = ? AND key = ?`, true, r.Status, r.ContentType, r.Location, r.Body, scope, key)
	if err != nil {
		return fmt.Errorf("store: finish idempotency key: %w", err)
	}
	return nil
}

// ReleaseIdempotencyKey drops a claim whose request changed nothing (it
// was refused or failed), so that the same key may be sent again.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, scope, key string) error {
	_, err := s.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE scope = ? AND key = ?`, scope, key)
	if err != nil {
		return fmt.Errorf("store: release idempotency key: %w", err)
	}
	return nil
}
