package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// The records of the past, read back: an object's audit history for the
// UI, and an agreement's rows, table by table, for its data export.

// AuditEntry is an audit log entry as read back.
type AuditEntry struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	Actor       string          `json:"actor"`
	Action      string          `json:"action"`
	ObjectType  string          `json:"object_type"`
	ObjectID    string          `json:"object_id"`
	AgreementID int64           `json:"agreement_id,omitempty"`
	Before      json.RawMessage `json:"before,omitempty"`
	After       json.RawMessage `json:"after,omitempty"`
	// Redacted is set when an erasure replaced the person's texts in
	// the actor, before or after.
	Redacted bool `json:"redacted,omitempty"`
}

func (r *auditRecord) entry() AuditEntry {
	e := AuditEntry{ID: r.ID, At: r.At, Actor: r.Actor, Action: r.Action, ObjectType: r.ObjectType, ObjectID: r.ObjectID,
		AgreementID: r.AgreementID.Int64, Redacted: r.RedactedAt.Valid}
	raw := func(v sql.NullString) json.RawMessage {
		if !v.Valid {
			return nil
		}
		if !json.Valid([]byte(v.String)) {
			// Written by steerco as JSON; should it not be, it is still
			// shown, as a string.
			b, _ := json.Marshal(v.String)
			return b
		}
		return json.RawMessage(v.String)
	}
	e.Before, e.After = raw(r.Before), raw(r.After)
	return e
}

