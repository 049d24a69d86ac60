package store

import (
	"context"
	"fmt"
	"hash/fnv"
)

// lockSequence serialises the allocation of the next number of one
// sequence (an agreement's order numbers of a year, a month's report
// versions, a meeting's minutes versions...) until the transaction ends.
// Call it before reading the current maximum: the next transaction to
// allocate then reads it only after this one has committed, so parallel
// writers never pick the same number and never fail on the unique key.
//
// DIALECT: PostgreSQL takes a transaction-scoped advisory lock on a
// 64-bit digest of the sequence's name and key (another instance on the
// same database waits as well). SQLite needs none: BEGIN IMMEDIATE already
// holds the database's single write lock for the whole transaction.
func (t *Tx) lockSequence(ctx context.Context, sequence string, key ...any) error {
	if t.dialect != DialectPostgres {
		return nil
	}
	h := fnv.New64a()
	fmt.Fprint(h, sequence)
	for _, k := range key {
		fmt.Fprint(h, "\x00", k)
	}
	if _, err := t.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, int64(h.Sum64())); err != nil {
		return fmt.Errorf("lock %s sequence: %w", sequence, err)
	}
	return nil
}
