package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/maphash"
	"strings"
)

// ticketWriter upserts tickets through prepared statements and gathers
// the changes to the monthly aggregates in memory, written once at the
// end: an import of 100 000 tickets touches a few hundred aggregate rows.
// Its memory is bounded whatever the file's size: the aggregates by
// month, kind, service and priority, a batch of new tickets, and one
// 64-bit hash per ticket number (about 20 bytes each).
type ticketWriter struct {
	ctx                 context.Context
	tx                  *Tx
	agreement, importID int64
	get, ins, upd       *sql.Stmt
	months              map[monthKey]*monthCounts
	cats                map[catKey]int
	// known holds, by a hash of kind and number, whether a ticket was
	// stored before this import (knownStored) and whether this import
	// has put it (knownPut). A ticket whose hash is not there is new and
	// is inserted without a lookup; a hash that is there may be another
	// ticket's (a collision), so the database has the last word.
	known map[uint64]uint8
	seed  maphash.Seed
	// pending are new tickets waiting to be inserted insertBatch at a
	// time: one statement per row costs more than the row itself.
	pending []Ticket
}

const (
	knownStored = 1 << iota
	knownPut
)

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
	if w.get, err = tx.prepare(ctx, `SELECT id, import_id, kind, number, `+ticketColumns+` FROM tickets
		WHERE agreement_id = ? AND kind = ? AND number = ?`); err != nil {
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if w.ins, err = tx.prepare(ctx, insertTickets(insertBatch)); err != nil {
		w.close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	w.known, w.seed = map[uint64]uint8{}, maphash.MakeSeed()
	err = queryEach(ctx, tx, `SELECT kind, number FROM tickets WHERE agreement_id = ?`, []any{agreement}, func(rows *sql.Rows) error {
		var kind, number string
		if err := rows.Scan(&kind, &number); err != nil {
			return err
		}
		w.known[w.hash(kind, number)] = knownStored
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
	for i := range w.pending {
		t := &w.pending[i]
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

// hash is the key of a ticket in known.
func (w *ticketWriter) hash(kind, number string) uint64 {
	var h maphash.Hash
	h.SetSeed(w.seed)
	h.WriteString(kind)
	h.WriteByte(0)
	h.WriteString(number)
	return h.Sum64()
}

// newer reports whether t is to replace the stored version old: old is
// not later (by update time, then update count) and differs.
func newer(t, old *Ticket) bool {
	if c := old.Updated.Compare(t.Updated); c > 0 || (c == 0 && old.ModCount > t.ModCount) {
		return false
	}
	return !sameTicket(old, t)
}

// put writes one ticket (copied: the caller may reuse t) and counts it
// in res. A file normally names a ticket in one run of rows, which the
// reader hands over once; a ticket named again later in the file is
// compared with the version this import already wrote, so the latest
// update wins and the ticket counts once (created, updated or
// unchanged).
func (w *ticketWriter) put(t *Ticket, res *ImportResult) error {
	h := w.hash(t.Kind, t.Number)
	flags := w.known[h]
	w.known[h] = flags | knownPut
	if flags == 0 {
		return w.create(t, res)
	}
	if flags&knownPut != 0 {
		for i := range w.pending {
			if p := &w.pending[i]; p.Kind == t.Kind && p.Number == t.Number {
				if newer(t, p) {
					w.count(p, -1)
					w.count(t, 1)
					*p = *t
				}
				return nil
			}
		}
	}
	var old Ticket
	var id, importID int64
	err := scanTicket(w.get.QueryRowContext(w.ctx, w.agreement, t.Kind, t.Number), &old, &id, &importID)
	if errors.Is(err, sql.ErrNoRows) {
		return w.create(t, res) // another ticket's hash
	} else if err != nil {
		return err
	}
	// repeated: this import has put the ticket before; when it did not
	// write it (importID is an earlier import's), it counted it unchanged.
	repeated := flags&knownPut != 0
	if !newer(t, &old) {
		if !repeated {
			res.Unchanged++
		}
		return nil
	}
	args := append(append([]any{w.importID}, ticketArgs(t)...), id)
	if _, err := w.upd.ExecContext(w.ctx, args...); err != nil {
		return err
	}
	w.count(&old, -1)
	w.count(t, 1)
	switch {
	case importID == w.importID: // created or updated by this import: counted
	case repeated:
		res.Unchanged--
		res.Updated++
	default:
		res.Updated++
	}
	return nil
}

// create queues a new ticket for insertion.
func (w *ticketWriter) create(t *Ticket, res *ImportResult) error {
	w.pending = append(w.pending, *t)
	w.count(t, 1)
	res.Created++
	if len(w.pending) == insertBatch {
		return w.flushInserts()
	}
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

// finish inserts the last new tickets and adds the gathered changes to
// the aggregate rows; put has counted every ticket in res already.
func (w *ticketWriter) finish(*ImportResult) error {
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
