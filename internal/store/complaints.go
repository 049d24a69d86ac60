package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Complaints are written by internal/complaint, which checks permissions,
// deadlines and the response's sections; these functions only read and
// write rows inside the caller's transaction.

// Complaint is a formal complaint as stored.
type Complaint struct {
	ID          int64
	Agreement   string
	AgreementID int64
	// Supplier is the party slug the complaint is against.
	Supplier   string
	Title      string
	Body       string
	Status     string
	FiledBy    string
	FiledParty string
	// ReceivedOn, AckDue and RespondDue are dates ("YYYY-MM-DD") in the
	// agreement's country and time zone.
	ReceivedOn, AckDue, RespondDue string
	AcknowledgedAt                 *time.Time
	AcknowledgedBy                 string
	// Cause is "", "supplier" or "outside"; CauseNote says why.
	Cause, CauseNote string
	MatterID         int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// ComplaintResponse is one written response to a complaint.
type ComplaintResponse struct {
	ID            int64
	ComplaintID   int64
	Version       int
	Sections      []string
	SubmittedBy   string
	SubmittedAt   time.Time
	Late          bool
	Outcome       string
	OutcomeReason string
	DecidedBy     string
	DecidedAt     *time.Time
}

// ComplaintAttachment is a file filed with a complaint (Data only when
// read for download).
type ComplaintAttachment struct {
	ID          int64
	ComplaintID int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UploadedBy  string
	UploadedAt  time.Time
}

// ComplaintEvent is one step of a complaint's history.
type ComplaintEvent struct {
	ID          int64
	ComplaintID int64
	At          time.Time
	Actor       string
	Action      string
	Note        string
}

// InsertComplaint stores a new complaint and sets its ID.
func (t *Tx) InsertComplaint(ctx context.Context, c *Complaint) error {
	return t.QueryRowContext(ctx, `INSERT INTO complaints (agreement_id, supplier, title, body, status, filed_by, filed_party,
		received_on, ack_due, respond_due, cause, cause_note, matter_id, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.AgreementID, c.Supplier, c.Title, c.Body, c.Status, c.FiledBy, c.FiledParty, c.ReceivedOn, c.AckDue, c.RespondDue,
		c.Cause, c.CauseNote, zeroNil(c.MatterID), c.CreatedAt.UTC(), c.UpdatedAt.UTC()).Scan(&c.ID)
}

// UpdateComplaint writes a complaint's changeable fields back.
func (t *Tx) UpdateComplaint(ctx context.Context, c *Complaint) error {
	_, err := t.ExecContext(ctx, `UPDATE complaints SET status = ?, acknowledged_at = ?, acknowledged_by = ?, cause = ?, cause_note = ?,
		matter_id = ?, updated_at = ? WHERE id = ? AND agreement_id = ?`,
		c.Status, utcOrNil(c.AcknowledgedAt), c.AcknowledgedBy, c.Cause, c.CauseNote, zeroNil(c.MatterID), c.UpdatedAt.UTC(), c.ID, c.AgreementID)
	return err
}

const complaintColumns = `c.id, a.slug, c.agreement_id, c.supplier, c.title, c.body, c.status, c.filed_by, c.filed_party,
	c.received_on, c.ack_due, c.respond_due, c.acknowledged_at, c.acknowledged_by, c.cause, c.cause_note, COALESCE(c.matter_id, 0),
	c.created_at, c.updated_at`

const complaintFrom = ` FROM complaints c JOIN agreements a ON a.id = c.agreement_id `

func scanComplaint(row interface{ Scan(...any) error }) (*Complaint, error) {
	var c Complaint
	var ack sql.NullTime
	err := row.Scan(&c.ID, &c.Agreement, &c.AgreementID, &c.Supplier, &c.Title, &c.Body, &c.Status, &c.FiledBy, &c.FiledParty,
		&c.ReceivedOn, &c.AckDue, &c.RespondDue, &ack, &c.AcknowledgedBy, &c.Cause, &c.CauseNote, &c.MatterID, &c.CreatedAt, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("complaint: %w", ErrNotFound)
	}
	if ack.Valid {
		at := ack.Time
		c.AcknowledgedAt = &at
	}
	return &c, err
}

// Complaint reads one complaint of an agreement; lock it to change it.
func (t *Tx) Complaint(ctx context.Context, agreement string, id int64, lock bool) (*Complaint, error) {
	q := `SELECT ` + complaintColumns + complaintFrom + `WHERE a.slug = ? AND c.id = ?`
	if lock {
		q += t.forUpdate()
	}
	return scanComplaint(t.QueryRowContext(ctx, q, agreement, id))
}

// ComplaintFilter narrows the complaint register; zero fields match all.
type ComplaintFilter struct {
	Supplier string
	Status   string
	// From and To bound the received date ("YYYY-MM-DD", inclusive).
	From, To string
}

// Complaints lists an agreement's complaints, newest first.
func (t *Tx) Complaints(ctx context.Context, agreement string, f ComplaintFilter) ([]Complaint, error) {
	q := `SELECT ` + complaintColumns + complaintFrom + `WHERE a.slug = ?`
	args := []any{agreement}
	for _, c := range []struct{ cond, v string }{{"c.supplier = ?", f.Supplier}, {"c.status = ?", f.Status},
		{"c.received_on >= ?", f.From}, {"c.received_on <= ?", f.To}} {
		if c.v != "" {
			q += ` AND ` + c.cond
			args = append(args, c.v)
		}
	}
	var out []Complaint
	err := queryEach(ctx, t, q+` ORDER BY c.received_on DESC, c.id DESC`, args, func(rows *sql.Rows) error {
		c, err := scanComplaint(rows)
		if err == nil {
			out = append(out, *c)
		}
		return err
	})
	return out, err
}

// InsertComplaintResponse stores a response as the complaint's next
// version.
func (t *Tx) InsertComplaintResponse(ctx context.Context, r *ComplaintResponse) error {
	if err := t.lockSequence(ctx, "complaint_responses.version", r.ComplaintID); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM complaint_responses WHERE complaint_id = ?`,
		r.ComplaintID).Scan(&r.Version); err != nil {
		return err
	}
	secs, err := json.Marshal(r.Sections)
	if err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO complaint_responses (complaint_id, version, sections, submitted_by, submitted_at, late)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, r.ComplaintID, r.Version, string(secs), r.SubmittedBy, r.SubmittedAt.UTC(), r.Late).Scan(&r.ID)
}

