package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Orders (issue 7): ordering contacts, orders with their change requests,
// overruns and history, and addenda. The rules live in internal/order;
// here are the rows. Money is in cents.

// OrderingContact is a person the ordering party named, with the order
// kinds they may place and the largest order they may place.
type OrderingContact struct {
	ID       int64
	Person   string // directory slug
	Party    string
	Kinds    []string
	MaxCents int64
	NamedBy  string
	NamedAt  time.Time
}

// ReadOrders runs fn in a read-only transaction.
func (s *Store) ReadOrders(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inReadTx(ctx, fn)
}

// OrderingContacts lists an agreement's ordering contacts.
func (t *Tx) OrderingContacts(ctx context.Context, agreementID int64) ([]OrderingContact, error) {
	var out []OrderingContact
	err := queryEach(ctx, t, `SELECT id, person, party, kinds, max_cents, named_by, named_at FROM ordering_contacts
		WHERE agreement_id = ? ORDER BY party, person`, []any{agreementID}, func(rows *sql.Rows) error {
		var c OrderingContact
		var kinds string
		err := rows.Scan(&c.ID, &c.Person, &c.Party, &kinds, &c.MaxCents, &c.NamedBy, &c.NamedAt)
		c.Kinds = splitList(kinds)
		out = append(out, c)
		return err
	})
	return out, err
}

// SaveOrderingContact names a person an ordering contact or changes
// their rights.
func (t *Tx) SaveOrderingContact(ctx context.Context, agreementID int64, c *OrderingContact) error {
	_, err := t.ExecContext(ctx, `INSERT INTO ordering_contacts (agreement_id, person, party, kinds, max_cents, named_by, named_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, person) DO UPDATE SET party = excluded.party, kinds = excluded.kinds,
		max_cents = excluded.max_cents, named_by = excluded.named_by, named_at = excluded.named_at`,
		agreementID, c.Person, c.Party, strings.Join(c.Kinds, ","), c.MaxCents, c.NamedBy, c.NamedAt.UTC())
	return err
}

