package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// SignInLimits are the sign-in attempt budgets within Window. PerPair
// holds for one account from one address, so an attacker's guesses cannot
// lock the owner out from elsewhere; PerAccount is the higher ceiling for
// one account across all addresses (a distributed guesser); PerAddress is
// the ceiling for one address across all accounts (password spraying).
type SignInLimits struct {
	Window                          time.Duration
	PerPair, PerAccount, PerAddress int
}

// SignInClaim is an attempt that was counted before its password was
// checked. Until Succeeded is called it stands as a failure.
type SignInClaim struct {
	ID    int64
	Email string
	IP    string
}

// signInLockKey is the PostgreSQL advisory lock that serialises claims
// across instances ("sign" in ASCII); a claim is two small statements, so
// the queue is short.
const signInLockKey = 0x7369676e

// ClaimSignIn counts an attempt to sign in as email from ip and records it
// as a failure in the same transaction, so that parallel attempts cannot
// all pass a check made before any of them is recorded. It returns nil when
// a budget in lim is spent: the caller refuses without checking the
// password.
//
// DIALECT: SQLite's BEGIN IMMEDIATE already serialises the transaction;
// PostgreSQL takes a transaction-scoped advisory lock.
func (s *Store) ClaimSignIn(ctx context.Context, email, ip string, now time.Time, lim SignInLimits) (*SignInClaim, error) {
	email = strings.ToLower(email)
	since := now.Add(-lim.Window).UTC()
	var claim *SignInClaim
	err := s.InTx(ctx, func(tx *Tx) error {
		if tx.Dialect() == DialectPostgres {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, signInLockKey); err != nil {
				return err
			}
		}
		var pair, account, address int
		err := tx.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM login_failures WHERE email = ? AND ip = ? AND at > ?),
			(SELECT count(*) FROM login_failures WHERE email = ? AND at > ?),
			(SELECT count(*) FROM login_failures WHERE ip = ? AND at > ?)`,
			email, ip, since, email, since, ip, since).Scan(&pair, &account, &address)
		if err != nil {
			return err
		}
		if pair >= lim.PerPair || account >= lim.PerAccount || address >= lim.PerAddress {
			return nil
		}
		c := &SignInClaim{Email: email, IP: ip}
		if err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (email, ip, at) VALUES (?, ?, ?) RETURNING id`,
			email, ip, now.UTC()).Scan(&c.ID); err != nil {
			return err
		}
		claim = c
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim sign-in: %w", err)
	}
	return claim, nil
}

// SignInSucceeded withdraws the claim and forgets the account's earlier
// failures from the same address (not from others: the owner signing in
// must not reset a guesser's count elsewhere). Failures older than a day
// are pruned.
func (s *Store) SignInSucceeded(ctx context.Context, c *SignInClaim, now time.Time) error {
	_, err := s.ExecContext(ctx, `DELETE FROM login_failures WHERE id = ? OR (email = ? AND ip = ?) OR at < ?`,
		c.ID, c.Email, c.IP, now.Add(-24*time.Hour).UTC())
	if err != nil {
		return fmt.Errorf("store: sign-in succeeded: %w", err)
	}
	return nil
}
