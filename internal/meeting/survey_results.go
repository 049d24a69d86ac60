package meeting

import (
	"context"
	"fmt"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// SurveyResults is a forum's meeting-survey results, as the web page and
// the API show them: the questions as columns, one row per surveyed
// meeting.
type SurveyResults struct {
	// Questions are the model's current questions by position, and any
	// older position only the stored answers know.
	Questions []string
	Meetings  []SurveyMeetingResult
}

// SurveyMeetingResult is one surveyed meeting.
type SurveyMeetingResult struct {
	MeetingID          int64
	Date               string
	Invited, Responses int
	// Averages are per question position (1-based index into
	// Questions minus one); nil where nobody answered that question.
	Averages []*SurveyAverage
	// Overall is the answers' mean over every question; HasOverall is
	// false when nobody answered.
	Overall    float64
	HasOverall bool
	Comments   []string
}

// SurveyAverage is one question's average score and how many answered.
type SurveyAverage struct {
	Average float64
	Answers int
}

// SurveyResults reads a forum's survey results for p; a forum p cannot
// see is not found.
func (s *Service) SurveyResults(ctx context.Context, a *gov.Agreement, p auth.Principal, forum string) (*SurveyResults, error) {
	f := a.Forum(forum)
	if f == nil || !auth.CanSeeForum(p, a, f) {
		return nil, &gov.Error{Code: gov.CodeNotFound, Message: fmt.Sprintf("no forum %q", forum), ID: "error.notfound"}
	}
	var rows []store.SurveyMeeting
	err := s.st.ReadMeetings(ctx, func(tx *store.Tx) error {
		var err error
		rows, err = tx.SurveyResults(ctx, a.Slug, f.Slug)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := &SurveyResults{Questions: surveyQuestions(a, rows)}
	for _, sm := range rows {
		m := SurveyMeetingResult{MeetingID: sm.MeetingID, Date: sm.Date, Invited: sm.Invited, Responses: sm.Responses,
			Comments: sm.Comments, Averages: make([]*SurveyAverage, len(out.Questions))}
		sum, n := 0.0, 0
		for _, q := range sm.Questions {
			m.Averages[q.Position-1] = &SurveyAverage{Average: q.Average, Answers: q.Answers}
			sum += q.Average * float64(q.Answers)
			n += q.Answers
		}
		if n > 0 {
			m.Overall, m.HasOverall = sum/float64(n), true
		}
		out.Meetings = append(out.Meetings, m)
	}
	return out, nil
}

// surveyQuestions are the model's current questions by position, and
// any older position only the stored answers know (with the text it was
// asked with).
func surveyQuestions(a *gov.Agreement, rows []store.SurveyMeeting) []string {
	var qs []string
	if a.Survey != nil {
		qs = append(qs, a.Survey.Questions...)
	}
	for _, sm := range rows {
		for _, q := range sm.Questions {
			for len(qs) < q.Position {
				qs = append(qs, "")
			}
			if qs[q.Position-1] == "" {
				qs[q.Position-1] = q.Question
			}
		}
	}
	return qs
}
