package meeting

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const surveyForum = "operativt-forum" // state-shared-services: the provider convenes and keeps the minutes

var surveyLink = regexp.MustCompile(`https://steerco\.example/survey/(sts_[a-z2-7]+)`)

// surveyWorld is a store with state-shared-services (which asks for a
// survey of a quarter of those present) and national-platform (which
// does not), and a held meeting of each.
type surveyWorld struct {
	*world
	sss      *gov.Agreement
	convener Actor
	held     gov.Meeting
}

func newSurveyWorld(t *testing.T, st *store.Store) *surveyWorld {
	t.Helper()
	ctx := context.Background()
	w := &surveyWorld{world: newWorld(t, st)}
	a, err := modelTemplate("state-shared-services")
	ok(t, err)
	_, err = st.ApplyAgreement(ctx, a, "test")
	ok(t, err)
	w.sss = a
	f := a.Forum(surveyForum)
	for _, p := range a.People {
		x := ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
		if CanConvene(x, a, f) && CanRecord(x, a, f) {
			w.convener = x
			break
		}
	}
	if w.convener.Person == nil {
		t.Fatal("nobody convenes the operational forum")
	}
	// A national-platform meeting held with people present: no survey,
	// its model asks for none.
	supplier := w.actor("minna-karjalainen", auth.AccountRepresentative)
	created, err := w.svc.CreateFromPlan(ctx, w.a, supplier, 2027, forum)
	ok(t, err)
	w.at("2027-01-04 09:00")
	ok(t, w.svc.PublishAgenda(ctx, w.a, supplier, created[0].ID))
	w.at("2027-01-05 16:00")
	ok(t, w.svc.MarkHeld(ctx, w.a, supplier, created[0].ID))
	ok(t, w.svc.RecordAttendance(ctx, w.a, supplier, created[0].ID, []AttendeeInput{{Person: "kari-vaisanen", Role: "chair", Present: true}}))

	w.at("2027-03-01 09:00")
	m, err := w.svc.CreateAdHoc(ctx, a, w.convener, NewMeeting{Forum: surveyForum, Date: "2027-03-10", Time: "10:00", Minutes: 60}, false)
	ok(t, err)
	ok(t, w.svc.PublishAgenda(ctx, a, w.convener, m.ID))
	w.held = *m
	return w
}

// everyone records the whole directory (14 people) at the meeting, the
// first of them absent: a quarter of the 13 present, rounded, is 3.
func (w *surveyWorld) everyone() []AttendeeInput {
	var in []AttendeeInput
	for _, p := range w.sss.People {
		in = append(in, AttendeeInput{Person: p.Slug, Role: "member", Present: true})
	}
	in[0].Present = false // absent: never asked
	return in
}

