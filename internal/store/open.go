package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	// Database drivers: pgx for PostgreSQL, modernc for SQLite (pure Go,
	// so the binary stays static and cross-compiles without cgo).
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// The dialects a Store speaks, as returned by Store.Dialect.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// Store is steerco's database: one *sql.DB plus the dialect that decides
// how queries are rebound. It is safe for concurrent use.
type Store struct {
	db *sql.DB
	// rdb runs reads outside write transactions: on SQLite a pool of
	// read-only connections beside the single writer (WAL lets readers run
	// while it writes), on PostgreSQL the same pool as db.
	rdb     *sql.DB
	dialect string
	// models caches loaded agreement models by revision (agreement_cache.go).
	models modelCache
	// ids caches agreement ids by slug (agreement_cache.go).
	ids idCache
}

// Open connects to the database named by dsn and applies any pending
// migrations, so that `steerco serve` is always on the current schema.
//
// dsn is one of:
//
//	sqlite:PATH                  (also sqlite://PATH; PATH may not contain '?')
//	postgres://user:pass@host/db?sslmode=disable
//	postgresql://...
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := Connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Connect is Open without migrating: `steerco migrate` uses it so that it
// can report which migrations it applied itself.
func Connect(ctx context.Context, dsn string) (*Store, error) {
	var s *Store
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if path == "" {
			return nil, errors.New("store: sqlite: empty path; use sqlite:PATH")
		}
		if strings.ContainsRune(path, '?') {
			// The driver reads everything after '?' as its own
			// parameters; steerco sets those itself.
			return nil, errors.New("store: sqlite: PATH may not contain '?'; steerco sets the connection parameters itself")
		}
		db, err := sql.Open("sqlite", path+sqliteParams)
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// DIALECT: SQLite has a single writer. One connection serialises
		// every write transaction in Go instead of letting several
		// connections race for the write lock and fail with SQLITE_BUSY
		// once busy_timeout runs out (a deferred reader upgrading to writer
		// cannot even wait). Reads outside a write transaction go to a
		// pool of read-only connections (query_only), so that pages read
		// in parallel and never queue behind a write (issue #18); WAL gives
		// each read the latest commit. Consequence for callers: inside
		// InTx use the *Tx only; a query on the Store from inside InTx
		// reads the state from before the transaction.
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		rdb, err := sql.Open("sqlite", path+sqliteReadParams)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		rdb.SetMaxOpenConns(sqliteReaders)
		rdb.SetMaxIdleConns(sqliteReaders)
		rdb.SetConnMaxLifetime(0)
		s = &Store{db: db, rdb: rdb, dialect: DialectSQLite}
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			// pgx errors can quote the URL; do not wrap it verbatim
			// into logs with a password in it.
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		s = &Store{db: db, rdb: db, dialect: DialectPostgres}
	default:
		scheme, _, _ := strings.Cut(dsn, ":")
		return nil, fmt.Errorf("store: unsupported database %q: use sqlite:PATH, postgres://… or postgresql://…", scheme)
	}
	if err := s.db.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", s.dialect, err)
	}
	return s, nil
}

// sqliteParams are the modernc.org/sqlite connection parameters. Order
// matters for the pragmas: busy_timeout comes first so that switching to
// WAL already waits for a lock instead of failing. synchronous=NORMAL is
// safe with WAL (a power cut can lose the last commits, never corrupt the
// file). _txlock=immediate takes the write lock at BEGIN, so a transaction
// never fails half-way when it first writes. _time_format=sqlite writes
// times as "YYYY-MM-DD HH:MM:SS.fff+00:00", readable by SQLite's own date
// functions and sortable as text.
const sqliteParams = "?_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_txlock=immediate" +
	"&_time_format=sqlite"

// sqliteReadParams are sqliteParams for the read-only pool: deferred
// transactions (a reader never takes the write lock) and query_only, so
// that a write sent there by mistake fails instead of racing the writer.
const sqliteReadParams = "?_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=query_only(1)" +
	"&_txlock=deferred" +
	"&_time_format=sqlite"

// sqliteReaders is the size of the SQLite read pool: enough for every
// core, few enough that each connection's page cache stays small.
const sqliteReaders = 4

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.rdb != nil && s.rdb != s.db {
		err = errors.Join(err, s.rdb.Close())
	}
	return err
}

// Dialect returns DialectSQLite or DialectPostgres.
func (s *Store) Dialect() string {
	return s.dialect
}

// DB returns the underlying database for what the Store does not cover
// (backups, ad-hoc tooling). Queries on it are not rebound: use Rebind.
func (s *Store) DB() *sql.DB {
	return s.db
}

// Rebind rewrites the ? placeholders of query for the Store's dialect.
func (s *Store) Rebind(query string) string {
	return rebind(s.dialect, query)
}

// ExecContext runs a statement outside a transaction, rebinding it.
func (s *Store) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	count(ctx, query)
	return s.db.ExecContext(ctx, rebind(s.dialect, query), args...)
}

// QueryContext runs a query outside a transaction, rebinding it.
func (s *Store) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	count(ctx, query)
	return s.rdb.QueryContext(ctx, rebind(s.dialect, query), args...)
}

// QueryRowContext runs a single-row query outside a transaction, rebinding it.
func (s *Store) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	count(ctx, query)
	return s.rdb.QueryRowContext(ctx, rebind(s.dialect, query), args...)
}