// DecideComplaintResponse records the customer's outcome of a response.
func (t *Tx) DecideComplaintResponse(ctx context.Context, r *ComplaintResponse) error {
	_, err := t.ExecContext(ctx, `UPDATE complaint_responses SET outcome = ?, outcome_reason = ?, decided_by = ?, decided_at = ?
		WHERE id = ? AND complaint_id = ?`, r.Outcome, r.OutcomeReason, r.DecidedBy, utcOrNil(r.DecidedAt), r.ID, r.ComplaintID)
	return err
}

// ComplaintResponses lists a complaint's responses, first first.
func (t *Tx) ComplaintResponses(ctx context.Context, complaintID int64) ([]ComplaintResponse, error) {
	var out []ComplaintResponse
	err := queryEach(ctx, t, `SELECT id, complaint_id, version, sections, submitted_by, submitted_at, late, outcome, outcome_reason,
		decided_by, decided_at FROM complaint_responses WHERE complaint_id = ? ORDER BY version`, []any{complaintID}, func(rows *sql.Rows) error {
		var r ComplaintResponse
		var secs string
		var decided sql.NullTime
		if err := rows.Scan(&r.ID, &r.ComplaintID, &r.Version, &secs, &r.SubmittedBy, &r.SubmittedAt, &r.Late, &r.Outcome,
			&r.OutcomeReason, &r.DecidedBy, &decided); err != nil {
			return err
		}
		if decided.Valid {
			d := decided.Time
			r.DecidedAt = &d
		}
		if err := json.Unmarshal([]byte(secs), &r.Sections); err != nil {
			return err
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// InsertComplaintAttachment stores a file of a complaint.
func (t *Tx) InsertComplaintAttachment(ctx context.Context, f *ComplaintAttachment, data []byte) error {
	sum := sha256.Sum256(data)
	f.SHA256, f.Size = hex.EncodeToString(sum[:]), int64(len(data))
	return t.QueryRowContext(ctx, `INSERT INTO complaint_attachments (complaint_id, name, content_type, size, sha256, data, uploaded_by, uploaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, f.ComplaintID, f.Name, f.ContentType, f.Size, f.SHA256, data, f.UploadedBy,
		f.UploadedAt.UTC()).Scan(&f.ID)
}

const attachmentColumns = `id, complaint_id, name, content_type, size, sha256, uploaded_by, uploaded_at`

// ComplaintAttachments lists a complaint's files (without their data).
func (t *Tx) ComplaintAttachments(ctx context.Context, complaintID int64) ([]ComplaintAttachment, error) {
	var out []ComplaintAttachment
	err := queryEach(ctx, t, `SELECT `+attachmentColumns+` FROM complaint_attachments WHERE complaint_id = ? ORDER BY id`, []any{complaintID},
		func(rows *sql.Rows) error {
			var f ComplaintAttachment
			err := rows.Scan(&f.ID, &f.ComplaintID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploadedAt)
			out = append(out, f)
			return err
		})
	return out, err
}

// ComplaintAttachmentData reads one file of a complaint with its data.
func (t *Tx) ComplaintAttachmentData(ctx context.Context, complaintID, id int64) (*ComplaintAttachment, []byte, error) {
	var f ComplaintAttachment
	var data []byte
	err := t.QueryRowContext(ctx, `SELECT `+attachmentColumns+`, data FROM complaint_attachments WHERE complaint_id = ? AND id = ?`,
		complaintID, id).Scan(&f.ID, &f.ComplaintID, &f.Name, &f.ContentType, &f.Size, &f.SHA256, &f.UploadedBy, &f.UploadedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, fmt.Errorf("attachment: %w", ErrNotFound)
	}
	return &f, data, err
}

// InsertComplaintEvent records a step of a complaint's history.
func (t *Tx) InsertComplaintEvent(ctx context.Context, e *ComplaintEvent) error {
	return t.QueryRowContext(ctx, `INSERT INTO complaint_events (complaint_id, at, actor, action, note) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		e.ComplaintID, e.At.UTC(), e.Actor, e.Action, e.Note).Scan(&e.ID)
}

// ComplaintEvents lists a complaint's history, oldest first.
func (t *Tx) ComplaintEvents(ctx context.Context, complaintID int64) ([]ComplaintEvent, error) {
	var out []ComplaintEvent
	err := queryEach(ctx, t, `SELECT id, complaint_id, at, actor, action, note FROM complaint_events WHERE complaint_id = ? ORDER BY id`,
		[]any{complaintID}, func(rows *sql.Rows) error {
			var e ComplaintEvent
			err := rows.Scan(&e.ID, &e.ComplaintID, &e.At, &e.Actor, &e.Action, &e.Note)
			out = append(out, e)
			return err
		})
	return out, err
}
