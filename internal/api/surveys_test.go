package api

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

var surveyLink = regexp.MustCompile(`/survey/(sts_[a-z2-7]+)`)

// TestSurveyResultsAPI holds a meeting of state-shared-services'
// operational forum, sends its survey, answers one invitation and reads
// the results through the API: the questions, the counts, each
// question's average and the overall average; a forum that does not
// exist answers 404, as does the agreement for an outsider.
func TestSurveyResultsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newAPIFixture(t, st)
		src, _ := model.Template("state-shared-services")
		a, err := model.Parse("state-shared-services", src)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		svc := meeting.New(st, cat)
		now := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
		svc.Now = func() time.Time { return now }
		const forum = "operativt-forum"
		fo := a.Forum(forum)
		var x meeting.Actor
		for _, p := range a.People {
			x = meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
			if meeting.CanConvene(x, a, fo) {
				break
			}
		}
		m, err := svc.CreateAdHoc(ctx, a, x, meeting.NewMeeting{Forum: forum, Date: "2027-03-10", Time: "10:00", Minutes: 60}, false)
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.PublishAgenda(ctx, a, x, m.ID); err != nil {
			t.Fatal(err)
		}
		now = time.Date(2027, 3, 10, 12, 0, 0, 0, time.UTC)
		if err := svc.MarkHeld(ctx, a, x, m.ID); err != nil {
			t.Fatal(err)
		}
		var present []meeting.AttendeeInput
		for _, p := range a.People {
			present = append(present, meeting.AttendeeInput{Person: p.Slug, Role: "member", Present: true})
		}
		if err := svc.RecordAttendance(ctx, a, x, m.ID, present); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SendSurveys(ctx, "https://steerco.example"); err != nil {
			t.Fatal(err)
		}
		msgs, err := st.Outbox(ctx, true, 1000)
		if err != nil {
			t.Fatal(err)
		}
		var secret string
		for _, msg := range msgs {
			if msg.Kind == "survey" {
				secret = surveyLink.FindStringSubmatch(msg.Body)[1]
				break
			}
		}
		scores := []store.SurveyScore{{Position: 1, Question: a.Survey.Questions[0], Score: 4}, {Position: 2, Question: a.Survey.Questions[1], Score: 2}}
		if err := st.AnswerSurvey(ctx, secret, scores, "Bra möte", now); err != nil {
			t.Fatal(err)
		}

		path := "/api/v1/agreements/state-shared-services/forums/" + forum + "/survey"
		status, body := f.do("admin", "GET", path, nil)
		f.want(status, 200, body, "results")
		res := decodeAs[SurveyResults](t, body)
		if len(res.Questions) != len(a.Survey.Questions) || res.Questions[0].Text != a.Survey.Questions[0] {
			t.Fatalf("questions %+v", res.Questions)
		}
		if len(res.Meetings) != 1 {
			t.Fatalf("meetings %+v", res.Meetings)
		}
		got := res.Meetings[0]
		if got.Meeting != m.ID || got.Date != "2027-03-10" || got.Invited != 4 || got.Responses != 1 || len(got.Averages) != 2 ||
			got.Averages[0].Average != 4 || got.Averages[1].Average != 2 || got.Overall == nil || *got.Overall != 3 ||
			len(got.Comments) != 1 || got.Comments[0] != "Bra möte" {
			t.Fatalf("meeting %+v", got)
		}
		status, body = f.do("admin", "GET", "/api/v1/agreements/state-shared-services/forums/no-such-forum/survey", nil)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("outsider", "GET", path, nil)
		f.wantError(status, body, 404, "not_found")
	})
}
