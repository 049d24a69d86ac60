package browser

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
)

// seedCheckedMinutes stores a meeting of the publishing forum
// (opetuksen-ohjausryhma in the national-platform model) with checked
// minutes, one of whose items is about to be marked secret.
func seedCheckedMinutes(t *testing.T, secret string) (meetingID, itemID int64) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Second).Add(-48 * time.Hour)
	err := env.st.InTx(ctx, func(tx *store.Tx) error {
		m := &gov.Meeting{Agreement: env.a.Slug, Forum: "opetuksen-ohjausryhma", Kind: gov.KindExtra, State: gov.MinutesApproved,
			Title: "Ohjausryhmän ylimääräinen kokous", Start: now, End: now.Add(time.Hour), LocalDate: now.Format(time.DateOnly),
			MaterialsDue: now.Format(time.DateOnly), ICalUID: "browser-records", CreatedBy: "test", CreatedAt: now, UpdatedAt: now}
		if err := tx.InsertMeeting(ctx, m); err != nil {
			return err
		}
		for i, title := range []string{"Kokouksen avaus", secret} {
			it := &gov.AgendaItem{MeetingID: m.ID, Position: i + 1, Type: "decision", Title: title, Status: gov.ItemAccepted, Source: "manual"}
			if err := tx.InsertItem(ctx, it); err != nil {
				return err
			}
			itemID = it.ID
		}
		body := "## 1. Kokouksen avaus\n\nPuheenjohtaja avasi kokouksen.\n\n## 2. " + secret + "\n\nTarjoushinta 98 €/h hyväksyttiin.\n"
		mins := &gov.Minutes{MeetingID: m.ID, Body: body, Status: gov.MinutesFinal, WrittenBy: "test", WrittenAt: now, ApprovedBy: "user:chair", ApprovedAt: &now}
		if err := tx.InsertMinutes(ctx, mins); err != nil {
			return err
		}
		meetingID = m.ID
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return meetingID, itemID
}

// The "done when": the customer marks an agenda item secret and
// publishes the checked minutes in the browser; a visitor who never signs
// in opens the forum's public minutes and sees the secret item by its
// public title only.
func TestPublicMinutesSecretItem(t *testing.T) {
	t.Parallel()
	const secret, public = "Toimittajan Y tarjoushinnat 2027", "Toimittajasopimuksen hinnoittelu"
	mid, item := seedCheckedMinutes(t, secret)
	records := agreementPath("/meetings/" + strconv.FormatInt(mid, 10) + "/records")

	cust := newTab(t, acceptLanguage["fi"])
	cust.signIn(env.users["customer"], password)
	cust.useLanguage("fi")
	if status := cust.open(records); status != 200 {
		t.Fatalf("records page: %d", status)
	}
	cust.do(chromedp.SetValue(chromedp.ID("ref"), strconv.FormatInt(item, 10)),
		chromedp.SendKeys(chromedp.ID("public_title"), public),
		chromedp.SendKeys(chromedp.ID("secrecy_basis"), "JulkL 24 § 1 mom. 20 k."),
		chromedp.SendKeys(chromedp.ID("secrecy_years"), "25"))
	if status := cust.submit(chromedp.Click(chromedp.CSS(`form[action$="/records/secret"] button[type="submit"]`))); status != 200 {
		t.Fatalf("mark secret: %d at %s", status, cust.path())
	}
	if status := cust.submit(chromedp.Click(chromedp.CSS(`form[action$="/records/publish"] button[type="submit"]`))); status != 200 {
		t.Fatalf("publish: %d at %s", status, cust.path())
	}
	cust.shot("fi", "records-published")
	if body := eval[string](cust, "document.body.innerText"); !strings.Contains(body, env.cat.T("fi", "records.flash.published")) {
		t.Errorf("no confirmation of the publication:\n%s", body)
	}

	// A visitor, never signed in: the forum's public page, then the minutes.
	anon := newTab(t, acceptLanguage["fi"])
	forum := "/public/" + env.a.Slug + "/opetuksen-ohjausryhma"
	if status := anon.open(forum); status != 200 {
		t.Fatalf("public forum page: %d", status)
	}
	if status := anon.submit(chromedp.Click(chromedp.CSS(`#published-minutes a[href$="/` + strconv.FormatInt(mid, 10) + `"]`))); status != 200 {
		t.Fatalf("public minutes: %d at %s", status, anon.path())
	}
	anon.shot("fi", "public-minutes")
	if anon.path() != forum+"/"+strconv.FormatInt(mid, 10) {
		t.Errorf("at %s", anon.path())
	}
	items := eval[string](anon, `document.getElementById("public-items").innerText`)
	page := eval[string](anon, "document.documentElement.outerHTML")
	if !strings.Contains(items, public) || !strings.Contains(items, "Kokouksen avaus") {
		t.Errorf("public items lack the public title:\n%s", items)
	}
	if strings.Contains(page, secret) || strings.Contains(page, "98 €") {
		t.Errorf("the public page shows the secret item:\n%s", page)
	}
	if got := eval[string](anon, `document.querySelector('meta[name="robots"]').content`); got != "noindex, nofollow" {
		t.Errorf("robots %q", got)
	}
	if n := eval[int](anon, `document.querySelectorAll('footer a[href="/accessibility"]').length`); n != 1 {
		t.Errorf("no accessibility statement link in the footer")
	}
	// No session was ever made for the visitor: the sign-in page is
	// still where a signed-in page sends it.
	if status := anon.open(agreementPath("")); status != 200 || !strings.HasPrefix(anon.path(), "/login") {
		t.Errorf("the visitor is signed in somehow: %d at %s", status, anon.path())
	}
}
