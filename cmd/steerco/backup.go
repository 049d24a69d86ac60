package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"strings"

	"github.com/steerco/steerco/internal/store"
)

// runBackup implements `steerco backup FILE`: a consistent copy of the
// database while the server goes on serving. SQLite: VACUUM INTO, checked
// before it is put in place. PostgreSQL: pg_dump's custom format of
// steerco's schema.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("backup", stderr)
	db := dbFlag(fs, defaultDB)
	force := fs.Bool("force", false, "overwrite FILE when it exists")
	file, code := oneFile(fs, args, "backup", stderr)
	if code >= 0 {
		return code
	}
	s, err := store.ConnectExisting(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco backup: %v\n", err)
		return 1
	}
	defer s.Close()
	// A wrong --db (another schema, an empty file) is named as such
	// rather than as a missing table.
	if has, err := s.HasSchema(ctx); err != nil || !has {
		if err == nil {
			err = errors.New("no steerco database there (no migration table): check --db")
		}
		fmt.Fprintf(stderr, "steerco backup: %v\n", err)
		return 1
	}
	version, _, err := s.SchemaVersion(ctx)
	if err == nil {
		if s.Dialect() == store.DialectSQLite {
			err = s.BackupSQLite(ctx, file, *force)
		} else {
			err = pgDump(ctx, s, *db, file, *force)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "steerco backup: %s\n", describe(err))
		return 1
	}
	size := int64(0)
	if st, err := os.Stat(file); err == nil {
		size = st.Size()
	}
	fmt.Fprintf(stdout, "backed up the %s database (schema version %d) to %s, %d bytes\n", s.Dialect(), version, file, size)
	return 0
}

// runRestore implements `steerco restore FILE`: replace the database with
// a backup, then migrate it, so that an older backup comes up on the
// current schema, and check its audit trail.
func runRestore(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("restore", stderr)
	db := dbFlag(fs, defaultDB)
	force := fs.Bool("force", false, "replace the database when it exists (stop every steerco serve first)")
	file, code := oneFile(fs, args, "restore", stderr)
	if code >= 0 {
		return code
	}
	if err := restore(ctx, *db, file, *force); err != nil {
		fmt.Fprintf(stderr, "steerco restore: %s\n", describe(err))
		return 1
	}
	fmt.Fprintf(stdout, "restored %s\n", file)
	s, err := store.Connect(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "steerco restore: %v\n", err)
		return 1
	}
	defer s.Close()
	applied, err := s.Migrate(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco restore: restored, but migrating failed: %v\n", err)
		return 1
	}
	for _, m := range applied {
		fmt.Fprintf(stdout, "applied %s\n", m)
	}
	c, err := s.CheckAudit(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "steerco restore: %v\n", err)
		return 1
	}
	if !c.OK {
		fmt.Fprintf(stderr, "steerco restore: restored, but the audit trail is broken at entry %d: %s\n", c.FirstBroken, c.Reason)
		return 1
	}
	fmt.Fprintf(stdout, "audit trail intact: %d entries\n", c.Entries)
	return 0
}

// restore puts the backup in place for the database's dialect. A backup
// of the other database is refused up front with a clear reason: steerco
// does not convert between SQLite and PostgreSQL.
func restore(ctx context.Context, dsn, file string, force bool) error {
	kind, err := backupKind(file)
	if err != nil {
		return err
	}
	_, sqlite := store.SQLitePath(dsn)
	switch {
	case kind == "" && sqlite:
		return fmt.Errorf("%s is not a usable backup: not a SQLite database", file)
	case kind == "" && !sqlite:
		return fmt.Errorf("%s is not a usable backup: not a pg_dump custom-format archive", file)
	case kind == store.DialectPostgres && sqlite:
		return fmt.Errorf("%s is a PostgreSQL backup; --db is SQLite: restore it into a postgres:// database", file)
	case kind == store.DialectSQLite && !sqlite:
		return fmt.Errorf("%s is a SQLite backup; --db is not: restore it into a sqlite:PATH database", file)
	case sqlite:
		return store.RestoreSQLite(ctx, file, dsn, force)
	}
	return pgRestore(ctx, dsn, file, force)
}

