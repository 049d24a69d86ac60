package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Meeting surveys are sent by internal/meeting (who is asked) and
// answered on a public page with the invitation's secret. The answers are
// stored apart from the invitation, so they do not say who gave them.

// ErrAnswered is returned when an invitation was already used.
var ErrAnswered = errors.New("already answered")

// surveyPrefix marks survey secrets.
const surveyPrefix = "sts_"

// NewSurveySecret returns a fresh survey invitation secret.
func NewSurveySecret() (string, error) { return NewSecret(surveyPrefix) }

// StartSurveyRound claims a meeting's survey: exactly one caller, across
// every instance, gets true and goes on to invite.
func (t *Tx) StartSurveyRound(ctx context.Context, meetingID int64, eligible, invited int, at time.Time) (bool, error) {
	res, err := t.ExecContext(ctx, `INSERT INTO survey_rounds (meeting_id, eligible, invited, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (meeting_id) DO NOTHING`, meetingID, eligible, invited, at.UTC())
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// SurveyRoundsOf returns which of the given meetings already have a survey.
func (t *Tx) SurveyRoundsOf(ctx context.Context, meetingIDs []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(meetingIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(meetingIDs))
	for i, id := range meetingIDs {
		args[i] = id
	}
	err := queryEach(ctx, t, `SELECT meeting_id FROM survey_rounds WHERE meeting_id IN (?`+repeat(",?", len(args)-1)+`)`, args,
		func(rows *sql.Rows) error {
			var id int64
			err := rows.Scan(&id)
			out[id] = true
			return err
		})
	return out, err
}

// InsertSurveyInvitation stores one person's invitation under the hash of
// its secret.
func (t *Tx) InsertSurveyInvitation(ctx context.Context, meetingID int64, recipient, secret string, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO survey_invitations (meeting_id, recipient, token_hash, created_at) VALUES (?, ?, ?, ?)`,
		meetingID, recipient, HashToken(secret), at.UTC())
	return err
}

// SurveyInvitation is what the public survey page knows of its secret.
type SurveyInvitation struct {
	MeetingID  int64
	Agreement  string // slug
	AnsweredAt *time.Time
}

// SurveyInvitationBySecret finds an invitation; an unknown secret is
// ErrNotFound.
func (s *Store) SurveyInvitationBySecret(ctx context.Context, secret string) (*SurveyInvitation, error) {
	var inv SurveyInvitation
	var answered sql.NullTime
	err := s.QueryRowContext(ctx, `SELECT si.meeting_id, a.slug, si.answered_at FROM survey_invitations si
		JOIN meetings m ON m.id = si.meeting_id JOIN agreements a ON a.id = m.agreement_id WHERE si.token_hash = ?`,
		HashToken(secret)).Scan(&inv.MeetingID, &inv.Agreement, &answered)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("survey invitation: %w", ErrNotFound)
	} else if err != nil {
		return nil, err
	}
	if answered.Valid {
		inv.AnsweredAt = &answered.Time
	}
	return &inv, nil
}

// SurveyScore is the answer to one scale question.
type SurveyScore struct {
	Position int // the question's place in the survey, from 1
	Question string
	Score    int // 1 to 5
}

// AnswerSurvey records a response with the invitation's secret, once: the
// invitation is marked used and the answers stored in one transaction, so
// a second answer (or two at once) gets ErrAnswered and changes nothing.
// The caller has validated the scores.
func (s *Store) AnswerSurvey(ctx context.Context, secret string, scores []SurveyScore, comment string, at time.Time) error {
	return s.InTx(ctx, func(tx *Tx) error {
		var meetingID int64
		err := tx.QueryRowContext(ctx, `SELECT meeting_id FROM survey_invitations WHERE token_hash = ?`, HashToken(secret)).Scan(&meetingID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("survey invitation: %w", ErrNotFound)
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE survey_invitations SET answered_at = ? WHERE token_hash = ? AND answered_at IS NULL`,
			at.UTC(), HashToken(secret))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrAnswered
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_responses (meeting_id, comment) VALUES (?, ?) RETURNING id`,
			meetingID, comment).Scan(&id); err != nil {
			return err
		}
		for _, sc := range scores {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (response_id, position, question, score) VALUES (?, ?, ?, ?)`,
				id, sc.Position, sc.Question, sc.Score); err != nil {
				return err
			}
		}
		// The audit names the meeting, not the person: the survey is
		// anonymous to everyone who reads the results.
		return tx.Audit(ctx, Entry{Actor: "survey", Action: "survey.answer", ObjectType: "meeting", ObjectID: fmt.Sprint(meetingID),
			After: map[string]any{"answers": len(scores), "comment": comment != ""}})
	})
}

// SurveyMeeting is one surveyed meeting's results.
type SurveyMeeting struct {
	MeetingID int64
	Date      string // the meeting's local date
	Invited   int
	Responses int
	// Questions in their survey order, with the average score of those
	// who answered each.
	Questions []SurveyAverage
	Comments  []string
}

// SurveyAverage is one question's result at one meeting.
type SurveyAverage struct {
	Position int
	Question string
	Answers  int
	Average  float64
}

// SurveyResults lists a forum's surveyed meetings by date with their
// response counts, average scores and comments.
func (t *Tx) SurveyResults(ctx context.Context, agreement, forum string) ([]SurveyMeeting, error) {
	var out []SurveyMeeting
	index := map[int64]int{}
	err := queryEach(ctx, t, `SELECT m.id, m.local_date, sr.invited,
			(SELECT COUNT(*) FROM survey_responses r WHERE r.meeting_id = m.id)
		FROM survey_rounds sr JOIN meetings m ON m.id = sr.meeting_id
		JOIN agreements a ON a.id = m.agreement_id JOIN forums f ON f.id = m.forum_id
		WHERE a.slug = ? AND f.slug = ? ORDER BY m.starts_at, m.id`, []any{agreement, forum},
		func(rows *sql.Rows) error {
			var sm SurveyMeeting
			err := rows.Scan(&sm.MeetingID, &sm.Date, &sm.Invited, &sm.Responses)
			index[sm.MeetingID] = len(out)
			out = append(out, sm)
			return err
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	err = queryEach(ctx, t, `SELECT r.meeting_id, sa.position, sa.question, COUNT(*), AVG(CAST(sa.score AS REAL))
		FROM survey_answers sa JOIN survey_responses r ON r.id = sa.response_id
		JOIN meetings m ON m.id = r.meeting_id JOIN agreements a ON a.id = m.agreement_id JOIN forums f ON f.id = m.forum_id
		WHERE a.slug = ? AND f.slug = ? GROUP BY r.meeting_id, sa.position, sa.question ORDER BY r.meeting_id, sa.position`,
		[]any{agreement, forum}, func(rows *sql.Rows) error {
			var id int64
			var q SurveyAverage
			if err := rows.Scan(&id, &q.Position, &q.Question, &q.Answers, &q.Average); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Questions = append(out[i].Questions, q)
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = queryEach(ctx, t, `SELECT r.meeting_id, r.comment FROM survey_responses r
		JOIN meetings m ON m.id = r.meeting_id JOIN agreements a ON a.id = m.agreement_id JOIN forums f ON f.id = m.forum_id
		WHERE a.slug = ? AND f.slug = ? AND r.comment <> '' ORDER BY r.meeting_id, r.id`,
		[]any{agreement, forum}, func(rows *sql.Rows) error {
			var id int64
			var c string
			if err := rows.Scan(&id, &c); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Comments = append(out[i].Comments, c)
			}
			return nil
		})
	return out, err
}
