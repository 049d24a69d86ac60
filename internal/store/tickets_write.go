package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// ticketWriter upserts tickets through prepared statements and gathers
// the changes to the monthly aggregates in memory, written once at the
// end: an import of 100 000 tickets touches a few hundred aggregate rows.
type ticketWriter struct {
	ctx                 context.Context
	tx                  *Tx
	agreement, importID int64
	get, ins, upd       *sql.Stmt
	months              map[monthKey]*monthCounts
	cats                map[catKey]int
	// existing are the agreement's stored tickets by kind and number:
	// a ticket not among them is inserted without a lookup.
	existing map[string]bool
	// pending are new tickets waiting to be inserted insertBatch at a
	// time: one statement per row costs more than the row itself.
	pending []*Ticket
}

// insertBatch is how many new tickets go into one INSERT (39 parameters
// each; within SQLite's 32 766 and PostgreSQL's 65 535).
const insertBatch = 100

// monthKey addresses one ticket_months row.
type monthKey struct {
	month, kind, service string
	priority             int
}

// catKey addresses one ticket_month_categories row.
type catKey struct{ month, kind, category string }

// The counters of a ticket_months row, in monthColumns order.
const (
	cOpened = iota
	cResolved
	cMeasured
	cBreached
	cResponseBreached
	cResolutionBreached
	cToolMeasured
	cToolBreached
	cResolutionMinutes
	cProactive
	cWithProblem
	cCausedByChange
	cSecurity
	cReopened
	nCounts
)

type monthCounts [nCounts]int

var monthColumns = []string{"opened", "resolved", "measured", "breached", "response_breached", "resolution_breached",
	"tool_measured", "tool_breached", "resolution_minutes", "proactive", "with_problem", "caused_by_change", "security", "reopened"}

// prepare prepares a statement in the transaction.
func (t *Tx) prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, rebind(t.dialect, q))
}

