package web

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// The meeting survey: a public form opened with the secret from the
// invitation (no sign-in; the secret is the key, and works once), and
// the results per forum for those who can see the forum. Questions are
// answered on a scale from 1 to 5; any may be left out, since the model's
// questions are free text and one may not apply.

// maxSurveyComment bounds the free comment, in characters.
const maxSurveyComment = 2000

type surveyQuestion struct {
	N     int
	Text  string
	Value int
	Error string
}

type surveyFormData struct {
	Token, Forum, Date string
	// QLang is the questions' language when it is not the page's.
	QLang      string
	Questions  []surveyQuestion
	Comment    string
	MaxComment int
	// Answered: the invitation was used; Thanks: just now, by this reader.
	Answered, Thanks bool
}

// surveyLoad finds the invitation of the secret in the URL and its
// meeting; ok is false when it answered already (404 or 410).
func (s *Server) surveyLoad(w http.ResponseWriter, r *Req) (inv *store.SurveyInvitation, a *gov.Agreement, d *surveyFormData, ok bool) {
	secret := r.PathValue("token")
	if !strings.HasPrefix(secret, "sts_") || len(secret) > 100 {
		s.notFound(w, r)
		return nil, nil, nil, false
	}
	inv, err := s.store.SurveyInvitationBySecret(r.Context(), secret)
	if err == nil {
		a, err = s.store.Agreement(r.Context(), inv.Agreement)
	}
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil, nil, nil, false
	} else if err != nil {
		s.serverError(w, r, err)
		return nil, nil, nil, false
	}
	if a.Survey == nil || len(a.Survey.Questions) == 0 {
		s.renderError(w, r, http.StatusGone, "survey.closed")
		return nil, nil, nil, false
	}
	var m *gov.Meeting
	err = s.store.ReadMeetings(r.Context(), func(tx *store.Tx) error {
		m, err = tx.Meeting(r.Context(), a.Slug, inv.MeetingID, false)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, nil, false
	}
	d = &surveyFormData{Token: secret, Date: Loc{s.cat, r.Lang}.Date(m.LocalDate), Forum: m.Forum, MaxComment: maxSurveyComment,
		Answered: inv.AnsweredAt != nil}
	if f := a.Forum(m.Forum); f != nil {
		d.Forum = f.Name
	}
	if a.Language != r.Lang {
		d.QLang = a.Language
	}
	for i, q := range a.Survey.Questions {
		d.Questions = append(d.Questions, surveyQuestion{N: i + 1, Text: q})
	}
	return inv, a, d, true
}

func (s *Server) surveyPage(r *Req, d *surveyFormData) *Page {
	return s.page(r, s.cat.T(r.Lang, "survey.title"), d)
}

func (s *Server) surveyForm(w http.ResponseWriter, r *Req) {
	_, _, d, ok := s.surveyLoad(w, r)
	if !ok {
		return
	}
	d.Thanks = d.Answered && r.URL.Query().Get("thanks") == "1"
	s.render(w, r, http.StatusOK, "survey", s.surveyPage(r, d))
}

func (s *Server) surveyAnswer(w http.ResponseWriter, r *Req) {
	r.Body = http.MaxBytesReader(w, r.Body, 32<<10)
	if err := r.ParseForm(); err != nil {
		s.renderError(w, r, http.StatusBadRequest, "error.badrequest")
		return
	}
	_, a, d, ok := s.surveyLoad(w, r)
	if !ok {
		return
	}
	if d.Answered {
		s.render(w, r, http.StatusConflict, "survey", s.surveyPage(r, d))
		return
	}
	var errs []FieldError
	var scores []store.SurveyScore
	for i := range d.Questions {
		q := &d.Questions[i]
		v := r.PostForm.Get(fmt.Sprintf("q%d", q.N))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 5 {
			q.Error = s.cat.T(r.Lang, "survey.range")
			errs = append(errs, FieldError{Field: fmt.Sprintf("q%d-1", q.N), Msg: q.Error})
			continue
		}
		q.Value = n
		scores = append(scores, store.SurveyScore{Position: q.N, Question: a.Survey.Questions[i], Score: n})
	}
	d.Comment = strings.TrimSpace(r.PostForm.Get("comment"))
	if utf8.RuneCountInString(d.Comment) > maxSurveyComment || !utf8.ValidString(d.Comment) {
		errs = append(errs, FieldError{Field: "comment", Msg: s.cat.T(r.Lang, "form.toolong", "Field", s.cat.T(r.Lang, "survey.comment"), "Max", maxSurveyComment)})
	}
	if len(errs) == 0 && len(scores) == 0 && d.Comment == "" {
		errs = append(errs, FieldError{Field: "q1-1", Msg: s.cat.T(r.Lang, "survey.empty")})
	}
	if len(errs) > 0 {
		p := s.surveyPage(r, d)
		p.Errors = errs
		s.render(w, r, http.StatusUnprocessableEntity, "survey", p)
		return
	}
	err := s.store.AnswerSurvey(r.Context(), d.Token, scores, d.Comment, s.cfg.Now())
	switch {
	case errors.Is(err, store.ErrAnswered):
		d.Answered = true
		s.render(w, r, http.StatusConflict, "survey", s.surveyPage(r, d))
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r.Request, "/survey/"+d.Token+"?thanks=1", http.StatusSeeOther)
	}
}

