package browser

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/itsm"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/report"
	"github.com/steerco/steerco/internal/store"
)

// TestSupplierWalls is issue 14's "done when" for national-platform in the
// browser: Tiera files a complaint against Opetusdata, which is raised in
// Tiera's steering group with Opetusdata and on its next agenda;
// Opetusdata's representative sees it; Alustatalo's representative finds
// it nowhere (complaints, matters, search, agendas, its URL). Opetusdata's
// representative can neither read nor change Alustatalo's report part,
// and its upload of Alustatalo's rows changes nothing of Alustatalo's.
func TestSupplierWalls(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := env.a
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	// Opetusdata's service manager, with an account of its own.
	opetusUser := user{Email: "petri.huttunen@opetusdata.example.com", Name: "Petri Huttunen", Party: "opetusdata"}
	if err := env.st.CreateUser(ctx, &store.User{Email: opetusUser.Email, Name: opetusUser.Name, Party: "opetusdata",
		Role: auth.AccountRepresentative, PasswordHash: hash}, "test"); err != nil {
		t.Fatal(err)
	}
	alustaUser := env.users["supplier"]
	if alustaUser.Party != "alustatalo" {
		t.Fatalf("the supplier user is of %s", alustaUser.Party)
	}
	// The steering group's meetings of next year: the complaint goes onto
	// the first open one.
	admin := meeting.Actor{P: auth.Principal{Admin: true}, Role: auth.Admin}
	ms := meeting.New(env.st, env.cat)
	year := time.Now().Year() + 1
	if _, err := ms.CreateFromPlan(ctx, a, admin, year, "ohjausryhma-opetusdata"); err != nil {
		t.Fatalf("plan the steering group: %v", err)
	}

	// Tiera files the complaint in the browser.
	const title = "Opetusdatan rajapinta palautti vanhentuneita oppilastietoja"
	tiera := newTab(t, acceptLanguage["en"])
	tiera.open("/login")
	if status := tiera.signIn(env.users["provider"], password); status >= 400 {
		t.Fatalf("sign in as Tiera: %d", status)
	}
	if status := tiera.open(agreementPath("/complaints")); status != 200 {
		t.Fatalf("complaints: %d", status)
	}
	// Tiera buys from the two suppliers only: they are what it may file
	// against.
	options := eval[[]string](tiera, `Array.from(document.querySelectorAll("#c-supplier option")).map(o => o.value).filter(v => v)`)
	if strings.Join(options, ",") != "alustatalo,opetusdata" {
		t.Fatalf("Tiera may file against %v", options)
	}
	tiera.do(
		chromedp.SetValue(chromedp.ID("c-supplier"), "opetusdata"),
		chromedp.SendKeys(chromedp.ID("c-title"), title),
		chromedp.SendKeys(chromedp.ID("c-body"), "Rajapinta palautti 3.11. koko päivän edellisen lukuvuoden ryhmätietoja."),
	)
	if status := tiera.submit(chromedp.Click(chromedp.CSS(`form[action$="/complaints"][method="post"] button[type="submit"]`))); status != 200 {
		t.Fatalf("file: %d\n%s", status, tiera.text())
	}
	m := regexp.MustCompile(`/complaints/(\d+)$`).FindStringSubmatch(tiera.path())
	if m == nil {
		t.Fatalf("not on the complaint's page: %s\n%s", tiera.path(), tiera.text())
	}
	complaintPath := agreementPath("/complaints/" + m[1])
	var c *store.Complaint
	var mt *store.Matter
	if err := env.st.InTx(ctx, func(tx *store.Tx) error {
		var id int64
		fmt.Sscan(m[1], &id)
		if c, err = tx.Complaint(ctx, a.Slug, id, false); err != nil {
			return err
		}
		mt, err = tx.Matter(ctx, a.Slug, c.MatterID, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if mt.Forum != "ohjausryhma-opetusdata" {
		t.Fatalf("the complaint is raised in %s", mt.Forum)
	}
	matterPath := agreementPath(fmt.Sprintf("/matters/%d", mt.ID))
	var agenda string
	if err := env.st.InTx(ctx, func(tx *store.Tx) error {
		links, err := tx.MatterLinks(ctx, mt.ID, 0)
		if err == nil && len(links) > 0 {
			agenda = agreementPath(fmt.Sprintf("/meetings/%d", links[0].MeetingID))
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if agenda == "" {
		t.Fatal("the complaint is on no agenda")
	}

	// Opetusdata's representative sees it in its register and on the
	// steering group's agenda.
	opetus := newTab(t, acceptLanguage["en"])
	opetus.open("/login")
	if status := opetus.signIn(opetusUser, password); status >= 400 {
		t.Fatalf("sign in as Opetusdata: %d", status)
	}
	for _, p := range []string{agreementPath("/complaints"), agenda, agreementPath("/matters"), agreementPath("/matters?q=oppilastietoja")} {
		if status := opetus.open(p); status != 200 || !strings.Contains(opetus.text(), title) {
			t.Errorf("Opetusdata does not see the complaint at %s (%d)", p, status)
		}
	}

	// Alustatalo's representative finds it nowhere.
	alusta := newTab(t, acceptLanguage["en"])
	alusta.open("/login")
	if status := alusta.signIn(alustaUser, password); status >= 400 {
		t.Fatalf("sign in as Alustatalo: %d", status)
	}
	for _, p := range []string{agreementPath("/complaints"), agreementPath("/matters"), agreementPath("/matters?q=vanhentuneita"),
		agreementPath("/matters?q=oppilastietoja"), agreementPath("/meetings"), agreementPath(""), "/"} {
		if status := alusta.open(p); status != 200 {
			t.Errorf("Alustatalo at %s: %d", p, status)
		}
		// The search box echoes the words searched for; the complaint's
		// subject as a whole is what must not show.
		if strings.Contains(alusta.text(), "Opetusdatan rajapinta palautti") {
			t.Errorf("Alustatalo finds the complaint at %s", p)
		}
	}
	for _, p := range []string{complaintPath, matterPath, agenda} {
		if status := alusta.open(p); status != 404 {
			t.Errorf("Alustatalo opens %s: %d, want 404", p, status)
		}
	}
	alusta.shot("en", "walls-alustatalo-complaints")

	// Alustatalo's own report part, written through the service.
	const month = "2026-04"
	const secret = "Alustatalon sisäinen selvitys tietokantapalvelimen vaihdosta"
	rs := report.New(env.st, env.cat)
	ax := meeting.ActorFor(auth.Principal{Email: alustaUser.Email, Name: alustaUser.Name, Party: "alustatalo", Account: auth.AccountRepresentative}, a)
	if err := rs.SaveNarrative(ctx, ax, a, month, report.Narrative{Texts: map[string]string{"improvements": secret},
		Availability: map[string]float64{"oppimisalusta": 99.8}}); err != nil {
		t.Fatal(err)
	}
	partOf := func() string {
		p, err := report.Build(ctx, env.st, a, month, report.Options{Part: "alustatalo"})
		if err != nil {
			t.Fatal(err)
		}
		return p.Status + "|" + p.Improvements.Text + "|" + fmt.Sprint(*p.Performance.Availability[0].Measured)
	}
	before := partOf()
	if status := opetus.open(agreementPath("/reports/" + month + "?part=alustatalo")); status != 404 {
		t.Errorf("Opetusdata opens Alustatalo's part: %d, want 404", status)
	}
	if status := opetus.open(agreementPath("/reports/" + month)); status != 200 || strings.Contains(opetus.text(), secret) ||
		!strings.Contains(opetus.text(), "Opetusdata") {
		t.Errorf("Opetusdata's own report page: %d, holds Alustatalo's text: %v", status, strings.Contains(opetus.text(), secret))
	}
	// Posting to Alustatalo's part from Opetusdata's signed-in page.
	for _, action := range []string{"/narrative?part=alustatalo", "/submit?part=alustatalo"} {
		js := fmt.Sprintf(`(async () => { const f = new FormData(); f.append("text-improvements", "Opetusdata kirjoitti tähän");
			f.append("avail-oppimisalusta", "10"); const r = await fetch(%q, {method: "POST", body: new URLSearchParams(f), redirect: "manual"});
			return String(r.status); })()`, agreementPath("/reports/"+month+action))
		if got := evalAwait(opetus, js); got != "404" {
			t.Errorf("Opetusdata posting %s: %s, want 404", action, got)
		}
	}
	if after := partOf(); after != before {
		t.Errorf("Alustatalo's part changed: %s → %s", before, after)
	}

	// Opetusdata uploads an export of Alustatalo's tickets (and one of
	// its own).
	hel, _ := time.LoadLocation(a.TimeZone)
	var buf strings.Builder
	if _, err := itsm.GenerateServiceNow(&buf, itsm.GenerateOptions{Seed: 14, Incidents: 6, From: time.Date(2026, 4, 1, 0, 0, 0, 0, hel),
		Months: 1, Groups: []string{"Alusta"}, Late: 0.5, FirstNumber: 4100}); err != nil {
		t.Fatal(err)
	}
	if _, err := itsm.Import(ctx, env.st, a.Slug, strings.NewReader(buf.String()), itsm.Options{Source: itsm.Source{Name: "servicenow"},
		FileName: "alusta.csv", Actor: "user:" + alustaUser.Email, Supplier: "alustatalo"}); err != nil {
		t.Fatal(err)
	}
	tickets := func() string {
		var b strings.Builder
		rows, err := env.st.DB().Query(`SELECT number, state, import_id, sla FROM tickets WHERE service = 'oppimisalusta' ORDER BY number`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n, s string
			var imp, sla int
			if err := rows.Scan(&n, &s, &imp, &sla); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, n, s, imp, sla)
		}
		return b.String()
	}
	ticketsBefore := tickets()
	// The same Alustatalo tickets, changed (later updates), under their
	// own service and under Opetusdata's group.
	var changed strings.Builder
	if _, err := itsm.GenerateServiceNow(&changed, itsm.GenerateOptions{Seed: 15, Incidents: 6, From: time.Date(2026, 4, 2, 0, 0, 0, 0, hel),
		Months: 1, Groups: []string{"Alusta", "Opetusdata"}, Late: 0.9, FirstNumber: 4100}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "alustatalon-tiketit.csv")
	if err := os.WriteFile(file, []byte(changed.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	opetus.open(agreementPath("/reports"))
	opetus.do(chromedp.SetValue(chromedp.ID("imp-source"), "servicenow"), chromedp.SetUploadFiles(chromedp.ID("imp-file"), []string{file}))
	if status := opetus.submit(chromedp.Click(chromedp.CSS(`form[action$="/reports/import"] button[type="submit"]`))); status != 200 {
		t.Fatalf("upload: %d\n%s", status, opetus.text())
	}
	text := opetus.text()
	if !strings.Contains(text, "belongs to the service Oppimisalusta of another supplier") || !strings.Contains(text, "is reported under another supplier's service") {
		t.Errorf("the rejected rows are not shown with their reasons:\n%s", text)
	}
	opetus.shot("en", "walls-opetusdata-import")
	if after := tickets(); after != ticketsBefore {
		t.Errorf("Alustatalo's tickets changed:\n%s---\n%s", ticketsBefore, after)
	}
	if after := partOf(); after != before {
		t.Errorf("Alustatalo's part changed after the import: %s → %s", before, after)
	}
	// Alustatalo does not see Opetusdata's upload in its list of imports.
	alusta.open(agreementPath("/reports"))
	if strings.Contains(alusta.text(), "alustatalon-tiketit.csv") {
		t.Error("Alustatalo sees Opetusdata's import")
	}
}
