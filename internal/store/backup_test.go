package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

func TestSchemaVersionAndHasSchema(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		bare, err := store.Connect(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer bare.Close()
		if has, err := bare.HasSchema(ctx); err != nil || has {
			t.Errorf("fresh database: HasSchema = %v, %v", has, err)
		}
		s := storetest.Open(t, dsn)
		current, latest, err := s.SchemaVersion(ctx)
		if err != nil || current != latest || latest < 1 {
			t.Errorf("SchemaVersion = %d, %d, %v; want the latest twice", current, latest, err)
		}
		if has, err := s.HasSchema(ctx); err != nil || !has {
			t.Errorf("migrated database: HasSchema = %v, %v", has, err)
		}
		if s.Dialect() == store.DialectPostgres {
			schema, err := s.Schema(ctx)
			u, _ := url.Parse(dsn)
			if want := u.Query().Get("search_path"); err != nil || schema != want {
				t.Errorf("Schema = %q, %v; want %q", schema, err, want)
			}
		}
	})
}

func TestSQLiteBackupRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := storetest.Open(t, "sqlite:"+filepath.Join(dir, "src.db"))
	apply(t, s, richAgreement())
	appendEntries(t, s, 3)
	file := filepath.Join(dir, "backup.db")
	if err := s.BackupSQLite(ctx, file, false); err != nil {
		t.Fatal(err)
	}
	if err := s.BackupSQLite(ctx, file, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second backup without force: %v", err)
	}
	if err := s.BackupSQLite(ctx, file, true); err != nil {
		t.Errorf("backup with force: %v", err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode: %v, %v", st, err)
	}
	v, err := store.CheckSQLiteFile(ctx, file)
	if _, latest, _ := s.SchemaVersion(ctx); err != nil || v != latest {
		t.Errorf("CheckSQLiteFile = %d, %v; want %d", v, err, latest)
	}

	dst := "sqlite:" + filepath.Join(dir, "restored.db")
	if err := store.RestoreSQLite(ctx, file, dst, false); err != nil {
		t.Fatal(err)
	}
	r := storetest.Open(t, dst)
	if d := cmp.Diff(load(t, s, "espoo-it"), load(t, r, "espoo-it")); d != "" {
		t.Errorf("restored agreement differs (-source +restored):\n%s", d)
	}
	if id, ok := verify(t, r); !ok {
		t.Errorf("restored chain broken at %d", id)
	}
	// Over an open database, even with force: refused.
	if err := store.RestoreSQLite(ctx, file, dst, true); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("restore over an open database: %v", err)
	}
	r.Close()
	if err := store.RestoreSQLite(ctx, file, dst, false); !errors.Is(err, fs.ErrExist) {
		t.Errorf("restore over a database without force: %v", err)
	}
	if err := store.RestoreSQLite(ctx, file, "sqlite:"+file, true); err == nil {
		t.Error("restoring a backup onto itself succeeded")
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestCheckSQLiteFileRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := storetest.Open(t, "sqlite:"+filepath.Join(dir, "src.db"))
	good := filepath.Join(dir, "good.db")
	if err := s.BackupSQLite(ctx, good, false); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(good)
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// A SQLite database that is not steerco's.
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE t (x)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// A backup from a newer steerco.
	newer := write("newer.db", data)
	db, _ = sql.Open("sqlite", newer)
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	tests := []struct{ file, want string }{
		{write("empty.db", nil), "not a SQLite database"},
		{write("text.db", []byte(strings.Repeat("not a database\n", 100))), "not a SQLite database"},
		{write("half.db", data[:len(data)/2]), "malformed"},
		{other, "not a steerco database"},
		{newer, "newer steerco"},
		{filepath.Join(dir, "missing.db"), "no such file"},
	}
	for _, tt := range tests {
		if _, err := store.CheckSQLiteFile(ctx, tt.file); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want an error mentioning %q", filepath.Base(tt.file), err, tt.want)
		}
	}
}

func TestWriteBackupLeavesNothingOnFailure(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b")
	if err := os.WriteFile(file, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := store.WriteBackup(file, true, func(tmp string) error {
		os.WriteFile(tmp, []byte("half"), 0o600)
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("err = %v", err)
	}
	if b, _ := os.ReadFile(file); string(b) != "old" {
		t.Errorf("file now holds %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left in the directory: %v", entries)
	}
}

func TestToolURL(t *testing.T) {
	tests := []struct {
		dsn, url string
		env      []string
	}{
		{"postgres://steerco:s3cr%2Ft@db.example:5433/steerco?sslmode=require&search_path=tenant1&pool_max_conns=8",
			"postgres://steerco@db.example:5433/steerco?sslmode=require", []string{"PGPASSWORD=s3cr/t"}},
		{"postgresql://db/steerco?application_name=x", "postgresql://db/steerco?application_name=x", nil},
	}
	for _, tt := range tests {
		u, env, err := store.ToolURL(tt.dsn)
		if err != nil || u != tt.url || !slices.Equal(env, tt.env) {
			t.Errorf("ToolURL(%s) = %s, %v, %v; want %s, %v", tt.dsn, u, env, err, tt.url, tt.env)
		}
	}
	if _, _, err := store.ToolURL("sqlite:x.db"); err == nil {
		t.Error("ToolURL took a sqlite URL")
	}
}
