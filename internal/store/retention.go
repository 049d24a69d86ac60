package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Retention (issue 21): the records of an agreement whose retention has
// run out, and their disposal. Each record type is a table whose rows
// are its records, dated by a column (or by their meeting's start).

// retentionSpec says where a record type's records are and how they are
// dated and named. date is an expression of a time; from the FROM/WHERE
// with one ? for the agreement.
type retentionSpec struct {
	table, from, date, title string
}

var retentionSpecs = map[string]retentionSpec{
	"agenda":             {"agenda_items", "agenda_items x JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ?", "m.starts_at", "x.title"},
	"material":           {"materials", "materials x JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ?", "m.starts_at", "x.name"},
	"minutes":            {"minutes", "minutes x JOIN meetings m ON m.id = x.meeting_id WHERE m.agreement_id = ?", "m.starts_at", "m.title"},
	"decision":           {"decisions", "decisions x WHERE x.agreement_id = ?", "x.opened_at", "x.title"},
	"complaint":          {"complaints", "complaints x WHERE x.agreement_id = ?", "x.created_at", "x.title"},
	"complaint-response": {"complaint_responses", "complaint_responses x JOIN complaints c ON c.id = x.complaint_id WHERE c.agreement_id = ?", "c.created_at", "c.title"},
	"sanction":           {"sanctions", "sanctions x WHERE x.agreement_id = ?", "x.created_at", "x.month"},
	"monthly-report":     {"monthly_reports", "monthly_reports x WHERE x.agreement_id = ?", "x.created_at", "x.month"},
	"order":              {"orders", "orders x WHERE x.agreement_id = ?", "x.created_at", "x.title"},
	"invoice-basis":      {"invoice_bases", "invoice_bases x WHERE x.agreement_id = ?", "x.issued_at", "x.month"},
	"incident-report":    {"incidents", "incidents x WHERE x.agreement_id = ?", "x.created_at", "x.title"},
}

// RetentionTypes lists the record types that can run out of retention
// (the model itself, while the agreement lives, cannot).
func RetentionTypes() []string {
	out := make([]string, 0, len(retentionSpecs))
	for t := range retentionSpecs {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// ExpiredRecord is one record whose retention ran out.
type ExpiredRecord struct {
	Type  string
	ID    int64
	Title string
	Date  time.Time
}

// ExpiredRecords lists the records of type typ dated before cutoff.
func (t *Tx) ExpiredRecords(ctx context.Context, agreementID int64, typ string, cutoff time.Time) ([]ExpiredRecord, error) {
	sp, ok := retentionSpecs[typ]
	if !ok {
		return nil, fmt.Errorf("retention: no record type %q", typ)
	}
	var out []ExpiredRecord
	q := `SELECT x.id, ` + sp.title + `, ` + sp.date + ` FROM ` + sp.from + ` AND ` + sp.date + ` < ? ORDER BY ` + sp.date + `, x.id`
	err := queryEach(ctx, t, q, []any{agreementID, cutoff.UTC()}, func(rows *sql.Rows) error {
		r := ExpiredRecord{Type: typ}
		var title sql.NullString
		err := rows.Scan(&r.ID, &title, &r.Date)
		r.Title = title.String
		out = append(out, r)
		return err
	})
	return out, err
}

// DisposeRecord deletes one record (its details go with it by the
// schema's cascades) and returns the SHA-256 digest of its row as JSON,
// for the audit entry that keeps what was removed without keeping it.
// Another record that still refers to it makes the delete fail.
func (t *Tx) DisposeRecord(ctx context.Context, agreementID int64, typ string, id int64) (string, error) {
	sp, ok := retentionSpecs[typ]
	if !ok {
		return "", fmt.Errorf("retention: no record type %q", typ)
	}
	rows, err := t.QueryContext(ctx, `SELECT x.* FROM `+sp.from+` AND x.id = ?`, agreementID, id)
	if err != nil {
		return "", err
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		return "", err
	}
	row := map[string]any{}
	found := false
	for rows.Next() {
		found = true
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return "", err
		}
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				sum := sha256.Sum256(b)
				vals[i] = "sha256:" + hex.EncodeToString(sum[:]) // file contents: their digest
			}
			row[c] = vals[i]
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return "", err
	}
	if !found {
		return "", fmt.Errorf("%s %d: %w", typ, id, ErrNotFound)
	}
	b, err := json.Marshal(row) // map keys sort: the digest is stable
	if err != nil {
		return "", err
	}
	if _, err := t.ExecContext(ctx, `DELETE FROM `+sp.table+` WHERE id = ?`, id); err != nil {
		return "", fmt.Errorf("%s %d: other records still refer to it: %w", typ, id, err)
	}
	if typ == "agenda" { // its secrecy marking goes with it
		if _, err := t.ExecContext(ctx, `DELETE FROM record_secrecy WHERE object_type = 'agenda_item' AND object_id = ?`, fmt.Sprint(id)); err != nil {
			return "", err
		}
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}
