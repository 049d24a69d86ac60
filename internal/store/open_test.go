package store_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestOpenRejectsUnknownDatabases(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{"mysql://root:secret@localhost/x", "", "/tmp/x.db", "sqlite:", "sqlite:/tmp/x.db?mode=ro"} {
		s, err := store.Open(ctx, dsn)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", dsn, err)
		}
	}
	_, err := store.Open(ctx, "mysql://root:secret@localhost/x")
	for _, allowed := range []string{"sqlite:", "postgres://", "postgresql://"} {
		if !strings.Contains(err.Error(), allowed) {
			t.Errorf("error %q does not name %s", err, allowed)
		}
	}
}

func TestOpenMigrates(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) == 0 || applied[0] != "00001_foundation.sql" {
			t.Errorf("applied = %v, want 00001_foundation.sql first", applied)
		}
		again, err := s.Migrate(ctx)
		if err != nil || len(again) != 0 {
			t.Errorf("second Migrate applied %v, %v", again, err)
		}
		// Open on a migrated database migrates nothing and works.
		s2 := storetest.Open(t, dsn)
		if s2.Dialect() != s.Dialect() || s2.DB() == nil {
			t.Errorf("dialects %s, %s", s.Dialect(), s2.Dialect())
		}
		if got, _ := s2.Agreements(ctx); got != nil {
			t.Errorf("fresh store lists %v", got)
		}
	})
}

func TestSQLiteSettings(t *testing.T) {
	s := storetest.Open(t, storetest.SQLiteDSN(t))
	ctx := context.Background()
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1", "busy_timeout": "10000"} {
		var got string
		if err := s.DB().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
	if s.Dialect() != store.DialectSQLite {
		t.Errorf("dialect %s", s.Dialect())
	}
}

// TestMigrationFoldersMatch keeps the two dialects' migrations in step: a
// migration added for one is added for the other under the same name.
func TestMigrationFoldersMatch(t *testing.T) {
	names := func(dir string) []string {
		var list []string
		err := fs.WalkDir(os.DirFS(dir), ".", func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				list = append(list, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	sqlite, postgres := names(filepath.Join("migrations", "sqlite")), names(filepath.Join("migrations", "postgres"))
	if !slices.Equal(sqlite, postgres) {
		t.Errorf("migrations differ:\nsqlite:   %v\npostgres: %v", sqlite, postgres)
	}
}
