package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/pressly/goose/v3"
	"modernc.org/sqlite"
)

// What this file holds: the database side of `steerco backup` and
// `steerco restore` (SQLite copies, the schema checks both need, and the
// connection URL for PostgreSQL's own tools), and the readiness check's
// schema version. pg_dump and pg_restore themselves are run by the command.

// ConnectExisting is Connect for a database that must already exist: for
// SQLite, a missing file is an error instead of a new, empty database (a
// typo in --db must not back up or verify nothing and call it a success).
func ConnectExisting(ctx context.Context, dsn string) (*Store, error) {
	if path, ok := SQLitePath(dsn); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("store: no database at %s: %w", path, unwrapPath(err))
		}
	}
	return Connect(ctx, dsn)
}

// SQLitePath returns the file of a sqlite: URL, and false for any other.
func SQLitePath(dsn string) (string, bool) {
	if !strings.HasPrefix(dsn, "sqlite:") {
		return "", false
	}
	return strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//"), true
}

// SchemaVersion returns the highest migration applied to the database and
// the highest this binary holds; current < latest means migrations are
// pending. It only reads, unlike goose, which creates its version table.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	latest, err = latestMigration(s.dialect)
	if err != nil {
		return 0, 0, err
	}
	current, err = appliedVersion(ctx, s.db)
	return current, latest, err
}

// latestMigration is the version of the newest embedded migration.
func latestMigration(dialect string) (int64, error) {
	entries, err := fs.ReadDir(migrationsFS, "migrations/"+dialect)
	if err != nil {
		return 0, fmt.Errorf("store: migrations for %s: %w", dialect, err)
	}
	var latest int64
	for _, e := range entries {
		v, err := goose.NumericComponent(e.Name())
		if err != nil {
			return 0, fmt.Errorf("store: migration %s: %w", e.Name(), err)
		}
		latest = max(latest, v)
	}
	return latest, nil
}

// appliedVersion reads goose's version table.
func appliedVersion(ctx context.Context, db *sql.DB) (int64, error) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT MAX(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v.Int64, nil
}

// BackupSQLite writes a consistent copy of the SQLite database to file
// with VACUUM INTO: it reads one snapshot, so writers (a running server)
// go on meanwhile, and the copy is compact and holds no WAL. The copy is
// checked before it is put in place; see WriteBackup for the rest.
func (s *Store) BackupSQLite(ctx context.Context, file string, force bool) error {
	if s.dialect != DialectSQLite {
		return errors.New("store: BackupSQLite on a " + s.dialect + " database")
	}
	return WriteBackup(file, force, func(tmp string) error {
		if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
			return fmt.Errorf("store: backup: %w", err)
		}
		if _, err := CheckSQLiteFile(ctx, tmp); err != nil {
			return fmt.Errorf("store: backup does not check out: %w", err)
		}
		return nil
	})
}

// WriteBackup creates file by letting write fill an empty temporary file
// next to it, then syncing it to disk and moving it into place, so that
// file is never a half-written backup. Without force an existing file is
// left alone and the error matches fs.ErrExist. The file is readable by
// its owner only: backups hold personal data.
func WriteBackup(file string, force bool, write func(tmp string) error) error {
	if !force {
		if _, err := os.Lstat(file); err == nil {
			return &fs.PathError{Op: "backup", Path: file, Err: fs.ErrExist}
		}
	}
	dir := filepath.Dir(file)
	f, err := os.CreateTemp(dir, "."+filepath.Base(file)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot create a file in %s: %w", dir, unwrapPath(err))
	}
	tmp := f.Name()
	f.Close()
	defer os.Remove(tmp) // gone already when all went well
	if err := write(tmp); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if force {
		err = os.Rename(tmp, file)
	} else if err = os.Link(tmp, file); err != nil && !errors.Is(err, fs.ErrExist) {
		// A link refuses to replace a file that appeared meanwhile;
		// where links are unsupported, a rename is the fallback.
		err = os.Rename(tmp, file)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(dir)
}

// CheckSQLiteFile opens file read-only and returns its schema version when
// it is an intact steerco SQLite database (integrity_check passes, and the
// goose version and audit tables are there) that this binary can run.
func CheckSQLiteFile(ctx context.Context, file string) (int64, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return 0, err
	}
	head := make([]byte, 16)
	f, err := os.Open(abs)
	if err != nil {
		return 0, unwrapPath(err)
	}
	_, err = io.ReadFull(f, head)
	f.Close()
	if err != nil || string(head) != "SQLite format 3\x00" {
		return 0, errors.New("not a SQLite database")
	}
	// immutable: the file is nobody's live database, so SQLite needs no
	// locks or -wal/-shm files, and a read-only directory is fine.
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: abs}).EscapedPath()+"?mode=ro&immutable=1")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := integrityCheck(ctx, db); err != nil {
		return 0, err
	}
	var tables int
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('goose_db_version', 'audit_log', 'audit_head')`).Scan(&tables)
	if err != nil {
		return 0, err
	}
	if tables != 3 {
		return 0, errors.New("not a steerco database (no migration version or audit tables)")
	}
	v, err := appliedVersion(ctx, db)
	if err != nil {
		return 0, err
	}
	latest, err := latestMigration(DialectSQLite)
	if err != nil {
		return 0, err
	}
	if v > latest {
		return 0, fmt.Errorf("made by a newer steerco (schema version %d; this one knows up to %d): upgrade steerco first", v, latest)
	}
	return v, nil
}

// integrityCheck runs PRAGMA integrity_check, which answers "ok" or a list
// of problems (or fails outright on a file that is not a database).
func integrityCheck(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(5)`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return err
		}
		problems = append(problems, p)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return fmt.Errorf("integrity check failed: %s", strings.Join(problems, "; "))
	}
	return nil
}

