package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// InsertMinutes stores a new version of a meeting's minutes.
func (t *Tx) InsertMinutes(ctx context.Context, m *gov.Minutes) error {
	if err := t.lockSequence(ctx, "minutes.version", m.MeetingID); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM minutes WHERE meeting_id = ?`, m.MeetingID).Scan(&m.Version); err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO minutes (meeting_id, version, body, state, written_by, written_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		m.MeetingID, m.Version, m.Body, m.Status, m.WrittenBy, m.WrittenAt.UTC()).Scan(&m.ID)
}

// UpdateMinutes writes a version's body and status fields. Approved
// minutes are refused here as a last line of defence: they never change.
func (t *Tx) UpdateMinutes(ctx context.Context, m *gov.Minutes) error {
	res, err := t.ExecContext(ctx, `UPDATE minutes SET body = ?, state = ?, written_by = ?, written_at = ?, submitted_at = ?,
		approved_by = ?, approved_at = ?, return_comment = ? WHERE id = ? AND state <> 'approved'`,
		m.Body, m.Status, m.WrittenBy, m.WrittenAt.UTC(), utcPtr(m.SubmittedAt), m.ApprovedBy, utcPtr(m.ApprovedAt), m.ReturnComment, m.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("minutes %d are approved and cannot change", m.ID)
	}
	return nil
}

func utcPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

const minutesColumns = `id, meeting_id, version, body, state, written_by, written_at, submitted_at, approved_by, approved_at, return_comment`

func scanMinutes(row interface{ Scan(...any) error }) (*gov.Minutes, error) {
	var m gov.Minutes
	var sub, app sql.NullTime
	err := row.Scan(&m.ID, &m.MeetingID, &m.Version, &m.Body, &m.Status, &m.WrittenBy, &m.WrittenAt, &sub, &m.ApprovedBy, &app, &m.ReturnComment)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("minutes: %w", ErrNotFound)
	}
	if sub.Valid {
		m.SubmittedAt = &sub.Time
	}
	if app.Valid {
		m.ApprovedAt = &app.Time
	}
	return &m, err
}

// LatestMinutes is the newest version of a meeting's minutes.
func (t *Tx) LatestMinutes(ctx context.Context, meetingID int64) (*gov.Minutes, error) {
	return scanMinutes(t.QueryRowContext(ctx, `SELECT `+minutesColumns+` FROM minutes WHERE meeting_id = ? ORDER BY version DESC LIMIT 1`, meetingID))
}

// MinutesVersions lists every version, oldest first.
func (t *Tx) MinutesVersions(ctx context.Context, meetingID int64) ([]gov.Minutes, error) {
	var out []gov.Minutes
	err := queryEach(ctx, t, `SELECT `+minutesColumns+` FROM minutes WHERE meeting_id = ? ORDER BY version`, []any{meetingID},
		func(rows *sql.Rows) error {
			m, err := scanMinutes(rows)
			if err == nil {
				out = append(out, *m)
			}
			return err
		})
	return out, err
}

// InsertMaterial stores a file as the next version of its name.
func (t *Tx) InsertMaterial(ctx context.Context, m *gov.Material, data []byte) error {
	if err := t.lockSequence(ctx, "materials.version", m.MeetingID, m.Name); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM materials WHERE meeting_id = ? AND name = ?`, m.MeetingID, m.Name).Scan(&m.Version); err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	m.SHA256, m.Size = hex.EncodeToString(sum[:]), int64(len(data))
	var item any
	if m.ItemID != 0 {
		item = m.ItemID
	}
	return t.QueryRowContext(ctx, `INSERT INTO materials (meeting_id, agenda_item_id, name, version, content_type, size, sha256, data, late, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.MeetingID, item, m.Name, m.Version, m.ContentType, m.Size, m.SHA256,
		data, m.Late, m.UploadedBy, m.UploadedAt.UTC()).Scan(&m.ID)
}

// Materials lists a meeting's files, every version, without their data.
func (t *Tx) Materials(ctx context.Context, meetingID int64) ([]gov.Material, error) {
	var out []gov.Material
	err := queryEach(ctx, t, `SELECT id, meeting_id, COALESCE(agenda_item_id, 0), name, version, content_type, size, sha256, late, uploaded_by, uploaded_at
		FROM materials WHERE meeting_id = ? ORDER BY name, version`, []any{meetingID}, func(rows *sql.Rows) error {
		var m gov.Material
		err := rows.Scan(&m.ID, &m.MeetingID, &m.ItemID, &m.Name, &m.Version, &m.ContentType, &m.Size, &m.SHA256, &m.Late, &m.UploadedBy, &m.UploadedAt)
		out = append(out, m)
		return err
	})
	return out, err
}

// MaterialData returns one file's bytes and record.
func (t *Tx) MaterialData(ctx context.Context, meetingID, id int64) (*gov.Material, []byte, error) {
	var m gov.Material
	var data []byte
	err := t.QueryRowContext(ctx, `SELECT id, meeting_id, COALESCE(agenda_item_id, 0), name, version, content_type, size, sha256, late, uploaded_by, uploaded_at, data
		FROM materials WHERE meeting_id = ? AND id = ?`, meetingID, id).Scan(&m.ID, &m.MeetingID, &m.ItemID, &m.Name, &m.Version,
		&m.ContentType, &m.Size, &m.SHA256, &m.Late, &m.UploadedBy, &m.UploadedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("material: %w", ErrNotFound)
	}
	return &m, data, err
}

// inIDs is "(?,?,…)" for n ids and the ids as arguments.
func inIDs(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return "(?" + repeat(",?", len(ids)-1) + ")", args
}

// MaterialsOf is Materials for several meetings in one statement, by
// meeting (a list of meetings needs no query per meeting).
func (t *Tx) MaterialsOf(ctx context.Context, meetingIDs []int64) (map[int64][]gov.Material, error) {
	out := map[int64][]gov.Material{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	in, args := inIDs(meetingIDs)
	err := queryEach(ctx, t, `SELECT id, meeting_id, COALESCE(agenda_item_id, 0), name, version, content_type, size, sha256, late, uploaded_by, uploaded_at
		FROM materials WHERE meeting_id IN `+in+` ORDER BY meeting_id, name, version`, args, func(rows *sql.Rows) error {
		var m gov.Material
		err := rows.Scan(&m.ID, &m.MeetingID, &m.ItemID, &m.Name, &m.Version, &m.ContentType, &m.Size, &m.SHA256, &m.Late, &m.UploadedBy, &m.UploadedAt)
		out[m.MeetingID] = append(out[m.MeetingID], m)
		return err
	})
	return out, err
}

// MinutesVersionsOf is MinutesVersions for several meetings in one
// statement, by meeting.
func (t *Tx) MinutesVersionsOf(ctx context.Context, meetingIDs []int64) (map[int64][]gov.Minutes, error) {
	out := map[int64][]gov.Minutes{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	in, args := inIDs(meetingIDs)
	err := queryEach(ctx, t, `SELECT `+minutesColumns+` FROM minutes WHERE meeting_id IN `+in+` ORDER BY meeting_id, version`, args,
		func(rows *sql.Rows) error {
			m, err := scanMinutes(rows)
			if err == nil {
				out[m.MeetingID] = append(out[m.MeetingID], *m)
			}
			return err
		})
	return out, err
}
