package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyWriter is the PostgreSQL import (DIALECT): every incoming ticket is
// streamed with COPY into a staging table, and at the end a few set-based
// statements merge it into the tickets — the same rules as ticketWriter's,
// in SQL. Per ticket, ticketWriter costs a round trip to the server for
// each batch and each lookup of a known ticket; this costs none.
//
// The rules, as ticketWriter applies them ticket by ticket:
//   - of the versions of one ticket (kind, number) in the file, the latest
//     by the tool's update time (no time is earliest), then update count,
//     wins; between equals the one later in the file wins;
//   - the winner replaces the stored ticket unless the stored one is later
//     (by the same order) or identical: updated; else unchanged; a ticket
//     not stored yet is created — each ticket counts once;
//   - the monthly aggregates lose the replaced versions and gain the
//     written ones (ticketWriter.count, in SQL in mergeAggregates).
type copyWriter struct {
	ctx                 context.Context
	tx                  *Tx
	agreement, importID int64
	batch               [][]any
	seq                 int64
}

// copyBatch is how many tickets one COPY carries: memory stays bounded
// (a batch of rows as values) and the round trips are few.
const copyBatch = 5000

// stageColumns are the staging table's columns in COPY order.
var stageColumns = append([]string{"seq", "kind", "number"}, strings.Fields(strings.ReplaceAll(ticketColumns, ",", " "))...)

