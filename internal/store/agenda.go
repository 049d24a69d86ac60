package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// InsertItem adds an agenda item at the end of the agenda and sets its ID
// and position.
func (t *Tx) InsertItem(ctx context.Context, it *gov.AgendaItem) error {
	if err := t.lockSequence(ctx, "agenda_items.position", it.MeetingID); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM agenda_items WHERE meeting_id = ?`, it.MeetingID).Scan(&it.Position); err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO agenda_items (meeting_id, position, type, title, description, presenter, duration_min,
		status, source, proposed_by, decline_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		it.MeetingID, it.Position, it.Type, it.Title, it.Description, it.Presenter, it.Minutes, it.Status, it.Source,
		it.ProposedBy, it.DeclineReason, time.Now().UTC()).Scan(&it.ID)
}

// UpdateItem writes an item's changeable fields.
func (t *Tx) UpdateItem(ctx context.Context, it *gov.AgendaItem) error {
	_, err := t.ExecContext(ctx, `UPDATE agenda_items SET position = ?, type = ?, title = ?, description = ?, presenter = ?,
		duration_min = ?, status = ?, decline_reason = ? WHERE id = ? AND meeting_id = ?`,
		it.Position, it.Type, it.Title, it.Description, it.Presenter, it.Minutes, it.Status, it.DeclineReason, it.ID, it.MeetingID)
	return err
}

// DeleteItem removes an agenda item.
func (t *Tx) DeleteItem(ctx context.Context, meetingID, itemID int64) error {
	_, err := t.ExecContext(ctx, `DELETE FROM agenda_items WHERE id = ? AND meeting_id = ?`, itemID, meetingID)
	return err
}

const itemColumns = `id, meeting_id, position, type, title, description, presenter, duration_min, status, source, proposed_by, decline_reason`

func scanItem(row interface{ Scan(...any) error }) (*gov.AgendaItem, error) {
	var it gov.AgendaItem
	err := row.Scan(&it.ID, &it.MeetingID, &it.Position, &it.Type, &it.Title, &it.Description, &it.Presenter, &it.Minutes,
		&it.Status, &it.Source, &it.ProposedBy, &it.DeclineReason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("agenda item: %w", ErrNotFound)
	}
	return &it, err
}

// Item loads one item of a meeting.
func (t *Tx) Item(ctx context.Context, meetingID, itemID int64) (*gov.AgendaItem, error) {
	return scanItem(t.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM agenda_items WHERE meeting_id = ? AND id = ?`, meetingID, itemID))
}

// Items lists a meeting's agenda in order, proposals and declined ones
// included.
func (t *Tx) Items(ctx context.Context, meetingID int64) ([]gov.AgendaItem, error) {
	var out []gov.AgendaItem
	err := queryEach(ctx, t, `SELECT `+itemColumns+` FROM agenda_items WHERE meeting_id = ? ORDER BY position, id`, []any{meetingID},
		func(rows *sql.Rows) error {
			it, err := scanItem(rows)
			if err == nil {
				out = append(out, *it)
			}
			return err
		})
	return out, err
}

// SetAttendance replaces a meeting's attendance record.
func (t *Tx) SetAttendance(ctx context.Context, meetingID int64, agreement string, as []gov.Attendee) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM attendance WHERE meeting_id = ?`, meetingID); err != nil {
		return err
	}
	for _, a := range as {
		var pid any
		if a.Person != "" {
			var id int64
			err := t.QueryRowContext(ctx, `SELECT p.id FROM people p JOIN agreements ag ON ag.id = p.agreement_id WHERE ag.slug = ? AND p.slug = ?`,
				agreement, a.Person).Scan(&id)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if err == nil {
				pid = id
			}
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO attendance (meeting_id, person_id, person_name, party, role, present) VALUES (?, ?, ?, ?, ?, ?)`,
			meetingID, pid, a.Name, a.Party, a.Role, a.Present); err != nil {
			return err
		}
	}
	return nil
}

// Attendance lists who was invited or present, and in which role.
func (t *Tx) Attendance(ctx context.Context, meetingID int64) ([]gov.Attendee, error) {
	var out []gov.Attendee
	err := queryEach(ctx, t, `SELECT COALESCE(p.slug, ''), at.person_name, at.party, at.role, at.present FROM attendance at
		LEFT JOIN people p ON p.id = at.person_id WHERE at.meeting_id = ? ORDER BY at.person_name`, []any{meetingID},
		func(rows *sql.Rows) error {
			var a gov.Attendee
			err := rows.Scan(&a.Person, &a.Name, &a.Party, &a.Role, &a.Present)
			out = append(out, a)
			return err
		})
	return out, err
}
