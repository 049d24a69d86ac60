package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Records for public bodies (issue 21): secrecy markings of single agenda
// items and materials, published minutes and legal holds. internal/records
// writes them.

// SecrecyMark marks one agenda item or material secret: it is shown to
// the public only by its public title.
type SecrecyMark struct {
	ID          int64
	AgreementID int64
	// ObjectType is "agenda_item" or "material"; ObjectID the item's id,
	// or MEETING/NAME for a material (every version of it).
	ObjectType, ObjectID string
	MeetingID            int64
	PublicTitle          string
	SecrecyBasis         string
	SecrecyYears         int
	MarkedBy             string
	MarkedAt             time.Time
}

// MarkSecret stores a marking, replacing the object's earlier one.
func (t *Tx) MarkSecret(ctx context.Context, m *SecrecyMark) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM record_secrecy WHERE object_type = ? AND object_id = ?`, m.ObjectType, m.ObjectID); err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO record_secrecy (agreement_id, object_type, object_id, meeting_id, public_title,
		secrecy_basis, secrecy_years, marked_by, marked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		m.AgreementID, m.ObjectType, m.ObjectID, m.MeetingID, m.PublicTitle, m.SecrecyBasis, m.SecrecyYears, m.MarkedBy, m.MarkedAt.UTC()).Scan(&m.ID)
}

// ClearSecret removes an object's marking; it reports whether there was one.
func (t *Tx) ClearSecret(ctx context.Context, agreementID int64, objectType, objectID string) (bool, error) {
	res, err := t.ExecContext(ctx, `DELETE FROM record_secrecy WHERE agreement_id = ? AND object_type = ? AND object_id = ?`, agreementID, objectType, objectID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SecrecyMarks reads the markings of a meeting's items and materials.
func (t *Tx) SecrecyMarks(ctx context.Context, meetingID int64) ([]SecrecyMark, error) {
	var out []SecrecyMark
	err := queryEach(ctx, t, `SELECT id, agreement_id, object_type, object_id, meeting_id, public_title, secrecy_basis, secrecy_years,
		marked_by, marked_at FROM record_secrecy WHERE meeting_id = ? ORDER BY id`, []any{meetingID}, func(rows *sql.Rows) error {
		var m SecrecyMark
		err := rows.Scan(&m.ID, &m.AgreementID, &m.ObjectType, &m.ObjectID, &m.MeetingID, &m.PublicTitle, &m.SecrecyBasis, &m.SecrecyYears,
			&m.MarkedBy, &m.MarkedAt)
		out = append(out, m)
		return err
	})
	return out, err
}

// Publication is a meeting's minutes published at the public URLs.
type Publication struct {
	ID          int64
	AgreementID int64
	Forum       string
	MeetingID   int64
	MinutesID   int64
	PublishedBy string
	PublishedAt time.Time
}

// InsertPublication publishes a meeting's minutes; a meeting is
// published once (the caller checks PublicationOf first; UNIQUE holds).
func (t *Tx) InsertPublication(ctx context.Context, p *Publication) error {
	return t.QueryRowContext(ctx, `INSERT INTO published_minutes (agreement_id, forum, meeting_id, minutes_id, published_by, published_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, p.AgreementID, p.Forum, p.MeetingID, p.MinutesID, p.PublishedBy, p.PublishedAt.UTC()).Scan(&p.ID)
}

