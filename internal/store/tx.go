package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Tx is a database transaction that rebinds its queries for the dialect.
// Feature code gets one from Store.InTx and does all of a state change in
// it: check permission, validate, write, audit, queue notifications.
//
// Read every row of a query (and close it) before running the next one:
// PostgreSQL cannot run a statement on a connection while another's rows
// are still open.
type Tx struct {
	tx      *sql.Tx
	dialect string
	// db, when tx is nil, runs the statements outside a transaction
	// (readOne: a read of one statement needs no snapshot).
	db *sql.DB
	// agreementIDs is the Store's cache of agreement ids by slug; readOnly says
	// whether what this Tx reads is committed (a read-only transaction,
	// or no transaction), so that it may fill the cache.
	agreementIDs *idCache
	readOnly     bool
	// conn is the connection the transaction runs on, when it was begun
	// on a dedicated one (inConnTx): the PostgreSQL import reaches the
	// driver through it for COPY.
	conn *sql.Conn
}

// ExecContext runs a statement in the transaction.
func (t *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	count(ctx, query)
	if t.tx == nil {
		return t.db.ExecContext(ctx, rebind(t.dialect, query), args...)
	}
	return t.tx.ExecContext(ctx, rebind(t.dialect, query), args...)
}

// QueryContext runs a query in the transaction.
func (t *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	count(ctx, query)
	if t.tx == nil {
		return t.db.QueryContext(ctx, rebind(t.dialect, query), args...)
	}
	return t.tx.QueryContext(ctx, rebind(t.dialect, query), args...)
}

// QueryRowContext runs a query that returns at most one row.
func (t *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	count(ctx, query)
	if t.tx == nil {
		return t.db.QueryRowContext(ctx, rebind(t.dialect, query), args...)
	}
	return t.tx.QueryRowContext(ctx, rebind(t.dialect, query), args...)
}

// Dialect returns DialectSQLite or DialectPostgres, for the rare query
// that must differ.
func (t *Tx) Dialect() string {
	return t.dialect
}

// forUpdate is the row-lock suffix for a SELECT that the transaction will
// write back.
//
// DIALECT: PostgreSQL locks the selected rows with FOR UPDATE (and, in READ
// COMMITTED, returns the latest committed version once the lock is had).
// SQLite has no row locks and needs none: BEGIN IMMEDIATE already holds the
// database's single write lock.
func (t *Tx) forUpdate() string {
	if t.dialect == DialectPostgres {
		return " FOR UPDATE"
	}
	return ""
}

// InTx runs fn in a transaction and commits it when fn returns nil. When fn
// returns an error or panics, the transaction is rolled back (and the panic
// goes on). On SQLite the transaction holds the write lock from its start.
//
// Inside fn use tx only, never the Store: on SQLite the Store has a single
// connection, which tx holds.
func (s *Store) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inTx(ctx, nil, fn)
}

// inReadTx runs fn in a read-only transaction, so that a read of several
// tables sees one consistent state.
//
// DIALECT: PostgreSQL needs REPEATABLE READ for one snapshot across
// statements. SQLite gives a read transaction one snapshot anyway (WAL),
// and a read-only BEGIN is a deferred one that does not take the write lock.
func (s *Store) inReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == DialectPostgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return s.inTxOn(ctx, s.rdb, nil, opts, fn)
}

func (s *Store) inTx(ctx context.Context, opts *sql.TxOptions, fn func(tx *Tx) error) (err error) {
	return s.inTxOn(ctx, s.db, nil, opts, fn)
}

// readOne runs fn outside a transaction: for reads of a single statement
// (after the agreement's id, which is cached), where a transaction would
// only add BEGIN and COMMIT — two round trips on PostgreSQL.
func (s *Store) readOne(ctx context.Context, fn func(tx *Tx) error) error {
	return fn(&Tx{db: s.rdb, dialect: s.dialect, agreementIDs: &s.ids, readOnly: true})
}

// inConnTx is InTx on a connection of its own, which the transaction's
// Tx.conn gives access to (for the driver's COPY on PostgreSQL).
func (s *Store) inConnTx(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: connection: %w", err)
	}
	defer conn.Close()
	return s.inTxOn(ctx, conn, conn, nil, fn)
}

// beginner is a *sql.DB or a *sql.Conn.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

func (s *Store) inTxOn(ctx context.Context, db beginner, conn *sql.Conn, opts *sql.TxOptions, fn func(tx *Tx) error) (err error) {
	count(ctx, "BEGIN")
	sqlTx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("store: begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if committed {
			return
		}
		// Reached on error and on panic alike; a panic keeps unwinding.
		if rbErr := sqlTx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) && err != nil {
			err = errors.Join(err, fmt.Errorf("store: rollback: %w", rbErr))
		}
	}()
	if err := fn(&Tx{tx: sqlTx, dialect: s.dialect, conn: conn, agreementIDs: &s.ids, readOnly: opts != nil && opts.ReadOnly}); err != nil {
		return err
	}
	count(ctx, "COMMIT")
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	committed = true
	return nil
}