// RestoreSQLite replaces the SQLite database of dsn with the backup file,
// after checking the backup (CheckSQLiteFile). An existing database is
// replaced only with force, and never while a process has it open. The
// copy is made next to the database, synced, and renamed over it, so a
// crash leaves either the old database or the new one; the old one's
// -wal and -shm files go first, or SQLite would replay them into the new.
// Migrations are not run here: Open the database afterwards.
func RestoreSQLite(ctx context.Context, file, dsn string, force bool) error {
	path, ok := SQLitePath(dsn)
	if !ok || path == "" {
		return errors.New("store: restore: not a sqlite:PATH database")
	}
	if _, err := CheckSQLiteFile(ctx, file); err != nil {
		return fmt.Errorf("%s is not a usable backup: %w", file, err)
	}
	mode := fs.FileMode(0o600)
	if st, err := os.Stat(path); err == nil {
		mode = st.Mode().Perm() // a group the service reads through keeps reading
		if src, err := os.Stat(file); err == nil && os.SameFile(st, src) {
			return errors.New("the backup is the database itself")
		}
		if !force {
			return &fs.PathError{Op: "restore", Path: path, Err: fs.ErrExist}
		}
		if err := sqliteNotInUse(ctx, path); err != nil {
			return err
		}
	}
	src, err := os.Open(file)
	if err != nil {
		return unwrapPath(err)
	}
	defer src.Close()
	return WriteBackup(path, true, func(tmp string) error {
		dst, err := os.OpenFile(tmp, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if _, err := io.Copy(dst, src); err != nil {
			dst.Close()
			return fmt.Errorf("copy %s: %w", file, err)
		}
		if err := dst.Close(); err != nil {
			return err
		}
		if err := os.Chmod(tmp, mode); err != nil {
			return err
		}
		for _, suffix := range []string{"-wal", "-shm", "-journal"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		}
		return nil
	})
}

// sqliteNotInUse fails when another connection has the database open: in
// exclusive locking mode SQLite must lock the whole file, which it cannot
// while a server holds it (even idle, a WAL connection keeps a lock). A
// file that is no database at all is not in use by steerco either.
func sqliteNotInUse(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(0)&_pragma=locking_mode(EXCLUSIVE)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // BEGIN and ROLLBACK on one connection
	_, err = db.ExecContext(ctx, `BEGIN EXCLUSIVE`)
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == 5 || se.Code()&0xff == 6) { // SQLITE_BUSY, SQLITE_LOCKED
		return fmt.Errorf("%s is in use by another process (is steerco serve running?): stop it first", path)
	}
	if err == nil {
		db.ExecContext(ctx, `ROLLBACK`) // only a lock to give back
	}
	return nil
}

// ToolURL turns a PostgreSQL URL as steerco takes it (pgx) into one for
// libpq's tools (pg_dump, pg_restore, psql) and the environment to run
// them with. pgx passes unknown URL parameters such as search_path to the
// server, where libpq refuses them, so only libpq's own are kept (the
// schema is named to pg_dump separately); the password moves to
// PGPASSWORD, out of the process list.
func ToolURL(dsn string) (string, []string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, errors.New("store: not a postgres:// URL")
	}
	var env []string
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), env, nil
}

// libpqParams are the connection parameters libpq accepts in a URL
// (PostgreSQL 15-17).
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "gssencmode": true, "sslmode": true, "requiressl": true,
	"sslcompression": true, "sslcert": true, "sslkey": true, "sslpassword": true, "sslrootcert": true,
	"sslcrl": true, "sslcrldir": true, "sslsni": true, "requirepeer": true,
	"ssl_min_protocol_version": true, "ssl_max_protocol_version": true, "krbsrvname": true,
	"gsslib": true, "service": true, "target_session_attrs": true, "load_balance_hosts": true,
	"sslcertmode": true, "require_auth": true,
}

// Schema returns the PostgreSQL schema steerco's tables live in: the
// first schema of the connection's search_path, whether it exists yet or
// not ("$user" is the role's name).
func (s *Store) Schema(ctx context.Context) (string, error) {
	if s.dialect != DialectPostgres {
		return "", errors.New("store: schemas are PostgreSQL's")
	}
	var current sql.NullString
	var path, user string
	err := s.db.QueryRowContext(ctx, `SELECT current_schema(), current_setting('search_path'), current_user`).
		Scan(&current, &path, &user)
	if err != nil {
		return "", fmt.Errorf("store: schema: %w", err)
	}
	if current.Valid {
		return current.String, nil
	}
	first, _, _ := strings.Cut(path, ",")
	first = strings.TrimSpace(first)
	if first == `"$user"` || first == "$user" || first == "" {
		return user, nil
	}
	if strings.HasPrefix(first, `"`) {
		first = strings.ReplaceAll(strings.Trim(first, `"`), `""`, `"`)
	}
	return first, nil
}

// HasSchema reports whether the database holds steerco's tables (its
// migration version table), in the current schema on PostgreSQL.
func (s *Store) HasSchema(ctx context.Context) (bool, error) {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
	if s.dialect == DialectPostgres {
		q = `SELECT COUNT(*) FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_name = 'goose_db_version'`
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return false, fmt.Errorf("store: %w", err)
	}
	return n > 0, nil
}

// syncFile flushes a file's contents to disk.
func syncFile(name string) error {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a directory, making a rename in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a directory; the rename stands.
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

// unwrapPath drops the operation and path from a *fs.PathError when the
// message names the path itself.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
