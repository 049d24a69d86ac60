package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const surveyTestForum = "operativt-forum"

var surveyTestLink = regexp.MustCompile(`/survey/(sts_[a-z2-7]+)`)

// surveySetup stores state-shared-services next to the fixture's
// agreement, holds a meeting of its operational forum with the whole
// directory present, sends the survey, and returns the invitations'
// secrets.
func surveySetup(t *testing.T, f *fixture) (*gov.Agreement, []string) {
	t.Helper()
	ctx := context.Background()
	a := matrixApply(t, f.st, "state-shared-services")
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := meeting.New(f.st, cat)
	now := time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)
	svc.Now = func() time.Time { return now }
	fo := a.Forum(surveyTestForum)
	var x meeting.Actor
	for _, p := range a.People {
		x = meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
		if meeting.CanConvene(x, a, fo) {
			break
		}
	}
	m, err := svc.CreateAdHoc(ctx, a, x, meeting.NewMeeting{Forum: surveyTestForum, Date: "2027-03-10", Time: "10:00", Minutes: 60}, false)
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
	n, err := svc.SendSurveys(ctx, f.srv.URL)
	if err != nil || n != 4 { // a quarter of 14, rounded
		t.Fatalf("surveys sent: %d, %v", n, err)
	}
	msgs, err := f.st.Outbox(ctx, true, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for _, msg := range msgs {
		if msg.Kind == "survey" {
			secrets = append(secrets, surveyTestLink.FindStringSubmatch(msg.Body)[1])
		}
	}
	return a, secrets
}

func TestSurveyAnswerAndResults(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		a, secrets := surveySetup(t, f)
		anon := f.client("")
		page := "/survey/" + secrets[0]
		status, body := f.get(anon, page)
		for _, want := range []string{"<fieldset", "<legend>", `lang="sv"`, "Hur väl uppfyllde mötet sitt syfte?", `<label for="q1-1">`,
			`id="q1-0" name="q1" value="" checked`, "Operativt samverkansforum"} {
			if !strings.Contains(body, want) {
				t.Errorf("survey form lacks %q", want)
			}
		}
		if status != http.StatusOK {
			t.Fatalf("survey form: %d", status)
		}
		// Bad answers are refused and change nothing.
		for _, form := range []url.Values{
			{"q1": {"7"}},
			{"q1": {""}, "comment": {"  "}},
			{"q2": {"3"}, "comment": {strings.Repeat("å", maxSurveyComment+1)}},
		} {
			status, body := f.post(anon, page, form)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, "error-summary") {
				t.Errorf("%v: %d", form, status)
			}
		}
		if inv, _ := st.SurveyInvitationBySecret(context.Background(), secrets[0]); inv.AnsweredAt != nil {
			t.Fatal("a refused answer used the invitation")
		}
		status, loc := surveyPost(t, f, page, url.Values{"q1": {"4"}, "q2": {"5"}, "q3": {"3"}, "comment": {"Bra möte, men för långt."}})
		if status != http.StatusSeeOther || loc != page+"?thanks=1" {
			t.Fatalf("answer: %d %q", status, loc)
		}
		if _, body := f.get(anon, loc); !strings.Contains(body, "Thank you") {
			t.Error("no thanks after answering")
		}
		status, body = f.post(anon, page, url.Values{"q1": {"1"}})
		if status != http.StatusConflict || !strings.Contains(body, "already been answered") {
			t.Errorf("second answer: %d", status)
		}
		if _, body := f.get(anon, page); !strings.Contains(body, "already been answered") || strings.Contains(body, "<fieldset") {
			t.Error("a used invitation still shows the form")
		}
		if status, _ := surveyPost(t, f, "/survey/"+secrets[1], url.Values{"q1": {"2"}}); status != http.StatusSeeOther {
			t.Fatalf("second respondent: %d", status)
		}
		for _, bad := range []string{"/survey/sts_" + strings.Repeat("a", 52), "/survey/nonsense"} {
			if status, _ := f.get(anon, bad); status != http.StatusNotFound {
				t.Errorf("%s: %d", bad, status)
			}
		}

		// Results: averages per question (q1: 4 and 2), the overall
		// average (14/4), an SVG chart with a text alternative.
		results := "/a/" + a.Slug + "/forums/" + surveyTestForum + "/survey"
		status, body = f.get(f.client("admin"), results)
		if status != http.StatusOK {
			t.Fatalf("results: %d", status)
		}
		for _, want := range []string{`role="img"`, `<desc id="chart-desc">`, "<caption>", `<th scope="col"`, `<td class="num">3.5</td>`,
			`<td class="num">3 <span class="muted">(2 answers)`, `<td class="num">5 <span class="muted">(1 answer)`, "Bra möte, men för långt.",
			`<td class="num">4</td>`} {
			if !strings.Contains(body, want) {
				t.Errorf("results lack %q", want)
			}
		}
		// Who cannot see the agreement or the forum gets 404; a forum of
		// an agreement without surveys says so.
		if status, _ := f.get(f.client("supplier"), results); status != http.StatusNotFound {
			t.Errorf("results for a non-party: %d", status)
		}
		if status, _ := f.get(f.client("supplier2"), "/a/"+f.a.Slug+"/forums/tuotantoryhma-alustatalo/survey"); status != http.StatusNotFound {
			t.Errorf("another supplier's forum: %d", status)
		}
		status, body = f.get(f.client("supplier"), "/a/"+f.a.Slug+"/forums/tuotantoryhma-alustatalo/survey")
		if status != http.StatusOK || !strings.Contains(body, "does not ask for meeting surveys") {
			t.Errorf("a forum without surveys: %d", status)
		}

		// The model stops asking: the survey is closed.
		a.Survey = nil
		if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
			t.Fatal(err)
		}
		if status, _ := f.get(anon, "/survey/"+secrets[2]); status != http.StatusGone {
			t.Errorf("a closed survey: %d", status)
		}
	})
}

// surveyPost posts a form and returns the status and Location.
func surveyPost(t *testing.T, f *fixture, path string, form url.Values) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := f.client("").Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}
