package browser

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/calendar"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/store"
)

// fileAt files a complaint as the provider (the buying side) against the
// supplier user's party on a past day, as the demo seed does: the server
// runs on the real clock, so "late" comes from the data.
func fileAt(t testing.TB, when time.Time, title string) *store.Complaint {
	svc := complaint.New(env.st)
	svc.Now = func() time.Time { return when }
	u := env.users["provider"]
	x := meeting.ActorFor(auth.Principal{Email: u.Email, Name: u.Name, Party: u.Party, Account: auth.AccountRepresentative}, env.a)
	c, err := svc.File(context.Background(), env.a, x, complaint.NewComplaint{Supplier: env.users["supplier"].Party, Title: title,
		Body: "Palvelu ei ollut käytettävissä koulupäivän aikana."})
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	return c
}

var axeComplaint struct {
	once sync.Once
	id   int64
}

// axeComplaintPath is a complaint page for the accessibility list.
func axeComplaintPath() string {
	axeComplaint.once.Do(func() {
		axeComplaint.id = fileAt(&testing.T{}, time.Now().AddDate(0, 0, -2), "Saavutettavuus").ID
	})
	return agreementPath("/complaints/" + strconv.FormatInt(axeComplaint.id, 10))
}

// workingDaysAfter counts n working days forward one day at a time: an
// independent check of the service's deadline arithmetic.
func workingDaysAfter(cal calendar.Calendar, from calendar.Date, n int) calendar.Date {
	d := from
	for n > 0 {
		d = d.AddDays(1)
		if cal.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// The "done when": a complaint filed, acknowledged, answered late,
// and the sanction that follows approved by the customer, with every
// deadline on the Finnish calendar.
func TestComplaintAnsweredLateBecomesApprovedSanction(t *testing.T) {
	t.Parallel()
	cal := calendar.Calendar{Country: calendar.Finland}
	hel, _ := time.LoadLocation(env.a.TimeZone)
	today := calendar.DateOf(time.Now().In(hel))

	// Filed in the browser today: the deadlines shown are the calendar's.
	cust := newTab(t, acceptLanguage["en"])
	cust.signIn(env.users["provider"], password) // the buying side of the supplier's contract (issue 14)
	cust.useLanguage("en")
	cust.open(agreementPath("/complaints"))
	cust.shot("en", "complaints")
	cust.do(chromedp.SetValue(chromedp.ID("c-supplier"), env.users["supplier"].Party))
	if status := cust.submit(chromedp.Click(chromedp.CSS(`form[method="post"][action$="/complaints"] button[type="submit"]`))); status != 422 {
		t.Fatalf("empty complaint: status %d", status)
	}
	cust.do(chromedp.SendKeys(chromedp.ID("c-title"), "Raportit myöhässä"), chromedp.SendKeys(chromedp.ID("c-body"), "Kuukausiraportti puuttuu."))
	if status := cust.submit(chromedp.Click(chromedp.CSS(`form[method="post"][action$="/complaints"] button[type="submit"]`))); status != 200 {
		t.Fatalf("file: status %d at %s", status, cust.path())
	}
	cust.shot("en", "complaint-filed")
	body := eval[string](cust, "document.body.innerText")
	ack, respond := workingDaysAfter(cal, today, 1), workingDaysAfter(cal, today, 10)
	for _, want := range []string{env.cat.T("en", "complaints.mark"), dateEN(ack), dateEN(respond),
		env.cat.T("en", "complaints.due.left", "Count", 1), env.cat.T("en", "complaints.due.left", "Count", 10)} {
		if !strings.Contains(body, want) {
			t.Errorf("filed complaint page lacks %q:\n%s", want, body)
		}
	}

	// Filed five weeks ago (by the data): the supplier acknowledges and
	// answers it now, late.
	past := time.Now().AddDate(0, 0, -35)
	c := fileAt(t, past, "Kirjautuminen katkeili")
	pastDay := calendar.DateOf(past.In(hel))
	if c.RespondDue != workingDaysAfter(cal, pastDay, 10).String() || c.AckDue != workingDaysAfter(cal, pastDay, 1).String() {
		t.Fatalf("deadlines %s, %s from %s", c.AckDue, c.RespondDue, pastDay)
	}
	path := agreementPath("/complaints/" + strconv.FormatInt(c.ID, 10))
	sup := newTab(t, acceptLanguage["en"])
	sup.signIn(env.users["supplier"], password)
	sup.useLanguage("en")
	sup.open(path)
	sup.shot("en", "complaint-supplier")
	if status := sup.submit(chromedp.Click(chromedp.CSS(`form[action$="/acknowledge"] button`))); status != 200 {
		t.Fatalf("acknowledge: status %d", status)
	}
	// Five of six sections: refused, the missing one named on the form.
	for i := 1; i <= 5; i++ {
		sup.do(chromedp.SendKeys(chromedp.ID("section-"+strconv.Itoa(i)), "Kohta "+strconv.Itoa(i)))
	}
	if status := sup.submit(chromedp.Click(chromedp.CSS(`form[action$="/respond"] button`))); status != 422 {
		t.Fatalf("response without prevention: status %d", status)
	}
	sup.shot("en", "complaint-response-error")
	if got := eval[string](sup, `(document.getElementById("section-6-error") || {}).innerText || ""`); !strings.Contains(got, "missing") {
		t.Fatalf("section 6 error %q", got)
	}
	if v := eval[string](sup, `document.getElementById("section-1").value`); v != "Kohta 1" {
		t.Fatalf("the form lost its input: %q", v)
	}
	sup.do(chromedp.SendKeys(chromedp.ID("section-6"), "Seuranta lisätty"))
	if status := sup.submit(chromedp.Click(chromedp.CSS(`form[action$="/respond"] button`))); status != 200 {
		t.Fatalf("respond: status %d", status)
	}
	body = eval[string](sup, "document.body.innerText")
	if !strings.Contains(body, env.cat.T("en", "complaints.response.late")) || !strings.Contains(body, env.cat.T("en", "sanctions.status.proposed")) {
		t.Fatalf("late response page:\n%s", body)
	}
	// The supplier cannot approve its own sanction: no form for it.
	sup.open(agreementPath("/sanctions"))
	if n := eval[int](sup, `document.querySelectorAll('form[action*="/sanctions/"]').length`); n != 0 {
		t.Errorf("the supplier sees %d sanction forms", n)
	}

	// The customer (the buying provider, who filed it) approves, in a
	// meeting of the steering group, which decides sanctions (issue 16).
	begunMeeting(t, "ohjausryhma-alustatalo")
	prov := newTab(t, acceptLanguage["en"])
	prov.signIn(env.users["provider"], password)
	prov.useLanguage("en")
	prov.open(agreementPath("/sanctions"))
	prov.shot("en", "sanctions")
	id := eval[string](prov, `(Array.from(document.querySelectorAll("section.sanction")).find(s => s.querySelector('a[href$="/complaints/`+strconv.FormatInt(c.ID, 10)+`"]')) || {}).id || ""`)
	if id == "" {
		t.Fatalf("no sanction for complaint %d", c.ID)
	}
	if status := prov.submit(chromedp.Click(chromedp.CSS(`#` + id + ` button[value="approved"]`))); status != 200 {
		t.Fatalf("approve: status %d", status)
	}
	prov.shot("en", "sanctions-approved")
	if got := eval[string](prov, `document.querySelector("#`+id+` .sanction-status").innerText`); got != env.cat.T("en", "sanctions.status.approved") {
		t.Fatalf("status after approval %q", got)
	}
	prov.open(path)
	prov.shot("en", "complaint-customer")
	if got := eval[string](prov, `document.getElementById("complaint-sanction").innerText`); !strings.Contains(got, env.cat.T("en", "sanctions.status.approved")) {
		t.Fatalf("complaint's sanction %q", got)
	}
}

// dateEN is a date as the English pages show it.
func dateEN(d calendar.Date) string {
	return i18n.Date("en", d.Time(time.UTC))
}
