package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/steerco/steerco/internal/gov"
)

// Matters are written by internal/matter, which checks permissions and
// rules; these functions only read and write rows inside the caller's
// transaction. Kinds and statuses are plain strings here; internal/matter
// gives them their types and meaning.

// Matter is a matter (ärende, asia) as stored.
type Matter struct {
	ID        int64
	Agreement string
	// Forum is where the matter sits now; Origin where it was raised.
	Forum, Origin string
	Kind, Status  string
	Title         string
	Description   string
	// Owner is a person slug ("" when none, or no longer in the
	// directory); OwnerName keeps the name either way.
	Owner, OwnerName string
	RaisedBy         string
	RaisedParty      string
	// Path is the named escalation path the matter follows, or "".
	Path string
	// WaitingSince is set while an escalated matter waits for a meeting
	// of its forum to be created.
	WaitingSince *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// personID resolves a person slug of the agreement to a row id, or nil.
func (t *Tx) personID(ctx context.Context, agreementID int64, slug string) (any, error) {
	if slug == "" {
		return nil, nil
	}
	var id int64
	err := t.QueryRowContext(ctx, `SELECT id FROM people WHERE agreement_id = ? AND slug = ?`, agreementID, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return id, err
}

// forumID resolves a forum slug of an agreement.
func (t *Tx) forumID(ctx context.Context, agreementID int64, slug string) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, `SELECT id FROM forums WHERE agreement_id = ? AND slug = ?`, agreementID, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("forum %s: %w", slug, ErrNotFound)
	}
	return id, err
}

func utcOrNil(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// InsertMatter stores a new matter and sets its ID.
func (t *Tx) InsertMatter(ctx context.Context, m *Matter) error {
	aid, fid, err := t.ids(ctx, m.Agreement, m.Forum)
	if err != nil {
		return err
	}
	origin, err := t.forumID(ctx, aid, m.Origin)
	if err != nil {
		return err
	}
	owner, err := t.personID(ctx, aid, m.Owner)
	if err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO matters (agreement_id, forum_id, origin_forum_id, kind, status, title, description,
		owner_id, owner_name, raised_by, raised_party, esc_path, waiting_since, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		aid, fid, origin, m.Kind, m.Status, m.Title, m.Description, owner, m.OwnerName, m.RaisedBy, m.RaisedParty, m.Path,
		utcOrNil(m.WaitingSince), m.CreatedAt.UTC(), m.UpdatedAt.UTC()).Scan(&m.ID)
}

// UpdateMatter writes a matter's changeable fields back.
func (t *Tx) UpdateMatter(ctx context.Context, m *Matter) error {
	aid, fid, err := t.ids(ctx, m.Agreement, m.Forum)
	if err != nil {
		return err
	}
	owner, err := t.personID(ctx, aid, m.Owner)
	if err != nil {
		return err
	}
	_, err = t.ExecContext(ctx, `UPDATE matters SET forum_id = ?, kind = ?, status = ?, title = ?, description = ?, owner_id = ?,
		owner_name = ?, esc_path = ?, waiting_since = ?, updated_at = ? WHERE id = ? AND agreement_id = ?`,
		fid, m.Kind, m.Status, m.Title, m.Description, owner, m.OwnerName, m.Path, utcOrNil(m.WaitingSince), m.UpdatedAt.UTC(), m.ID, aid)
	return err
}

const matterColumns = `m.id, a.slug, f.slug, o.slug, m.kind, m.status, m.title, m.description, COALESCE(p.slug, ''), m.owner_name,
	m.raised_by, m.raised_party, m.esc_path, m.waiting_since, m.created_at, m.updated_at`

const matterFrom = ` FROM matters m JOIN agreements a ON a.id = m.agreement_id JOIN forums f ON f.id = m.forum_id
	JOIN forums o ON o.id = m.origin_forum_id LEFT JOIN people p ON p.id = m.owner_id `

func scanMatter(row interface{ Scan(...any) error }) (*Matter, error) {
	var m Matter
	var waiting sql.NullTime
	err := row.Scan(&m.ID, &m.Agreement, &m.Forum, &m.Origin, &m.Kind, &m.Status, &m.Title, &m.Description, &m.Owner, &m.OwnerName,
		&m.RaisedBy, &m.RaisedParty, &m.Path, &waiting, &m.CreatedAt, &m.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("matter: %w", ErrNotFound)
	}
	if waiting.Valid {
		m.WaitingSince = &waiting.Time
	}
	return &m, err
}

// Matter loads a matter of the agreement; with lock, its row is locked
// for the rest of the transaction. A matter of another agreement is
// ErrNotFound, so ids cannot cross tenants.
func (t *Tx) Matter(ctx context.Context, agreement string, id int64, lock bool) (*Matter, error) {
	q := `SELECT ` + matterColumns + matterFrom + `WHERE a.slug = ? AND m.id = ?`
	if lock && t.dialect == DialectPostgres {
		q += " FOR UPDATE OF m" // DIALECT: see Tx.Meeting
	}
	return scanMatter(t.QueryRowContext(ctx, q, agreement, id))
}

// MatterFilter narrows a list of matters. Forums are the forums the
// reader may see: a matter elsewhere is never listed, and no forums means
// no matters.
type MatterFilter struct {
	Forums []string
	Forum  string
	Status string
	Kind   string
	IDs    []int64 // when not nil, only these
	Limit  int
	Offset int
}

// Matters lists an agreement's matters, the most recently changed first.
func (t *Tx) Matters(ctx context.Context, agreement string, f MatterFilter) ([]Matter, error) {
	if len(f.Forums) == 0 || (f.IDs != nil && len(f.IDs) == 0) {
		return nil, nil
	}
	q := `SELECT ` + matterColumns + matterFrom + `WHERE a.slug = ? AND f.slug IN (?` + repeat(",?", len(f.Forums)-1) + `)`
	args := []any{agreement}
	for _, s := range f.Forums {
		args = append(args, s)
	}
	for _, c := range []struct{ col, val string }{{"f.slug", f.Forum}, {"m.status", f.Status}, {"m.kind", f.Kind}} {
		if c.val != "" {
			q += ` AND ` + c.col + ` = ?`
			args = append(args, c.val)
		}
	}
	if f.IDs != nil {
		q += ` AND m.id IN (?` + repeat(",?", len(f.IDs)-1) + `)`
		for _, id := range f.IDs {
			args = append(args, id)
		}
	}
	q += ` ORDER BY m.updated_at DESC, m.id DESC`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	}
	var out []Matter
	err := queryEach(ctx, t, q, args, func(rows *sql.Rows) error {
		m, err := scanMatter(rows)
		if err == nil {
			out = append(out, *m)
		}
		return err
	})
	return out, err
}

