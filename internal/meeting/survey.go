package meeting

import (
	"context"
	"crypto/rand"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// SurveyWindow is how long after a meeting its survey may still go out.
// Attendance is often recorded after the meeting is marked held, so a
// meeting waits until someone is recorded present; past the window it is
// left alone, and switching surveys on does not ask about old meetings.
const SurveyWindow = 14 * 24 * time.Hour

// surveyed are the states of a meeting that took place.
var surveyed = []gov.MeetingState{gov.Held, gov.MinutesDrafted, gov.MinutesSent, gov.MinutesApproved}

// SendSurveys invites a random share (at least one) of the people present
// at each meeting that took place, in every agreement whose model asks for
// a survey. Each meeting's survey goes out once, however often this runs
// and on however many instances: the first run to find someone present
// claims the meeting's round. Each invitation carries a one-time link,
// baseURL + "/survey/" + secret; only the secret's hash is stored. It
// returns how many people were invited.
//
// The base URL is a parameter rather than a Service field because it is
// the web server's public address, which only the caller knows.
func (s *Service) SendSurveys(ctx context.Context, baseURL string) (invited int, err error) {
	sums, err := s.st.Agreements(ctx)
	if err != nil {
		return 0, err
	}
	for _, sum := range sums {
		a, err := s.st.Agreement(ctx, sum.Slug)
		if err != nil {
			return invited, err
		}
		if a.Survey == nil || a.Survey.Share <= 0 || len(a.Survey.Questions) == 0 {
			continue
		}
		n, err := s.surveyAgreement(ctx, a, strings.TrimRight(baseURL, "/"))
		invited += n
		if err != nil {
			return invited, fmt.Errorf("surveys for %s: %w", a.Slug, err)
		}
	}
	return invited, nil
}

func (s *Service) surveyAgreement(ctx context.Context, a *gov.Agreement, base string) (invited int, err error) {
	err = s.st.InTx(ctx, func(tx *store.Tx) error {
		now := s.Now()
		ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{From: now.Add(-SurveyWindow), To: now, States: surveyed})
		if err != nil {
			return err
		}
		ids := make([]int64, len(ms))
		for i, m := range ms {
			ids[i] = m.ID
		}
		done, err := tx.SurveyRoundsOf(ctx, ids)
		if err != nil {
			return err
		}
		for i := range ms {
			m := &ms[i]
			if done[m.ID] || now.Before(m.End) {
				continue
			}
			n, err := s.surveyMeeting(ctx, tx, a, m, base, now)
			if err != nil {
				return err
			}
			invited += n
		}
		return nil
	})
	return invited, err
}

func (s *Service) surveyMeeting(ctx context.Context, tx *store.Tx, a *gov.Agreement, m *gov.Meeting, base string, now time.Time) (int, error) {
	sc, err := s.scope(a, system, m.Forum)
	if err != nil {
		return 0, nil // the forum left the model
	}
	attendees, err := tx.Attendance(ctx, m.ID)
	if err != nil {
		return 0, err
	}
	var present []gov.Person
	seen := map[string]bool{}
	for _, at := range attendees {
		p := a.Person(at.Person)
		if !at.Present || p == nil || p.Email == "" || seen[strings.ToLower(p.Email)] {
			continue
		}
		seen[strings.ToLower(p.Email)] = true
		present = append(present, *p)
	}
	if len(present) == 0 {
		return 0, nil // attendance not recorded yet: try again on the next run
	}
	picked, err := pick(present, SurveySize(a.Survey.Share, len(present)))
	if err != nil {
		return 0, err
	}
	won, err := tx.StartSurveyRound(ctx, m.ID, len(present), len(picked), now)
	if err != nil || !won {
		return 0, err
	}
	subject := s.t(a, "survey.mail.subject", "Forum", sc.f.Name, "Date", m.LocalDate)
	for _, p := range picked {
		secret, err := store.NewSurveySecret()
		if err != nil {
			return 0, err
		}
		if err := tx.InsertSurveyInvitation(ctx, m.ID, strings.ToLower(p.Email), secret, now); err != nil {
			return 0, err
		}
		body := s.t(a, "survey.mail.body", "Forum", sc.f.Name, "Date", m.LocalDate, "Link", base+"/survey/"+secret,
			"Count", len(a.Survey.Questions))
		if _, err := s.enqueue(ctx, tx, sc, m, "survey", fmt.Sprintf("survey:%d", m.ID), p, subject, body, ""); err != nil {
			return 0, err
		}
	}
	// The audit records how many were asked, not who: the survey is
	// anonymous.
	return len(picked), s.audit(ctx, tx, system, "survey.invite", m, map[string]any{"present": len(present), "invited": len(picked)})
}

// SurveySize is how many of n people present a share asks: the share
// rounded, at least one and at most everyone.
func SurveySize(share float64, n int) int {
	k := int(math.Round(share * float64(n)))
	return min(max(k, 1), n)
}

// pick chooses k of people at random, with crypto/rand so that nobody can
// predict (or steer) who is asked.
func pick(people []gov.Person, k int) ([]gov.Person, error) {
	out := append([]gov.Person(nil), people...)
	for i := 0; i < k; i++ {
		j, err := rand.Int(rand.Reader, big.NewInt(int64(len(out)-i)))
		if err != nil {
			return nil, err
		}
		r := i + int(j.Int64())
		out[i], out[r] = out[r], out[i]
	}
	return out[:k], nil
}