// DeletePublication withdraws a meeting's published minutes.
func (t *Tx) DeletePublication(ctx context.Context, agreementID, meetingID int64) (bool, error) {
	res, err := t.ExecContext(ctx, `DELETE FROM published_minutes WHERE agreement_id = ? AND meeting_id = ?`, agreementID, meetingID)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

const pubColumns = `p.id, p.agreement_id, p.forum, p.meeting_id, p.minutes_id, p.published_by, p.published_at`

func scanPublication(row interface{ Scan(...any) error }) (Publication, error) {
	var p Publication
	err := row.Scan(&p.ID, &p.AgreementID, &p.Forum, &p.MeetingID, &p.MinutesID, &p.PublishedBy, &p.PublishedAt)
	return p, err
}

// Publications lists an agreement's published minutes of one forum (all
// forums for ""), newest first.
func (t *Tx) Publications(ctx context.Context, agreementID int64, forum string) ([]Publication, error) {
	q := `SELECT ` + pubColumns + ` FROM published_minutes p WHERE p.agreement_id = ?`
	args := []any{agreementID}
	if forum != "" {
		q += ` AND p.forum = ?`
		args = append(args, forum)
	}
	var out []Publication
	err := queryEach(ctx, t, q+` ORDER BY p.published_at DESC, p.id DESC`, args, func(rows *sql.Rows) error {
		p, err := scanPublication(rows)
		out = append(out, p)
		return err
	})
	return out, err
}

// PublicationOf reads a meeting's publication; ErrNotFound when its
// minutes are not published.
func (t *Tx) PublicationOf(ctx context.Context, agreementID, meetingID int64) (Publication, error) {
	p, err := scanPublication(t.QueryRowContext(ctx, `SELECT `+pubColumns+` FROM published_minutes p WHERE p.agreement_id = ? AND p.meeting_id = ?`,
		agreementID, meetingID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("publication: %w", ErrNotFound)
	}
	return p, err
}

// MinutesByID reads one minutes version by its id.
func (t *Tx) MinutesByID(ctx context.Context, meetingID, id int64) (string, error) {
	var body string
	err := t.QueryRowContext(ctx, `SELECT body FROM minutes WHERE meeting_id = ? AND id = ?`, meetingID, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("minutes: %w", ErrNotFound)
	}
	return body, err
}

// LegalHold stops the disposal of an agreement's records of one type
// (or all, for "") until it is released.
type LegalHold struct {
	ID          int64
	AgreementID int64
	RecordType  string
	Reason      string
	PlacedBy    string
	PlacedAt    time.Time
	ReleasedBy  string
	ReleasedAt  *time.Time
}

// InsertHold places a legal hold.
func (t *Tx) InsertHold(ctx context.Context, h *LegalHold) error {
	return t.QueryRowContext(ctx, `INSERT INTO legal_holds (agreement_id, record_type, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		h.AgreementID, h.RecordType, h.Reason, h.PlacedBy, h.PlacedAt.UTC()).Scan(&h.ID)
}

// ReleaseHold releases a hold; ErrNotFound when there is no such active hold.
func (t *Tx) ReleaseHold(ctx context.Context, agreementID, id int64, by string, at time.Time) error {
	res, err := t.ExecContext(ctx, `UPDATE legal_holds SET released_by = ?, released_at = ? WHERE id = ? AND agreement_id = ? AND released_at IS NULL`,
		by, at.UTC(), id, agreementID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("legal hold %d: %w", id, ErrNotFound)
	}
	return nil
}

// Holds lists an agreement's legal holds, active first.
func (t *Tx) Holds(ctx context.Context, agreementID int64) ([]LegalHold, error) {
	var out []LegalHold
	err := queryEach(ctx, t, `SELECT id, agreement_id, record_type, reason, placed_by, placed_at, released_by, released_at FROM legal_holds
		WHERE agreement_id = ? ORDER BY (released_at IS NOT NULL), id`, []any{agreementID}, func(rows *sql.Rows) error {
		var h LegalHold
		var rel sql.NullTime
		err := rows.Scan(&h.ID, &h.AgreementID, &h.RecordType, &h.Reason, &h.PlacedBy, &h.PlacedAt, &h.ReleasedBy, &rel)
		if rel.Valid {
			at := rel.Time
			h.ReleasedAt = &at
		}
		out = append(out, h)
		return err
	})
	return out, err
}

// Seal reads a meeting's sealed minutes in the export's snapshot;
// ErrNotFound when they are not sealed (issue 19's checked and signed
// minutes).
func (r *Records) Seal(ctx context.Context, meetingID int64) (*MinutesSeal, error) {
	return r.tx.MinutesSeal(ctx, meetingID)
}

// Signatures reads the signatures of a meeting's minutes in the
// export's snapshot.
func (r *Records) Signatures(ctx context.Context, meetingID int64) ([]MinutesSignature, error) {
	return r.tx.Signatures(ctx, meetingID)
}
