package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Feed is a calendar subscription: a user's personal feed (Agreement and
// Forum empty) or one forum's. Its secret is in the URL, shown once when
// created; only its hash is stored.
type Feed struct {
	ID        int64
	UserID    int64
	Agreement string // agreement slug, "" for a personal feed
	Forum     string // forum slug, "" for a personal feed
	Prefix    string
	CreatedAt time.Time
	LastUsed  *time.Time
	RevokedAt *time.Time
}

// Personal reports whether the feed covers every forum its user sees.
func (f *Feed) Personal() bool { return f.Forum == "" }

// feedPrefix marks feed secrets, as tokenPrefix does API tokens.
const feedPrefix = "stf_"

// MaxFeeds bounds a user's live feeds.
const MaxFeeds = 20

// ErrTooMany is returned when a user already has the most feeds allowed.
var ErrTooMany = errors.New("too many")

// NewSecret returns prefix followed by 256 random bits in lower-case
// base32: long enough that the secret is the only key needed.
func NewSecret(prefix string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return prefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw)), nil
}

// CreateFeed makes a feed for a user, personal when forum is "", and
// returns its secret. The caller has checked that the user sees the forum.
func (s *Store) CreateFeed(ctx context.Context, f *Feed, actor string) (string, error) {
	secret, err := NewSecret(feedPrefix)
	if err != nil {
		return "", err
	}
	f.Prefix = secret[:12]
	f.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	err = s.InTx(ctx, func(tx *Tx) error {
		var live int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL`, f.UserID).Scan(&live); err != nil {
			return err
		}
		if live >= MaxFeeds {
			return fmt.Errorf("feeds of user %d: %w", f.UserID, ErrTooMany)
		}
		var aid, fid any
		if f.Forum != "" {
			a, fo, err := tx.ids(ctx, f.Agreement, f.Forum)
			if err != nil {
				return err
			}
			aid, fid = a, fo
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO calendar_feeds (user_id, agreement_id, forum_id, token_hash, prefix, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, f.UserID, aid, fid, HashToken(secret), f.Prefix, f.CreatedAt).Scan(&f.ID); err != nil {
			return fmt.Errorf("create feed: %w", err)
		}
		return tx.Audit(ctx, Entry{Actor: actor, Action: "feed.create", ObjectType: "calendar_feed", ObjectID: fmt.Sprint(f.ID),
			After: map[string]any{"user_id": f.UserID, "agreement": f.Agreement, "forum": f.Forum, "prefix": f.Prefix}})
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

const feedColumns = `cf.id, cf.user_id, COALESCE(a.slug, ''), COALESCE(fo.slug, ''), cf.prefix, cf.created_at, cf.last_used_at, cf.revoked_at`

const feedFrom = ` FROM calendar_feeds cf LEFT JOIN agreements a ON a.id = cf.agreement_id LEFT JOIN forums fo ON fo.id = cf.forum_id `

func scanFeed(row interface{ Scan(...any) error }) (*Feed, error) {
	var f Feed
	var used, rev sql.NullTime
	if err := row.Scan(&f.ID, &f.UserID, &f.Agreement, &f.Forum, &f.Prefix, &f.CreatedAt, &used, &rev); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("feed: %w", ErrNotFound)
		}
		return nil, err
	}
	if used.Valid {
		f.LastUsed = &used.Time
	}
	if rev.Valid {
		f.RevokedAt = &rev.Time
	}
	return &f, nil
}

// FeedBySecret finds a live feed by its secret. Its last use is noted at
// most once an hour: calendar clients poll, and a write per poll is waste.
func (s *Store) FeedBySecret(ctx context.Context, secret string, now time.Time) (*Feed, error) {
	f, err := scanFeed(s.QueryRowContext(ctx, `SELECT `+feedColumns+feedFrom+`WHERE cf.token_hash = ?`, HashToken(secret)))
	if err != nil {
		return nil, err
	}
	if f.RevokedAt != nil {
		return nil, fmt.Errorf("feed: %w", ErrNotFound)
	}
	if f.LastUsed == nil || now.Sub(*f.LastUsed) > time.Hour {
		if _, err := s.ExecContext(ctx, `UPDATE calendar_feeds SET last_used_at = ? WHERE id = ?`, now.UTC(), f.ID); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// Feeds lists a user's feeds, live ones first, newest first.
func (s *Store) Feeds(ctx context.Context, userID int64) ([]Feed, error) {
	var out []Feed
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, `SELECT `+feedColumns+feedFrom+`WHERE cf.user_id = ?
			ORDER BY CASE WHEN cf.revoked_at IS NULL THEN 0 ELSE 1 END, cf.id DESC`, []any{userID},
			func(rows *sql.Rows) error {
				f, err := scanFeed(rows)
				if err == nil {
					out = append(out, *f)
				}
				return err
			})
	})
	return out, err
}

// RevokeFeed revokes one of a user's feeds; revoking twice is harmless.
// Another user's feed is ErrNotFound, so ids cannot be probed.
func (s *Store) RevokeFeed(ctx context.Context, userID, feedID int64, actor string) error {
	return s.InTx(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE calendar_feeds SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`,
			time.Now().UTC(), feedID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed %d: %w", feedID, ErrNotFound)
		}
		return tx.Audit(ctx, Entry{Actor: actor, Action: "feed.revoke", ObjectType: "calendar_feed", ObjectID: fmt.Sprint(feedID)})
	})
}
