// Package store is steerco's only door to the database: all SQL for both
// dialects (SQLite, the default, and PostgreSQL for scale-out) and the
// versioned migrations live here, written by hand without an ORM.
//
// Conventions, so that later aggregates look like the first:
//
//   - Queries are written once with ? placeholders; Tx and Store rebind them
//     to $1, $2... for PostgreSQL in one place (rebind.go).
//   - Dialect differences are few and each is marked with a "DIALECT:"
//     comment, so `grep -n DIALECT internal/store` lists them all.
//   - Times are stored in UTC, truncated to microseconds (PostgreSQL's
//     precision) so that a value reads back exactly as it was written.
//   - Calendar dates (YYYY-MM-DD) are stored as TEXT in both dialects: ISO
//     dates sort correctly as text, compare with the same operators in both
//     databases, and never shift with a session time zone as DATE values
//     read through a driver into time.Time can.
//   - Every state change runs in one transaction (Store.InTx) that also
//     appends to the hash-chained audit log (Tx.Audit).
//   - Migrations are numbered and kept in both folders, migrations/sqlite and
//     migrations/postgres, with the same file names; a test checks this.
package store