// surveyColumn is one question of the results table.
type surveyColumn struct {
	N    int
	Text string
}

type surveyCell struct {
	Value   string
	Answers int
}

type surveyResultRow struct {
	Date               string
	Invited, Responses int
	Overall            string
	Cells              []surveyCell
	Comments           []string
}

// surveyBar is one meeting's bar in the chart, in SVG user units.
type surveyBar struct {
	X, Y, W, H, LabelX, ValueY float64
	Date, Value                string
	ShowDate                   bool
}

type surveyTick struct {
	Y     float64
	Label string
}

type surveyResultsData struct {
	Forum     string
	Share     string
	NoRule    bool
	QLang     string
	Columns   []surveyColumn
	Rows      []surveyResultRow
	Bars      []surveyBar
	Ticks     []surveyTick
	Summary   string
	Commented bool
}

// The chart's geometry: the plot area inside the SVG's viewBox.
const (
	chartW, chartH                               = 640.0, 260.0
	chartLeft, chartRight, chartTop, chartBottom = 40.0, 10.0, 16.0, 40.0
)

func (s *Server) surveyResults(w http.ResponseWriter, r *Req) {
	a := r.Agreement
	res, err := s.meetingSvc().SurveyResults(r.Context(), a, r.Principal, r.PathValue("forum"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := a.Forum(r.PathValue("forum"))
	l := Loc{s.cat, r.Lang}
	d := &surveyResultsData{Forum: f.Name, NoRule: a.Survey == nil}
	if a.Language != r.Lang {
		d.QLang = a.Language
	}
	if a.Survey != nil {
		d.Share = l.Num(int(math.Round(a.Survey.Share * 100)))
	}
	for i, q := range res.Questions {
		d.Columns = append(d.Columns, surveyColumn{N: i + 1, Text: q})
	}
	var summary []string
	for _, sm := range res.Meetings {
		row := surveyResultRow{Date: l.Date(sm.Date), Invited: sm.Invited, Responses: sm.Responses, Comments: sm.Comments, Overall: "–"}
		for _, q := range sm.Averages {
			cell := surveyCell{Value: "–"}
			if q != nil {
				cell = surveyCell{Value: l.Num(round1(q.Average)), Answers: q.Answers}
			}
			row.Cells = append(row.Cells, cell)
		}
		if sm.HasOverall {
			row.Overall = l.Num(round1(sm.Overall))
			summary = append(summary, s.cat.T(r.Lang, "survey.results.point", "Date", row.Date, "Value", row.Overall))
		}
		d.Commented = d.Commented || len(sm.Comments) > 0
		d.Rows = append(d.Rows, row)
		d.Bars = append(d.Bars, surveyBar{Date: row.Date, Value: row.Overall, Y: sm.Overall})
	}
	d.Ticks, d.Bars = chart(d.Bars, l)
	d.Summary = strings.Join(summary, "; ")
	p := s.page(r, s.cat.T(r.Lang, "survey.results.title", "Forum", f.Name), d)
	p.Section = "forums"
	p.Crumbs = []Crumb{{Label: a.Name, Href: "/a/" + a.Slug}, {Label: s.cat.T(r.Lang, "agreement.forums"), Href: "/a/" + a.Slug + "/forums"},
		{Label: f.Name, Href: "/a/" + a.Slug + "/forums/" + f.Slug}, {Label: s.cat.T(r.Lang, "survey.results.crumb")}}
	s.render(w, r, http.StatusOK, "survey_results", p)
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// chart lays out one bar per meeting on a 0–5 scale: the y axis starts
// at zero so that bar heights compare honestly. Dates are labelled below
// at most 12 bars, evenly spread.
func chart(bars []surveyBar, l Loc) ([]surveyTick, []surveyBar) {
	plotW, plotH := chartW-chartLeft-chartRight, chartH-chartTop-chartBottom
	var ticks []surveyTick
	for v := 0; v <= 5; v++ {
		ticks = append(ticks, surveyTick{Y: round1(chartTop + plotH*(1-float64(v)/5)), Label: l.Num(v)})
	}
	if len(bars) == 0 {
		return ticks, nil
	}
	band := plotW / float64(len(bars))
	every := (len(bars) + 11) / 12
	for i := range bars {
		b := &bars[i]
		h := plotH * b.Y / 5
		b.W = math.Min(band*0.6, 48)
		b.X = chartLeft + band*float64(i) + (band-b.W)/2
		b.H = h
		b.Y = chartTop + plotH - h
		b.LabelX = b.X + b.W/2
		b.ValueY = b.Y - 4
		b.X, b.Y, b.W, b.H, b.LabelX, b.ValueY = round1(b.X), round1(b.Y), round1(b.W), round1(b.H), round1(b.LabelX), round1(b.ValueY)
		b.ShowDate = i%every == 0
	}
	return ticks, bars
}