func newTicketWriter(ctx context.Context, tx *Tx, agreement, importID int64) (*ticketWriter, error) {
	w := &ticketWriter{ctx: ctx, tx: tx, agreement: agreement, importID: importID,
		months: map[monthKey]*monthCounts{}, cats: map[catKey]int{}}
	var err error
	if w.get, err = tx.prepare(ctx, `SELECT id, kind, number, `+ticketColumns+` FROM tickets
		WHERE agreement_id = ? AND kind = ? AND number = ?`); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if w.ins, err = tx.prepare(ctx, insertTickets(insertBatch)); err != nil {
		w.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	w.existing = map[string]bool{}
	err = queryEach(ctx, tx, `SELECT kind, number FROM tickets WHERE agreement_id = ?`, []any{agreement}, func(rows *sql.Rows) error {
		var kind, number string
		if err := rows.Scan(&kind, &number); err != nil {
			return err
		}
		w.existing[kind+"\x00"+number] = true
		return nil
	})
	if err != nil {
		w.close()
		return nil, fmt.Errorf("existing tickets: %w", err)
	}
	sets := strings.Fields(strings.ReplaceAll(ticketColumns, ",", " "))
	for i := range sets {
		sets[i] += " = ?"
	}
	if w.upd, err = tx.prepare(ctx, `UPDATE tickets SET import_id = ?, `+strings.Join(sets, ", ")+` WHERE id = ?`); err != nil {
		w.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	return w, nil
}

func (w *ticketWriter) close() {
	for _, s := range []*sql.Stmt{w.get, w.ins, w.upd} {
		if s != nil {
			s.Close()
		}
	}
}

// insertTickets is an INSERT of n tickets.
func insertTickets(n int) string {
	row := "(?, ?, ?, ?" + strings.Repeat(", ?", 35) + ")"
	return `INSERT INTO tickets (agreement_id, import_id, kind, number, ` + ticketColumns + `) VALUES ` +
		strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}

// flushInserts inserts the pending new tickets.
func (w *ticketWriter) flushInserts() error {
	if len(w.pending) == 0 {
		return nil
	}
	args := make([]any, 0, len(w.pending)*39)
	for _, t := range w.pending {
		args = append(append(args, w.agreement, w.importID, t.Kind, t.Number), ticketArgs(t)...)
	}
	var err error
	if len(w.pending) == insertBatch {
		_, err = w.ins.ExecContext(w.ctx, args...)
	} else {
		_, err = w.tx.ExecContext(w.ctx, insertTickets(len(w.pending)), args...)
	}
	w.pending = w.pending[:0]
	return err
}

// put writes one ticket and counts it in res. A file names each ticket
// once (the reader keeps its latest row), so a new ticket can wait in
// pending without a second version of it arriving.
func (w *ticketWriter) put(t *Ticket, res *ImportResult) error {
	key := t.Kind + "\x00" + t.Number
	if !w.existing[key] {
		w.existing[key] = true
		w.pending = append(w.pending, t)
		w.count(t, 1)
		res.Created++
		if len(w.pending) == insertBatch {
			return w.flushInserts()
		}
		return nil
	}
	var old Ticket
	var id int64
	if err := scanTicket(w.get.QueryRowContext(w.ctx, w.agreement, t.Kind, t.Number), &old, &id); err != nil {
		return err
	}
	if c := old.Updated.Compare(t.Updated); c > 0 || (c == 0 && old.ModCount > t.ModCount) || sameTicket(&old, t) {
		// The stored version is later, or the same: keep it.
		res.Unchanged++
		return nil
	}
	args := append(append([]any{w.importID}, ticketArgs(t)...), id)
	if _, err := w.upd.ExecContext(w.ctx, args...); err != nil {
		return err
	}
	w.count(&old, -1)
	w.count(t, 1)
	res.Updated++
	return nil
}

// sameTicket compares every stored field.
func sameTicket(a, b *Ticket) bool {
	x, y := ticketArgs(a), ticketArgs(b)
	for i := range x {
		if fmt.Sprint(x[i]) != fmt.Sprint(y[i]) {
			return false
		}
	}
	return true
}

// count adds (sign 1) or takes away (sign -1) a ticket's part in the
// monthly aggregates.
func (w *ticketWriter) count(t *Ticket, sign int) {
	at := func(month string) *monthCounts {
		k := monthKey{month, t.Kind, t.Service, t.Priority}
		c := w.months[k]
		if c == nil {
			c = &monthCounts{}
			w.months[k] = c
		}
		return c
	}
	o := at(t.OpenedMonth)
	o[cOpened] += sign
	if t.Kind == KindProblem && t.Proactive {
		o[cProactive] += sign
	}
	if t.ProblemRef != "" {
		o[cWithProblem] += sign
	}
	if t.CausedBy != "" {
		o[cCausedByChange] += sign
	}
	if t.Security {
		o[cSecurity] += sign
	}
	if t.Reopens > 0 {
		o[cReopened] += sign
	}
	if cat := t.Category; cat != "" {
		w.cats[catKey{t.OpenedMonth, t.Kind, cat}] += sign
	}
	if t.ResolvedMonth == "" {
		return
	}
	r := at(t.ResolvedMonth)
	r[cResolved] += sign
	if t.SLA != SLANotMeasured {
		r[cMeasured] += sign
		r[cResolutionMinutes] += sign * max(t.ResolutionMinutes, 0)
	}
	if t.SLA == SLABreached {
		r[cBreached] += sign
	}
	if t.ResponseBreached {
		r[cResponseBreached] += sign
	}
	if t.ResolutionBreached {
		r[cResolutionBreached] += sign
	}
	if t.MadeSLA != nil {
		r[cToolMeasured] += sign
		if !*t.MadeSLA {
			r[cToolBreached] += sign
		}
	}
}

// flushMonths inserts the last new tickets and adds the gathered
// changes to the aggregate rows.
func (w *ticketWriter) flushMonths() error {
	if err := w.flushInserts(); err != nil {
		return err
	}
	cols := strings.Join(monthColumns, ", ")
	sets := make([]string, len(monthColumns))
	for i, c := range monthColumns {
		sets[i] = c + " = ticket_months." + c + " + excluded." + c
	}
	up, err := w.tx.prepare(w.ctx, `INSERT INTO ticket_months (agreement_id, month, kind, service, priority, `+cols+`)
		VALUES (?, ?, ?, ?, ?`+strings.Repeat(", ?", nCounts)+`)
		ON CONFLICT (agreement_id, month, kind, service, priority) DO UPDATE SET `+strings.Join(sets, ", "))
	if err != nil {
		return fmt.Errorf("prepare aggregates: %w", err)
	}
	defer up.Close()
	for k, c := range w.months {
		if *c == (monthCounts{}) {
			continue
		}
		args := []any{w.agreement, k.month, k.kind, k.service, k.priority}
		for _, n := range c {
			args = append(args, n)
		}
		if _, err := up.ExecContext(w.ctx, args...); err != nil {
			return fmt.Errorf("aggregates: %w", err)
		}
	}
	cat, err := w.tx.prepare(w.ctx, `INSERT INTO ticket_month_categories (agreement_id, month, kind, category, opened)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (agreement_id, month, kind, category)
		DO UPDATE SET opened = ticket_month_categories.opened + excluded.opened`)
	if err != nil {
		return fmt.Errorf("prepare categories: %w", err)
	}
	defer cat.Close()
	for k, n := range w.cats {
		if n == 0 {
			continue
		}
		if _, err := cat.ExecContext(w.ctx, w.agreement, k.month, k.kind, k.category, n); err != nil {
			return fmt.Errorf("categories: %w", err)
		}
	}
	return nil
}