// backupKind tells a SQLite file from a pg_dump archive by its first bytes
// ("" for neither).
func backupKind(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	switch {
	case bytes.HasPrefix(head[:n], []byte("SQLite format 3\x00")):
		return store.DialectSQLite, nil
	case bytes.HasPrefix(head[:n], []byte("PGDMP")):
		return store.DialectPostgres, nil
	}
	return "", nil
}

// oneFile parses the flags and the one FILE argument; code is as for
// parseFlags (or 2 when FILE is missing or doubled).
func oneFile(fs *flag.FlagSet, args []string, name string, stderr io.Writer) (string, int) {
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: steerco %s FILE [--db DSN] [--force]\n\nSee docs/operations.md for the procedure.\n\n", name)
		fs.PrintDefaults()
	}
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return "", code
	}
	if len(pos) != 1 || pos[0] == "" {
		fmt.Fprintf(stderr, "usage: steerco %s FILE [--db DSN] [--force]\n", name)
		return "", 2
	}
	return pos[0], -1
}

// describe words an error for the operator; a refusal to overwrite says
// how to get past it.
func describe(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) && errors.Is(pe.Err, fs.ErrExist) {
		return pe.Path + " exists; use --force to replace it"
	}
	return err.Error()
}

// pgTool finds one of PostgreSQL's client programs.
func pgTool(name string) (string, error) {
	path, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s not found on PATH: install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client); see docs/operations.md", name)
	}
	return path, nil
}

// runTool runs a PostgreSQL client program on the database dsn, with the
// connection URL libpq understands (store.ToolURL) and the password in
// its environment; its error output becomes the error.
func runTool(ctx context.Context, dsn, name string, args ...string) ([]byte, error) {
	path, err := pgTool(name)
	if err != nil {
		return nil, err
	}
	u, env, err := store.ToolURL(dsn)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, path, append(args, "--dbname="+u)...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}

// pgDump backs up steerco's schema (the first of the search_path) with
// pg_dump, which reads one consistent snapshot while the server writes.
func pgDump(ctx context.Context, s *store.Store, dsn, file string, force bool) error {
	schema, err := s.Schema(ctx)
	if err != nil {
		return err
	}
	if _, err := pgTool("pg_dump"); err != nil {
		return err
	}
	return store.WriteBackup(file, force, func(tmp string) error {
		// Quoted, the pattern names exactly this schema.
		pattern := `"` + strings.ReplaceAll(schema, `"`, `""`) + `"`
		if _, err := runTool(ctx, dsn, "pg_dump", "--format=custom", "--file="+tmp, "--schema="+pattern); err != nil {
			return err
		}
		_, err := dumpSchema(ctx, tmp)
		return err
	})
}

// pgRestore restores a pg_dump archive with pg_restore in one transaction:
// a truncated or failing archive changes nothing. The archive must hold
// steerco's tables in the schema the database uses, since pg_restore puts
// objects back where they came from.
func pgRestore(ctx context.Context, dsn, file string, force bool) error {
	from, err := dumpSchema(ctx, file)
	if err != nil {
		return err
	}
	s, err := store.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	to, err := s.Schema(ctx)
	if err != nil {
		return err
	}
	if from != to {
		return fmt.Errorf("%s holds schema %q but the database uses schema %q: restore into a database whose search_path starts with %q (see docs/operations.md)", file, from, to, from)
	}
	if has, err := s.HasSchema(ctx); err != nil {
		return err
	} else if has && !force {
		return &fs.PathError{Op: "restore", Path: fmt.Sprintf("a steerco database in schema %q", to), Err: fs.ErrExist}
	}
	_, err = runTool(ctx, dsn, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", file)
	return err
}

// dumpSchema lists a pg_dump archive and returns the schema of its
// goose_db_version table, failing when the file is no archive (or a
// damaged one) or holds no steerco database.
func dumpSchema(ctx context.Context, file string) (string, error) {
	path, err := pgTool("pg_restore")
	if err != nil {
		return "", err
	}
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, path, "--list", file)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s is not a usable backup: %s", file, strings.TrimSpace(errb.String()))
	}
	// A table's line reads "ID; OID OID TABLE schema name owner".
	for line := range strings.Lines(out.String()) {
		f := strings.Fields(line)
		if len(f) >= 6 && f[3] == "TABLE" && f[5] == "goose_db_version" {
			return f[4], nil
		}
	}
	return "", fmt.Errorf("%s is not a usable backup: it holds no steerco database (no goose_db_version table)", file)
}
