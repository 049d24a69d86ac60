package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
)

// The demo's checked and signed minutes (issue 19): a self-signed
// signing pair beside the demo database, and one meeting of the Tiera ×
// Alustatalo steering group whose minutes were drafted from the meeting,
// approved by Tiera, signed by the chair and two checkers and sealed.

// demoSignedForum is the forum whose model has checked and signed
// minutes.
const demoSignedForum = "ohjausryhma-alustatalo"

// demoSigningPair returns the files of the demo's signing certificate
// and key, beside the database (steerco-demo.db →
// steerco-demo-signing.crt/.key; in the working directory for
// PostgreSQL), made once with a self-signed certificate.
func demoSigningPair(db string) (certFile, keyFile string, err error) {
	base := "steerco-demo"
	if path, ok := strings.CutPrefix(db, "sqlite:"); ok {
		path, _, _ = strings.Cut(path, "?")
		path = strings.TrimPrefix(path, "file:")
		base = strings.TrimSuffix(path, filepath.Ext(path))
	}
	certFile, keyFile = base+"-signing.crt", base+"-signing.key"
	if _, err := os.Stat(certFile); err == nil {
		return certFile, keyFile, nil
	}
	certPEM, keyPEM, err := pades.SelfSigned("steerco demo seal")
	if err != nil {
		return "", "", err
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		return "", "", err
	}
	return certFile, keyFile, nil
}

// seedDemoSignedMinutes holds a meeting of the steering group four weeks
// ago and takes its minutes through drafting, approval, signing and
// sealing, unless the forum has meetings already.
func seedDemoSignedMinutes(ctx context.Context, s *store.Store, a *gov.Agreement, signer *pades.Signer, stdout io.Writer) error {
	f := a.Forum(demoSignedForum)
	if f == nil || f.Minutes.Checking == nil {
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
	day := cal.NextWorkingDay(calendar.DateOf(demoNow().In(loc)).AddDays(-28))
	if !a.Period.Contains(day.String()) {
		return nil
	}
	svc := meeting.New(s, cat)
	svc.Signer = signer
	var clock time.Time
	svc.Now = func() time.Time { return clock }
	at := func(d calendar.Date, hh int) { clock = d.Time(loc).Add(time.Duration(hh) * time.Hour) }
	person := func(slug string) meeting.Actor {
		p := a.Person(slug)
		return meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
	}
	writer, chair := person("minna-karjalainen"), person("markku-hiltunen")
	at(cal.AddWorkingDays(day, -8), 9)
	m, err := svc.CreateAdHoc(ctx, a, writer, meeting.NewMeeting{Forum: f.Slug, Date: day.String(), Time: "15:00", Location: "Tiera, Helsinki"}, false)
	if err != nil {
		return err
	}
	if err := svc.PublishAgenda(ctx, a, writer, m.ID); err != nil {
		return err
	}
	at(day, 17)
	att := []meeting.AttendeeInput{{Person: "markku-hiltunen", Role: "chair", Present: true}, {Person: "sanna-rautio", Role: "member", Present: true},
		{Person: "jussi-peltonen", Role: "member", Present: true}, {Person: "minna-karjalainen", Role: "secretary", Present: true}}
	if err := svc.RecordAttendance(ctx, a, writer, m.ID, att); err != nil {
		return err
	}
	if err := svc.MarkHeld(ctx, a, writer, m.ID); err != nil {
		return err
	}
	if _, err := svc.AddActionItem(ctx, a, writer, m.ID, meeting.ActionInput{Title: "Päivitä palvelun tilanneraportin mittarit",
		Owner: "jussi-peltonen", Due: cal.AddWorkingDays(day, 10).String()}); err != nil {
		return err
	}
	if err := svc.ChooseCheckers(ctx, a, writer, m.ID, []string{"sanna-rautio", "jussi-peltonen"}); err != nil {
		return err
	}
	body, err := svc.DraftMinutes(ctx, a, writer, m.ID)
	if err != nil {
		return err
	}
	if _, err := svc.SaveMinutes(ctx, a, writer, m.ID, body+"Kokous päätettiin klo 16.45.\n"); err != nil {
		return err
	}
	if err := svc.SubmitMinutes(ctx, a, writer, m.ID); err != nil {
		return err
	}
	at(cal.AddWorkingDays(day, 1), 10)
	if err := svc.ApproveMinutes(ctx, a, chair, m.ID); err != nil {
		return err
	}
	at(cal.AddWorkingDays(day, 2), 10)
	for _, slug := range []string{"markku-hiltunen", "sanna-rautio", "jussi-peltonen"} {
		if err := svc.SignMinutes(ctx, a, person(slug), m.ID); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "held a meeting of %s on %s with checked, signed and sealed minutes\n", f.Name, day)
	return nil
}
