package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pressly/goose/v3"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// eachBackupDB runs fn with two fresh databases, a source and a target,
// on SQLite and, when PostgreSQL and pg_dump are at hand, on PostgreSQL:
// two whole databases there, as a deployment has (a backup restores into
// the schema it came from, so two schemas of one database would not do).
func eachBackupDB(t *testing.T, fn func(t *testing.T, src, dst string)) {
	t.Run("sqlite", func(t *testing.T) {
		fn(t, storetest.SQLiteDSN(t), storetest.SQLiteDSN(t))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, postgresDatabase(t), postgresDatabase(t))
	})
}

// postgresDatabase creates a database of its own for the test and drops
// it afterwards. Skipped like storetest.PostgresDSN, and also without the
// PostgreSQL client tools (failing when PostgreSQL is required).
func postgresDatabase(t *testing.T) string {
	t.Helper()
	needPostgresTools(t)
	base := os.Getenv(storetest.EnvPostgres)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "steerco_backup_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE "`+name+`"`); err != nil {
		admin.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, `DROP DATABASE "`+name+`" WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String()
}

// needPostgresTools skips the test (or fails it, when PostgreSQL is
// required) unless PostgreSQL and its client tools are at hand.
func needPostgresTools(t *testing.T) {
	t.Helper()
	storetest.PostgresDSN(t) // skips or fails when PostgreSQL is missing
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv(storetest.EnvRequirePostgres) == "1" {
				t.Fatalf("%s not on PATH (and %s=1)", tool, storetest.EnvRequirePostgres)
			}
			t.Skipf("%s not on PATH", tool)
		}
	}
}

// commit is one agreement state the writer committed.
type commit struct {
	slug string
	a    *gov.Agreement
}

// writer applies the templates in turn, each time under a new name, until
// stopped, and records every state it committed, in order. It is the only
// writer, so the state it reads back after a commit is that commit's.
type writer struct {
	mu      sync.Mutex
	commits []commit
	err     error
	stop    chan struct{}
	halted  sync.Once
	done    chan struct{}
}

// startWriter starts writing to s; it stops at the end of the test at
// the latest.
func startWriter(t *testing.T, s *store.Store) *writer {
	w := &writer{stop: make(chan struct{}), done: make(chan struct{})}
	t.Cleanup(func() { w.halted.Do(func() { close(w.stop) }); <-w.done })
	ctx := context.Background()
	names := model.Templates()
	go func() {
		defer close(w.done)
		for i := 0; ; i++ {
			select {
			case <-w.stop:
				return
			default:
			}
			name := names[i%len(names)]
			src, err := model.Template(name)
			if err == nil {
				var a *gov.Agreement
				if a, err = model.Parse(name+".yaml", src); err == nil {
					a.Name = fmt.Sprintf("%s, round %d", a.Name, i)
					if _, err = s.ApplyAgreement(ctx, a, "writer"); err == nil {
						a, err = s.Agreement(ctx, a.Slug)
					}
					if err == nil {
						w.mu.Lock()
						w.commits = append(w.commits, commit{a.Slug, a})
						w.mu.Unlock()
					}
				}
			}
			if err != nil {
				w.mu.Lock()
				w.err = err
				w.mu.Unlock()
				return
			}
		}
	}()
	return w
}

// count returns the number of commits so far and the error that stopped
// the writer, if any.
func (w *writer) count() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.commits), w.err
}

// waitFor waits until n commits are done.
func (w *writer) waitFor(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		done, err := w.count()
		switch {
		case done >= n:
			return
		case err != nil:
			t.Fatalf("writer: %v", err)
		case time.Now().After(deadline):
			t.Fatalf("writer made %d commits in a minute", done)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (w *writer) halt(t *testing.T) {
	t.Helper()
	w.halted.Do(func() { close(w.stop) })
	<-w.done
	if w.err != nil {
		t.Fatalf("writer: %v", w.err)
	}
}

// TestBackupRestoreWhileWriting backs up while a writer commits, restores
// into a fresh database, and finds there exactly the state after some
// commit made during the backup: every agreement as that commit left it,
// one audit entry per commit, and an intact chain.
func TestBackupRestoreWhileWriting(t *testing.T) {
	eachBackupDB(t, func(t *testing.T, src, dst string) {
		ctx := context.Background()
		w := startWriter(t, storetest.Open(t, src))
		w.waitFor(t, 5)
		before, _ := w.count()
		file := filepath.Join(t.TempDir(), "steerco.backup")
		out := ok(t, "backup", file, "--db", src)
		after, _ := w.count()
		w.waitFor(t, after+3)
		w.halt(t)
		t.Logf("%s; commits before the backup %d, after %d", strings.TrimSpace(out), before, after)

		out = ok(t, "restore", file, "--db", dst)
		if !strings.HasPrefix(out, "restored "+file+"\n") || !strings.Contains(out, "audit trail intact: ") {
			t.Errorf("restore said:\n%s", out)
		}
		got := storetest.Open(t, dst)
		c, err := got.CheckAudit(ctx)
		if err != nil || !c.OK {
			t.Fatalf("restored audit: %+v, %v", c, err)
		}
		g := int(c.Entries) // each commit wrote one entry
		if g < before || g > after {
			t.Fatalf("restored %d audit entries; the backup ran between commits %d and %d", g, before, after)
		}
		want := map[string]*gov.Agreement{}
		for _, cm := range w.commits[:g] {
			want[cm.slug] = cm.a
		}
		list, err := got.Agreements(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(want) {
			t.Errorf("restored %d agreements, want %d", len(list), len(want))
		}
		for slug, a := range want {
			b, err := got.Agreement(ctx, slug)
			if err != nil {
				t.Errorf("restored %s: %v", slug, err)
				continue
			}
			if d := cmp.Diff(a, b); d != "" {
				t.Errorf("restored %s differs from its state after commit %d (-want +got):\n%s", slug, g, d)
			}
		}
	})
}

func TestBackupRefusals(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "steerco.db")
	storetest.Open(t, db).Close()
	file := filepath.Join(dir, "b.db")
	ok(t, "backup", file, "--db", db)
	old, _ := os.ReadFile(file)

	stderr := fails(t, 1, "backup", file, "--db", db)
	if !strings.Contains(stderr, file+" exists; use --force") {
		t.Errorf("existing file: %q", stderr)
	}
	ok(t, "backup", "--force", file, "--db", db)

	notDir := writeFile(t, dir, "plain.txt", "x")
	stderr = fails(t, 1, "backup", filepath.Join(notDir, "b.db"), "--db", db)
	if !strings.Contains(stderr, "cannot create a file in "+notDir) {
		t.Errorf("unwritable place: %q", stderr)
	}
	missing := filepath.Join(dir, "typo.db")
	stderr = fails(t, 1, "backup", filepath.Join(dir, "c.db"), "--db", "sqlite:"+missing)
	if !strings.Contains(stderr, "no database at "+missing) {
		t.Errorf("missing database: %q", stderr)
	}
	for _, f := range []string{missing, filepath.Join(dir, "c.db")} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("a refused backup created %s", f)
		}
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(entries) > 0 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	if now, _ := os.ReadFile(file); len(now) == 0 || len(old) == 0 {
		t.Error("backup file empty")
	}
	fails(t, 2, "backup", "--db", db)
	fails(t, 2, "backup", "a", "b", "--db", db)
	fails(t, 2, "restore", "--db", db)
}

func TestRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "steerco.db")
	applyTemplates(t, db)
	backup := filepath.Join(dir, "b.db")
	ok(t, "backup", backup, "--db", db)
	data, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	target := "sqlite:" + filepath.Join(dir, "target.db")
	tests := []struct {
		name, file, db, want string
	}{
		{"no database", writeFile(t, dir, "junk.db", "hello, world"), target, "not a SQLite database"},
		{"truncated", writeFile(t, dir, "half.db", string(data[:len(data)/2])), target, "is not a usable backup"},
		{"missing", filepath.Join(dir, "none.db"), target, "no such file"},
		{"other dialect", writeFile(t, dir, "pg.dump", "PGDMP\x01\x0e"), target, "is a PostgreSQL backup"},
		{"sqlite into postgres", backup, "postgres://nobody@127.0.0.1:1/none", "is a SQLite backup"},
		{"existing target", backup, db, "steerco.db exists; use --force"},
	}
	for _, tt := range tests {
		stderr := fails(t, 1, "restore", tt.file, "--db", tt.db)
		if !strings.Contains(stderr, tt.want) {
			t.Errorf("%s: stderr %q lacks %q", tt.name, stderr, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "target.db")); err == nil {
		t.Error("a refused restore created the target")
	}

	// A running server holds the database open: even --force waits for it.
	s := storetest.Open(t, db)
	stderr := fails(t, 1, "restore", "--force", backup, "--db", db)
	if !strings.Contains(stderr, "in use by another process") {
		t.Errorf("restore under a server: %q", stderr)
	}
	s.Close()
	out := ok(t, "restore", "--force", backup, "--db", db)
	if !strings.Contains(out, "audit trail intact: 5 entries") {
		t.Errorf("restore --force: %q", out)
	}
}

// TestRestoreMigratesOlderBackup restores a backup one migration behind
// the binary: restore brings it up to the current schema.
func TestRestoreMigratesOlderBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "steerco.db")
	applyTemplates(t, db)
	backup := filepath.Join(dir, "b.db")
	ok(t, "backup", backup, "--db", db)
	old, err := sql.Open("sqlite", backup)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, old, os.DirFS("../../internal/store/migrations/sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Down(ctx); err != nil {
		t.Fatal(err)
	}
	oldVersion, err := p.GetDBVersion(ctx)
	old.Close()
	if err != nil {
		t.Fatal(err)
	}
	target := "sqlite:" + filepath.Join(dir, "restored.db")
	out := ok(t, "restore", backup, "--db", target)
	if !strings.Contains(out, "\napplied ") {
		t.Errorf("restore of a backup at version %d applied nothing:\n%s", oldVersion, out)
	}
	current, latest, err := storetest.Open(t, target).SchemaVersion(ctx)
	if err != nil || current != latest || current <= oldVersion {
		t.Errorf("restored schema at %d, latest %d (backup at %d), err %v", current, latest, oldVersion, err)
	}
}

// TestRestorePostgresSchema covers a deployment in a schema of its own
// (search_path in the URL): the backup holds that schema, restores into
// it, and refuses to go into another.
func TestRestorePostgresSchema(t *testing.T) {
	needPostgresTools(t)
	src := storetest.PostgresDSN(t)
	applyTemplates(t, src)
	file := filepath.Join(t.TempDir(), "schema.dump")
	ok(t, "backup", file, "--db", src)
	// Changes after the backup are undone by restoring it.
	tamper(t, src, `DELETE FROM audit_log`)
	fails(t, 1, "audit", "verify", "--db", src)
	stderr := fails(t, 1, "restore", file, "--db", src)
	if !strings.Contains(stderr, "exists; use --force") {
		t.Errorf("restore over a database: %q", stderr)
	}
	out := ok(t, "restore", "--force", file, "--db", src)
	if !strings.Contains(out, "audit trail intact: 5 entries") {
		t.Errorf("restore --force:\n%s", out)
	}
	other := storetest.PostgresDSN(t)
	stderr = fails(t, 1, "restore", file, "--db", other)
	if !strings.Contains(stderr, "but the database uses schema") {
		t.Errorf("restore into another schema: %q", stderr)
	}
	junk := writeFile(t, t.TempDir(), "junk.dump", "PGDMP but not really")
	stderr = fails(t, 1, "restore", junk, "--db", other)
	if !strings.Contains(stderr, "is not a usable backup") {
		t.Errorf("junk archive: %q", stderr)
	}
}
