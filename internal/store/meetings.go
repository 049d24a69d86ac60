package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// Meetings are written by internal/meeting, which checks permissions and
// rules; these functions only read and write rows, inside the caller's
// transaction so that a state change, its audit entry and its
// notifications commit together.

// ids resolves an agreement and forum slug to row ids.
func (t *Tx) ids(ctx context.Context, agreement, forum string) (agreementID, forumID int64, err error) {
	err = t.QueryRowContext(ctx, `SELECT a.id, f.id FROM agreements a JOIN forums f ON f.agreement_id = a.id
		WHERE a.slug = ? AND f.slug = ?`, agreement, forum).Scan(&agreementID, &forumID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, fmt.Errorf("forum %s/%s: %w", agreement, forum, ErrNotFound)
	}
	return agreementID, forumID, err
}

// AgreementID returns an agreement's row id.
//
// An agreement's id never changes (agreements are not deleted), so ids
// read from committed data are cached per Store: most pages then need no
// statement for it.
func (t *Tx) AgreementID(ctx context.Context, slug string) (int64, error) {
	if id, ok := t.agreementIDs.get(slug); ok {
		return id, nil
	}
	var id int64
	err := t.QueryRowContext(ctx, `SELECT id FROM agreements WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("agreement %s: %w", slug, ErrNotFound)
	}
	if err == nil && t.readOnly {
		t.agreementIDs.put(slug, id)
	}
	return id, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// InsertMeeting stores a new meeting and sets its ID.
func (t *Tx) InsertMeeting(ctx context.Context, m *gov.Meeting) error {
	aid, fid, err := t.ids(ctx, m.Agreement, m.Forum)
	if err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO meetings (agreement_id, forum_id, kind, state, title, location, starts_at, ends_at,
		local_date, materials_due, proposals_due, minutes_due, ical_uid, ical_sequence, cancel_reason, created_by, created_at, updated_at,
		online_url, plan_date, organiser_name, organiser_email)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		aid, fid, m.Kind, m.State, m.Title, m.Location, m.Start.UTC(), m.End.UTC(), m.LocalDate, m.MaterialsDue,
		nullString(m.ProposalsDue), nullString(m.MinutesDue), m.ICalUID, m.ICalSequence, m.CancelReason, m.CreatedBy,
		m.CreatedAt.UTC(), m.UpdatedAt.UTC(), m.OnlineURL, nullString(m.PlanDate), m.OrganiserName, m.OrganiserEmail).Scan(&m.ID)
}

// UpdateMeeting writes a meeting's changeable fields back.
func (t *Tx) UpdateMeeting(ctx context.Context, m *gov.Meeting) error {
	_, err := t.ExecContext(ctx, `UPDATE meetings SET state = ?, title = ?, location = ?, starts_at = ?, ends_at = ?, local_date = ?,
		materials_due = ?, proposals_due = ?, minutes_due = ?, ical_sequence = ?, cancel_reason = ?, updated_at = ?,
		online_url = ?, plan_date = ?, organiser_name = ?, organiser_email = ? WHERE id = ?`,
		m.State, m.Title, m.Location, m.Start.UTC(), m.End.UTC(), m.LocalDate, m.MaterialsDue, nullString(m.ProposalsDue),
		nullString(m.MinutesDue), m.ICalSequence, m.CancelReason, m.UpdatedAt.UTC(), m.OnlineURL, nullString(m.PlanDate), m.OrganiserName, m.OrganiserEmail, m.ID)
	return err
}

const meetingColumns = `m.id, a.slug, f.slug, m.kind, m.state, m.title, m.location, m.starts_at, m.ends_at, m.local_date,
	m.materials_due, COALESCE(m.proposals_due, ''), COALESCE(m.minutes_due, ''), m.ical_uid, m.ical_sequence, m.cancel_reason,
	m.created_by, m.created_at, m.updated_at, m.online_url, COALESCE(m.plan_date, ''),
	m.organiser_name, m.organiser_email`

const meetingFrom = ` FROM meetings m JOIN agreements a ON a.id = m.agreement_id JOIN forums f ON f.id = m.forum_id `

func scanMeeting(row interface{ Scan(...any) error }) (*gov.Meeting, error) {
	var m gov.Meeting
	err := row.Scan(&m.ID, &m.Agreement, &m.Forum, &m.Kind, &m.State, &m.Title, &m.Location, &m.Start, &m.End, &m.LocalDate,
		&m.MaterialsDue, &m.ProposalsDue, &m.MinutesDue, &m.ICalUID, &m.ICalSequence, &m.CancelReason, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt,
		&m.OnlineURL, &m.PlanDate, &m.OrganiserName, &m.OrganiserEmail)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("meeting: %w", ErrNotFound)
	}
	return &m, err
}

// Meeting loads a meeting of the agreement. A meeting of another
// agreement is ErrNotFound, so ids cannot cross tenants. With lock, the
// row is locked for the rest of the transaction.
func (t *Tx) Meeting(ctx context.Context, agreement string, id int64, lock bool) (*gov.Meeting, error) {
	q := `SELECT ` + meetingColumns + meetingFrom + `WHERE a.slug = ? AND m.id = ?`
	if lock {
		// DIALECT: FOR UPDATE OF the meeting row only (PostgreSQL); SQLite
		// already holds the write lock.
		if t.dialect == DialectPostgres {
			q += " FOR UPDATE OF m"
		}
	}
	return scanMeeting(t.QueryRowContext(ctx, q, agreement, id))
}

// MeetingFilter narrows a list of meetings.
type MeetingFilter struct {
	Forum    string
	From, To time.Time // starts_at in [From, To); zero means open
	States   []gov.MeetingState
	Limit    int
}

// Meetings lists an agreement's meetings by start time.
func (t *Tx) Meetings(ctx context.Context, agreement string, f MeetingFilter) ([]gov.Meeting, error) {
	q := `SELECT ` + meetingColumns + meetingFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	if f.Forum != "" {
		q += ` AND f.slug = ?`
		args = append(args, f.Forum)
	}
	if !f.From.IsZero() {
		q += ` AND m.starts_at >= ?`
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		q += ` AND m.starts_at < ?`
		args = append(args, f.To.UTC())
	}
	if len(f.States) > 0 {
		q += ` AND m.state IN (?` + repeat(",?", len(f.States)-1) + `)`
		for _, s := range f.States {
			args = append(args, s)
		}
	}
	q += ` ORDER BY m.starts_at, m.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	var out []gov.Meeting
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		m, err := scanMeeting(rows)
		if err == nil {
			out = append(out, *m)
		}
		return err
	})
	return out, err
}

