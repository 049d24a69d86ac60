package browser

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/duty"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/timesheet"
)

// begunMeeting creates a meeting of forum on the last working day before
// today, as if planned then: a meeting that has begun, where the forum's
// decisions are recorded.
func begunMeeting(t *testing.T, forum string) int64 {
	t.Helper()
	hel, _ := time.LoadLocation(env.a.TimeZone)
	cal := calendar.Calendar{Country: calendar.Finland}
	day := cal.PrevWorkingDay(calendar.DateOf(time.Now().In(hel)).AddDays(-1))
	ms := meeting.New(env.st, env.cat)
	ms.Now = func() time.Time { return day.Time(hel).Add(7 * time.Hour) }
	admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
	m, err := ms.CreateAdHoc(context.Background(), env.a, admin, meeting.NewMeeting{Forum: forum, Date: day.String(), Time: "09:00", Minutes: 60}, false)
	if err != nil {
		t.Fatalf("meeting of %s: %v", forum, err)
	}
	return m.ID
}

// The "done when" (issue 16), on the day the test runs: the
// supplier representative's inbox in national-platform shows a complaint
// acknowledgement due the next working day, minutes due, hours to
// correct and the half-yearly security report; acknowledging the
// complaint takes it off the inbox at once.
func TestSupplierInbox(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := env.a
	hel, _ := time.LoadLocation(a.TimeZone)
	now := time.Now()
	cal := calendar.Calendar{Country: calendar.Finland}
	today := calendar.DateOf(now.In(hel))
	sup := env.users["supplier"]
	admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}

	// A complaint filed today: its acknowledgement is due the next
	// working day.
	c := fileAt(t, now, "Kirjautuminen ei toiminut (saapuneet)")
	if want := cal.AddWorkingDays(today, 1).String(); c.AckDue != want {
		t.Fatalf("acknowledgement due %s, want %s", c.AckDue, want)
	}

	// A production group meeting held on the last working day: its
	// minutes are the supplier's.
	held := cal.PrevWorkingDay(today.AddDays(-1))
	ms := meeting.New(env.st, env.cat)
	ms.Now = func() time.Time { return held.Time(hel).Add(7 * time.Hour) }
	m, err := ms.CreateAdHoc(ctx, a, admin, meeting.NewMeeting{Forum: "tuotantoryhma-alustatalo", Date: held.String(), Time: "09:00", Minutes: 30}, false)
	if err != nil {
		t.Fatalf("meeting: %v", err)
	}
	if err := ms.PublishAgenda(ctx, a, admin, m.ID); err != nil {
		t.Fatalf("publish: %v", err)
	}
	ms.Now = time.Now
	if err := ms.MarkHeld(ctx, a, admin, m.ID); err != nil {
		t.Fatalf("held: %v", err)
	}

	// An hour entered by the supplier today and returned by Tiera.
	ts := timesheet.New(env.st)
	supActor := meeting.ActorFor(auth.Principal{Email: sup.Email, Name: sup.Name, Party: sup.Party, Account: auth.AccountRepresentative}, a)
	if supActor.Person == nil {
		t.Fatalf("the supplier user %s is in no directory", sup.Email)
	}
	e, err := ts.Enter(ctx, a, supActor, timesheet.Input{Supplier: sup.Party, Person: supActor.Person.Slug, Rate: "projektipaallikko",
		Day: today.String(), Minutes: 60, Description: "Kirjautumisen vianselvitys"}, "web")
	if err != nil {
		t.Fatalf("enter: %v", err)
	}
	prov := env.users["provider"]
	provActor := meeting.ActorFor(auth.Principal{Email: prov.Email, Name: prov.Name, Party: prov.Party, Account: auth.AccountRepresentative}, a)
	if _, err := ts.Decide(ctx, a, provActor, []int64{e.ID}, false, "Kuvaus puuttuu tilauksesta"); err != nil {
		t.Fatalf("return hours: %v", err)
	}

	// The security report of this half year, put in the ledger as the
	// server's hourly run does.
	if _, err := duty.New(env.st, env.cat).Sync(ctx, a); err != nil {
		t.Fatalf("sync: %v", err)
	}

	tb := newTab(t, acceptLanguage["en"])
	tb.signIn(sup, password)
	tb.useLanguage("en")
	tb.open("/")
	tb.shot("en", "inbox")
	rows := func() string {
		return eval[string](tb, `Array.from(document.querySelectorAll("#inbox tr.duty")).map(r => r.className + " | " + r.innerText).join("\n")`)
	}
	got := rows()
	for _, want := range []string{"duty-complaint-acknowledgement", "duty-minutes", "duty-hours-correction", "duty-obligation"} {
		if !strings.Contains(got, want) {
			t.Errorf("the inbox has no %s:\n%s", want, got)
		}
	}
	if !strings.Contains(got, "Tietoturvaraportti") || !strings.Contains(got, "Kirjautuminen ei toiminut (saapuneet)") {
		t.Errorf("the inbox does not name the security report and the complaint:\n%s", got)
	}
	if i, j := strings.Index(got, "duty-complaint-acknowledgement"), strings.Index(got, "duty-obligation"); i < 0 || j < 0 || !strings.Contains(got, "late") && i > j {
		t.Errorf("not by due date:\n%s", got)
	}
	badge := eval[string](tb, `(document.querySelector("#nav-duties") || {}).innerText || ""`)
	if strings.TrimSpace(badge) == "" {
		t.Errorf("no count in the navigation")
	}

	// Acknowledge from the inbox's link: the row is gone on the next page.
	href := eval[string](tb, `document.querySelector("#inbox tr.duty-complaint-acknowledgement a").getAttribute("href")`)
	if status := tb.open(href); status != 200 {
		t.Fatalf("%s: status %d", href, status)
	}
	if status := tb.submit(chromedp.Click(chromedp.CSS(`form[action$="/acknowledge"] button`))); status != 200 {
		t.Fatalf("acknowledge: status %d", status)
	}
	tb.open("/")
	got = rows()
	if strings.Contains(got, "Kirjautuminen ei toiminut (saapuneet)") && strings.Contains(got, "duty-complaint-acknowledgement") {
		t.Fatalf("the acknowledged complaint is still to acknowledge:\n%s", got)
	}
	if !strings.Contains(got, "duty-complaint-response") {
		t.Fatalf("the response is not due:\n%s", got)
	}
}
