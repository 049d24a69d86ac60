package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// demoMatterMeetings are the forums of the demo path and the
// hour of their demo meeting: a disagreement raised in the development
// group, not agreed there, escalated to the steering group and decided
// there by a weighted vote.
var demoMatterMeetings = []struct{ forum, time string }{{"kehitysryhma", "09:00"}, {"ohjausryhma", "13:00"}}

// demoNow is the demo's clock; tests pin it.
var demoNow = time.Now

// seedDemoMatters gives the demo a meeting of the development group and
// one of the steering group that have already begun, with their agendas
// published: decisions are taken at a meeting once it has begun, and a
// meeting can only be published before it begins, so without these a
// demo user would have to wait for a meeting to start. They are held on
// the last working day before today; the customer login (who chairs the
// steering group) and the provider login (who convenes both) can then
// raise a matter, put it on the agendas, escalate it and vote on it at
// once. Nothing is added when either forum already has a meeting. A
// failure is reported and the demo goes on without them.
func seedDemoMatters(ctx context.Context, s *store.Store, a *gov.Agreement, stdout, stderr io.Writer) {
	if err := demoMatterSeed(ctx, s, a, demoNow(), stdout); err != nil {
		fmt.Fprintf(stderr, "steerco demo: the demo meetings for matters: %v\n", err)
	}
}

func demoMatterSeed(ctx context.Context, s *store.Store, a *gov.Agreement, now time.Time, stdout io.Writer) error {
	exists := false
	err := s.ReadMeetings(ctx, func(tx *store.Tx) error {
		for _, m := range demoMatterMeetings {
			ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: m.forum, Limit: 1})
			if err != nil {
				return err
			}
			exists = exists || len(ms) > 0
		}
		return nil
	})
	if err != nil || exists {
		return err
	}
	cal, err := plan.Calendar(a)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return err
	}
	day := cal.PrevWorkingDay(calendar.DateOf(now.In(loc)).AddDays(-1))
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	svc := meeting.New(s, cat)
	// The meetings are made and published the morning before they begin,
	// as their convener would have.
	svc.Now = func() time.Time { return day.Time(loc).Add(7 * time.Hour) }
	admin := meeting.ActorFor(auth.Principal{Email: demoAdmin, Name: "Demo Administrator", Admin: true, Account: auth.AccountRepresentative}, a)
	for _, m := range demoMatterMeetings {
		mt, err := svc.CreateAdHoc(ctx, a, admin, meeting.NewMeeting{Forum: m.forum, Date: day.String(), Time: m.time}, false)
		if err != nil {
			return err
		}
		if err := svc.PublishAgenda(ctx, a, admin, mt.ID); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "created meetings of the development and steering groups on %s for the matters demo\n", day)
	return nil
}