func newCopyWriter(ctx context.Context, tx *Tx, agreement, importID int64) (*copyWriter, error) {
	// The staging table has the tickets' column types (so COPY converts
	// nothing the INSERT would not) and lives until the commit.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE ticket_stage ON COMMIT DROP AS
		SELECT 0::bigint AS seq, kind, number, `+ticketColumns+` FROM tickets WITH NO DATA`); err != nil {
		return nil, fmt.Errorf("staging table: %w", err)
	}
	return &copyWriter{ctx: ctx, tx: tx, agreement: agreement, importID: importID}, nil
}

func (w *copyWriter) close() {}

// put stages the ticket; its fate is known only at the merge.
func (w *copyWriter) put(t *Ticket, _ *ImportResult) error {
	w.seq++
	w.batch = append(w.batch, append([]any{w.seq, t.Kind, t.Number}, ticketArgs(t)...))
	if len(w.batch) == copyBatch {
		return w.flush()
	}
	return nil
}

// flush copies the batch into the staging table, on the transaction's
// own connection (the COPY is part of the transaction).
func (w *copyWriter) flush() error {
	if len(w.batch) == 0 {
		return nil
	}
	count(w.ctx, "COPY")
	err := w.tx.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("COPY needs the pgx driver, not %T", dc)
		}
		n, err := c.Conn().CopyFrom(w.ctx, pgx.Identifier{"ticket_stage"}, stageColumns, pgx.CopyFromRows(w.batch))
		if err == nil && int(n) != len(w.batch) {
			err = fmt.Errorf("COPY wrote %d of %d rows", n, len(w.batch))
		}
		return err
	})
	w.batch = w.batch[:0]
	if err != nil {
		return fmt.Errorf("copy tickets: %w", err)
	}
	return nil
}

// finish merges the staged tickets and sets res's counts.
func (w *copyWriter) finish(res *ImportResult) error {
	if err := w.flush(); err != nil {
		return err
	}
	cols := strings.Fields(strings.ReplaceAll(ticketColumns, ",", " "))
	prefixed := func(p string) string {
		out := make([]string, len(cols))
		for i, c := range cols {
			out[i] = p + c
		}
		return strings.Join(out, ", ")
	}
	// One winner per ticket, with the stored ticket's id and its fate:
	// c(reate), u(pdate) or s(ame).
	steps := []struct{ what, q string }{
		{"analyze", `ANALYZE ticket_stage`},
		{"winners", `CREATE TEMP TABLE ticket_win ON COMMIT DROP AS
			SELECT w.*, t.id AS old_id, CASE
				WHEN t.id IS NULL THEN 'c'
				WHEN (t.source_updated_at IS NOT NULL AND (w.source_updated_at IS NULL OR t.source_updated_at > w.source_updated_at))
					OR (t.source_updated_at IS NOT DISTINCT FROM w.source_updated_at AND t.mod_count > w.mod_count) THEN 's'
				WHEN (` + prefixed("t.") + `) IS NOT DISTINCT FROM (` + prefixed("w.") + `) THEN 's'
				ELSE 'u' END AS fate
			FROM (SELECT DISTINCT ON (kind, number) * FROM ticket_stage
				ORDER BY kind, number, source_updated_at DESC NULLS LAST, mod_count DESC, seq DESC) w
			LEFT JOIN tickets t ON t.agreement_id = ? AND t.kind = w.kind AND t.number = w.number`},
	}
	for _, st := range steps {
		args := []any{}
		if strings.Contains(st.q, "?") {
			args = append(args, w.agreement)
		}
		if _, err := w.tx.ExecContext(w.ctx, st.q, args...); err != nil {
			return fmt.Errorf("merge tickets (%s): %w", st.what, err)
		}
	}
	if err := w.tx.QueryRowContext(w.ctx, `SELECT count(*) FILTER (WHERE fate = 'c'), count(*) FILTER (WHERE fate = 'u'),
		count(*) FILTER (WHERE fate = 's') FROM ticket_win`).Scan(&res.Created, &res.Updated, &res.Unchanged); err != nil {
		return fmt.Errorf("merge tickets (count): %w", err)
	}
	if err := w.mergeAggregates(); err != nil {
		return err
	}
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = c + " = w." + c
	}
	if _, err := w.tx.ExecContext(w.ctx, `UPDATE tickets SET import_id = ?, `+strings.Join(sets, ", ")+`
		FROM ticket_win w WHERE w.fate = 'u' AND tickets.id = w.old_id`, w.importID); err != nil {
		return fmt.Errorf("merge tickets (update): %w", err)
	}
	if _, err := w.tx.ExecContext(w.ctx, `INSERT INTO tickets (agreement_id, import_id, kind, number, `+ticketColumns+`)
		SELECT ?, ?, kind, number, `+ticketColumns+` FROM ticket_win WHERE fate = 'c' ORDER BY seq`, w.agreement, w.importID); err != nil {
		return fmt.Errorf("merge tickets (insert): %w", err)
	}
	return nil
}

// mergeAggregates adds the merge's changes to the monthly aggregates:
// the written versions count +1, the versions they replace -1, by the
// rules of ticketWriter.count. It runs before the tickets are updated,
// while they still hold the replaced versions.
func (w *copyWriter) mergeAggregates() error {
	delta := `WITH d AS (
		SELECT 1 AS sign, kind, ` + ticketColumns + ` FROM ticket_win WHERE fate IN ('c', 'u')
		UNION ALL
		SELECT -1, t.kind, ` + prefixedTicketColumns("t.") + ` FROM tickets t JOIN ticket_win w ON t.id = w.old_id WHERE w.fate = 'u')`
	// ticketWriter.count: the opening month's counters, then the
	// resolution month's (for resolved tickets), as rows to sum.
	parts := `, p AS (
		SELECT opened_month AS month, kind, service, priority,
			sign AS opened, 0 AS resolved, 0 AS measured, 0 AS breached, 0 AS response_breached, 0 AS resolution_breached,
			0 AS tool_measured, 0 AS tool_breached, 0 AS resolution_minutes,
			CASE WHEN kind = '` + KindProblem + `' AND proactive = 1 THEN sign ELSE 0 END AS proactive,
			CASE WHEN problem_ref <> '' THEN sign ELSE 0 END AS with_problem,
			CASE WHEN caused_by <> '' THEN sign ELSE 0 END AS caused_by_change,
			CASE WHEN security = 1 THEN sign ELSE 0 END AS security,
			CASE WHEN reopens > 0 THEN sign ELSE 0 END AS reopened
		FROM d
		UNION ALL
		SELECT resolved_month, kind, service, priority,
			0, sign,
			CASE WHEN sla <> ` + fmt.Sprint(SLANotMeasured) + ` THEN sign ELSE 0 END,
			CASE WHEN sla = ` + fmt.Sprint(SLABreached) + ` THEN sign ELSE 0 END,
			CASE WHEN response_breached = 1 THEN sign ELSE 0 END,
			CASE WHEN resolution_breached = 1 THEN sign ELSE 0 END,
			CASE WHEN made_sla IS NOT NULL THEN sign ELSE 0 END,
			CASE WHEN made_sla = 0 THEN sign ELSE 0 END,
			CASE WHEN sla <> ` + fmt.Sprint(SLANotMeasured) + ` THEN sign * GREATEST(resolution_minutes, 0) ELSE 0 END,
			0, 0, 0, 0, 0
		FROM d WHERE resolved_month <> '')`
	sums := make([]string, len(monthColumns))
	nonzero := make([]string, len(monthColumns))
	sets := make([]string, len(monthColumns))
	for i, c := range monthColumns {
		sums[i] = "SUM(" + c + ")"
		nonzero[i] = "SUM(" + c + ") <> 0"
		sets[i] = c + " = ticket_months." + c + " + excluded." + c
	}
	if _, err := w.tx.ExecContext(w.ctx, delta+parts+`
		INSERT INTO ticket_months (agreement_id, month, kind, service, priority, `+strings.Join(monthColumns, ", ")+`)
		SELECT ?, month, kind, service, priority, `+strings.Join(sums, ", ")+` FROM p
		GROUP BY month, kind, service, priority HAVING `+strings.Join(nonzero, " OR ")+`
		ON CONFLICT (agreement_id, month, kind, service, priority) DO UPDATE SET `+strings.Join(sets, ", "), w.agreement); err != nil {
		return fmt.Errorf("merge tickets (aggregates): %w", err)
	}
	if _, err := w.tx.ExecContext(w.ctx, delta+`
		INSERT INTO ticket_month_categories (agreement_id, month, kind, category, opened)
		SELECT ?, opened_month, kind, category, SUM(sign) FROM d WHERE category <> ''
		GROUP BY opened_month, kind, category HAVING SUM(sign) <> 0
		ON CONFLICT (agreement_id, month, kind, category) DO UPDATE SET opened = ticket_month_categories.opened + excluded.opened`, w.agreement); err != nil {
		return fmt.Errorf("merge tickets (categories): %w", err)
	}
	return nil
}

// prefixedTicketColumns is ticketColumns with each column qualified.
func prefixedTicketColumns(p string) string {
	cols := strings.Fields(strings.ReplaceAll(ticketColumns, ",", " "))
	for i := range cols {
		cols[i] = p + cols[i]
	}
	return strings.Join(cols, ", ")
}
