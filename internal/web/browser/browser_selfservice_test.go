package browser

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/gov"
)

// inviteLink is the path of the newest invitation link in email's outbox
// messages: what the invitee opens from the e-mail.
func inviteLink(t *testing.T, email string) string {
	t.Helper()
	ms, err := env.st.OutboxFor(context.Background(), email, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Kind == "invitation" {
			if l := regexp.MustCompile(`/invite/\S+`).FindString(m.Body); l != "" {
				return l
			}
		}
	}
	t.Fatalf("no invitation in the outbox of %s", email)
	return ""
}

// noRawIDs fails when the page shows a message id instead of its text.
func noRawIDs(tb *tab, page string) {
	tb.t.Helper()
	if raw := tb.rawIDs(messageIDs()); len(raw) > 0 {
		tb.t.Errorf("%s shows message ids: %v", page, raw)
	}
}

// accept opens an invitation link in a fresh tab, sets a password and
// returns the tab, signed in.
func accept(t *testing.T, email, agreement string) *tab {
	t.Helper()
	tb := newTab(t, "en")
	if status := tb.open(inviteLink(t, email)); status != 200 {
		t.Fatalf("%s opens the invitation: %d", email, status)
	}
	tb.do(chromedp.SendKeys(chromedp.ID("password"), "a new and long secret"), chromedp.SendKeys(chromedp.ID("confirm"), "a new and long secret"))
	if status := tb.submit(chromedp.Click(chromedp.CSS(`form[action^="/invite/"] button[type="submit"]`))); status != 200 || tb.path() != "/a/"+agreement {
		t.Fatalf("%s accepts: %d at %s", email, status, tb.path())
	}
	return tb
}

