package browser

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/steerco/steerco/internal/api"
	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/minutesdoc"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/web"
)

// sealServer is the UI and the API on the shared store, with a clock the
// test moves and a signing certificate that seals signed minutes.
type sealServer struct {
	url string
	now atomic.Int64
}

func newSealServer(t *testing.T, start string) *sealServer {
	t.Helper()
	ss := &sealServer{}
	ss.at(t, start)
	certPEM, keyPEM, err := pades.SelfSigned("browser test seal")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := pades.Parse(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return time.Unix(0, ss.now.Load()) }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := web.New(context.Background(), web.Config{Now: now, Signer: signer}, env.st, log)
	if err != nil {
		t.Fatal(err)
	}
	ap := api.New(env.st, log)
	ap.SetMeetings("", signer)
	mux := http.NewServeMux()
	mux.Handle("/api/", ap.Handler())
	mux.Handle("/", w.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	ss.url = srv.URL
	return ss
}

func (ss *sealServer) at(t testing.TB, s string) { ss.now.Store(helsinkiTime(t, s).UnixNano()) }

func (ss *sealServer) open(tb *tab, path string) int64 {
	tb.t.Helper()
	var status int64
	tb.call(func(ctx context.Context) error {
		resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(ss.url+path))
		if resp != nil {
			status = resp.Status
		}
		return err
	})
	return status
}

// person19 makes (once) an account for a directory person of the test
// agreement, so that they act as themselves.
func person19(t *testing.T, slug string) user {
	t.Helper()
	p := env.a.Person(slug)
	if p == nil {
		t.Fatalf("no person %s", slug)
	}
	u := user{Email: p.Email, Name: p.Name, Party: p.Party}
	if _, err := env.st.UserByEmail(context.Background(), p.Email); err == nil {
		return u
	} else if !errors.Is(err, store.ErrNotFound) {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.st.CreateUser(context.Background(), &store.User{Email: p.Email, Name: p.Name, Party: p.Party, Role: auth.AccountRepresentative,
		PasswordHash: hash}, "test"); err != nil {
		t.Fatal(err)
	}
	return u
}

// fetch downloads a path with the tab's session and returns the bytes.
func (tb *tab) fetch(path string) []byte {
	tb.t.Helper()
	js := fmt.Sprintf(`fetch(%q).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status)).then(b => {
		let s = ""; const a = new Uint8Array(b); for (let i = 0; i < a.length; i++) s += String.fromCharCode(a[i]); return btoa(s); })`, path)
	var b64 string
	tb.call(func(ctx context.Context) error {
		var err error
		b64, err = chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		return err
	})
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		tb.t.Fatal(err)
	}
	return data
}

