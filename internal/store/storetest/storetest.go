// Package storetest runs store tests against every database at hand:
// SQLite always, PostgreSQL when STEERCO_TEST_POSTGRES holds a URL. CI sets
// STEERCO_REQUIRE_POSTGRES=1 as well, so that a missing or unreachable
// PostgreSQL fails the tests instead of silently skipping them.
//
// It lives in a non-test file so that feature packages' tests can use it.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates schemas

	"github.com/steerco/steerco/internal/store"
)

// The environment variables that select the databases.
const (
	// EnvPostgres holds a PostgreSQL URL whose role may create schemas.
	EnvPostgres = "STEERCO_TEST_POSTGRES"
	// EnvRequirePostgres set to 1 makes a missing PostgreSQL a failure.
	EnvRequirePostgres = "STEERCO_REQUIRE_POSTGRES"
)

// EachDB runs fn as subtest "sqlite" and, when PostgreSQL is configured,
// "postgres", each with a freshly migrated, empty Store that is closed
// when the subtest ends.
func EachDB(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	EachDSN(t, func(t *testing.T, dsn string) {
		fn(t, Open(t, dsn))
	})
}

// EachDSN runs fn as subtest "sqlite" and, when PostgreSQL is configured,
// "postgres", each with the URL of a fresh, empty database (a file in a
// temporary directory; a new schema on PostgreSQL) that fn may open as
// often as it likes, e.g. to run two Stores side by side.
func EachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, SQLiteDSN(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, PostgresDSN(t))
	})
}

// Open opens (and migrates) the Store at dsn and closes it when the test ends.
func Open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SQLiteDSN returns the URL of a new SQLite database in a temporary directory.
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	return "sqlite:" + filepath.Join(t.TempDir(), "steerco.db")
}

// PostgresDSN creates a schema with a random name, drops it when the test
// ends, and returns a URL whose connections use it (search_path). The test
// is skipped when PostgreSQL is not configured or not reachable, and fails
// instead when STEERCO_REQUIRE_POSTGRES=1.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	required := os.Getenv(EnvRequirePostgres) == "1"
	unavailable := func(format string, args ...any) {
		t.Helper()
		if required {
			t.Fatalf(format+" (and "+EnvRequirePostgres+"=1)", args...)
		}
		t.Skipf(format, args...)
	}
	if base == "" {
		unavailable("PostgreSQL not configured: set %s to a URL", EnvPostgres)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		unavailable("PostgreSQL not reachable at %s: %v", u.Redacted(), err)
	}
	schema := "steerco_test_" + randomHex(t, 8)
	// The name is generated above, never input, so quoting it is enough.
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA "`+schema+`"`); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA "`+schema+`" CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	// pgx sends unknown URL parameters to the server as run-time
	// parameters, so every connection of the pool starts in the schema.
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("random: %v", err)
	}
	return hex.EncodeToString(b)
}
