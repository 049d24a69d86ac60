package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ImportReject is a row of an export that was not imported.
type ImportReject struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	Reason string `json:"reason"`
}

// TicketImport describes one import for its record.
type TicketImport struct {
	Source   string // servicenow, jira, csv
	Kind     string // the --kind given, or ""
	FileName string
	SHA256   string
	Actor    string
	Rows     int
	Rejects  []ImportReject
	// Party is the supplier that imports (issue #14); "" for a buyer or
	// an administrator, who import for every supplier.
	Party string
	// OwnServices, when not nil, are the services this import may
	// change: a supplier imports only into its own services, so a ticket
	// stored under another service is refused with ErrTicketNotYours and
	// left as it is.
	OwnServices []string
}

// ErrTicketNotYours refuses a ticket that is stored under another
// supplier's service (issue #14); the importer rejects its rows.
var ErrTicketNotYours = errors.New("the ticket is stored under another supplier's service")

// ImportResult is what an import did.
type ImportResult struct {
	ID        int64 `json:"id"`
	Rows      int   `json:"rows_read"`
	Created   int   `json:"created"`
	Updated   int   `json:"updated"`
	Unchanged int   `json:"unchanged"`
	Rejected  int   `json:"rejected"`
}

// ticketSink writes an import's tickets and keeps the aggregates: the
// ticketWriter ticket by ticket (SQLite, where a statement is a function
// call), the copyWriter through COPY and a set-based merge (PostgreSQL,
// where a statement is a round trip).
type ticketSink interface {
	// put takes one ticket (copied: the caller may reuse t), counting
	// it in res when the sink knows its fate at once.
	put(t *Ticket, res *ImportResult) error
	// finish writes what is pending and the aggregates, and completes
	// res's counts.
	finish(res *ImportResult) error
	close()
}

// maxStoredRejects bounds the rejects kept with an import record; the
// import's caller has them all.
const maxStoredRejects = 1000

// ImportTickets writes tickets to agreement slug in ONE transaction with
// the import's record, its audit entry and the monthly aggregates (see
// ImportTicketStream, which it calls with the slice as the feed).
func (s *Store) ImportTickets(ctx context.Context, slug string, imp TicketImport, tickets []Ticket, progress func(done int)) (*ImportResult, error) {
	return s.ImportTicketStream(ctx, slug, &imp, func(put func(*Ticket) error) error {
		for i := range tickets {
			if err := put(&tickets[i]); err != nil {
				return err
			}
		}
		return nil
	}, progress)
}

