package api

import (
	"math"
	"net/http"
)

// Meeting surveys through the API: the same results as the forum's
// survey page, read by meeting.Service.SurveyResults.

// SurveyResults is a forum's survey results.
type SurveyResults struct {
	Questions []SurveyQuestion      `json:"questions"`
	Meetings  []SurveyMeetingResult `json:"meetings"`
}

// SurveyQuestion is a question by its position in the survey.
type SurveyQuestion struct {
	Position int    `json:"position"`
	Text     string `json:"text"`
}

// SurveyMeetingResult is one surveyed meeting's responses.
type SurveyMeetingResult struct {
	Meeting   int64           `json:"meeting"`
	Date      string          `json:"date"`
	Invited   int             `json:"invited"`
	Responses int             `json:"responses"`
	Averages  []SurveyAverage `json:"averages"`
	Overall   *float64        `json:"overall"`
	Comments  []string        `json:"comments"`
}

// SurveyAverage is one question's average score (1–5) at one meeting.
type SurveyAverage struct {
	Position int     `json:"position"`
	Average  float64 `json:"average"`
	Answers  int     `json:"answers"`
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// getSurveyResults answers a forum's survey results.
func (a *API) getSurveyResults(w http.ResponseWriter, r *Req) {
	res, err := a.meetings.SurveyResults(r.Context(), r.Agreement, r.Principal, r.PathValue("forum"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := SurveyResults{Questions: []SurveyQuestion{}, Meetings: []SurveyMeetingResult{}}
	for i, q := range res.Questions {
		out.Questions = append(out.Questions, SurveyQuestion{Position: i + 1, Text: q})
	}
	for _, m := range res.Meetings {
		row := SurveyMeetingResult{Meeting: m.MeetingID, Date: m.Date, Invited: m.Invited, Responses: m.Responses,
			Averages: []SurveyAverage{}, Comments: nonNil(m.Comments)}
		for i, q := range m.Averages {
			if q != nil {
				row.Averages = append(row.Averages, SurveyAverage{Position: i + 1, Average: round2(q.Average), Answers: q.Answers})
			}
		}
		if m.HasOverall {
			v := round2(m.Overall)
			row.Overall = &v
		}
		out.Meetings = append(out.Meetings, row)
	}
	writeJSON(w, http.StatusOK, out)
}
