package main

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

// While steerco has no `report` command (issue #8's CLI has not landed),
// the report is opened in-process with report.Build, the function the
// command, the web page and the API call, and compared with the same
// hand-written SQL run in-process through the same SQLite engine
// (modernc) over the bare table: neither side pays a process start.

// buildMS times report.Build on dsn, median of n.
func buildMS(ctx context.Context, dsn, slug, month string, n int) (float64, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	var ds []time.Duration
	for i := 0; i < n; i++ {
		start := time.Now()
		a, err := st.Agreement(ctx, slug)
		if err != nil {
			return 0, err
		}
		if _, err := report.Build(ctx, st, a, month, report.Options{}); err != nil {
			return 0, err
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ms(ds[len(ds)/2]), nil
}

// sqlMS times the hand-written aggregate over the bare table in path,
// median of n.
func sqlMS(ctx context.Context, path, query string, n int) (float64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var ds []time.Duration
	for i := 0; i < n; i++ {
		start := time.Now()
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		if err := rows.Err(); err != nil {
			return 0, err
		}
		rows.Close()
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	return ms(ds[len(ds)/2]), nil
}