// ImportTicketStream writes the tickets that feed hands to put to
// agreement slug in ONE transaction with the import's record, its audit
// entry and the monthly aggregates, so a killed import leaves nothing
// behind and a finished one is whole. A ticket already stored (same kind
// and number) — before this import or earlier in it — is updated when
// the incoming version is not older than the stored one (by the tool's
// update time, then its update count), and left alone otherwise: an
// overlapping or repeated file updates instead of duplicating, and a
// ticket a file names twice is created once.
//
// feed runs inside the transaction, so the import is read and written
// in one pass with bounded memory; when it returns, imp's SHA256, Rows
// and Rejects are recorded. An error from feed rolls everything back
// and is returned as it is (not wrapped as a store error).
//
// progress, when not nil, is called with the number of tickets written.
//
// On SQLite the transaction holds the write lock for the import's
// duration, reading included.
func (s *Store) ImportTicketStream(ctx context.Context, slug string, imp *TicketImport, feed func(put func(*Ticket) error) error,
	progress func(done int)) (*ImportResult, error) {
	res := &ImportResult{}
	var feedErr error
	run := s.InTx
	if s.dialect == DialectPostgres {
		run = s.inConnTx // COPY needs the driver's connection
	}
	err := run(ctx, func(tx *Tx) error {
		l, err := loadAgreement(ctx, tx, slug)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("agreement %s: %w", slug, ErrNotFound)
		} else if err != nil {
			return err
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		// The record comes first (its id marks the tickets); what only
		// the end of the file tells is filled in below.
		err = tx.QueryRowContext(ctx, `INSERT INTO ticket_imports (agreement_id, source, kind, file_name, sha256, actor,
			imported_at, rows_read, created, updated, unchanged, rejected, rejects, party)
			VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, '[]', ?) RETURNING id`,
			l.id, imp.Source, imp.Kind, imp.FileName, imp.SHA256, imp.Actor, now, imp.Party).Scan(&res.ID)
		if err != nil {
			return fmt.Errorf("record import: %w", err)
		}
		var w ticketSink
		if tx.conn != nil {
			w, err = newCopyWriter(ctx, tx, l.id, res.ID)
		} else {
			w, err = newTicketWriter(ctx, tx, l.id, res.ID)
		}
		if err != nil {
			return err
		}
		defer w.close()
		foreign, err := foreignTickets(ctx, tx, l.id, imp.OwnServices)
		if err != nil {
			return err
		}
		done := 0
		if feedErr = feed(func(t *Ticket) error {
			if foreign[t.Kind+"\x00"+t.Number] {
				return fmt.Errorf("store: import tickets: ticket %s: %w", t.Number, ErrTicketNotYours)
			}
			if err := w.put(t, res); err != nil {
				return fmt.Errorf("store: import tickets: ticket %s: %w", t.Number, err)
			}
			done++
			if progress != nil && done%5000 == 0 {
				progress(done)
			}
			return nil
		}); feedErr != nil {
			return feedErr
		}
		if err := w.finish(res); err != nil {
			return err
		}
		res.Rows, res.Rejected = imp.Rows, len(imp.Rejects)
		rejects := imp.Rejects
		if len(rejects) > maxStoredRejects {
			rejects = rejects[:maxStoredRejects]
		}
		rj, err := json.Marshal(rejects)
		if err != nil {
			return err
		}
		if rejects == nil {
			rj = []byte("[]")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE ticket_imports SET sha256 = ?, rows_read = ?, rejected = ?, rejects = ?,
			created = ?, updated = ?, unchanged = ? WHERE id = ?`,
			imp.SHA256, imp.Rows, len(imp.Rejects), string(rj), res.Created, res.Updated, res.Unchanged, res.ID); err != nil {
			return fmt.Errorf("record import: %w", err)
		}
		return tx.Audit(ctx, Entry{Actor: imp.Actor, Action: "tickets.import", ObjectType: "ticket_import",
			ObjectID: fmt.Sprint(res.ID), AgreementID: l.id, After: map[string]any{
				"source": imp.Source, "kind": imp.Kind, "file": imp.FileName, "sha256": imp.SHA256,
				"rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged, "rejected": res.Rejected}})
	})
	if feedErr != nil {
		return nil, feedErr
	}
	if err != nil {
		return nil, fmt.Errorf("store: import tickets: %w", err)
	}
	return res, nil
}

// ticketColumns are the stored columns of a ticket, in the order
// ticketArgs gives them.
const ticketColumns = `title, state, priority, priority_label, service, source_service, category, subcategory, ci,
	assignment_group, assigned_to, caller, contact_type, opened_at, responded_at, resolved_at, closed_at,
	source_updated_at, mod_count, made_sla, problem_ref, change_ref, caused_by, reopens, reassignments,
	proactive, security, paused_minutes, response_minutes, resolution_minutes, response_breached,
	resolution_breached, sla, opened_month, resolved_month`

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ticketArgs(t *Ticket) []any {
	var made any
	if t.MadeSLA != nil {
		made = b2i(*t.MadeSLA)
	}
	return []any{t.Title, t.State, t.Priority, t.PriorityLabel, t.Service, t.SourceService, t.Category, t.Subcategory, t.CI,
		t.AssignmentGroup, t.AssignedTo, t.Caller, t.ContactType, t.Opened.UTC(), nullTime(t.Responded), nullTime(t.Resolved), nullTime(t.Closed),
		nullTime(t.Updated), t.ModCount, made, t.ProblemRef, t.ChangeRef, t.CausedBy, t.Reopens, t.Reassignments,
		b2i(t.Proactive), b2i(t.Security), t.PausedMinutes, t.ResponseMinutes, t.ResolutionMinutes, b2i(t.ResponseBreached),
		b2i(t.ResolutionBreached), t.SLA, t.OpenedMonth, t.ResolvedMonth}
}

// scanTicket reads ticketColumns (after kind, number) into t.
func scanTicket(row interface{ Scan(...any) error }, t *Ticket, lead ...any) error {
	var responded, resolved, closed, updated sql.NullTime
	var made sql.NullInt64
	var proactive, security, rb, sb int
	dest := append(lead, &t.Kind, &t.Number, &t.Title, &t.State, &t.Priority, &t.PriorityLabel, &t.Service, &t.SourceService, &t.Category, &t.Subcategory, &t.CI,
		&t.AssignmentGroup, &t.AssignedTo, &t.Caller, &t.ContactType, &t.Opened, &responded, &resolved, &closed,
		&updated, &t.ModCount, &made, &t.ProblemRef, &t.ChangeRef, &t.CausedBy, &t.Reopens, &t.Reassignments,
		&proactive, &security, &t.PausedMinutes, &t.ResponseMinutes, &t.ResolutionMinutes, &rb,
		&sb, &t.SLA, &t.OpenedMonth, &t.ResolvedMonth)
	if err := row.Scan(dest...); err != nil {
		return err
	}
	t.Opened = t.Opened.UTC()
	tm := func(n sql.NullTime) time.Time {
		if !n.Valid {
			return time.Time{}
		}
		return n.Time.UTC()
	}
	t.Responded, t.Resolved, t.Closed, t.Updated = tm(responded), tm(resolved), tm(closed), tm(updated)
	t.MadeSLA = nil
	if made.Valid {
		b := made.Int64 == 1
		t.MadeSLA = &b
	}
	t.Proactive, t.Security, t.ResponseBreached, t.ResolutionBreached = proactive == 1, security == 1, rb == 1, sb == 1
	return nil
}

// foreignTickets are the keys (kind NUL number) of the tickets stored
// under services other than own, read once before a supplier's import
// (issue #14); nil when own is nil (the import may change any ticket).
func foreignTickets(ctx context.Context, tx *Tx, agreementID int64, own []string) (map[string]bool, error) {
	if own == nil {
		return nil, nil
	}
	out := map[string]bool{}
	err := queryEach(ctx, tx, `SELECT kind, number, service FROM tickets WHERE agreement_id = ?`, []any{agreementID},
		func(rows *sql.Rows) error {
			var kind, number, service string
			if err := rows.Scan(&kind, &number, &service); err != nil {
				return err
			}
			if !slices.Contains(own, service) {
				out[kind+"\x00"+number] = true
			}
			return nil
		})
	return out, err
}
