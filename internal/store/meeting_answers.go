package store

import (
	"context"
	"database/sql"
	"time"
)

// MeetingAnswer is an invitee's answer to a meeting's invitation, and the
// deputy invited in their place.
type MeetingAnswer struct {
	MeetingID      int64
	Person, Answer string
	Deputy         string
	AnsweredAt     time.Time
}

// SetAnswer stores (or replaces) an invitee's answer.
func (t *Tx) SetAnswer(ctx context.Context, a *MeetingAnswer) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM meeting_answers WHERE meeting_id = ? AND person = ?`, a.MeetingID, a.Person); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `INSERT INTO meeting_answers (meeting_id, person, answer, deputy, answered_at) VALUES (?, ?, ?, ?, ?)`,
		a.MeetingID, a.Person, a.Answer, a.Deputy, a.AnsweredAt.UTC())
	return err
}

// Answers lists a meeting's answers.
func (t *Tx) Answers(ctx context.Context, meetingID int64) ([]MeetingAnswer, error) {
	var out []MeetingAnswer
	err := queryEach(ctx, t, `SELECT meeting_id, person, answer, deputy, answered_at FROM meeting_answers WHERE meeting_id = ? ORDER BY person`,
		[]any{meetingID}, func(rows *sql.Rows) error {
			var a MeetingAnswer
			err := rows.Scan(&a.MeetingID, &a.Person, &a.Answer, &a.Deputy, &a.AnsweredAt)
			out = append(out, a)
			return err
		})
	return out, err
}