// ObjectHistory lists the audit entries about one object, oldest first.
// agreementID limits them to one agreement (an object whose id is its
// slug, such as a person, is only unique inside its agreement); 0 takes
// entries of any agreement or none (meetings, whose ids are global).
func (s *Store) ObjectHistory(ctx context.Context, agreementID int64, objectType, objectID string) ([]AuditEntry, error) {
	q := auditSelect + ` WHERE l.object_type = ? AND l.object_id = ?`
	args := []any{objectType, objectID}
	if agreementID != 0 {
		q += ` AND l.agreement_id = ?`
		args = append(args, agreementID)
	}
	var out []AuditEntry
	err := s.inReadTx(ctx, func(tx *Tx) error {
		return queryEach(ctx, tx, q+` ORDER BY l.id`, args, func(rows *sql.Rows) error {
			var r auditRecord
			if err := r.scan(rows); err != nil {
				return err
			}
			out = append(out, r.entry())
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: history of %s %s: %w", objectType, objectID, err)
	}
	return out, nil
}

// ColumnKind says how a column's values read and are written out.
type ColumnKind int

// The column kinds of the exported tables.
const (
	ColText ColumnKind = iota
	ColInt
	ColFloat
	ColBool
	ColTime
	// ColJSON is text holding JSON (rules, titles, audit before/after).
	ColJSON
)

// RecordColumn is one exported column.
type RecordColumn struct {
	Name string
	Kind ColumnKind
	// expr reads the column when it is not the table's own.
	expr string
}

// RecordTable is one table of an agreement's data export: its rows that
// belong to the agreement. Its columns are read from the schema when the
// export runs, so a column added later is exported without a change here.
type RecordTable struct {
	Name    string
	Columns []RecordColumn
	// scope is the FROM and WHERE clause selecting the agreement's rows
	// of table x, with one ? per use of the agreement's id; order is the
	// ORDER BY.
	scope, order string
	uses         int
	// omit are columns left out; extra are computed ones added.
	omit  []string
	extra []RecordColumn
}

// viaMeeting scopes a table by its meeting.
func viaMeeting(table string) string {
	return table + " x JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ?"
}

// recordTables are the tables of an agreement's export, in an order that
// reads top-down (the model, then meetings and what hangs on them). KEEP
// IN STEP with the migrations: TestExportCoversEveryTable (internal/export)
// fails for a table that is neither here nor in OutsideAgreements.
//
// Left out on purpose: material file contents (exported as files), the
// outbox's message bodies and calendar attachments (the export has the
// messages' metadata; the texts went to people, who have them), and
// secrets (hashes of survey tokens).
var recordTables = []RecordTable{
	{Name: "agreements", scope: "agreements x WHERE x.id = ?", order: "x.id"},
	{Name: "levels", scope: "levels x WHERE x.agreement_id = ?", order: "x.rank, x.id"},
	{Name: "parties", scope: "parties x WHERE x.agreement_id = ?", order: "x.position, x.id"},
	{Name: "party_attributes", scope: "party_attributes x JOIN parties p ON p.id = x.party_id WHERE p.agreement_id = ?", order: "x.party_id, x.position, x.id"},
	{Name: "people", scope: "people x WHERE x.agreement_id = ?", order: "x.position, x.id"},
	{Name: "forums", scope: "forums x WHERE x.agreement_id = ?", order: "x.position, x.id"},
	{Name: "memberships", scope: "memberships x JOIN forums f ON f.id = x.forum_id WHERE f.agreement_id = ?", order: "x.position, x.id"},
	{Name: "meetings", scope: "meetings x WHERE x.agreement_id = ?", order: "x.starts_at, x.id"},
	{Name: "agenda_items", scope: viaMeeting("agenda_items"), order: "x.meeting_id, x.position, x.id"},
	{Name: "materials", scope: viaMeeting("materials"), order: "x.meeting_id, x.name, x.version", omit: []string{"data"}},
	{Name: "attendance", scope: viaMeeting("attendance"), order: "x.meeting_id, x.person_name"},
	{Name: "minutes", scope: viaMeeting("minutes"), order: "x.meeting_id, x.version"},
	{Name: "action_items", scope: "action_items x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "action_item_events", scope: "action_item_events x JOIN action_items ai ON ai.id = x.action_item_id WHERE ai.agreement_id = ?", order: "x.action_item_id, x.id"},
	{Name: "matters", scope: "matters x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "matter_events", scope: "matter_events x JOIN matters mt ON mt.id = x.matter_id WHERE mt.agreement_id = ?", order: "x.matter_id, x.id"},
	{Name: "matter_steps", scope: "matter_steps x JOIN matters mt ON mt.id = x.matter_id WHERE mt.agreement_id = ?", order: "x.matter_id, x.id"},
	{Name: "matter_links", scope: "matter_links x JOIN matters mt ON mt.id = x.matter_id WHERE mt.agreement_id = ?", order: "x.matter_id, x.id"},
	{Name: "decisions", scope: "decisions x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "votes", scope: "votes x JOIN decisions dc ON dc.id = x.decision_id WHERE dc.agreement_id = ?", order: "x.decision_id, x.id"},
	{Name: "outbox", scope: "outbox x WHERE x.agreement_id = ?", order: "x.id", omit: []string{"body", "ics", "claimed_until"}},
	{Name: "survey_rounds", scope: viaMeeting("survey_rounds"), order: "x.meeting_id"},
	{Name: "survey_invitations", scope: viaMeeting("survey_invitations"), order: "x.meeting_id, x.id", omit: []string{"token_hash"}},
	{Name: "survey_responses", scope: viaMeeting("survey_responses"), order: "x.meeting_id, x.id"},
	{Name: "survey_answers", scope: "survey_answers x JOIN survey_responses r ON r.id = x.response_id JOIN meetings m ON m.id = r.meeting_id WHERE m.agreement_id = ?",
		order: "x.response_id, x.position"},
	// The agreement's entries, and those about its meetings and action
	// items, which name the object but not always the agreement.
	{Name: "audit_log", scope: `audit_log x LEFT JOIN audit_digests d ON d.entry_id = x.id
			WHERE x.agreement_id = ?
			OR (x.object_type = 'meeting' AND x.object_id IN (SELECT CAST(id AS TEXT) FROM meetings WHERE agreement_id = ?))
			OR (x.object_type = 'action_item' AND x.object_id IN (SELECT CAST(id AS TEXT) FROM action_items WHERE agreement_id = ?))`,
		uses: 3, order: "x.id", extra: []RecordColumn{{Name: "redacted", Kind: ColBool, expr: "d.redacted_at IS NOT NULL"}}},
	// Issue #8: imported tickets, their monthly aggregates, breach
	// exclusions and the monthly report versions.
	{Name: "ticket_imports", scope: "ticket_imports x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "tickets", scope: "tickets x WHERE x.agreement_id = ?", order: "x.kind, x.number"},
	{Name: "ticket_months", scope: "ticket_months x WHERE x.agreement_id = ?", order: "x.month, x.kind, x.service, x.priority"},
	{Name: "ticket_month_categories", scope: "ticket_month_categories x WHERE x.agreement_id = ?", order: "x.month, x.kind, x.category"},
	{Name: "sla_exclusions", scope: "sla_exclusions x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "monthly_reports", scope: "monthly_reports x WHERE x.agreement_id = ?", order: "x.month, x.version"},
	// #6: complaints, sanctions, incidents, deficiencies and risks.
	{Name: "complaints", scope: "complaints x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "complaint_attachments", scope: "complaint_attachments x JOIN complaints c ON c.id = x.complaint_id WHERE c.agreement_id = ?", order: "x.complaint_id, x.id", omit: []string{"data"}},
	{Name: "complaint_responses", scope: "complaint_responses x JOIN complaints c ON c.id = x.complaint_id WHERE c.agreement_id = ?", order: "x.complaint_id, x.version"},
	{Name: "complaint_events", scope: "complaint_events x JOIN complaints c ON c.id = x.complaint_id WHERE c.agreement_id = ?", order: "x.complaint_id, x.id"},
	{Name: "sanctions", scope: "sanctions x WHERE x.agreement_id = ?", order: "x.month, x.id"},
	{Name: "incidents", scope: "incidents x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "incident_events", scope: "incident_events x JOIN incidents i ON i.id = x.incident_id WHERE i.agreement_id = ?", order: "x.incident_id, x.at, x.id"},
	{Name: "deficiencies", scope: "deficiencies x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "risks", scope: "risks x WHERE x.agreement_id = ?", order: "x.id"},
	// Orders, time entries and invoice bases (issue 7).
	{Name: "ordering_contacts", scope: "ordering_contacts x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "orders", scope: "orders x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "order_changes", scope: "order_changes x JOIN orders o ON o.id = x.order_id WHERE o.agreement_id = ?", order: "x.order_id, x.id"},
	{Name: "order_events", scope: "order_events x JOIN orders o ON o.id = x.order_id WHERE o.agreement_id = ?", order: "x.order_id, x.id"},
	{Name: "addenda", scope: "addenda x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "time_entries", scope: "time_entries x WHERE x.agreement_id = ?", order: "x.day, x.id"},
	{Name: "invoice_bases", scope: "invoice_bases x WHERE x.agreement_id = ?", order: "x.month, x.supplier"},
	// Records for public bodies (issue 21): secret items' public titles,
	// published minutes, legal holds.
	{Name: "record_secrecy", scope: "record_secrecy x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "published_minutes", scope: "published_minutes x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "legal_holds", scope: "legal_holds x WHERE x.agreement_id = ?", order: "x.id"},
	// Which organisation each party is (issue 14).
	{Name: "party_organisations", scope: "party_organisations x WHERE x.agreement_id = ?", order: "x.party_slug"},
	// Meetings as people run them (issue 19): invitees' answers, the
	// minutes' checkers, signatures and seals (the sealed PDFs are files
	// of the export, like materials).
	{Name: "meeting_answers", scope: viaMeeting("meeting_answers"), order: "x.meeting_id, x.person"},
	{Name: "minutes_checkers", scope: viaMeeting("minutes_checkers"), order: "x.meeting_id, x.person"},
	{Name: "minutes_signatures", scope: viaMeeting("minutes_signatures"), order: "x.meeting_id, x.version, x.person"},
	{Name: "minutes_seals", scope: viaMeeting("minutes_seals"), order: "x.meeting_id", omit: []string{"pdf"}},
	// Model changes and invitations (issue 15); the invitations' link
	// secrets stay out.
	{Name: "model_proposals", scope: "model_proposals x WHERE x.agreement_id = ?", order: "x.id"},
	{Name: "invitations", scope: "invitations x WHERE x.agreement_id = ?", order: "x.id", omit: []string{"token_hash"}},
	// The duty ledger (issue 16): duties, their evidence and its files'
	// metadata (the contents, like complaint attachments', are left out).
	{Name: "duties", scope: "duties x WHERE x.agreement_id = ?", order: "x.due, x.id"},
	{Name: "duty_evidence", scope: "duty_evidence x JOIN duties d ON d.id = x.duty_id WHERE d.agreement_id = ?", order: "x.duty_id, x.version"},
	{Name: "duty_files", scope: "duty_files x JOIN duty_evidence e ON e.id = x.evidence_id JOIN duties d ON d.id = e.duty_id WHERE d.agreement_id = ?",
		order: "x.evidence_id, x.id", omit: []string{"data"}},
}

// OutsideAgreements are the tables whose rows belong to no agreement
// (accounts, sessions, job claims, bookkeeping), are exported through
// another (audit_digests: audit_log's redacted column) or are derived
// from others (the search index). A table in neither this list nor
// RecordTableNames() is a gap in the export.
var OutsideAgreements = []string{"users", "sessions", "login_failures", "api_tokens", "calendar_feeds", "job_runs",
	"audit_head", "audit_digests", "goose_db_version", "search_docs", "search_fts",
	"organisations",      // issue 14: an organisation takes part in many agreements
	"duty_digest_optout", // issue 16: a person's choice, across agreements
	"password_resets",    // issue 15: an account's, not an agreement's
	"ready_probe",        // issue 17: /readyz's write check
	"idempotency_keys",   // issue 17: replayed API answers, per account
}

// RecordTableNames lists the tables of an agreement's export, in export
// order.
func RecordTableNames() []string {
	out := make([]string, len(recordTables))
	for i, t := range recordTables {
		out[i] = t.Name
	}
	return out
}

// jsonNames are text columns that hold JSON in SQLite, which has no JSON
// type to tell them by.
var jsonNames = map[string]bool{"rules": true, "titles": true, "changes": true, "before_json": true, "after_json": true}

// tableColumns reads a table's columns and their kinds from the schema,
// leaving out binary ones (file contents, search vectors).
//
// DIALECT: SQLite declares types loosely (pragma table_info); PostgreSQL
// names them in information_schema.
func tableColumns(ctx context.Context, tx *Tx, table string) ([]RecordColumn, error) {
	var out []RecordColumn
	add := func(name, typ string) {
		typ = strings.ToLower(typ)
		c := RecordColumn{Name: name}
		switch {
		case strings.Contains(typ, "blob"), typ == "bytea", typ == "tsvector":
			return
		case strings.Contains(typ, "int"):
			c.Kind = ColInt
		case strings.Contains(typ, "bool"):
			c.Kind = ColBool
		case strings.Contains(typ, "timestamp"), strings.Contains(typ, "datetime"):
			c.Kind = ColTime
		case strings.Contains(typ, "double"), strings.Contains(typ, "real"), strings.Contains(typ, "float"), strings.Contains(typ, "numeric"):
			c.Kind = ColFloat
		case strings.Contains(typ, "json"), jsonNames[name]:
			c.Kind = ColJSON
		}
		out = append(out, c)
	}
	q := `SELECT name, type FROM pragma_table_info(?) ORDER BY cid`
	if tx.dialect == DialectPostgres {
		q = `SELECT column_name, data_type FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	err := queryEach(ctx, tx, q, []any{table}, func(rows *sql.Rows) error {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return err
		}
		add(name, typ)
		return nil
	})
	if err == nil && len(out) == 0 {
		err = fmt.Errorf("table %s: no columns: is it in the schema?", table)
	}
	return out, err
}

// Records is one consistent read of an agreement's records for its
// export: every method reads the same snapshot.
type Records struct {
	tx     *Tx
	id     int64
	tables []RecordTable
	// Model is the agreement's governance model.
	Model *gov.Agreement
}

// ReadRecords runs fn with a read of agreement slug's records in one
// read-only transaction. A missing agreement gives ErrNotFound.
//
// On SQLite the transaction holds the only connection until fn returns:
// write the export to a local file, not to a slow network client.
func (s *Store) ReadRecords(ctx context.Context, slug string, fn func(r *Records) error) error {
	return s.inReadTx(ctx, func(tx *Tx) error {
		l, err := loadAgreement(ctx, tx, slug)
		if errors.Is(err, ErrNotFound) {
			return fmt.Errorf("agreement %s: %w", slug, ErrNotFound)
		} else if err != nil {
			return err
		}
		r := &Records{tx: tx, id: l.id, Model: l.model}
		for _, t := range recordTables {
			all, err := tableColumns(ctx, tx, t.Name)
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			for _, c := range all {
				if !slices.Contains(t.omit, c.Name) {
					t.Columns = append(t.Columns, c)
				}
			}
			t.Columns = append(t.Columns, t.extra...)
			r.tables = append(r.tables, t)
		}
		return fn(r)
	})
}

// Tables lists the exported tables with their columns, in export order.
func (r *Records) Tables() []RecordTable { return r.tables }

// Rows calls fn with each row of table t that belongs to the agreement,
// one value per column: nil for NULL, else a string, int64, float64, bool
// or time.Time (UTC), or for JSON its text as json.RawMessage.
func (r *Records) Rows(ctx context.Context, t RecordTable, fn func(values []any) error) error {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = "x." + quoteIdent(c.Name)
		switch {
		case c.expr != "":
			names[i] = c.expr
		case c.Kind == ColJSON && r.tx.dialect == DialectPostgres:
			names[i] += "::text" // JSONB reads back as its text
		}
	}
	uses := max(t.uses, 1)
	args := make([]any, uses)
	for i := range args {
		args[i] = r.id
	}
	q := `SELECT ` + strings.Join(names, ", ") + ` FROM ` + t.scope + ` ORDER BY ` + t.order
	return queryEach(ctx, r.tx, q, args, func(rows *sql.Rows) error {
		dest := make([]any, len(t.Columns))
		for i, c := range t.Columns {
			switch c.Kind {
			case ColInt:
				dest[i] = new(sql.NullInt64)
			case ColFloat:
				dest[i] = new(sql.NullFloat64)
			case ColBool:
				dest[i] = new(sql.NullBool)
			case ColTime:
				dest[i] = new(sql.NullTime)
			default:
				dest[i] = new(sql.NullString)
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("export %s: %w", t.Name, err)
		}
		values := make([]any, len(dest))
		for i, d := range dest {
			switch v := d.(type) {
			case *sql.NullInt64:
				values[i] = nullable(v.Int64, v.Valid)
			case *sql.NullFloat64:
				values[i] = nullable(v.Float64, v.Valid)
			case *sql.NullBool:
				values[i] = nullable(v.Bool, v.Valid)
			case *sql.NullTime:
				values[i] = nullable(v.Time.UTC(), v.Valid)
			case *sql.NullString:
				switch {
				case !v.Valid:
				case t.Columns[i].Kind == ColJSON && json.Valid([]byte(v.String)):
					values[i] = json.RawMessage(v.String)
				default:
					values[i] = v.String
				}
			}
		}
		return fn(values)
	})
}

// SealedMinutes calls fn with every sealed (checked and signed) minutes
// PDF of the agreement: the record, as issue 19 makes it.
func (r *Records) SealedMinutes(ctx context.Context, fn func(meetingID int64, version int, pdf []byte) error) error {
	type seal struct {
		meeting int64
		version int
	}
	var list []seal
	err := queryEach(ctx, r.tx, `SELECT x.meeting_id, x.version FROM minutes_seals x
		JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ? ORDER BY x.meeting_id`, []any{r.id}, func(rows *sql.Rows) error {
		var s seal
		err := rows.Scan(&s.meeting, &s.version)
		list = append(list, s)
		return err
	})
	if err != nil {
		return err
	}
	for _, s := range list {
		var pdf []byte
		if err := r.tx.QueryRowContext(ctx, `SELECT pdf FROM minutes_seals WHERE meeting_id = ?`, s.meeting).Scan(&pdf); err != nil {
			return fmt.Errorf("export sealed minutes of meeting %d: %w", s.meeting, err)
		}
		if err := fn(s.meeting, s.version, pdf); err != nil {
			return err
		}
	}
	return nil
}

// Materials calls fn with each material file of the agreement's
// meetings, every version, one at a time, so that only one file is in
// memory.
func (r *Records) Materials(ctx context.Context, fn func(m gov.Material, data []byte) error) error {
	var list []gov.Material
	err := queryEach(ctx, r.tx, `SELECT x.id, x.meeting_id, x.name, x.version, x.content_type, x.size, x.sha256 FROM materials x
		JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ? ORDER BY x.id`, []any{r.id}, func(rows *sql.Rows) error {
		var m gov.Material
		err := rows.Scan(&m.ID, &m.MeetingID, &m.Name, &m.Version, &m.ContentType, &m.Size, &m.SHA256)
		list = append(list, m)
		return err
	})
	if err != nil {
		return err
	}
	for _, m := range list {
		var data []byte
		if err := r.tx.QueryRowContext(ctx, `SELECT data FROM materials WHERE id = ?`, m.ID).Scan(&data); err != nil {
			return fmt.Errorf("export material %d: %w", m.ID, err)
		}
		if err := fn(m, data); err != nil {
			return err
		}
	}
	return nil
}