// TestSelfService is issue 15's "done when", with no command line after
// the server starts: the administrator creates an agreement from
// municipal-3-level with new party names and ids and invites both
// parties' representatives; each opens the link from their message, sets
// a password and is signed in; the supplier's representative invites a
// colleague, who accepts; the customer's representative proposes moving
// the tactical forum from quarterly to monthly; the supplier's
// representative approves; the annual plan shows twelve tactical
// meetings; the model's history shows the revision with its diff and both
// names. Then the administrator disables the colleague, whose open
// session stops at the next click.
func TestSelfService(t *testing.T) {
	const slug = "kuntala-it"
	admin := newTab(t, "en")
	if status := admin.signIn(env.users["admin"], password); status != 200 {
		t.Fatalf("admin signs in: %d", status)
	}
	admin.open("/agreements")
	if status := admin.submit(chromedp.Click(chromedp.CSS(`a[href="/agreements/new"]`))); status != 200 {
		t.Fatalf("wizard: %d", status)
	}
	if status := admin.submit(chromedp.Click(chromedp.CSS(`a[href="/agreements/new?template=municipal-3-level"]`))); status != 200 {
		t.Fatalf("template: %d", status)
	}
	set := func(tb *tab, id, v string) { tb.do(chromedp.SetValue(chromedp.ID(id), v)) }
	set(admin, "name", "Kuntalan IT-palvelut")
	set(admin, "id", slug)
	set(admin, "from", "2027-01-01")
	set(admin, "to", "2030-12-31")
	set(admin, "party_0_name", "Kuntalan kaupunki")
	set(admin, "party_0_id", "kuntala")
	set(admin, "party_0_org", "kuntala")
	set(admin, "party_0_invite_name", "Kaarina Kuntala")
	set(admin, "party_0_invite_email", "kaarina@kuntala.example")
	set(admin, "party_1_name", "Toimittaja Oy")
	set(admin, "party_1_id", "toimittaja")
	set(admin, "party_1_org", "toimittaja")
	set(admin, "party_1_invite_name", "Tuomas Toimittaja")
	set(admin, "party_1_invite_email", "tuomas@toimittaja.example")
	if status := admin.submit(chromedp.Click(chromedp.CSS(`button[name="apply"][value="0"]`))); status != 200 {
		t.Fatalf("preview: %d", status)
	}
	if got := eval[string](admin, `document.querySelector("#preview-h + p + table caption").innerText`); got != "Annual plan 2027" {
		t.Fatalf("preview caption %q", got)
	}
	noRawIDs(admin, "the wizard's preview")
	if status := admin.submit(chromedp.Click(chromedp.CSS(`button[name="apply"][value="1"]`))); status != 200 || admin.path() != "/a/"+slug {
		t.Fatalf("create: %d at %s", status, admin.path())
	}

	customer := accept(t, "kaarina@kuntala.example", slug)
	supplier := accept(t, "tuomas@toimittaja.example", slug)

	// The supplier's representative invites a colleague from the directory.
	supplier.open("/a/" + slug + "/directory")
	if status := supplier.submit(chromedp.Click(chromedp.CSS(`a[href="/a/` + slug + `/invitations"]`))); status != 200 {
		t.Fatalf("invitations: %d", status)
	}
	noRawIDs(supplier, "the invitations")
	if n := eval[int](supplier, `document.querySelectorAll("#party option").length`); n != 1 {
		t.Fatalf("the supplier may invite into %d parties, want only their own", n)
	}
	supplier.do(chromedp.SendKeys(chromedp.ID("name"), "Kalle Kollega"), chromedp.SendKeys(chromedp.ID("email"), "kalle@toimittaja.example"))
	if status := supplier.submit(chromedp.Click(chromedp.CSS(`form[action$="/invitations"] button[type="submit"]`))); status != 200 {
		t.Fatalf("invite: %d", status)
	}
	supplier.open("/a/" + slug + "/directory")
	if !strings.Contains(eval[string](supplier, `document.querySelector("main").innerText`), "Kalle Kollega (kalle@toimittaja.example)") {
		t.Fatal("the directory does not show the colleague as not yet accepted")
	}
	colleague := accept(t, "kalle@toimittaja.example", slug)

	// The customer proposes the tactical forum monthly.
	customer.open("/a/" + slug + "/model/changes")
	if status := customer.submit(chromedp.Click(chromedp.CSS(`a[href="/a/` + slug + `/model/changes/forums/taktinen-ohjausryhma"]`))); status != 200 {
		t.Fatalf("forum form: %d", status)
	}
	set(customer, "frequency", "monthly")
	if status := customer.submit(chromedp.Click(chromedp.CSS(`form[action$="/forums/taktinen-ohjausryhma"] button[type="submit"]`))); status != 200 {
		t.Fatalf("propose: %d", status)
	}
	proposal := customer.path()
	if n := eval[int](customer, `document.querySelectorAll("form[action$='/approve']").length`); n != 0 {
		t.Fatal("the proposing party is offered the approval")
	}

	// The supplier approves.
	supplier.open("/a/" + slug + "/model/changes")
	if status := supplier.submit(chromedp.Click(chromedp.CSS(`a[href="` + proposal + `"]`))); status != 200 {
		t.Fatalf("proposal page: %d", status)
	}
	if diff := eval[string](supplier, `document.getElementById("diff").innerText`); !strings.Contains(diff, `"quarterly" → "monthly"`) {
		t.Fatalf("diff %q", diff)
	}
	noRawIDs(supplier, "the proposal")
	if status := supplier.submit(chromedp.Click(chromedp.CSS(`form[action$="/approve"] button`))); status != 200 {
		t.Fatalf("approve: %d", status)
	}
	noRawIDs(supplier, "the approved proposal")

	// Twelve tactical meetings in the plan.
	customer.open("/a/" + slug + "/plan?year=2027")
	if n := eval[int](customer, `Array.from(document.querySelectorAll("table.plan-list tbody tr")).filter(r => r.innerText.includes("Taktinen ohjausryhmä")).length`); n != 12 {
		t.Fatalf("%d tactical meetings in 2027, want 12", n)
	}
	// The history: the revision, its diff, both names.
	customer.open("/a/" + slug + "/model/changes")
	noRawIDs(customer, "the model's history")
	hist := eval[string](customer, `document.querySelector("section.revision").innerText`)
	for _, want := range []string{"Revision 1", `"quarterly" → "monthly"`, "Kaarina Kuntala", "Tuomas Toimittaja"} {
		if !strings.Contains(hist, want) {
			t.Errorf("history lacks %q:\n%s", want, hist)
		}
	}

	// The administrator disables the colleague: the next click signs out.
	admin.open("/admin/accounts")
	noRawIDs(admin, "the accounts")
	if status := admin.submit(chromedp.Click(chromedp.CSS(`form[action="/admin/accounts/state"]:has(input[value="kalle@toimittaja.example"]) button`))); status != 200 {
		t.Fatalf("disable: %d", status)
	}
	colleague.submit(chromedp.Click(chromedp.CSS(`a[href="/a/` + slug + `/directory"]`)))
	if p := colleague.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("the disabled colleague is still at %s", p)
	}

	// Afterwards, in the store: the model holds the revision.
	a, err := env.st.Agreement(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	if a.Forum("taktinen-ohjausryhma").Cadence.Frequency != gov.Monthly || a.Party("kuntala") == nil {
		t.Fatalf("stored model: %+v", a.Forum("taktinen-ohjausryhma").Cadence)
	}
}
