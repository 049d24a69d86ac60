package browser

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/web"
)

// monthServer is a server of its own for the month of orders: the same
// template and demo people as `steerco demo`, on a clock the test moves
// from the first of October to the 5th working day of November.
type monthServer struct {
	url   string
	clock atomic.Int64 // Unix nanoseconds
}

func (m *monthServer) at(t *testing.T, day string) {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Helsinki")
	d, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", loc)
	if err != nil {
		t.Fatal(err)
	}
	m.clock.Store(d.UnixNano())
}

func startMonthServer(t *testing.T) (*monthServer, map[string]user) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "steerco.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := model.Template("national-platform")
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	// The demo's logins for the month: Tiera's ordering contact and
	// Alustatalo's service manager.
	hash, _ := auth.HashPassword(password)
	users := map[string]user{}
	for _, slug := range []string{"sanna-rautio", "minna-karjalainen"} {
		p := a.Person(slug)
		if err := st.CreateUser(ctx, &store.User{Email: p.Email, Name: p.Name, Party: p.Party, Role: auth.AccountRepresentative, PasswordHash: hash}, "test"); err != nil {
			t.Fatal(err)
		}
		users[slug] = user{Email: p.Email, Name: p.Name, Party: p.Party}
	}
	m := &monthServer{}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := web.New(ctx, web.Config{Now: func() time.Time { return time.Unix(0, m.clock.Load()) }}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	m.url = srv.URL
	return m, users
}

// goTo opens a page of the month's server and returns its status.
func (tb *tab) goTo(base, path string) int64 {
	tb.t.Helper()
	var status int64
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(base+path))
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

func (tb *tab) textOf(sel string) string {
	tb.t.Helper()
	return eval[string](tb, fmt.Sprintf(`(document.querySelector(%q) || {}).innerText || ""`, sel))
}

func (tb *tab) mustSee(what string, parts ...string) {
	tb.t.Helper()
	// Numbers are grouped with no-break spaces in Finnish.
	body := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(tb.textOf("main"))
	for _, p := range parts {
		if !strings.Contains(body, p) {
			tb.t.Errorf("%s: the page lacks %q:\n%s", what, p, body)
		}
	}
}

