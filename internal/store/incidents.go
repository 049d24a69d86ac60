package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Incident reports are written by internal/incident, which checks who may
// report and edit them and queues the notifications; these functions only
// read and write rows inside the caller's transaction.

// Incident is an incident report as stored.
type Incident struct {
	ID          int64
	Agreement   string
	AgreementID int64
	// Party is the supplier (or provider) whose service it is.
	Party    string
	Severity string
	Title    string
	// OccurredAt is when the incident began.
	OccurredAt            time.Time
	Impact, Cause, Action string
	Status                string
	// ReportMonth is the month of the service report it belongs to
	// ("YYYY-MM"); MatterID the matter that follows it up (0: none).
	ReportMonth string
	MatterID    int64
	ReportedBy  string
	// Notify is "immediately" or "promptly"; NotifiedAt when the
	// notification was queued.
	Notify     string
	NotifiedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// IncidentEvent is one entry of an incident's timeline.
type IncidentEvent struct {
	ID         int64
	IncidentID int64
	At         time.Time
	Note       string
	Actor      string
}

// IncidentFilter narrows the incident register; zero fields match all.
type IncidentFilter struct {
	Party, Severity, Status, Month string
}

// InsertIncident stores a new incident report and sets its ID.
func (t *Tx) InsertIncident(ctx context.Context, i *Incident) error {
	return t.QueryRowContext(ctx, `INSERT INTO incidents (agreement_id, party, severity, title, occurred_at, impact, cause, actions,
		status, report_month, matter_id, reported_by, notify, notified_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		i.AgreementID, i.Party, i.Severity, i.Title, i.OccurredAt.UTC(), i.Impact, i.Cause, i.Action, i.Status, i.ReportMonth,
		zeroNil(i.MatterID), i.ReportedBy, i.Notify, utcOrNil(i.NotifiedAt), i.CreatedAt.UTC(), i.UpdatedAt.UTC()).Scan(&i.ID)
}

// UpdateIncident writes an incident report's changeable fields back.
func (t *Tx) UpdateIncident(ctx context.Context, i *Incident) error {
	_, err := t.ExecContext(ctx, `UPDATE incidents SET severity = ?, title = ?, occurred_at = ?, impact = ?, cause = ?, actions = ?,
		status = ?, report_month = ?, matter_id = ?, notify = ?, notified_at = ?, updated_at = ? WHERE id = ? AND agreement_id = ?`,
		i.Severity, i.Title, i.OccurredAt.UTC(), i.Impact, i.Cause, i.Action, i.Status, i.ReportMonth, zeroNil(i.MatterID), i.Notify,
		utcOrNil(i.NotifiedAt), i.UpdatedAt.UTC(), i.ID, i.AgreementID)
	return err
}

const incidentColumns = `i.id, a.slug, i.agreement_id, i.party, i.severity, i.title, i.occurred_at, i.impact, i.cause, i.actions,
	i.status, i.report_month, COALESCE(i.matter_id, 0), i.reported_by, i.notify, i.notified_at, i.created_at, i.updated_at`

const incidentFrom = ` FROM incidents i JOIN agreements a ON a.id = i.agreement_id `

func scanIncident(row interface{ Scan(...any) error }) (*Incident, error) {
	var i Incident
	var notified sql.NullTime
	err := row.Scan(&i.ID, &i.Agreement, &i.AgreementID, &i.Party, &i.Severity, &i.Title, &i.OccurredAt, &i.Impact, &i.Cause, &i.Action,
		&i.Status, &i.ReportMonth, &i.MatterID, &i.ReportedBy, &i.Notify, &notified, &i.CreatedAt, &i.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("incident: %w", ErrNotFound)
	}
	if notified.Valid {
		at := notified.Time
		i.NotifiedAt = &at
	}
	return &i, err
}

// Incident reads one incident report of an agreement; lock it to change it.
func (t *Tx) Incident(ctx context.Context, agreement string, id int64, lock bool) (*Incident, error) {
	q := `SELECT ` + incidentColumns + incidentFrom + `WHERE a.slug = ? AND i.id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanIncident(t.QueryRowContext(ctx, q, agreement, id))
}

// Incidents lists an agreement's incident reports, latest first.
func (t *Tx) Incidents(ctx context.Context, agreement string, f IncidentFilter) ([]Incident, error) {
	q := `SELECT ` + incidentColumns + incidentFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	for _, c := range []struct{ cond, v string }{{"i.party = ?", f.Party}, {"i.severity = ?", f.Severity},
		{"i.status = ?", f.Status}, {"i.report_month = ?", f.Month}} {
		if c.v != "" {
			q += ` AND ` + c.cond
			args = append(args, c.v)
		}
	}
	var out []Incident
	err := queryEach(ctx, t, q+` ORDER BY i.occurred_at DESC, i.id DESC`, args, func(rows *sql.Rows) error {
		i, err := scanIncident(rows)
		if err == nil {
			out = append(out, *i)
		}
		return err
	})
	return out, err
}

// InsertIncidentEvent adds an entry to an incident's timeline.
func (t *Tx) InsertIncidentEvent(ctx context.Context, e *IncidentEvent) error {
	return t.QueryRowContext(ctx, `INSERT INTO incident_events (incident_id, at, note, actor) VALUES (?, ?, ?, ?) RETURNING id`,
		e.IncidentID, e.At.UTC(), e.Note, e.Actor).Scan(&e.ID)
}

// IncidentEvents lists an incident's timeline in time order.
func (t *Tx) IncidentEvents(ctx context.Context, incidentID int64) ([]IncidentEvent, error) {
	var out []IncidentEvent
	err := queryEach(ctx, t, `SELECT id, incident_id, at, note, actor FROM incident_events WHERE incident_id = ? ORDER BY at, id`,
		[]any{incidentID}, func(rows *sql.Rows) error {
			var e IncidentEvent
			err := rows.Scan(&e.ID, &e.IncidentID, &e.At, &e.Note, &e.Actor)
			out = append(out, e)
			return err
		})
	return out, err
}
