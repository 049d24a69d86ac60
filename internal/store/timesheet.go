package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Time entries and invoice bases (issue 7). The rules (steps, who enters
// and approves, deadlines) live in internal/timesheet and
// internal/invoice.

// TimeEntry is one day's work of one person.
type TimeEntry struct {
	ID int64
	// Supplier is the party whose staff did the work.
	Supplier string
	// OrderID is 0 for the continuous service.
	OrderID     int64
	OrderNumber string
	Person      string // directory slug
	Rate        string // rate slug
	Day         string // YYYY-MM-DD
	Minutes     int
	Description string
	State       string // entered, approved, rejected
	Source      string // web, api, import
	EnteredBy   string
	EnteredAt   time.Time
	UpdatedAt   time.Time
	DecidedBy   string
	DecidedAt   *time.Time
	Note        string
}

const entryColumns = `e.id, e.supplier, COALESCE(e.order_id, 0), COALESCE(o.number, ''), e.person, e.rate, e.day, e.minutes,
	e.description, e.state, e.source, e.entered_by, e.entered_at, e.updated_at, e.decided_by, e.decided_at, e.note`

func scanEntry(sc interface{ Scan(...any) error }) (*TimeEntry, error) {
	var e TimeEntry
	var decided sql.NullTime
	err := sc.Scan(&e.ID, &e.Supplier, &e.OrderID, &e.OrderNumber, &e.Person, &e.Rate, &e.Day, &e.Minutes, &e.Description,
		&e.State, &e.Source, &e.EnteredBy, &e.EnteredAt, &e.UpdatedAt, &e.DecidedBy, &decided, &e.Note)
	if decided.Valid {
		e.DecidedAt = &decided.Time
	}
	return &e, err
}

// InsertTimeEntry stores an entry and sets its ID.
func (t *Tx) InsertTimeEntry(ctx context.Context, agreementID int64, e *TimeEntry) error {
	var order any
	if e.OrderID != 0 {
		order = e.OrderID
	}
	return t.QueryRowContext(ctx, `INSERT INTO time_entries (agreement_id, supplier, order_id, person, rate, day, minutes, description,
		state, source, entered_by, entered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		agreementID, e.Supplier, order, e.Person, e.Rate, e.Day, e.Minutes, e.Description, e.State, e.Source, e.EnteredBy,
		e.EnteredAt.UTC(), e.EnteredAt.UTC()).Scan(&e.ID)
}

// UpdateTimeEntry writes an entry's changeable fields back.
func (t *Tx) UpdateTimeEntry(ctx context.Context, e *TimeEntry) error {
	var order, decided any
	if e.OrderID != 0 {
		order = e.OrderID
	}
	if e.DecidedAt != nil {
		decided = e.DecidedAt.UTC()
	}
	_, err := t.ExecContext(ctx, `UPDATE time_entries SET order_id = ?, person = ?, rate = ?, day = ?, minutes = ?, description = ?,
		state = ?, updated_at = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ?`,
		order, e.Person, e.Rate, e.Day, e.Minutes, e.Description, e.State, e.UpdatedAt.UTC(), e.DecidedBy, decided, e.Note, e.ID)
	return err
}

// DeleteTimeEntry removes an entry.
func (t *Tx) DeleteTimeEntry(ctx context.Context, id int64) error {
	_, err := t.ExecContext(ctx, `DELETE FROM time_entries WHERE id = ?`, id)
	return err
}

// TimeEntryByID reads an entry of the agreement; another agreement's is
// ErrNotFound.
func (t *Tx) TimeEntryByID(ctx context.Context, agreementID, id int64, lock bool) (*TimeEntry, error) {
	q := `SELECT ` + entryColumns + ` FROM time_entries e LEFT JOIN orders o ON o.id = e.order_id WHERE e.agreement_id = ? AND e.id = ?`
	if lock {
		q += t.forUpdate()
		if t.dialect == DialectPostgres {
			q += " OF e"
		}
	}
	e, err := scanEntry(t.QueryRowContext(ctx, q, agreementID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("time entry %d: %w", id, ErrNotFound)
	}
	return e, err
}

// EntryFilter narrows a list of entries; empty fields match all.
type EntryFilter struct {
	Supplier string
	// From and To are inclusive days (YYYY-MM-DD).
	From, To string
	State    string
	OrderID  int64
	// Continuous: only entries on the continuous service.
	Continuous bool
	Person     string
}

// TimeEntries lists entries by day, then id.
func (t *Tx) TimeEntries(ctx context.Context, agreementID int64, f EntryFilter) ([]TimeEntry, error) {
	q := `SELECT ` + entryColumns + ` FROM time_entries e LEFT JOIN orders o ON o.id = e.order_id WHERE e.agreement_id = ?`
	args := []any{agreementID}
	add := func(cond string, v any) {
		q += ` AND ` + cond
		args = append(args, v)
	}
	if f.Supplier != "" {
		add(`e.supplier = ?`, f.Supplier)
	}
	if f.From != "" {
		add(`e.day >= ?`, f.From)
	}
	if f.To != "" {
		add(`e.day <= ?`, f.To)
	}
	if f.State != "" {
		add(`e.state = ?`, f.State)
	}
	if f.OrderID != 0 {
		add(`e.order_id = ?`, f.OrderID)
	}
	if f.Person != "" {
		add(`e.person = ?`, f.Person)
	}
	if f.Continuous {
		q += ` AND e.order_id IS NULL`
	}
	q += ` ORDER BY e.day, e.id`
	var out []TimeEntry
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		e, err := scanEntry(rows)
		if err == nil {
			out = append(out, *e)
		}
		return err
	})
	return out, err
}

// OrderMinutes sums the minutes entered on an order (any state but
// rejected), for its forecast.
func (t *Tx) OrderMinutes(ctx context.Context, orderID int64) (int, error) {
	var n sql.NullInt64
	err := t.QueryRowContext(ctx, `SELECT sum(minutes) FROM time_entries WHERE order_id = ? AND state <> 'rejected'`, orderID).Scan(&n)
	return int(n.Int64), err
}

// InvoiceBasis is an issued monthly invoice basis of one supplier.
type InvoiceBasis struct {
	ID          int64
	Supplier    string
	Month       string // YYYY-MM
	Due         string // YYYY-MM-DD
	TotalCents  int64
	NormalCents int64
	Deviation   bool
	// Lines is the basis's content as JSON, written by internal/invoice.
	Lines    []byte
	IssuedBy string
	IssuedAt time.Time
}

// InsertInvoiceBasis stores an issued basis; it returns false, storing
// nothing, when the supplier's month has one already.
func (t *Tx) InsertInvoiceBasis(ctx context.Context, agreementID int64, b *InvoiceBasis) (bool, error) {
	var id sql.NullInt64
	err := t.QueryRowContext(ctx, `INSERT INTO invoice_bases (agreement_id, supplier, month, due, total_cents, normal_cents, deviation,
		lines, issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, supplier, month) DO NOTHING RETURNING id`,
		agreementID, b.Supplier, b.Month, b.Due, b.TotalCents, b.NormalCents, b.Deviation, string(b.Lines), b.IssuedBy, b.IssuedAt.UTC()).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	b.ID = id.Int64
	return err == nil, err
}

// InvoiceBasisFor reads the issued basis of a supplier's month, or
// ErrNotFound.
func (t *Tx) InvoiceBasisFor(ctx context.Context, agreementID int64, supplier, month string) (*InvoiceBasis, error) {
	var b InvoiceBasis
	var lines string
	err := t.QueryRowContext(ctx, `SELECT id, supplier, month, due, total_cents, normal_cents, deviation, lines, issued_by, issued_at
		FROM invoice_bases WHERE agreement_id = ? AND supplier = ? AND month = ?`, agreementID, supplier, month).
		Scan(&b.ID, &b.Supplier, &b.Month, &b.Due, &b.TotalCents, &b.NormalCents, &b.Deviation, &lines, &b.IssuedBy, &b.IssuedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("invoice basis %s %s: %w", supplier, month, ErrNotFound)
	}
	b.Lines = []byte(lines)
	return &b, err
}

// InvoiceBases lists an agreement's issued bases, newest month first.
func (t *Tx) InvoiceBases(ctx context.Context, agreementID int64) ([]InvoiceBasis, error) {
	var out []InvoiceBasis
	err := queryEach(ctx, t, `SELECT id, supplier, month, due, total_cents, normal_cents, deviation, issued_by, issued_at
		FROM invoice_bases WHERE agreement_id = ? ORDER BY month DESC, supplier`, []any{agreementID}, func(rows *sql.Rows) error {
		var b InvoiceBasis
		err := rows.Scan(&b.ID, &b.Supplier, &b.Month, &b.Due, &b.TotalCents, &b.NormalCents, &b.Deviation, &b.IssuedBy, &b.IssuedAt)
		out = append(out, b)
		return err
	})
	return out, err
}