// RemoveOrderingContact withdraws a person's ordering rights.
func (t *Tx) RemoveOrderingContact(ctx context.Context, agreementID int64, person string) (bool, error) {
	res, err := t.ExecContext(ctx, `DELETE FROM ordering_contacts WHERE agreement_id = ? AND person = ?`, agreementID, person)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// Order is one order's row.
type Order struct {
	ID                                 int64
	Number, Kind, Pricing              string
	Title, Description                 string
	Supplier, Orderer, OrdererParty    string
	PersonDays                         float64
	EstimateCents                      int64
	Class, ProjectManager, ProjectPlan string
	State                              string
	AnswerKind, AnswerText, AltText    string
	AnswerCents, AltCents              int64
	AnswerDays, AltDays                float64
	AcceptedCents                      int64
	AcceptedDays                       float64
	CreatedBy                          string
	CreatedAt, UpdatedAt               time.Time
	DeliveredAt, ClosedAt              *time.Time
	ClosedMonth                        string
}

const orderColumns = `id, number, kind, pricing, title, description, supplier, orderer, orderer_party, person_days, estimate_cents,
	class, project_manager, project_plan, state, answer_kind, answer_cents, answer_days, answer_text, alt_cents, alt_days, alt_text,
	accepted_cents, accepted_days, created_by, created_at, updated_at, delivered_at, closed_at, closed_month`

func scanOrder(sc interface{ Scan(...any) error }) (*Order, error) {
	var o Order
	var delivered, closed sql.NullTime
	err := sc.Scan(&o.ID, &o.Number, &o.Kind, &o.Pricing, &o.Title, &o.Description, &o.Supplier, &o.Orderer, &o.OrdererParty,
		&o.PersonDays, &o.EstimateCents, &o.Class, &o.ProjectManager, &o.ProjectPlan, &o.State, &o.AnswerKind, &o.AnswerCents,
		&o.AnswerDays, &o.AnswerText, &o.AltCents, &o.AltDays, &o.AltText, &o.AcceptedCents, &o.AcceptedDays, &o.CreatedBy,
		&o.CreatedAt, &o.UpdatedAt, &delivered, &closed, &o.ClosedMonth)
	if delivered.Valid {
		o.DeliveredAt = &delivered.Time
	}
	if closed.Valid {
		o.ClosedAt = &closed.Time
	}
	return &o, err
}

// NextOrderNumber returns the next free order number of a year in the
// agreement: 2026-001, 2026-002...
func (t *Tx) NextOrderNumber(ctx context.Context, agreementID int64, year int) (string, error) {
	prefix := fmt.Sprintf("%04d-", year)
	if err := t.lockSequence(ctx, "orders.number", agreementID, year); err != nil {
		return "", err
	}
	var last sql.NullString
	if err := t.QueryRowContext(ctx, `SELECT max(number) FROM orders WHERE agreement_id = ? AND number LIKE ?`,
		agreementID, prefix+"%").Scan(&last); err != nil {
		return "", err
	}
	n := 0
	if last.Valid {
		fmt.Sscanf(strings.TrimPrefix(last.String, prefix), "%d", &n)
	}
	return fmt.Sprintf("%s%03d", prefix, n+1), nil
}

// InsertOrder stores a new order and sets its ID.
func (t *Tx) InsertOrder(ctx context.Context, agreementID int64, o *Order) error {
	return t.QueryRowContext(ctx, `INSERT INTO orders (agreement_id, number, kind, pricing, title, description, supplier, orderer,
		orderer_party, person_days, estimate_cents, class, project_manager, project_plan, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		agreementID, o.Number, o.Kind, o.Pricing, o.Title, o.Description, o.Supplier, o.Orderer, o.OrdererParty, o.PersonDays,
		o.EstimateCents, o.Class, o.ProjectManager, o.ProjectPlan, o.State, o.CreatedBy, o.CreatedAt.UTC(), o.CreatedAt.UTC()).Scan(&o.ID)
}

// UpdateOrder writes an order's changeable fields back.
func (t *Tx) UpdateOrder(ctx context.Context, o *Order) error {
	var delivered, closed any
	if o.DeliveredAt != nil {
		delivered = o.DeliveredAt.UTC()
	}
	if o.ClosedAt != nil {
		closed = o.ClosedAt.UTC()
	}
	_, err := t.ExecContext(ctx, `UPDATE orders SET person_days = ?, estimate_cents = ?, class = ?, project_manager = ?, project_plan = ?,
		state = ?, answer_kind = ?, answer_cents = ?, answer_days = ?, answer_text = ?, alt_cents = ?, alt_days = ?, alt_text = ?,
		accepted_cents = ?, accepted_days = ?, updated_at = ?, delivered_at = ?, closed_at = ?, closed_month = ? WHERE id = ?`,
		o.PersonDays, o.EstimateCents, o.Class, o.ProjectManager, o.ProjectPlan, o.State, o.AnswerKind, o.AnswerCents, o.AnswerDays,
		o.AnswerText, o.AltCents, o.AltDays, o.AltText, o.AcceptedCents, o.AcceptedDays, o.UpdatedAt.UTC(), delivered, closed,
		o.ClosedMonth, o.ID)
	return err
}

// OrderByID reads an order of the agreement; lock it when the caller
// writes it back. Another agreement's order is ErrNotFound.
func (t *Tx) OrderByID(ctx context.Context, agreementID, id int64, lock bool) (*Order, error) {
	q := `SELECT ` + orderColumns + ` FROM orders WHERE agreement_id = ? AND id = ?`
	if lock {
		q += t.forUpdate()
	}
	o, err := scanOrder(t.QueryRowContext(ctx, q, agreementID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("order %d: %w", id, ErrNotFound)
	}
	return o, err
}

// OrderFilter narrows an order list; empty fields match all.
type OrderFilter struct {
	State, Kind, Supplier, Orderer string
	// Month: orders placed or closed in it (YYYY-MM).
	ClosedMonth string
}

// Orders lists an agreement's orders, newest first.
func (t *Tx) Orders(ctx context.Context, agreementID int64, f OrderFilter) ([]Order, error) {
	q := `SELECT ` + orderColumns + ` FROM orders WHERE agreement_id = ?`
	args := []any{agreementID}
	for col, v := range map[string]string{"state": f.State, "kind": f.Kind, "supplier": f.Supplier, "orderer_party": f.Orderer, "closed_month": f.ClosedMonth} {
		if v != "" {
			q += ` AND ` + col + ` = ?`
			args = append(args, v)
		}
	}
	q += ` ORDER BY number DESC`
	var out []Order
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		o, err := scanOrder(rows)
		if err == nil {
			out = append(out, *o)
		}
		return err
	})
	return out, err
}

// OrderChange is a change request or a forecast overrun of an order.
type OrderChange struct {
	ID, OrderID              int64
	Kind, Description, State string
	PersonDays               float64
	Cents                    int64
	ProposedBy, DecidedBy    string
	ProposedAt               time.Time
	DecidedAt                *time.Time
	DecidedMonth             string
}

const changeColumns = `id, order_id, kind, description, person_days, cents, state, proposed_by, proposed_at, decided_by, decided_at, decided_month`

func scanChange(sc interface{ Scan(...any) error }) (*OrderChange, error) {
	var c OrderChange
	var decided sql.NullTime
	err := sc.Scan(&c.ID, &c.OrderID, &c.Kind, &c.Description, &c.PersonDays, &c.Cents, &c.State, &c.ProposedBy, &c.ProposedAt,
		&c.DecidedBy, &decided, &c.DecidedMonth)
	if decided.Valid {
		c.DecidedAt = &decided.Time
	}
	return &c, err
}

// InsertOrderChange stores a proposed change and sets its ID.
func (t *Tx) InsertOrderChange(ctx context.Context, c *OrderChange) error {
	return t.QueryRowContext(ctx, `INSERT INTO order_changes (order_id, kind, description, person_days, cents, state, proposed_by, proposed_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.OrderID, c.Kind, c.Description, c.PersonDays, c.Cents, c.State,
		c.ProposedBy, c.ProposedAt.UTC()).Scan(&c.ID)
}

// DecideOrderChange records the decision on a proposed change.
func (t *Tx) DecideOrderChange(ctx context.Context, c *OrderChange) error {
	_, err := t.ExecContext(ctx, `UPDATE order_changes SET state = ?, decided_by = ?, decided_at = ?, decided_month = ? WHERE id = ?`,
		c.State, c.DecidedBy, c.DecidedAt.UTC(), c.DecidedMonth, c.ID)
	return err
}

// OrderChanges lists the changes of an order, oldest first.
func (t *Tx) OrderChanges(ctx context.Context, orderID int64) ([]OrderChange, error) {
	var out []OrderChange
	err := queryEach(ctx, t, `SELECT `+changeColumns+` FROM order_changes WHERE order_id = ? ORDER BY id`, []any{orderID},
		func(rows *sql.Rows) error {
			c, err := scanChange(rows)
			if err == nil {
				out = append(out, *c)
			}
			return err
		})
	return out, err
}

// ApprovedOverruns lists the overruns of an agreement's orders approved
// in a month, for the invoice basis.
func (t *Tx) ApprovedOverruns(ctx context.Context, agreementID int64, supplier, month string) ([]OrderChange, error) {
	var out []OrderChange
	err := queryEach(ctx, t, `SELECT c.id, c.order_id, c.kind, c.description, c.person_days, c.cents, c.state, c.proposed_by, c.proposed_at,
		c.decided_by, c.decided_at, c.decided_month FROM order_changes c JOIN orders o ON o.id = c.order_id
		WHERE o.agreement_id = ? AND o.supplier = ? AND c.kind = 'overrun' AND c.state = 'approved' AND c.decided_month = ? ORDER BY c.id`,
		[]any{agreementID, supplier, month}, func(rows *sql.Rows) error {
			c, err := scanChange(rows)
			if err == nil {
				out = append(out, *c)
			}
			return err
		})
	return out, err
}

// OrderEvent is one step in an order's history.
type OrderEvent struct {
	At                  time.Time
	Actor, Action, Note string
}

// AddOrderEvent records a step of an order.
func (t *Tx) AddOrderEvent(ctx context.Context, orderID int64, e OrderEvent) error {
	_, err := t.ExecContext(ctx, `INSERT INTO order_events (order_id, at, actor, action, note) VALUES (?, ?, ?, ?, ?)`,
		orderID, e.At.UTC(), e.Actor, e.Action, e.Note)
	return err
}

// OrderEvents lists an order's history, oldest first.
func (t *Tx) OrderEvents(ctx context.Context, orderID int64) ([]OrderEvent, error) {
	var out []OrderEvent
	err := queryEach(ctx, t, `SELECT at, actor, action, note FROM order_events WHERE order_id = ? ORDER BY id`, []any{orderID},
		func(rows *sql.Rows) error {
			var e OrderEvent
			err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Note)
			out = append(out, e)
			return err
		})
	return out, err
}

// Addendum is a record of an addition to the agreement.
type Addendum struct {
	ID, OrderID      int64
	Number, Title    string
	Forum, CreatedBy string
	CreatedAt        time.Time
	OrderNumber      string
}

// InsertAddendum records an addendum, numbered in the agreement (L1, L2...).
func (t *Tx) InsertAddendum(ctx context.Context, agreementID int64, a *Addendum) error {
	if err := t.lockSequence(ctx, "addenda.number", agreementID); err != nil {
		return err
	}
	var n int
	if err := t.QueryRowContext(ctx, `SELECT count(*) FROM addenda WHERE agreement_id = ?`, agreementID).Scan(&n); err != nil {
		return err
	}
	a.Number = fmt.Sprintf("%d", n+1)
	return t.QueryRowContext(ctx, `INSERT INTO addenda (agreement_id, order_id, number, title, forum, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, agreementID, a.OrderID, a.Number, a.Title, a.Forum, a.CreatedBy, a.CreatedAt.UTC()).Scan(&a.ID)
}

// Addenda lists an agreement's addenda.
func (t *Tx) Addenda(ctx context.Context, agreementID int64) ([]Addendum, error) {
	var out []Addendum
	err := queryEach(ctx, t, `SELECT x.id, x.order_id, x.number, x.title, x.forum, x.created_by, x.created_at, o.number
		FROM addenda x JOIN orders o ON o.id = x.order_id WHERE x.agreement_id = ? ORDER BY x.id`, []any{agreementID},
		func(rows *sql.Rows) error {
			var a Addendum
			err := rows.Scan(&a.ID, &a.OrderID, &a.Number, &a.Title, &a.Forum, &a.CreatedBy, &a.CreatedAt, &a.OrderNumber)
			out = append(out, a)
			return err
		})
	return out, err
}
