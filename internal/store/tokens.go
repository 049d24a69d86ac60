package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Token is an API token's record; the secret itself is shown once, when
// it is created, and never stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Kind      string   // "personal" or "service"
	Scopes    []string // "read", "write", "admin"
	Prefix    string   // the first characters, to recognise it in a list
	CreatedAt time.Time
	ExpiresAt *time.Time
	LastUsed  *time.Time
	RevokedAt *time.Time
	// ParentID is the token this one was created with, 0 for none: the
	// child expires no later than the parent and is revoked with it.
	ParentID int64
}

// tokenPrefix marks steerco tokens so secret scanners can find leaked ones.
const tokenPrefix = "stc_"

// HashToken is the stored form of a token secret.
func HashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a token for a user and returns its secret.
func (s *Store) CreateToken(ctx context.Context, t *Token, actor string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	secret := tokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw))
	t.Prefix = secret[:12]
	t.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	err := s.InTx(ctx, func(tx *Tx) error {
		var parent any
		if t.ParentID != 0 {
			// The parent is read in this transaction, so a revocation
			// committed before it is seen and one after it cascades.
			var exp sql.NullTime
			var rev sql.NullTime
			err := tx.QueryRowContext(ctx, `SELECT expires_at, revoked_at FROM api_tokens WHERE id = ? AND user_id = ?`+tx.forUpdate(),
				t.ParentID, t.UserID).Scan(&exp, &rev)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && rev.Valid) {
				return fmt.Errorf("create token: parent %d: %w", t.ParentID, ErrNotFound)
			} else if err != nil {
				return fmt.Errorf("create token: parent: %w", err)
			}
			if exp.Valid && (t.ExpiresAt == nil || exp.Time.Before(*t.ExpiresAt)) {
				e := exp.Time.UTC()
				t.ExpiresAt = &e
			}
			parent = t.ParentID
		}
		var exp any
		if t.ExpiresAt != nil {
			exp = t.ExpiresAt.UTC()
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, kind, scopes, token_hash, prefix, created_at, expires_at, parent_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, t.UserID, t.Name, t.Kind, strings.Join(t.Scopes, " "), HashToken(secret), t.Prefix, t.CreatedAt, exp, parent).Scan(&t.ID); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return tx.Audit(ctx, Entry{Actor: actor, Action: "token.create", ObjectType: "api_token", ObjectID: fmt.Sprint(t.ID),
			After: map[string]any{"user_id": t.UserID, "name": t.Name, "kind": t.Kind, "scopes": t.Scopes, "prefix": t.Prefix, "parent_id": t.ParentID}})
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

const tokenColumns = `id, user_id, name, kind, scopes, prefix, created_at, expires_at, last_used_at, revoked_at`

func scanToken(row interface{ Scan(...any) error }) (*Token, error) {
	var t Token
	var scopes string
	var exp, used, rev sql.NullTime
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.Kind, &scopes, &t.Prefix, &t.CreatedAt, &exp, &used, &rev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("token: %w", ErrNotFound)
		}
		return nil, err
	}
	t.Scopes = strings.Fields(scopes)
	for _, p := range []struct {
		src *sql.NullTime
		dst **time.Time
	}{{&exp, &t.ExpiresAt}, {&used, &t.LastUsed}, {&rev, &t.RevokedAt}} {
		if p.src.Valid {
			v := p.src.Time
			*p.dst = &v
		}
	}
	return &t, nil
}

// TokenBySecret finds a live token: not revoked, not expired. It only
// reads; NoteTokenUse records the use.
func (s *Store) TokenBySecret(ctx context.Context, secret string, now time.Time) (*Token, error) {
	t, err := scanToken(s.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, HashToken(secret)))
	if err != nil {
		return nil, err
	}
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)) {
		return nil, fmt.Errorf("token: %w", ErrNotFound)
	}
	return t, nil
}

// TokenUseEvery is how often a token's last use is recorded: a busy
// integration's requests would otherwise each be a write.
const TokenUseEvery = time.Minute

// TokenUseStale reports whether a token's recorded last use is older than
// TokenUseEvery at now, so that NoteTokenUse is worth calling.
func TokenUseStale(t *Token, now time.Time) bool {
	return t.LastUsed == nil || now.Sub(*t.LastUsed) >= TokenUseEvery
}

// NoteTokenUse records that a token was used at now, unless a use within
// TokenUseEvery is already recorded (by another request or another
// instance: the condition is in the UPDATE, so concurrent requests write
// it once). Callers treat an error as a lost note, never as a reason to
// refuse the request.
func (s *Store) NoteTokenUse(ctx context.Context, id int64, now time.Time) error {
	now = now.UTC()
	_, err := s.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
		now, id, now.Add(-TokenUseEvery))
	return err
}

// Tokens lists a user's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ts []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		ts = append(ts, *t)
	}
	return ts, rows.Err()
}

// RevokeToken revokes one of a user's tokens and every token created
// with it (and with those, down the line); revoking twice is harmless.
// Another user's token is ErrNotFound, so ids cannot be probed.
func (s *Store) RevokeToken(ctx context.Context, userID, tokenID int64, actor string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		now := time.Now().UTC()
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`, now, tokenID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("token %d: %w", tokenID, ErrNotFound)
		}
		res, err = tx.ExecContext(ctx, `WITH RECURSIVE descendants (id) AS (
				SELECT id FROM api_tokens WHERE parent_id = ?
				UNION SELECT t.id FROM api_tokens t JOIN descendants d ON t.parent_id = d.id)
			UPDATE api_tokens SET revoked_at = ? WHERE id IN (SELECT id FROM descendants) AND revoked_at IS NULL`, tokenID, now)
		if err != nil {
			return fmt.Errorf("revoke tokens created with %d: %w", tokenID, err)
		}
		children, _ := res.RowsAffected()
		return tx.Audit(ctx, Entry{Actor: actor, Action: "token.revoke", ObjectType: "api_token", ObjectID: fmt.Sprint(tokenID),
			After: map[string]any{"with_descendants": children}})
	})
}
