package browser

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/decision"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/web"
)

// helsinki is the test agreement's time zone.
var helsinki, _ = time.LoadLocation("Europe/Helsinki")

func helsinkiTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, helsinki)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// clockServer is the UI on the shared store with a clock the test moves,
// for a path that must wait for meetings to begin.
type clockServer struct {
	url string
	now atomic.Int64
}

func newClockServer(t *testing.T, start string) *clockServer {
	t.Helper()
	cs := &clockServer{}
	cs.at(t, start)
	w, err := web.New(context.Background(), web.Config{Now: func() time.Time { return time.Unix(0, cs.now.Load()) }}, env.st,
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	cs.url = srv.URL
	return cs
}

func (cs *clockServer) at(t testing.TB, s string) { cs.now.Store(helsinkiTime(t, s).UnixNano()) }

// go opens a path of the clock server and returns the page's status.
func (cs *clockServer) open(tb *tab, path string) int64 {
	tb.t.Helper()
	var status int64
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(cs.url+path))
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

// signIn signs u in on the clock server.
func (cs *clockServer) signIn(tb *tab, u user) {
	tb.t.Helper()
	cs.open(tb, "/login")
	if status := tb.signIn(u, password); status >= 400 {
		tb.t.Fatalf("sign in as %s: %d", u.Email, status)
	}
}

// text is the page's visible text.
func (tb *tab) text() string { return eval[string](tb, "document.body.innerText") }

// click submits the form whose button the selector names and wants a
// page with status want.
func (tb *tab) click(sel string, want int64) {
	tb.t.Helper()
	if status := tb.submit(chromedp.Click(chromedp.CSS(sel))); status != want {
		tb.t.Fatalf("%s: status %d, want %d at %s\n%s", sel, status, want, tb.path(), tb.text())
	}
}

// itemAction is the form action of a decision item's form on the meeting
// page, found by the item's title and the action's ending.
func (tb *tab) itemAction(title, suffix string) string {
	tb.t.Helper()
	js := fmt.Sprintf(`(() => { const a = Array.from(document.querySelectorAll("article.decision-item")).find(a => a.querySelector("h3").innerText.includes(%q));
		const f = a && a.querySelector('form[action$=%q]'); return f ? f.getAttribute("action") : ""; })()`, title, suffix)
	act := eval[string](tb, js)
	if act == "" {
		tb.t.Fatalf("no %s form for %q at %s\n%s", suffix, title, tb.path(), tb.text())
	}
	return act
}

// TestMattersDemoPath is the "done when" in the browser: the
// provider's convener adds a development group meeting and a steering
// group meeting and publishes them; a customer raises a disagreement in
// the development group (after a refused empty form); the convener puts
// it on the agenda, where no consensus is reached; the customer escalates
// it to the steering group, whose meeting takes it onto its agenda; there
// the convener opens a vote, records each organisation's vote weighted 2
// for the owner cities, and closes it: tied 6–6 and passed by the chair's
// casting vote. Screenshots of each page go to the artifacts.
func TestMattersDemoPath(t *testing.T) {
	cs := newClockServer(t, "2026-03-10 08:00")
	const title = "Arviointityökalun käyttöönotto kaikille kunnille"
	prov := newTab(t, acceptLanguage["en"])
	cs.signIn(prov, env.users["provider"])
	cust := newTab(t, acceptLanguage["en"])
	cs.signIn(cust, env.users["customer"])

	// The convener adds the two meetings and publishes their agendas.
	meetingOf := map[string]string{}
	for _, m := range []struct{ forum, time string }{{"kehitysryhma", "09:00"}, {"ohjausryhma", "13:00"}} {
		if status := cs.open(prov, agreementPath("/meetings?forum="+m.forum)); status != 200 {
			t.Fatalf("meetings of %s: %d", m.forum, status)
		}
		prov.do(chromedp.SetValue(chromedp.ID("add-date"), "2026-03-10"), chromedp.SetValue(chromedp.ID("add-time"), m.time))
		prov.click(`form[action$="/forums/`+m.forum+`/meetings"] button[type="submit"]`, 200)
		meetingOf[m.forum] = prov.path()
		prov.click(`form[action$="/publish"] button[type="submit"]`, 200)
	}

	// A customer raises the disagreement; an empty title is refused on
	// the form.
	if status := cs.open(cust, agreementPath("/matters/new")); status != 200 {
		t.Fatalf("new matter: %d", status)
	}
	cust.do(chromedp.SetValue(chromedp.ID("matter-forum"), "kehitysryhma"), chromedp.SetValue(chromedp.ID("matter-kind"), "disagreement"))
	cust.click(`form[action$="/matters"] button[type="submit"]`, 422)
	if txt := cust.text(); !strings.Contains(txt, "A matter needs a title.") {
		t.Fatalf("the refused form does not say why:\n%s", txt)
	}
	cust.shot("en", "matter-new-error")
	cust.do(chromedp.SendKeys(chromedp.ID("matter-title"), title),
		chromedp.SendKeys(chromedp.ID("matter-description"), "Kunnat ovat eri mieltä siitä, kuuluuko arviointityökalu palvelusopimuksen piiriin."))
	cust.click(`form[action$="/matters"] button[type="submit"]`, 200)
	matterPath := cust.path()
	if txt := cust.text(); !strings.Contains(txt, "Disagreement") || !strings.Contains(txt, "Escalate to Ratkaisun ohjausryhmä") {
		t.Fatalf("the new matter:\n%s", txt)
	}

	// On the development group's agenda, by its convener.
	cs.open(prov, matterPath)
	prov.click(`form[action$="/agenda"] button[type="submit"]`, 200)

	// The meeting has begun: no consensus.
	cs.at(t, "2026-03-10 09:30")
	cs.open(prov, meetingOf["kehitysryhma"])
	act := prov.itemAction(title, "/consensus")
	id := strings.TrimPrefix(act[strings.Index(act, "/items/"):], "/items/")
	id = strings.TrimSuffix(id, "/consensus")
	prov.do(chromedp.SendKeys(chromedp.ID("consensus-statement-"+id), "Kunnat eivät päässeet yhteisymmärrykseen."),
		chromedp.Click(chromedp.ID("consensus-no-"+id)))
	prov.click(`form[action="`+act+`"] button[type="submit"]`, 200)
	if txt := prov.text(); !strings.Contains(txt, "no consensus") {
		t.Fatalf("after recording:\n%s", txt)
	}

	// The customer escalates it; it lands on the steering group's agenda.
	cs.open(cust, matterPath)
	cust.do(chromedp.SendKeys(chromedp.ID("escalate-reason"), "Kehitysryhmä ei päässyt yhteisymmärrykseen."))
	cust.click(`form[action$="/escalate"] button[type="submit"]`, 200)
	if txt := cust.text(); !strings.Contains(txt, "Escalated") || !strings.Contains(txt, "no consensus; escalated to Ratkaisun ohjausryhmä") {
		t.Fatalf("after escalating:\n%s", txt)
	}
	cust.shot("en", "matter-escalated")

	// The steering group votes per organisation; the chair's city
	// (Espoo) breaks the tie.
	cs.at(t, "2026-03-10 13:30")
	cs.open(prov, meetingOf["ohjausryhma"])
	prov.click(`form[action="`+prov.itemAction(title, "/vote/open")+`"] button[type="submit"]`, 200)
	prov.shot("en", "meeting-vote-open")
	act = prov.itemAction(title, "/vote")
	id = strings.TrimSuffix(strings.TrimPrefix(act[strings.Index(act, "/items/"):], "/items/"), "/vote")
	votes := []struct{ voter, choice string }{{"espoo", "yes"}, {"vantaa", "yes"}, {"kuopio", "yes"}, {"jarvenpaa", "yes"},
		{"tampere", "no"}, {"oulu", "no"}, {"helsinki", "no"}, {"lohja", "no"}, {"turku", "abstain"}}
	for _, v := range votes {
		prov.do(chromedp.SetValue(chromedp.ID("vote-voter-"+id), v.voter), chromedp.Click(chromedp.ID("vote-choice-"+id+"-"+v.choice)))
		prov.click(`form[action="`+act+`"] button[type="submit"]`, 200)
	}
	if txt := prov.text(); !strings.Contains(txt, "Weighted tally: yes 6, no 6, abstained 2 (9 of 10 voted)") {
		t.Fatalf("the tally:\n%s", txt)
	}
	prov.click(`form[action="`+prov.itemAction(title, "/vote/close")+`"] button[type="submit"]`, 200)
	result := "tied 6–6; passed by the chair's casting vote; 1 abstained"
	if txt := prov.text(); !strings.Contains(txt, result) {
		t.Fatalf("the result:\n%s", txt)
	}
	prov.shot("en", "meeting-decided")

	// The matter's path, the register and the decision.
	cs.open(cust, matterPath)
	if txt := cust.text(); !strings.Contains(txt, "Decided") || !strings.Contains(txt, result) {
		t.Fatalf("the decided matter:\n%s", txt)
	}
	cust.shot("en", "matter-decided")
	cs.open(cust, agreementPath("/decisions"))
	cust.shot("en", "decisions")
	cust.click(`a[href*="/decisions/"]`, 200)
	if txt := cust.text(); !strings.Contains(txt, result) || !strings.Contains(txt, "Espoon kaupunki") {
		t.Fatalf("the decision page:\n%s", txt)
	}
	cust.shot("en", "decision")
}

// matterPages seeds, once, what the accessibility test's matter pages
// show: a matter of the steering group decided by a vote at a published
// meeting of its own, made through the services as the UI makes them.
var matterPages = sync.OnceValues(func() (ids [3]int64, err error) {
	ctx := context.Background()
	a := env.a
	admin := meeting.ActorFor(auth.Principal{Email: env.users["admin"].Email, Admin: true, Account: auth.AccountRepresentative}, a)
	cu := env.users["customer"]
	cust := meeting.ActorFor(auth.Principal{Email: cu.Email, Name: cu.Name, Party: cu.Party, Account: auth.AccountRepresentative}, a)
	now, _ := time.ParseInLocation("2006-01-02 15:04", "2026-04-13 10:00", helsinki)
	clock := func() time.Time { return now }
	ms, ts := meeting.New(env.st, env.cat), matter.New(env.st)
	ms.Now, ts.Now = clock, clock
	mt, err := ms.CreateAdHoc(ctx, a, admin, meeting.NewMeeting{Forum: "ohjausryhma", Date: "2026-04-14", Time: "12:00"}, false)
	if err != nil {
		return ids, err
	}
	m, err := ts.Raise(ctx, a, cust, matter.NewMatter{Forum: "ohjausryhma", Kind: matter.KindProposal, Title: "Saavutettavuusauditointi",
		Description: "Ehdotetaan ulkoista saavutettavuusauditointia."})
	if err != nil {
		return ids, err
	}
	it, err := ts.PutOnAgenda(ctx, a, admin, m.ID, mt.ID, gov.ItemDecision)
	if err != nil {
		return ids, err
	}
	if err := ms.PublishAgenda(ctx, a, admin, mt.ID); err != nil {
		return ids, err
	}
	now = now.Add(26*time.Hour + 30*time.Minute)
	if _, err := ts.OpenVote(ctx, a, admin, mt.ID, it.ID, ""); err != nil {
		return ids, err
	}
	for voter, c := range map[string]decision.Choice{"espoo": decision.Yes, "vantaa": decision.No, "kuopio": decision.Abstain} {
		if _, err := ts.CastVote(ctx, a, admin, mt.ID, it.ID, voter, c); err != nil {
			return ids, err
		}
	}
	d, err := ts.CloseVote(ctx, a, admin, mt.ID, it.ID)
	if err != nil {
		return ids, err
	}
	return [3]int64{m.ID, d.ID, mt.ID}, nil
})

// matterAxePages are the matter and decision pages for the axe list.
func matterAxePages() []uiPage {
	ids, err := matterPages()
	if err != nil {
		panic("seed the matter pages: " + err.Error())
	}
	return []uiPage{
		{name: "matters", path: agreementPath("/matters?q=auditointi"), as: "customer", status: 200},
		{name: "matter-new", path: agreementPath("/matters/new"), as: "customer", status: 200},
		{name: "matter", path: agreementPath(fmt.Sprintf("/matters/%d", ids[0])), as: "customer", status: 200},
		{name: "matter-edit", path: agreementPath(fmt.Sprintf("/matters/%d/edit", ids[0])), as: "customer", status: 200},
		{name: "decisions", path: agreementPath("/decisions"), as: "customer", status: 200},
		{name: "decision", path: agreementPath(fmt.Sprintf("/decisions/%d", ids[1])), as: "customer", status: 200},
		{name: "meeting-decisions", path: agreementPath(fmt.Sprintf("/meetings/%d", ids[2])), as: "provider", status: 200},
		{name: "forum-seats", path: agreementPath("/forums/ohjausryhma"), as: "customer", status: 200},
	}
}