func repeat(s string, n int) string {
	out := ""
	for i := 0; i < n; i++ {
		out += s
	}
	return out
}

// MeetingOn finds a forum's meeting by its local date, or by the plan's
// date of a meeting moved since, if any, so that a planned meeting is
// created once however often the plan is applied.
func (t *Tx) MeetingOn(ctx context.Context, agreement, forum, date string) (*gov.Meeting, error) {
	return scanMeeting(t.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+
		`WHERE a.slug = ? AND f.slug = ? AND (m.local_date = ? OR m.plan_date = ?) AND m.state <> 'cancelled' ORDER BY m.id LIMIT 1`,
		agreement, forum, date, date))
}

// PreviousMeeting is the forum's last meeting that started before before
// and was not cancelled.
func (t *Tx) PreviousMeeting(ctx context.Context, agreement, forum string, before time.Time) (*gov.Meeting, error) {
	return scanMeeting(t.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+
		`WHERE a.slug = ? AND f.slug = ? AND m.starts_at < ? AND m.state <> 'cancelled' ORDER BY m.starts_at DESC, m.id DESC LIMIT 1`,
		agreement, forum, before.UTC()))
}

// NextMeeting is the forum's first meeting that starts after after and
// was not cancelled.
func (t *Tx) NextMeeting(ctx context.Context, agreement, forum string, after time.Time) (*gov.Meeting, error) {
	return scanMeeting(t.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+
		`WHERE a.slug = ? AND f.slug = ? AND m.starts_at > ? AND m.state <> 'cancelled' ORDER BY m.starts_at, m.id LIMIT 1`,
		agreement, forum, after.UTC()))
}

// ReadMeetings runs fn in a read-only transaction, for pages and lists.
func (s *Store) ReadMeetings(ctx context.Context, fn func(tx *Tx) error) error {
	return s.inReadTx(ctx, fn)
}
