package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Monthly report versions (issue #8). A version is a draft while the
// supplier writes it, then submitted (its computed data frozen), then
// approved or disputed by the customer; a disputed one is followed by a
// new version. Versions are never deleted: the pack is kept for the
// whole agreement period.

// Report version states.
const (
	ReportDraft     = "draft"
	ReportSubmitted = "submitted"
	ReportApproved  = "approved"
	ReportDisputed  = "disputed"
)

// ReportVersion is one version of a month's report.
type ReportVersion struct {
	ID    int64  `json:"id"`
	Month string `json:"month"`
	// Party is the supplier whose part of the month's report this is
	// (issue #14); "" for the whole agreement's report.
	Party        string    `json:"party,omitempty"`
	Version      int       `json:"version"`
	Status       string    `json:"status"`
	Narrative    string    `json:"-"` // JSON object
	Data         string    `json:"-"` // JSON of the frozen pack; "" for a draft
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	SubmittedBy  string    `json:"submitted_by,omitempty"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
	DecidedBy    string    `json:"decided_by,omitempty"`
	DecidedAt    time.Time `json:"decided_at,omitzero"`
	DecisionNote string    `json:"decision_note,omitempty"`
}

const reportColumns = `id, month, party, version, status, narrative, COALESCE(data, ''), created_by, created_at, submitted_by, submitted_at,
	decided_by, decided_at, decision_note`

func scanReport(row interface{ Scan(...any) error }) (ReportVersion, error) {
	var r ReportVersion
	var sub, dec sql.NullTime
	err := row.Scan(&r.ID, &r.Month, &r.Party, &r.Version, &r.Status, &r.Narrative, &r.Data, &r.CreatedBy, &r.CreatedAt, &r.SubmittedBy, &sub,
		&r.DecidedBy, &dec, &r.DecisionNote)
	r.CreatedAt = r.CreatedAt.UTC()
	if sub.Valid {
		r.SubmittedAt = sub.Time.UTC()
	}
	if dec.Valid {
		r.DecidedAt = dec.Time.UTC()
	}
	return r, err
}

// ReportVersions lists the versions of a month's report part (party ""
// for the whole report), oldest first.
func (t *Tx) ReportVersions(ctx context.Context, agreementID int64, month, party string) ([]ReportVersion, error) {
	var out []ReportVersion
	err := queryEach(ctx, t, `SELECT `+reportColumns+` FROM monthly_reports WHERE agreement_id = ? AND month = ? AND party = ? ORDER BY version`,
		[]any{agreementID, month, party}, func(rows *sql.Rows) error {
			r, err := scanReport(rows)
			out = append(out, r)
			return err
		})
	return out, err
}

// LatestReport returns the latest version of a month's report part
// (party "" for the whole report); ErrNotFound when there is none.
func (t *Tx) LatestReport(ctx context.Context, agreementID int64, month, party string) (ReportVersion, error) {
	return t.latestReport(ctx, agreementID, month, party, "")
}

// LatestReportForUpdate is LatestReport locking the row, for a write
// transaction that changes the version.
func (t *Tx) LatestReportForUpdate(ctx context.Context, agreementID int64, month, party string) (ReportVersion, error) {
	return t.latestReport(ctx, agreementID, month, party, t.forUpdate())
}

func (t *Tx) latestReport(ctx context.Context, agreementID int64, month, party, lock string) (ReportVersion, error) {
	if lock != "" {
		// A row lock cannot hold a version that does not exist yet (the
		// month's first save); the sequence lock can. One lock per part.
		if err := t.lockSequence(ctx, "monthly_reports.version", agreementID, month+partKeyOf(party)); err != nil {
			return ReportVersion{}, err
		}
	}
	r, err := scanReport(t.QueryRowContext(ctx, `SELECT `+reportColumns+` FROM monthly_reports WHERE agreement_id = ? AND month = ?
		AND party = ? ORDER BY version DESC LIMIT 1`+lock, agreementID, month, party))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("report %s: %w", month, ErrNotFound)
	}
	return r, err
}

// CreateReportVersion adds a draft version of a month's report part
// with the given narrative.
func (t *Tx) CreateReportVersion(ctx context.Context, agreementID int64, month, party string, version int, narrative, by string) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, `INSERT INTO monthly_reports (agreement_id, month, party, version, status, narrative, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, agreementID, month, party, version, ReportDraft, narrative, by,
		time.Now().UTC().Truncate(time.Microsecond)).Scan(&id)
	return id, err
}

// SaveReportNarrative replaces a draft's narrative.
func (t *Tx) SaveReportNarrative(ctx context.Context, id int64, narrative string) error {
	_, err := t.ExecContext(ctx, `UPDATE monthly_reports SET narrative = ? WHERE id = ? AND status = ?`, narrative, id, ReportDraft)
	return err
}

// SubmitReport freezes a draft's data and marks it submitted.
func (t *Tx) SubmitReport(ctx context.Context, id int64, data, by string) error {
	_, err := t.ExecContext(ctx, `UPDATE monthly_reports SET status = ?, data = ?, submitted_by = ?, submitted_at = ? WHERE id = ? AND status = ?`,
		ReportSubmitted, data, by, time.Now().UTC().Truncate(time.Microsecond), id, ReportDraft)
	return err
}

// DecideReport records the customer's approval or dispute of a submitted
// version.
func (t *Tx) DecideReport(ctx context.Context, id int64, approve bool, by, note string) error {
	to := ReportDisputed
	if approve {
		to = ReportApproved
	}
	_, err := t.ExecContext(ctx, `UPDATE monthly_reports SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ? AND status = ?`,
		to, by, time.Now().UTC().Truncate(time.Microsecond), note, id, ReportSubmitted)
	return err
}

// ReportMonths lists the months that have a report, newest first, with
// the latest version of each part (one row per month and part).
func (s *Store) ReportMonths(ctx context.Context, slug string) ([]ReportVersion, error) {
	var out []ReportVersion
	err := s.readOne(ctx, func(tx *Tx) error {
		id, err := tx.AgreementID(ctx, slug)
		if err != nil {
			return err
		}
		return queryEach(ctx, tx, `SELECT `+reportColumns+` FROM monthly_reports r WHERE agreement_id = ?
			AND version = (SELECT MAX(version) FROM monthly_reports x WHERE x.agreement_id = r.agreement_id AND x.month = r.month
				AND x.party = r.party)
			ORDER BY month DESC, party`, []any{id}, func(rows *sql.Rows) error {
			r, err := scanReport(rows)
			out = append(out, r)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("store: report months: %w", err)
	}
	return out, nil
}

// RiskRow is an open or mitigated risk of the agreement's risk register
// (issue #6), as the monthly report lists it.
type RiskRow struct {
	Title       string `json:"title"`
	Probability int    `json:"probability"`
	Impact      int    `json:"impact"`
	Status      string `json:"status"`
	Actions     string `json:"actions,omitempty"`
	Level       string `json:"level"`
}

// OpenRisks lists the agreement's risks that are not closed, the
// highest (probability × impact) first.
func (t *Tx) OpenRisks(ctx context.Context, agreementID int64) ([]RiskRow, error) {
	var out []RiskRow
	err := queryEach(ctx, t, `SELECT title, probability, impact, status, actions, level FROM risks
		WHERE agreement_id = ? AND status <> 'closed' ORDER BY probability * impact DESC, id`, []any{agreementID}, func(rows *sql.Rows) error {
		var r RiskRow
		err := rows.Scan(&r.Title, &r.Probability, &r.Impact, &r.Status, &r.Actions, &r.Level)
		out = append(out, r)
		return err
	})
	return out, err
}

// MonthSanctions sums the agreement's sanctions of a month by status, in
// minor units: all of them, or those on party (a supplier's report part).
func (t *Tx) MonthSanctions(ctx context.Context, agreementID int64, month, party string) (map[string]int64, error) {
	out := map[string]int64{}
	q, args := `SELECT status, SUM(amount) FROM sanctions WHERE agreement_id = ? AND month = ?`, []any{agreementID, month}
	if party != "" {
		q, args = q+` AND party = ?`, append(args, party)
	}
	err := queryEach(ctx, t, q+` GROUP BY status`, args, func(rows *sql.Rows) error {
		var st string
		var n int64
		err := rows.Scan(&st, &n)
		out[st] = n
		return err
	})
	return out, err
}

// ReadTx runs fn in a read-only transaction: one consistent snapshot of
// several reads (the monthly report's sections).
func (s *Store) ReadTx(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inReadTx(ctx, fn)
}

// partKeyOf marks a report part in a lock's key ("" for the whole
// report, which keeps the key it had before parts existed).
func partKeyOf(party string) string {
	if party == "" {
		return ""
	}
	return "/" + party
}