// TestOrdersMonth is issue 7's "done when": in the demo's agreement, in
// the browser, a month runs. Tiera's ordering contact names herself and
// places an order; Alustatalo answers with an estimate; Tiera accepts;
// Alustatalo's service manager enters hours in October (a 7-minute entry
// is refused); Tiera approves them on the 2nd working day of November;
// Alustatalo issues the invoice basis on the 5th and it is exported as
// CSV and XLSX.
func TestOrdersMonth(t *testing.T) {
	t.Parallel()
	m, users := startMonthServer(t)
	sanna, minna := newTab(t, acceptLanguage["fi"]), newTab(t, acceptLanguage["en"])
	signIn := func(tb *tab, u user) {
		tb.goTo(m.url, "/login")
		tb.do(chromedp.SendKeys(chromedp.ID("email"), u.Email), chromedp.SendKeys(chromedp.ID("password"), password))
		if st := tb.submit(chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`))); st >= 400 {
			t.Fatalf("sign in as %s: %d", u.Email, st)
		}
	}
	base := "/a/national-platform"
	m.at(t, "2026-10-01")
	signIn(sanna, users["sanna-rautio"])
	signIn(minna, users["minna-karjalainen"])

	// Tiera names its ordering contact with her rights.
	sanna.goTo(m.url, base+"/orders/contacts")
	sanna.do(chromedp.SetValue(chromedp.ID("person"), "sanna-rautio"),
		chromedp.Click(chromedp.ID("kinds-assignment")), chromedp.Click(chromedp.ID("kinds-service-request")),
		chromedp.SendKeys(chromedp.ID("max"), "60 000"))
	if st := sanna.submit(chromedp.Click(chromedp.CSS(`form[action$="/orders/contacts"] button[type="submit"]`))); st != 200 {
		t.Fatalf("name the ordering contact: %d", st)
	}
	sanna.mustSee("contacts", "Sanna Rautio", "60 000,00")
	sanna.shot("fi", "order-contacts")
	sanna.axeCheck("order-contacts")

	// The order: 12 person-days is an assignment (toimeksianto).
	sanna.goTo(m.url, base+"/orders/new")
	sanna.shot("fi", "order-new")
	sanna.axeCheck("order-new")
	sanna.do(chromedp.SetValue(chromedp.ID("kind"), "assignment"), chromedp.SetValue(chromedp.ID("supplier"), "alustatalo"),
		chromedp.SendKeys(chromedp.ID("title"), "Opettajan raportointinäkymä"),
		chromedp.SendKeys(chromedp.ID("description"), "Uusi näkymä, josta opettaja näkee ryhmänsä edistymisen."),
		chromedp.SendKeys(chromedp.ID("days"), "12"), chromedp.SendKeys(chromedp.ID("amount"), "9 000"))
	if st := sanna.submit(chromedp.Click(chromedp.CSS(`form[action$="/orders"] button[type="submit"]`))); st != 200 {
		t.Fatalf("place the order: %d", st)
	}
	orderPath := sanna.path()
	sanna.mustSee("placed order", "2026-001", "Toimeksianto (10–50 htp)", "Tehty")

	// Alustatalo answers with an estimate; Tiera accepts it.
	minna.goTo(m.url, orderPath)
	minna.shot("en", "order-answer")
	minna.axeCheck("order-answer")
	minna.do(chromedp.SendKeys(chromedp.ID("answer-days"), "12"), chromedp.SendKeys(chromedp.ID("answer-amount"), "9000"))
	if st := minna.submit(chromedp.Click(chromedp.CSS(`form[action$="/answer"] button[type="submit"]`))); st != 200 {
		t.Fatalf("answer: %d", st)
	}
	sanna.goTo(m.url, orderPath)
	if st := sanna.submit(chromedp.Click(chromedp.CSS(`form[action$="/accept"] button[type="submit"]`))); st != 200 {
		t.Fatalf("accept: %d", st)
	}
	sanna.mustSee("accepted order", "Hyväksytty, työn alla")
	sanna.shot("fi", "order")
	sanna.axeCheck("order")

	// October: hours day by day; a 7-minute entry is refused on its field.
	m.at(t, "2026-10-20")
	timePath := base + "/time?supplier=alustatalo&month=2026-10"
	minna.goTo(m.url, timePath)
	enter := func(day, hours, order, desc string) int64 {
		minna.do(chromedp.SetValue(chromedp.ID("day"), day), chromedp.SetValue(chromedp.ID("hours"), hours),
			chromedp.SetValue(chromedp.ID("order"), order), chromedp.SetValue(chromedp.ID("description"), desc))
		return minna.submit(chromedp.Click(chromedp.CSS(`section[aria-labelledby="enter-h"] button[type="submit"]`)))
	}
	if st := enter("2026-10-19", "0:07", "2026-001", "Suunnittelu"); st != 422 {
		t.Fatalf("7-minute entry: %d, want 422", st)
	}
	if got := minna.textOf("#hours-error"); !strings.Contains(got, "steps of 15 minutes; 7 minutes") {
		t.Errorf("7-minute entry: the field says %q", got)
	}
	minna.shot("en", "time-error")
	minna.axeCheck("time-error")
	if st := enter("2026-10-19", "1,5", "2026-001", "Design of the report view"); st != 200 {
		t.Fatalf("enter: %d", st)
	}
	if st := enter("2026-10-20", "2", "", "Maintenance of the platform"); st != 200 {
		t.Fatalf("enter: %d", st)
	}
	minna.mustSee("entered", "Awaiting approval", "1.50", "2.00")
	minna.shot("en", "timesheet")
	minna.axeCheck("timesheet")

	// The 2nd working day of November (the 1st is a Sunday): Tiera
	// approves the month on its deadline.
	m.at(t, "2026-11-03")
	sanna.goTo(m.url, timePath)
	sanna.mustSee("approval due", "3.11.2026", "0 työpäivää jäljellä")
	if st := sanna.submit(chromedp.Click(chromedp.CSS(`form[action*="/time/decide"] input[name="all"] ~ button`))); st != 200 {
		t.Fatalf("approve the month: %d", st)
	}
	sanna.mustSee("approved", "hyväksytty 3,50 h", "odottaa hyväksyntää 0,00 h")
	sanna.shot("fi", "timesheet-approved")
	sanna.axeCheck("timesheet-approved")

	// The 5th working day: Alustatalo issues the invoice basis.
	m.at(t, "2026-11-06")
	minna.goTo(m.url, base+"/invoice?supplier=alustatalo&month=2026-10")
	minna.mustSee("draft basis", "Not issued yet", "6 Nov 2026", "2026-001", "367.50")
	if st := minna.submit(chromedp.Click(chromedp.CSS(`form[action*="/invoice/issue"] button`))); st != 200 {
		t.Fatalf("issue: %d", st)
	}
	minna.mustSee("issued basis", "Issued", "157.50", "210.00", "367.50", "differs from the normal monthly amount")
	minna.shot("en", "invoice")
	minna.axeCheck("invoice")
	sanna.goTo(m.url, base+"/invoice?supplier=alustatalo&month=2026-10")
	sanna.mustSee("the orderer sees it", "Annettu", "367,50")
	sanna.shot("fi", "invoice")
	sanna.axeCheck("invoice")

	// Hours of a month whose basis is issued are refused row by row in
	// an import; November's go in.
	file, _ := charmap.Windows1252.NewEncoder().Bytes([]byte("Päivä;Tekijä;Tunnit;Kuvaus\n30.10.2026;Minna Karjalainen;1,5;Myöhästynyt\n5.11.2026;Minna Karjalainen;0,75;Häiriön selvitys\n"))
	csvPath := filepath.Join(t.TempDir(), "tunnit.csv")
	if err := os.WriteFile(csvPath, file, 0o644); err != nil {
		t.Fatal(err)
	}
	minna.goTo(m.url, base+"/time/import")
	minna.do(chromedp.SetValue(chromedp.ID("supplier"), "alustatalo"), chromedp.SetUploadFiles(chromedp.ID("file"), []string{csvPath}))
	if st := minna.submit(chromedp.Click(chromedp.CSS(`form[action$="/time/import"] button[type="submit"]`))); st != 422 {
		t.Fatalf("import: %d, want 422 for the bad row", st)
	}
	minna.mustSee("import report", "1 of 2 rows were imported", "The invoice basis of 2026-10 is issued")
	minna.shot("en", "time-import")
	minna.axeCheck("time-import")

	// Both exports download with the session of the page.
	for _, f := range []struct{ format, ctype, start string }{
		{"csv", "text/csv", "order_id;kind;description"},
		{"xlsx", "spreadsheetml", "PK"},
	} {
		got := evalAwait(minna, fmt.Sprintf(`fetch(%q).then(r => r.text().then(b => r.status + " " + r.headers.get("content-type") + " " + b.slice(0, 40)))`,
			base+"/invoice/export?supplier=alustatalo&month=2026-10&format="+f.format))
		if !strings.HasPrefix(got, "200 ") || !strings.Contains(got, f.ctype) || !strings.Contains(got, f.start) {
			t.Errorf("%s export: %q", f.format, got)
		}
	}
}

// axeCheck runs axe-core's WCAG 2.1 AA rules on the page when axe-core
// is installed (TestAccessibility reports its absence) and fails t on a
// violation.
func (tb *tab) axeCheck(name string) {
	tb.t.Helper()
	src, err := axeSource()
	if err != nil {
		return
	}
	for _, v := range tb.axeRun(src) {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s [%s] %s", name, v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, n.HTML, n.Summary)
		}
		tb.t.Error(b.String())
	}
}

// evalAwait evaluates an expression whose value is a promise of a string.
func evalAwait(tb *tab, expr string) string {
	tb.t.Helper()
	var v string
	tb.call(func(ctx context.Context) error {
		var err error
		v, err = chromedp.Run(ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
		return err
	})
	return v
}
