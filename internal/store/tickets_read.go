package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// MonthRow is one ticket_months row: a month's counts for one kind,
// service and priority.
type MonthRow struct {
	Month    string `json:"month"`
	Kind     string `json:"kind"`
	Service  string `json:"service"`
	Priority int    `json:"priority"`
	// Counts by name (monthColumns).
	Counts map[string]int `json:"counts"`
}

// N returns the count named name.
func (r MonthRow) N(name string) int { return r.Counts[name] }

// agreementID finds agreement slug's id, ErrNotFound when there is none.
func agreementID(ctx context.Context, tx *Tx, slug string) (int64, error) {
	return tx.AgreementID(ctx, slug)
}

// TicketMonths reads the aggregates of months from..to (YYYY-MM,
// inclusive): an index range of the aggregate table, whatever the number
// of tickets.
func (s *Store) TicketMonths(ctx context.Context, slug, from, to string) ([]MonthRow, error) {
	var out []MonthRow
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		q := `SELECT month, kind, service, priority, ` + strings.Join(monthColumns, ", ") + ` FROM ticket_months
			WHERE agreement_id = ? AND month >= ? AND month <= ? ORDER BY month, kind, service, priority`
		return queryEach(ctx, tx, q, []any{id, from, to}, func(rows *sql.Rows) error {
			var r MonthRow
			c := make([]int, nCounts)
			dest := []any{&r.Month, &r.Kind, &r.Service, &r.Priority}
			for i := range c {
				dest = append(dest, &c[i])
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			r.Counts = make(map[string]int, nCounts)
			for i, n := range monthColumns {
				r.Counts[n] = c[i]
			}
			out = append(out, r)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: ticket months: %w", err)
	}
	return out, nil
}

// CategoryCount is how many tickets of a kind opened in a category.
type CategoryCount struct {
	Kind     string `json:"kind"`
	Category string `json:"category"`
	Opened   int    `json:"opened"`
}

// TopCategories lists the month's most frequent categories per kind,
// at most limit per kind, from the aggregate table.
func (s *Store) TopCategories(ctx context.Context, slug, month string, limit int) ([]CategoryCount, error) {
	var out []CategoryCount
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		per := map[string]int{}
		return queryEach(ctx, tx, `SELECT kind, category, opened FROM ticket_month_categories
			WHERE agreement_id = ? AND month = ? AND opened > 0 ORDER BY kind, opened DESC, category`, []any{id, month}, func(rows *sql.Rows) error {
			var c CategoryCount
			if err := rows.Scan(&c.Kind, &c.Category, &c.Opened); err != nil {
				return err
			}
			if per[c.Kind] < limit {
				out = append(out, c)
			}
			per[c.Kind]++
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: top categories: %w", err)
	}
	return out, nil
}

// TicketRow is a stored ticket with its id, and its exclusion if any.
type TicketRow struct {
	ID int64 `json:"id"`
	Ticket
	Exclusion *Exclusion `json:"exclusion,omitempty"`
}

// Exclusion is a breach proposed as not attributable to the supplier.
type Exclusion struct {
	ID            int64     `json:"id"`
	TicketID      int64     `json:"ticket_id"`
	Status        string    `json:"status"` // proposed, accepted, rejected
	Reason        string    `json:"reason"`
	ProposedBy    string    `json:"proposed_by"`
	ProposedParty string    `json:"proposed_party,omitempty"`
	ProposedAt    time.Time `json:"proposed_at"`
	DecidedBy     string    `json:"decided_by,omitempty"`
	DecidedAt     time.Time `json:"decided_at,omitzero"`
	DecisionNote  string    `json:"decision_note,omitempty"`
}

// Exclusion states.
const (
	ExclusionProposed = "proposed"
	ExclusionAccepted = "accepted"
	ExclusionRejected = "rejected"
)

const ticketSelect = `SELECT t.id, t.kind, t.number, ` + "t." + `title, t.state, t.priority, t.priority_label, t.service, t.source_service, t.category,
	t.subcategory, t.ci, t.assignment_group, t.assigned_to, t.caller, t.contact_type, t.opened_at, t.responded_at, t.resolved_at,
	t.closed_at, t.source_updated_at, t.mod_count, t.made_sla, t.problem_ref, t.change_ref, t.caused_by, t.reopens, t.reassignments,
	t.proactive, t.security, t.paused_minutes, t.response_minutes, t.resolution_minutes, t.response_breached,
	t.resolution_breached, t.sla, t.opened_month, t.resolved_month,
	e.id, e.status, e.reason, e.proposed_by, e.proposed_party, e.proposed_at, e.decided_by, e.decided_at, e.decision_note
	FROM tickets t LEFT JOIN sla_exclusions e ON e.ticket_id = t.id`

// ticketQuery runs a ticketSelect query with where (after WHERE).
func ticketQuery(ctx context.Context, tx *Tx, where string, args []any) ([]TicketRow, error) {
	var out []TicketRow
	err := queryEach(ctx, tx, ticketSelect+` WHERE `+where, args, func(rows *sql.Rows) error {
		var r TicketRow
		var eid sql.NullInt64
		var status, reason, by, party, dby, note sql.NullString
		var at, dat sql.NullTime
		if err := scanTicket(scanWith(rows, &eid, &status, &reason, &by, &party, &at, &dby, &dat, &note), &r.Ticket, &r.ID); err != nil {
			return err
		}
		if eid.Valid {
			r.Exclusion = &Exclusion{ID: eid.Int64, TicketID: r.ID, Status: status.String, Reason: reason.String, ProposedBy: by.String,
				ProposedParty: party.String, ProposedAt: at.Time.UTC(), DecidedBy: dby.String, DecisionNote: note.String}
			if dat.Valid {
				r.Exclusion.DecidedAt = dat.Time.UTC()
			}
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// scanWith appends trailing destinations to a Scan.
type scanTail struct {
	rows interface{ Scan(...any) error }
	tail []any
}

func scanWith(rows interface{ Scan(...any) error }, tail ...any) scanTail {
	return scanTail{rows, tail}
}
func (s scanTail) Scan(dest ...any) error { return s.rows.Scan(append(dest, s.tail...)...) }

// Breaches lists the month's breached tickets (steerco's measure, by
// month of resolution) with their exclusions, by service, priority and
// number; at most limit (0 = all). It reads the month's breaches through
// an index, not the agreement's tickets.
func (s *Store) Breaches(ctx context.Context, slug, month string, limit int) ([]TicketRow, error) {
	var out []TicketRow
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		q := `t.agreement_id = ? AND t.resolved_month = ? AND t.sla = ? ORDER BY t.service, t.priority, t.number`
		if limit > 0 {
			q += fmt.Sprintf(" LIMIT %d", limit)
		}
		out, err = ticketQuery(ctx, tx, q, []any{id, month, SLABreached})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: breaches: %w", err)
	}
	return out, nil
}

// HighPriorityOpened lists the month's incidents of priority 1 and 2 by
// priority and opening time, at most limit: one index walk per priority.
func (s *Store) HighPriorityOpened(ctx context.Context, slug, month string, limit int) ([]TicketRow, error) {
	var out []TicketRow
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		for _, p := range []int{1, 2} {
			if len(out) >= limit {
				break
			}
			rows, err := ticketQuery(ctx, tx, fmt.Sprintf(`t.agreement_id = ? AND t.kind = ? AND t.opened_month = ? AND t.priority = ?
				ORDER BY t.opened_at LIMIT %d`, limit-len(out)), []any{id, KindIncident, month, p})
			if err != nil {
				return err
			}
			out = append(out, rows...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: high-priority tickets: %w", err)
	}
	return out, nil
}

// TicketByID reads one ticket of agreement slug; ErrNotFound for a ticket
// of another agreement.
func (s *Store) TicketByID(ctx context.Context, slug string, ticketID int64) (*TicketRow, error) {
	var out []TicketRow
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		out, err = ticketQuery(ctx, tx, `t.agreement_id = ? AND t.id = ?`, []any{id, ticketID})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: ticket: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("ticket %d: %w", ticketID, ErrNotFound)
	}
	return &out[0], nil
}

// ExcludedCount is the accepted exclusions of breaches in one month,
// service and priority.
type ExcludedCount struct {
	Month    string `json:"month"`
	Service  string `json:"service"`
	Priority int    `json:"priority"`
	Excluded int    `json:"excluded"`
}

// AcceptedExclusions counts the accepted exclusions of breaches resolved
// in months from..to: it reads the exclusions, few by nature, and their
// tickets by key.
func (s *Store) AcceptedExclusions(ctx context.Context, slug, from, to string) ([]ExcludedCount, error) {
	var out []ExcludedCount
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		return queryEach(ctx, tx, `SELECT t.resolved_month, t.service, t.priority, COUNT(*) FROM sla_exclusions e
			JOIN tickets t ON t.id = e.ticket_id
			WHERE e.agreement_id = ? AND e.status = ? AND t.sla = ? AND t.resolved_month >= ? AND t.resolved_month <= ?
			GROUP BY t.resolved_month, t.service, t.priority ORDER BY 1, 2, 3`, []any{id, ExclusionAccepted, SLABreached, from, to},
			func(rows *sql.Rows) error {
				var c ExcludedCount
				if err := rows.Scan(&c.Month, &c.Service, &c.Priority, &c.Excluded); err != nil {
					return err
				}
				out = append(out, c)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("store: exclusions: %w", err)
	}
	return out, nil
}

// ImportRecord is a past import as listed.
type ImportRecord struct {
	ImportResult
	Source   string `json:"source"`
	Kind     string `json:"kind,omitempty"`
	FileName string `json:"file_name"`
	SHA256   string `json:"sha256"`
	Actor    string `json:"actor"`
	// Party is the supplier that imported; "" for a buyer or an
	// administrator (issue #14).
	Party   string         `json:"party,omitempty"`
	At      time.Time      `json:"imported_at"`
	Rejects []ImportReject `json:"rejects,omitempty"`
}

// TicketImports lists agreement slug's imports, newest first, at most
// limit; with rejects when withRejects.
func (s *Store) TicketImports(ctx context.Context, slug string, limit int, withRejects bool) ([]ImportRecord, error) {
	var out []ImportRecord
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := agreementID(ctx, tx, slug)
		if err != nil {
			return err
		}
		return queryEach(ctx, tx, fmt.Sprintf(`SELECT id, source, kind, file_name, sha256, actor, party, imported_at, rows_read, created, updated,
			unchanged, rejected, rejects FROM ticket_imports WHERE agreement_id = ? ORDER BY id DESC LIMIT %d`, limit), []any{id},
			func(rows *sql.Rows) error {
				var r ImportRecord
				var rj string
				if err := rows.Scan(&r.ID, &r.Source, &r.Kind, &r.FileName, &r.SHA256, &r.Actor, &r.Party, &r.At, &r.Rows, &r.Created,
					&r.Updated, &r.Unchanged, &r.Rejected, &rj); err != nil {
					return err
				}
				r.At = r.At.UTC()
				if withRejects {
					if err := json.Unmarshal([]byte(rj), &r.Rejects); err != nil {
						return fmt.Errorf("import %d rejects: %w", r.ID, err)
					}
				}
				out = append(out, r)
				return nil
			})
	})
	if err != nil {
		return nil, fmt.Errorf("store: imports: %w", err)
	}
	return out, nil
}