// pdfText is a PDF's text (poppler's pdftotext).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestMeetingsAsPeopleRunThem is issue 19's "done when": the convener
// (Alustatalo's secretary of the Tiera × Alustatalo steering group) moves
// a published meeting by two days and reorders its items; the invitation
// a participant receives has the same UID, SEQUENCE 1 and the new time;
// the agenda pack has the agenda and the material's pages; after the
// meeting the writer's minutes start from the meeting's decisions and
// attendance; Tiera approves; the chair and a checker sign; the sealed
// PDF passes pdfsig; the meeting page is photographed at 1366 and 390 px;
// and the result is checked through the API.
func TestMeetingsAsPeopleRunThem(t *testing.T) {
	for _, tool := range []string{"pdfsig", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s (poppler-utils) not installed", tool)
		}
	}
	ss := newSealServer(t, "2027-02-01 09:00")
	const forum = "ohjausryhma-alustatalo"
	minna, markku, sanna := person19(t, "minna-karjalainen"), person19(t, "markku-hiltunen"), person19(t, "sanna-rautio")
	conv := newTab(t, acceptLanguage["en"])
	ss.open(conv, "/login")
	conv.signIn(minna, password)

	// The convener adds the meeting, two items and a PDF material, and
	// publishes the agenda.
	if status := ss.open(conv, agreementPath("/meetings?forum="+forum)); status != 200 {
		t.Fatalf("meetings of %s: %d", forum, status)
	}
	conv.do(chromedp.SetValue(chromedp.ID("add-date"), "2027-02-10"), chromedp.SetValue(chromedp.ID("add-time"), "15:00"))
	conv.click(`form[action$="/forums/`+forum+`/meetings"] button[type="submit"]`, 200)
	href := conv.path()
	for _, title := range []string{"Palvelun kehitysehdotus A", "Palvelun kehitysehdotus B"} {
		conv.do(chromedp.SetValue(chromedp.ID("item-title"), title), chromedp.SetValue(chromedp.ID("item-type"), "discussion"))
		conv.click(`form[action$="/items"] button[type="submit"]`, 200)
	}
	material, err := minutesdoc.Render([]minutesdoc.Block{{Kind: "title", Text: "MATERIALPAGE quality figures"}}, "m", "fi", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	mpath := filepath.Join(t.TempDir(), "laatu.pdf")
	os.WriteFile(mpath, material, 0o600)
	conv.do(chromedp.SetUploadFiles(`#material-file`, []string{mpath}))
	conv.click(`form[action$="/materials"] button[type="submit"]`, 200)
	conv.click(`form[action$="/publish"] button[type="submit"]`, 200)
	meetingID := href[strings.LastIndex(href, "/")+1:]

	// Moved by two days, to Friday.
	conv.do(chromedp.Click(`#move summary`), chromedp.SetValue(chromedp.ID("move-date"), "2027-02-12"))
	conv.click(`form[action$="/move"] button[type="submit"]`, 200)
	if txt := conv.text(); !strings.Contains(txt, "12 Feb 2027") && !strings.Contains(txt, "12.2.2027") {
		t.Errorf("the page does not show the new date:\n%s", txt)
	}
	// Reordered: B before A.
	order := func() string {
		return eval[string](conv, `Array.from(document.querySelectorAll("#agenda tbody tr th[scope=row] > span")).map(e => e.innerText).join("|")`)
	}
	before := order()
	ia, ib := strings.Index(before, "ehdotus A"), strings.Index(before, "ehdotus B")
	if ia < 0 || ib < 0 || ia > ib {
		t.Fatalf("agenda before the move: %s", before)
	}
	upB := eval[string](conv, `(() => { const r = Array.from(document.querySelectorAll("#agenda tbody tr")).find(r => r.innerText.includes("ehdotus B"));
		const f = r && r.querySelector('form[action$="/move"] input[value=up]'); return f ? f.form.getAttribute("action") : ""; })()`)
	if upB == "" {
		t.Fatalf("no up button for item B:\n%s", conv.text())
	}
	conv.click(fmt.Sprintf(`form[action=%q] button`, upB), 200)
	if after := order(); strings.Index(after, "ehdotus B") > strings.Index(after, "ehdotus A") {
		t.Errorf("B did not move up: %s", after)
	}

	// The invitation a participant receives: same UID, SEQUENCE 1, the new time.
	jussi := env.a.Person("jussi-peltonen")
	msgs, err := env.st.Outbox(context.Background(), false, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var uid0, inv1 string
	for _, m := range msgs {
		ics := strings.ReplaceAll(m.ICS, "\r\n ", "")
		if m.Kind != "invitation" || !strings.EqualFold(m.Recipient, jussi.Email) || !strings.Contains(m.Subject, "") {
			continue
		}
		if strings.Contains(ics, "SEQUENCE:0\r\n") && strings.Contains(ics, "20270210T150000") {
			uid0 = between(ics, "UID:", "\r\n")
		}
		if strings.Contains(ics, "SEQUENCE:1\r\n") {
			inv1 = ics
		}
	}
	if uid0 == "" || inv1 == "" {
		t.Fatalf("the participant's invitations: first %q, update %v", uid0, inv1 != "")
	}
	if between(inv1, "UID:", "\r\n") != uid0 || !strings.Contains(inv1, "DTSTART;TZID=Europe/Helsinki:20270212T150000") {
		t.Errorf("the update is not the same event at the new time:\n%s", inv1)
	}
	if !strings.Contains(inv1, "ORGANIZER;CN=\"Minna Karjalainen\"") {
		t.Errorf("the organiser is not the convener:\n%s", inv1)
	}

	// The agenda pack: the agenda and the material's page.
	pack := pdfText(t, conv.fetch(href+"/pack.pdf"))
	for _, want := range []string{"Palvelun kehitysehdotus B", "laatu.pdf", "MATERIALPAGE"} {
		if !strings.Contains(pack, want) {
			t.Errorf("the agenda pack lacks %q:\n%s", want, pack)
		}
	}

	// The meeting is held: attendance as prefilled, a decision by
	// consensus, the checkers chosen.
	ss.at(t, "2027-02-12 17:00")
	ss.open(conv, href)
	conv.click(`form[action$="/attendance"] button[type="submit"]`, 200)
	conv.click(`form[action$="/held"] button[type="submit"]`, 200)
	var decisionItem int64
	if err := env.st.ReadMeetings(context.Background(), func(tx *store.Tx) error {
		var id int64
		fmt.Sscan(meetingID, &id)
		items, err := tx.Items(context.Background(), id)
		for _, it := range items {
			if it.Type == "decision" && decisionItem == 0 {
				decisionItem = it.ID
			}
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var mid int64
	fmt.Sscan(meetingID, &mid)
	chairActor := meeting.ActorFor(auth.Principal{Email: minna.Email, Name: minna.Name, Party: minna.Party, Account: auth.AccountRepresentative}, env.a)
	msvc := matter.New(env.st)
	msvc.Now = func() time.Time { return time.Unix(0, ss.now.Load()) }
	if _, err := msvc.RecordConsensus(context.Background(), env.a, chairActor, mid, decisionItem,
		matter.Consensus{Statement: "Reklamaatio hyväksyttiin käsitellyksi.", Reached: true}); err != nil {
		t.Fatalf("record the decision: %v", err)
	}
	ss.open(conv, href)
	conv.do(chromedp.Click(`#checker-sanna-rautio`))
	conv.click(`form[action$="/minutes/checkers"] button[type="submit"]`, 200)

	// The writer's minutes start from the meeting.
	ss.open(conv, href)
	draft := eval[string](conv, `document.getElementById("minutes-body").value`)
	for _, want := range []string{"Läsnä", "Markku Hiltunen", "Päätös", "Reklamaatio hyväksyttiin käsitellyksi."} {
		if !strings.Contains(draft, want) {
			t.Errorf("the minutes draft lacks %q:\n%s", want, draft)
		}
	}
	conv.click(`form[action$="/minutes"] button[type="submit"]`, 200)
	conv.click(`form[action$="/minutes/submit"] button[type="submit"]`, 200)

	// Tiera approves; the chair and the checker sign.
	ss.at(t, "2027-02-15 10:00")
	chair := newTab(t, acceptLanguage["en"])
	ss.open(chair, "/login")
	chair.signIn(markku, password)
	ss.open(chair, href)
	chair.click(`form[action$="/minutes/approve"] button[type="submit"]`, 200)
	chair.click(`form[action$="/minutes/sign"] button[type="submit"]`, 200)
	checker := newTab(t, acceptLanguage["en"])
	ss.open(checker, "/login")
	checker.signIn(sanna, password)
	ss.open(checker, href)
	checker.click(`form[action$="/minutes/sign"] button[type="submit"]`, 200)
	if !strings.Contains(checker.text(), "sealed") {
		t.Errorf("the page does not say the minutes are sealed:\n%s", checker.text())
	}
	sealed := checker.fetch(href + "/minutes.pdf")
	path := filepath.Join(t.TempDir(), "minutes.pdf")
	os.WriteFile(path, sealed, 0o600)
	out, _ := exec.Command("pdfsig", path).CombinedOutput()
	if !strings.Contains(string(out), "Signature is Valid") {
		t.Errorf("pdfsig does not call the sealed minutes valid:\n%s", out)
	}
	if txt := pdfText(t, sealed); !strings.Contains(txt, "Sanna Rautio") || !strings.Contains(txt, "puheenjohtaja") {
		t.Errorf("the sealed PDF does not name its signers:\n%s", txt)
	}
	if artifacts(t) != "" {
		os.WriteFile(filepath.Join(artifacts(t), "issue19-sealed-minutes.pdf"), sealed, 0o644)
	}

	// The meeting page at 1366 px and at 390 px, with no sideways scroll.
	ss.open(conv, href)
	for _, width := range []int64{1366, 390} {
		conv.do(chromedp.EmulateViewport(width, 900))
		ss.open(conv, href)
		if sw := eval[int64](conv, `document.documentElement.scrollWidth`); sw > width {
			wide := eval[string](conv, fmt.Sprintf(`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > %d && !e.closest(".table-scroll"))
				.slice(0, 12).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") + ":" + Math.round(e.getBoundingClientRect().right)).join(" ")`, width))
			t.Errorf("at %d px the meeting page is %d px wide: %s", width, sw, wide)
		}
		conv.shot("en", fmt.Sprintf("issue19-meeting-%dpx", width))
	}

	// Every page at 390 px: no sideways scroll (wide tables scroll in
	// their own box).
	conv.do(chromedp.EmulateViewport(390, 800))
	for _, p := range []string{"/", agreementPath(""), agreementPath("/meetings"), agreementPath("/forums"), agreementPath("/plan"),
		agreementPath("/directory"), agreementPath("/matters"), agreementPath("/matters/new"), agreementPath("/decisions"), agreementPath("/actions"),
		agreementPath("/complaints"), agreementPath("/incidents"), agreementPath("/deficiencies"), agreementPath("/risks"), agreementPath("/sanctions"),
		agreementPath("/orders"), agreementPath("/time"), agreementPath("/invoice"), agreementPath("/reports"), agreementPath("/model"),
		agreementPath("/duties"), "/outbox", href, "/history/meeting/" + meetingID} {
		if strings.HasPrefix(p, "/history/") {
			p = agreementPath(p)
		}
		if status := ss.open(conv, p); status >= 500 {
			t.Errorf("%s: %d", p, status)
			continue
		}
		if sw := eval[int64](conv, `document.documentElement.scrollWidth`); sw > 390 {
			wide := eval[string](conv, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 390 && !e.closest("td,th"))
				.slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : "") + ":" + Math.round(e.getBoundingClientRect().right)).join(" ")`)
			t.Errorf("%s at 390 px is %d px wide: %s", p, sw, wide)
		}
	}
	// A favicon.
	if icon := conv.fetch("/favicon.ico"); !strings.Contains(string(icon), "<svg") {
		t.Error("no favicon")
	}

	// Checked afterwards through the API.
	secret, err := env.st.CreateToken(context.Background(), &store.Token{UserID: mustUserID(t, sanna.Email), Name: "issue19", Kind: "personal", Scopes: []string{"read"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(p string) []byte {
		req, _ := http.NewRequest("GET", ss.url+"/api/v1/agreements/"+env.a.Slug+"/meetings/"+meetingID+p, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", p, resp.StatusCode, b)
		}
		return b
	}
	var d struct {
		Date         string `json:"date"`
		ICalSequence int    `json:"ical_sequence"`
		State        string `json:"state"`
		Signing      struct {
			Signatures []struct{ Name, Status string }
			Sealed     *struct {
				PAdES bool `json:"pades"`
			}
		}
	}
	if err := json.Unmarshal(get(""), &d); err != nil {
		t.Fatal(err)
	}
	if d.Date != "2027-02-12" || d.ICalSequence != 1 || d.State != "minutes-approved" || d.Signing.Sealed == nil || !d.Signing.Sealed.PAdES {
		t.Errorf("through the API: %+v", d)
	}
	if string(get("/minutes.pdf")) != string(sealed) {
		t.Error("the API's minutes.pdf is not the sealed PDF")
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

func mustUserID(t *testing.T, email string) int64 {
	t.Helper()
	u, err := env.st.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}
