package store

import (
	"context"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationsFS holds one folder of numbered goose migrations per dialect.
// Both folders carry the same file names; a migration added to one is
// added to the other in the same change.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationsFS embed.FS

// Migrate applies the pending migrations and returns the names of the
// files it applied, in order (none when the schema is current).
//
// On PostgreSQL several instances may start at once; a session advisory
// lock keyed on the current schema lets one of them migrate while the
// others wait and then find nothing to do.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	p, err := s.migrationProvider(ctx)
	if err != nil {
		return nil, err
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []string
	for _, r := range results {
		applied = append(applied, r.Source.Path)
	}
	return applied, nil
}

// migrationProvider builds a goose provider for the Store's dialect. The
// Provider API is used instead of goose's package globals so that two
// Stores (tests, or SQLite and PostgreSQL side by side) cannot interfere.
func (s *Store) migrationProvider(ctx context.Context) (*goose.Provider, error) {
	sub, err := fs.Sub(migrationsFS, "migrations/"+s.dialect)
	if err != nil {
		return nil, fmt.Errorf("store: migrations for %s: %w", s.dialect, err)
	}
	// Out of order: features are built on parallel branches, each with its
	// own range of migration numbers (docs/operations.md); a database that
	// already has a later range applies an earlier one when it arrives.
	opts := []goose.ProviderOption{goose.WithAllowOutofOrder(true)}
	dialect := goose.DialectSQLite3
	// DIALECT: PostgreSQL instances migrate under an advisory lock; SQLite
	// needs none (one writer, and goose runs each migration in a
	// transaction that BEGIN IMMEDIATE already serialises).
	if s.dialect == DialectPostgres {
		dialect = goose.DialectPostgres
		id, err := s.migrationLockID(ctx)
		if err != nil {
			return nil, err
		}
		// Poll every second for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(id), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, fmt.Errorf("store: migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, sub, opts...)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// migrationLockID derives the advisory lock id from the current schema:
// advisory locks are per database, migrations are per schema, and two
// deployments (or parallel tests) in different schemas of one database
// must not wait for each other.
func (s *Store) migrationLockID(ctx context.Context) (int64, error) {
	var schema string
	if err := s.db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return 0, fmt.Errorf("store: migration lock: current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("steerco-migrate:" + schema))
	return int64(h.Sum64()), nil
}
