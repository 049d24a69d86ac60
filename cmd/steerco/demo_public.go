package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/records"
	"github.com/steerco/steerco/internal/store"
)

// The demo's public minutes (issue 21): a meeting of the forum the
// model publishes, held two weeks ago, its minutes approved, one item
// marked secret by the customer with a public title, and the minutes
// published at /public/national-platform/FORUM — so a visitor can see
// them without signing in.

// seedDemoPublicMinutes holds and publishes the meeting unless the
// publishing forum has meetings already.
func seedDemoPublicMinutes(ctx context.Context, s *store.Store, a *gov.Agreement, stdout io.Writer) error {
	if a.Records == nil || a.Records.Publication == nil || len(a.Records.Publication.Forums) == 0 {
		return nil
	}
	f := a.Forum(a.Records.Publication.Forums[0])
	if f == nil || f.Minutes.Checking != nil {
		return nil
	}
	exists := false
	err := s.ReadMeetings(ctx, func(tx *store.Tx) error {
		ms, err := tx.Meetings(ctx, a.Slug, store.MeetingFilter{Forum: f.Slug, Limit: 1})
		exists = len(ms) > 0
		return err
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
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	day := cal.NextWorkingDay(calendar.DateOf(demoNow().In(loc)).AddDays(-14))
	if !a.Period.Contains(day.String()) {
		return nil
	}
	// The forum's own people: its secretary writes, its chair approves.
	var writerSlug, chairSlug string
	for _, ms := range a.Memberships {
		if ms.Forum == f.Slug && ms.ActiveOn(day.String()) {
			switch ms.Role {
			case gov.RoleSecretary:
				writerSlug = ms.Person
			case gov.RoleChair:
				chairSlug = ms.Person
			}
		}
	}
	person := func(slug string) meeting.Actor {
		p := a.Person(slug)
		return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
	}
	if writerSlug == "" || chairSlug == "" || a.Person(writerSlug) == nil || a.Person(chairSlug) == nil {
		return nil
	}
	writer, chair := person(writerSlug), person(chairSlug)
	svc := meeting.New(s, cat)
	var clock time.Time
	svc.Now = func() time.Time { return clock }
	at := func(d calendar.Date, hh int) { clock = d.Time(loc).Add(time.Duration(hh) * time.Hour) }
	at(cal.AddWorkingDays(day, -8), 9)
	m, err := svc.CreateAdHoc(ctx, a, writer, meeting.NewMeeting{Forum: f.Slug, Date: day.String(), Time: "13:00", Location: "Espoo"}, false)
	if err != nil {
		return err
	}
	const secret = "Alustatalon hinnoittelu vuodelle 2027"
	var secretItem *gov.AgendaItem
	for _, in := range []meeting.ItemInput{
		{Type: "information", Title: "Palvelun tilannekatsaus"},
		{Type: "decision", Title: secret, Description: "Toimittajan hinnoitteluehdotus."},
	} {
		it, err := svc.AddItem(ctx, a, writer, m.ID, in)
		if err != nil {
			return err
		}
		secretItem = it
	}
	if err := svc.PublishAgendaAnyway(ctx, a, writer, m.ID); err != nil {
		return err
	}
	at(day, 15)
	if err := svc.RecordAttendance(ctx, a, writer, m.ID, []meeting.AttendeeInput{{Person: chairSlug, Role: "chair", Present: true},
		{Person: writerSlug, Role: "secretary", Present: true}}); err != nil {
		return err
	}
	if err := svc.MarkHeld(ctx, a, writer, m.ID); err != nil {
		return err
	}
	body := "## 1. Palvelun tilannekatsaus\n\nKäytiin läpi palvelun tila. Sanna Rautio esitteli kuukauden mittarit.\n\n" +
		"## 2. " + secret + "\n\nHyväksyttiin toimittajan ehdotus: 96 €/h.\n"
	if _, err := svc.SaveMinutes(ctx, a, writer, m.ID, body); err != nil {
		return err
	}
	if err := svc.SubmitMinutes(ctx, a, writer, m.ID); err != nil {
		return err
	}
	at(cal.AddWorkingDays(day, 1), 10)
	if err := svc.ApproveMinutes(ctx, a, chair, m.ID); err != nil {
		return err
	}
	rs := records.New(s)
	rs.Now = func() time.Time { return clock }
	if err := rs.MarkSecret(ctx, a, chair, m.ID, records.SecrecyInput{Kind: "item", Ref: strconv.FormatInt(secretItem.ID, 10),
		PublicTitle: "Toimittajasopimuksen hinnoittelu", Basis: "JulkL 24 § 1 mom. 20 k.", Years: 25}); err != nil {
		return err
	}
	if err := rs.Publish(ctx, a, chair, m.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "published the minutes of %s of %s, one item secret, at /public/%s/%s\n", f.Name, day, a.Slug, f.Slug)
	return nil
}
