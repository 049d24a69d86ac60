package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL driver, to create the bench databases

	"github.com/steerco/steerco/internal/demogen"
)

// agreement is the generated agreement the tickets are imported into and
// reported on: the city-multi-supplier model, whose monthly report pack
// issue #8 builds, with its service levels.
var agreement = demogen.Slug(0)

// The demo's administrator, whose dashboard spans every agreement.
const (
	benchUser     = "admin@steerco.example"
	benchPassword = "steerco-demo"
)

// ticketsFile writes size tickets with the run's seed; the same seed
// writes the same file, byte for byte (the test checks).
func ticketsFile(path string, size int, seed uint64) (demogen.TicketStats, error) {
	f, err := os.Create(path)
	if err != nil {
		return demogen.TicketStats{}, err
	}
	st, err := demogen.WriteTickets(f, demogen.TicketOptions{Count: size, Seed: seed})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return st, err
}

// tickets writes one export per size.
func (b *bench) tickets() (map[int]string, error) {
	files := map[int]string{}
	for _, n := range b.c.sizes {
		p := b.path(fmt.Sprintf("tickets-%d.csv", n))
		start := time.Now()
		st, err := ticketsFile(p, n, b.c.seed)
		if err != nil {
			return nil, err
		}
		b.logf("wrote %d tickets (%d rows) to %s in %s", st.Tickets, st.Rows, p, time.Since(start).Round(time.Millisecond))
		files[n] = p
	}
	return files, nil
}

// baseline is what the sqlite3 shell does with one export.
type baseline struct {
	importWall time.Duration
	importRSS  float64
	sqlMS      float64
	sqlOut     string
}

// reportSQL is the hand-written aggregate the report is compared with:
// over the bare imported export, the latest row of each ticket wins (with
// max(), SQLite takes the bare columns from the row holding the maximum,
// so one grouping pass finds it), and the month's tickets are counted by
// priority: opened, resolved, resolved within the tool's SLA, and opened
// but not resolved.
func reportSQL(month string) string {
	var y, m int
	fmt.Sscanf(month, "%d-%d", &y, &m)
	pat := fmt.Sprintf("%%/%d/%d %%", m, y) // day-first dates: "%/4/2024 %"
	return strings.ReplaceAll(`WITH latest AS (
  SELECT number, priority, opened_at, resolved_at, made_sla, incident_state, max(CAST(sys_mod_count AS INTEGER)) AS n
  FROM tickets GROUP BY number)
SELECT priority,
  sum(opened_at LIKE 'PAT') AS opened,
  sum(resolved_at LIKE 'PAT') AS resolved,
  sum(resolved_at LIKE 'PAT' AND made_sla = 'true') AS resolved_in_sla,
  sum(opened_at LIKE 'PAT' AND incident_state NOT IN ('Resolved', 'Closed')) AS still_open
FROM latest GROUP BY priority ORDER BY priority;`, "PAT", pat)
}

// baselines imports each export with the sqlite3 shell into a bare table
// and times the aggregate over it.
func (b *bench) baselines(ctx context.Context, files map[int]string) (map[int]baseline, error) {
	out := map[int]baseline{}
	q := reportSQL(b.c.month)
	for _, n := range b.c.sizes {
		db := b.path(fmt.Sprintf("bare-%d.db", n))
		os.Remove(db)
		r, err := timed(ctx, "", "sqlite3", db, ".mode csv", ".import "+files[n]+" tickets")
		if err != nil {
			return nil, err
		}
		d, last, err := median(ctx, b.c.reportRuns, "sqlite3", db, q)
		if err != nil {
			return nil, err
		}
		out[n] = baseline{importWall: r.wall, importRSS: r.rssMB, sqlMS: ms(d), sqlOut: last.stdout}
		b.logf("sqlite3: .import of %d tickets in %s (%.0f MB), aggregate in %.1f ms", n, r.wall.Round(time.Millisecond), r.rssMB, ms(d))
	}
	return out, nil
}

// has reports whether the steerco binary has a command (issue #8's
// import and report land on another branch).
func (b *bench) has(ctx context.Context, command string) bool {
	out, _ := exec.CommandContext(ctx, b.c.bin, command, "-h").CombinedOutput()
	return !strings.Contains(string(out), "unknown command")
}

// target is a database steerco runs on.
type target interface {
	name() string
	// base creates the database with the generated agreements.
	base(ctx context.Context) error
	// fresh returns the DSN of a copy of the base for one import.
	fresh(ctx context.Context, size int) (string, error)
	baseDSN() string
}

// demo generates the agreements into dsn.
func (b *bench) demo(ctx context.Context, dsn string) error {
	start := time.Now()
	r, err := timed(ctx, "", b.c.bin, "demo", "--db", dsn, "--scale", fmt.Sprint(b.c.scale), "--scale-years", fmt.Sprint(b.c.years), "--no-serve")
	if err != nil {
		return err
	}
	b.logf("%s", strings.TrimSpace(lastLine(r.stdout)))
	b.logf("generated the agreements in %s", time.Since(start).Round(time.Second))
	return nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndexByte(s, '\n')+1:]
}

type sqliteDB struct{ b *bench }

func (sqliteDB) name() string { return "sqlite" }
func (d sqliteDB) baseDSN() string {
	return "sqlite:" + d.b.path("base.db")
}
func (d sqliteDB) base(ctx context.Context) error {
	for _, sfx := range []string{"", "-wal", "-shm"} {
		os.Remove(d.b.path("base.db" + sfx))
	}
	return d.b.demo(ctx, d.baseDSN())
}
func (d sqliteDB) fresh(ctx context.Context, size int) (string, error) {
	p := d.b.path(fmt.Sprintf("steerco-%d.db", size))
	for _, sfx := range []string{"", "-wal", "-shm"} {
		os.Remove(p + sfx)
	}
	// .backup copies a consistent database whatever its WAL holds.
	if out, err := exec.CommandContext(ctx, "sqlite3", d.b.path("base.db"), ".backup "+p).CombinedOutput(); err != nil {
		return "", fmt.Errorf("sqlite3 .backup: %v: %s", err, out)
	}
	return "sqlite:" + p, nil
}

// postgresDB works in databases of its own, steerco_bench_base and
// steerco_bench (copied from the base by CREATE DATABASE … TEMPLATE), so
// that the test database is never touched.
type postgresDB struct {
	b     *bench
	admin string
}

func (*postgresDB) name() string { return "postgres" }

func (d *postgresDB) dsn(db string) string {
	u, err := url.Parse(d.admin)
	if err != nil {
		return d.admin
	}
	u.Path = "/" + db
	return u.String()
}

func (d *postgresDB) baseDSN() string { return d.dsn("steerco_bench_base") }

func (d *postgresDB) exec(ctx context.Context, stmts ...string) error {
	db, err := sql.Open("pgx", d.admin)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

func (d *postgresDB) base(ctx context.Context) error {
	if err := d.exec(ctx, "DROP DATABASE IF EXISTS steerco_bench WITH (FORCE)", "DROP DATABASE IF EXISTS steerco_bench_base WITH (FORCE)",
		"CREATE DATABASE steerco_bench_base"); err != nil {
		return err
	}
	return d.b.demo(ctx, d.baseDSN())
}

func (d *postgresDB) fresh(ctx context.Context, _ int) (string, error) {
	err := d.exec(ctx, "DROP DATABASE IF EXISTS steerco_bench WITH (FORCE)", "CREATE DATABASE steerco_bench TEMPLATE steerco_bench_base")
	return d.dsn("steerco_bench"), err
}