// MatterChange is one field's change in a matter's history.
type MatterChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// MatterEvent is one entry of a matter's history: who did what when.
type MatterEvent struct {
	ID       int64
	MatterID int64
	At       time.Time
	Actor    string
	// Action: raise, edit, status, escalate, agenda, link, decide.
	Action  string
	Changes []MatterChange
	Note    string
	// MeetingID, ItemID and DecisionID are set when the event concerns
	// a meeting, an agenda item or a decision.
	MeetingID, ItemID, DecisionID int64
}

func zeroNil(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// InsertMatterEvent appends to a matter's history.
func (t *Tx) InsertMatterEvent(ctx context.Context, e *MatterEvent) error {
	changes := e.Changes
	if changes == nil {
		changes = []MatterChange{}
	}
	b, err := json.Marshal(changes)
	if err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO matter_events (matter_id, at, actor, action, changes, note, meeting_id, agenda_item_id, decision_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, e.MatterID, e.At.UTC(), e.Actor, e.Action, string(b), e.Note,
		zeroNil(e.MeetingID), zeroNil(e.ItemID), zeroNil(e.DecisionID)).Scan(&e.ID)
}

// MatterEvents lists a matter's history, oldest first.
func (t *Tx) MatterEvents(ctx context.Context, matterID int64) ([]MatterEvent, error) {
	var out []MatterEvent
	err := queryEach(ctx, t, `SELECT id, matter_id, at, actor, action, changes, note, COALESCE(meeting_id, 0), COALESCE(agenda_item_id, 0),
		COALESCE(decision_id, 0) FROM matter_events WHERE matter_id = ? ORDER BY id`, []any{matterID}, func(rows *sql.Rows) error {
		var e MatterEvent
		var changes string
		if err := rows.Scan(&e.ID, &e.MatterID, &e.At, &e.Actor, &e.Action, &changes, &e.Note, &e.MeetingID, &e.ItemID, &e.DecisionID); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(changes), &e.Changes); err != nil {
			return fmt.Errorf("matter event %d: %w", e.ID, err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// MatterLink puts a matter on a meeting's agenda (ItemID 0: the meeting).
type MatterLink struct {
	ID        int64
	MatterID  int64
	MeetingID int64
	ItemID    int64
	// Source: escalation, agenda (put on the agenda from the matter) or
	// manual (linked to an existing item or meeting).
	Source    string
	CreatedBy string
	CreatedAt time.Time
	// Forum and MeetingDate describe the meeting, for lists.
	Forum       string
	MeetingDate string
}

// InsertMatterLink stores a link.
func (t *Tx) InsertMatterLink(ctx context.Context, l *MatterLink) error {
	return t.QueryRowContext(ctx, `INSERT INTO matter_links (matter_id, meeting_id, agenda_item_id, source, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, l.MatterID, l.MeetingID, zeroNil(l.ItemID), l.Source, l.CreatedBy, l.CreatedAt.UTC()).Scan(&l.ID)
}

// MatterLinks lists a matter's links, or (matterID 0) the links to one
// agenda item, in the order they were made.
func (t *Tx) MatterLinks(ctx context.Context, matterID, itemID int64) ([]MatterLink, error) {
	q := `SELECT l.id, l.matter_id, l.meeting_id, COALESCE(l.agenda_item_id, 0), l.source, l.created_by, l.created_at, f.slug, mt.local_date
		FROM matter_links l JOIN meetings mt ON mt.id = l.meeting_id JOIN forums f ON f.id = mt.forum_id WHERE `
	arg := matterID
	if matterID != 0 {
		q += `l.matter_id = ?`
	} else {
		q += `l.agenda_item_id = ?`
		arg = itemID
	}
	var out []MatterLink
	err := queryEach(ctx, t, q+` ORDER BY l.id`, []any{arg}, func(rows *sql.Rows) error {
		var l MatterLink
		err := rows.Scan(&l.ID, &l.MatterID, &l.MeetingID, &l.ItemID, &l.Source, &l.CreatedBy, &l.CreatedAt, &l.Forum, &l.MeetingDate)
		out = append(out, l)
		return err
	})
	return out, err
}

// MatterStep is one forum on a matter's way up: when it came there (and
// why), when it left, and what came of it there.
type MatterStep struct {
	ID        int64
	MatterID  int64
	Seq       int
	Forum     string
	EnteredAt time.Time
	LeftAt    *time.Time
	// Reason is why the matter came to this forum (the escalation's
	// reason; "" where it was raised).
	Reason string
	// Outcome is what came of it here: the decision's result in words,
	// or the escalation onwards.
	Outcome    string
	MeetingID  int64
	DecisionID int64
}

// InsertMatterStep opens the next step of a matter's path.
func (t *Tx) InsertMatterStep(ctx context.Context, agreement string, s *MatterStep) error {
	_, fid, err := t.ids(ctx, agreement, s.Forum)
	if err != nil {
		return err
	}
	if err := t.lockSequence(ctx, "matter_steps.seq", s.MatterID); err != nil {
		return err
	}
	if err := t.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM matter_steps WHERE matter_id = ?`, s.MatterID).Scan(&s.Seq); err != nil {
		return err
	}
	return t.QueryRowContext(ctx, `INSERT INTO matter_steps (matter_id, seq, forum_id, entered_at, left_at, reason, outcome, meeting_id, decision_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, s.MatterID, s.Seq, fid, s.EnteredAt.UTC(), utcOrNil(s.LeftAt), s.Reason, s.Outcome,
		zeroNil(s.MeetingID), zeroNil(s.DecisionID)).Scan(&s.ID)
}

// UpdateMatterStep writes a step's end, outcome, meeting and decision.
func (t *Tx) UpdateMatterStep(ctx context.Context, s *MatterStep) error {
	_, err := t.ExecContext(ctx, `UPDATE matter_steps SET left_at = ?, outcome = ?, meeting_id = ?, decision_id = ? WHERE id = ?`,
		utcOrNil(s.LeftAt), s.Outcome, zeroNil(s.MeetingID), zeroNil(s.DecisionID), s.ID)
	return err
}

// MatterSteps lists a matter's path, where it was raised first.
func (t *Tx) MatterSteps(ctx context.Context, matterID int64) ([]MatterStep, error) {
	var out []MatterStep
	err := queryEach(ctx, t, `SELECT s.id, s.matter_id, s.seq, f.slug, s.entered_at, s.left_at, s.reason, s.outcome,
		COALESCE(s.meeting_id, 0), COALESCE(s.decision_id, 0) FROM matter_steps s JOIN forums f ON f.id = s.forum_id
		WHERE s.matter_id = ? ORDER BY s.seq`, []any{matterID}, func(rows *sql.Rows) error {
		var s MatterStep
		var left sql.NullTime
		err := rows.Scan(&s.ID, &s.MatterID, &s.Seq, &s.Forum, &s.EnteredAt, &left, &s.Reason, &s.Outcome, &s.MeetingID, &s.DecisionID)
		if left.Valid {
			s.LeftAt = &left.Time
		}
		out = append(out, s)
		return err
	})
	return out, err
}

// NextOpenMeeting is the forum's first meeting starting after after whose
// agenda can still change (planned or agenda published).
func (t *Tx) NextOpenMeeting(ctx context.Context, agreement, forum string, after time.Time) (*gov.Meeting, error) {
	return scanMeeting(t.QueryRowContext(ctx, `SELECT `+meetingColumns+meetingFrom+
		`WHERE a.slug = ? AND f.slug = ? AND m.starts_at > ? AND m.state IN ('planned', 'agenda-published')
		ORDER BY m.starts_at, m.id LIMIT 1`, agreement, forum, after.UTC()))
}