func TestSurveyAfterHeldMeeting(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		w := newSurveyWorld(t, st)
		const base = "https://steerco.example/"
		// Before the meeting ends nothing goes out; nor while nobody is
		// recorded present.
		w.at("2027-03-10 11:30") // 10:30 in Stockholm
		n, err := w.svc.SendSurveys(ctx, base)
		ok(t, err)
		if n != 0 {
			t.Fatalf("surveyed before the meeting: %d", n)
		}
		w.at("2027-03-10 13:00") // Helsinki time: noon in Stockholm
		ok(t, w.svc.MarkHeld(ctx, w.sss, w.convener, w.held.ID))
		n, err = w.svc.SendSurveys(ctx, base)
		ok(t, err)
		if n != 0 {
			t.Fatalf("surveyed without attendance: %d", n)
		}
		people := w.everyone()
		ok(t, w.svc.RecordAttendance(ctx, w.sss, w.convener, w.held.ID, people))
		n, err = w.svc.SendSurveys(ctx, base)
		ok(t, err)
		if want := SurveySize(0.25, len(people)-1); n != want || want != 3 {
			t.Fatalf("invited %d, want %d (a quarter of %d present, rounded)", n, want, len(people)-1)
		}
		again, err := w.svc.SendSurveys(ctx, base)
		ok(t, err)
		if again != 0 {
			t.Fatalf("the survey went out twice: %d more", again)
		}
		msgs := w.outbox("survey")
		if len(msgs) != n {
			t.Fatalf("%d survey messages, want %d", len(msgs), n)
		}
		absent := strings.ToLower(w.sss.Person(people[0].Person).Email)
		var secrets []string
		for _, m := range msgs {
			if m.MeetingID != w.held.ID || strings.EqualFold(m.Recipient, absent) {
				t.Errorf("survey to %s for meeting %d", m.Recipient, m.MeetingID)
			}
			link := surveyLink.FindStringSubmatch(m.Body)
			if link == nil || !strings.Contains(m.Subject, "Operativt samverkansforum") {
				t.Fatalf("survey message %q: %q", m.Subject, m.Body)
			}
			secrets = append(secrets, link[1])
		}

		// Answered once; the second answer is refused and changes nothing.
		q := w.sss.Survey.Questions
		at := w.now
		ok(t, st.AnswerSurvey(ctx, secrets[0], []store.SurveyScore{{Position: 1, Question: q[0], Score: 4}, {Position: 2, Question: q[1], Score: 2}}, "Bra möte", at))
		if err := st.AnswerSurvey(ctx, secrets[0], []store.SurveyScore{{Position: 1, Question: q[0], Score: 1}}, "", at); !errors.Is(err, store.ErrAnswered) {
			t.Fatalf("second answer: %v", err)
		}
		ok(t, st.AnswerSurvey(ctx, secrets[1], []store.SurveyScore{{Position: 1, Question: q[0], Score: 5}}, "", at))
		if err := st.AnswerSurvey(ctx, "sts_nonsense", nil, "x", at); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown secret: %v", err)
		}
		inv, err := st.SurveyInvitationBySecret(ctx, secrets[0])
		ok(t, err)
		if inv.AnsweredAt == nil || inv.MeetingID != w.held.ID || inv.Agreement != w.sss.Slug {
			t.Fatalf("invitation %+v", inv)
		}
		var res []store.SurveyMeeting
		ok(t, st.ReadMeetings(ctx, func(tx *store.Tx) error {
			res, err = tx.SurveyResults(ctx, w.sss.Slug, surveyForum)
			return err
		}))
		if len(res) != 1 || res[0].Invited != n || res[0].Responses != 2 || len(res[0].Questions) != 2 ||
			res[0].Questions[0].Average != 4.5 || res[0].Questions[0].Answers != 2 || res[0].Questions[1].Average != 2 ||
			len(res[0].Comments) != 1 {
			t.Fatalf("results %+v", res)
		}
	})
}

// TestSurveyOnceAcrossInstances: two instances sending surveys at once
// invite the share once.
func TestSurveyOnceAcrossInstances(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		st1 := storetest.Open(t, dsn)
		w := newSurveyWorld(t, st1)
		w.at("2027-03-10 13:00") // Helsinki time: noon in Stockholm
		ok(t, w.svc.MarkHeld(ctx, w.sss, w.convener, w.held.ID))
		ok(t, w.svc.RecordAttendance(ctx, w.sss, w.convener, w.held.ID, w.everyone()))
		cat, err := i18n.Load()
		ok(t, err)
		other := New(storetest.Open(t, dsn), cat)
		other.Now = func() time.Time { return w.now }
		var wg sync.WaitGroup
		counts := make([]int, 4)
		for i := range counts {
			svc := w.svc
			if i%2 == 1 {
				svc = other
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := svc.SendSurveys(ctx, "https://steerco.example")
				if err != nil {
					t.Error(err)
				}
				counts[i] = n
			}()
		}
		wg.Wait()
		total := 0
		for _, c := range counts {
			total += c
		}
		if total != 3 || len(w.outbox("survey")) != 3 {
			t.Fatalf("invited %v (%d messages), want 3 in all", counts, len(w.outbox("survey")))
		}
	})
}

func TestSurveySizeAndPick(t *testing.T) {
	for _, tt := range []struct {
		share float64
		n     int
		want  int
	}{{0.25, 1, 1}, {0.25, 3, 1}, {0.25, 6, 2}, {0.25, 14, 4}, {0.3, 10, 3}, {1, 5, 5}, {0.01, 50, 1}} {
		if got := SurveySize(tt.share, tt.n); got != tt.want {
			t.Errorf("SurveySize(%v, %d) = %d, want %d", tt.share, tt.n, got, tt.want)
		}
	}
	people := []gov.Person{{Slug: "a"}, {Slug: "b"}, {Slug: "c"}, {Slug: "d"}}
	seen := map[string]int{}
	for range 400 {
		got, err := pick(people, 2)
		ok(t, err)
		if len(got) != 2 || got[0].Slug == got[1].Slug {
			t.Fatalf("pick: %+v", got)
		}
		for _, p := range got {
			seen[p.Slug]++
		}
	}
	for _, p := range people {
		if seen[p.Slug] < 100 { // about 200 each; 100 is far out in the tail
			t.Errorf("%s picked %d times of 400", p.Slug, seen[p.Slug])
		}
	}
}
