package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/complaint"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/incident"
	"github.com/steerco/steerco/internal/matter"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The twin-agreement access matrix (issue 14, item 6): two agreements
// applied from one template (municipal-3-level) with unchanged party,
// forum and person ids. Every route of s.Routes() is requested by each
// twin's representatives with the other twin's agreement, and with the
// other twin's object ids inside their own agreement: not found, nothing
// changed, and none of the other twin's words in the answer. A route with
// a placeholder this test cannot fill fails the test, so a new route
// cannot slip past it.

// twinSecret marks the words only agreement B's objects hold.
const twinSecret = "KUNTABSECRET"

// twinWorld holds the two agreements, the users, B's object ids by
// placeholder name, and A's and B's own values for the slug placeholders.
type twinWorld struct {
	st      *store.Store
	srv     *httptest.Server
	web     *Server
	a, b    *gov.Agreement
	users   map[string]*store.User
	clients map[string]*http.Client
	// ids are B's objects by route placeholder ("meeting", "matter"...).
	ids map[string]string
}

// twinSlugPlaceholders are filled with the requester's own agreement's
// values: the twins share them, so they name nothing of the other.
var twinSlugPlaceholders = map[string]func(a *gov.Agreement) string{
	"agreement": func(a *gov.Agreement) string { return a.Slug },
	"forum":     func(a *gov.Agreement) string { return a.Forums[0].Slug },
	"party":     func(a *gov.Agreement) string { return a.Parties[0].Slug },
	"person":    func(a *gov.Agreement) string { return a.People[len(a.People)-1].Slug },
	"month":     func(*gov.Agreement) string { return "2026-03" },
	"format":    func(*gov.Agreement) string { return "csv" },
	"type":      func(*gov.Agreement) string { return "meeting" },
}

// twinObjectPlaceholders are ids of objects; B's are tried inside A. The
// value says which of B's ids stands for it ("" when B has no such
// object in this test: the route is then tried with an id that exists
// nowhere, which must be 404 as well).
var twinObjectPlaceholders = map[string]string{
	"meeting": "meeting", "item": "item", "action": "action", "matter": "matter", "decision": "decision",
	"complaint": "complaint", "risk": "risk", "incident": "incident", "material": "material", "file": "material",
	"id...": "meeting", "deficiency": "", "order": "", "change": "", "entry": "", "sanction": "", "exclusion": "", "ticket": "",
	"duty": "", "proposal": "", "invitation": "",
}

func TestTwinAgreements(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newTwinWorld(t, st)
		w.checkRoutesHaveCases(t)
		for _, name := range []string{"a-customer", "a-supplier", "b-customer"} {
			t.Run(name, func(t *testing.T) { w.walk(t, name) })
		}
		w.ownStillWorks(t)
	})
}

func twinTemplate(t *testing.T, slug string) *gov.Agreement {
	t.Helper()
	src, err := model.Template("municipal-3-level")
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse("m.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	a.Slug, a.Name = slug, a.Name+" "+slug
	return a
}

func newTwinWorld(t *testing.T, st *store.Store) *twinWorld {
	ctx := context.Background()
	w := &twinWorld{st: st, users: map[string]*store.User{}, clients: map[string]*http.Client{}, ids: map[string]string{}}
	w.a, w.b = twinTemplate(t, "kunta-a"), twinTemplate(t, "kunta-b")
	for _, a := range []*gov.Agreement{w.a, w.b} {
		if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
			t.Fatal(err)
		}
	}
	var customer, supplier string
	for _, p := range w.a.Parties {
		switch p.Kind {
		case gov.KindCustomer:
			customer = p.Slug
		case gov.KindSupplier, gov.KindProvider:
			supplier = p.Slug
		}
	}
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ name, agreement, party string }{
		{"a-customer", "kunta-a", customer}, {"a-supplier", "kunta-a", supplier},
		{"b-customer", "kunta-b", customer}, {"b-supplier", "kunta-b", supplier},
	} {
		org, err := st.PartyOrganisation(ctx, u.agreement, u.party)
		if err != nil {
			t.Fatal(err)
		}
		su := &store.User{Email: u.name + "@twins.example", Name: u.name, PasswordHash: hash, Party: org, Role: auth.AccountRepresentative}
		if err := st.CreateUser(ctx, su, "test"); err != nil {
			t.Fatal(err)
		}
		if len(su.Links) != 1 || su.Links[u.agreement] != u.party {
			t.Fatalf("%s is linked to %v, want only %s:%s", u.name, su.Links, u.agreement, u.party)
		}
		w.users[u.name] = su
	}
	w.web, err = New(ctx, Config{}, st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	w.srv = httptest.NewServer(w.web.Handler())
	t.Cleanup(w.srv.Close)
	w.objectsOfB(t)
	for name := range w.users {
		w.clients[name] = w.signIn(t, name)
	}
	return w
}

// objectsOfB creates one object of each kind the test can make in B,
// through the services, each holding twinSecret in its words.
func (w *twinWorld) objectsOfB(t *testing.T) {
	ctx := context.Background()
	b := w.b
	admin := meeting.ActorFor(auth.Principal{Email: "admin@twins.example", Admin: true, Account: auth.AccountRepresentative}, b)
	msvc := w.web.meetingSvc()
	forum := b.Forums[0].Slug
	m, err := msvc.CreateAdHoc(ctx, b, admin, meeting.NewMeeting{Forum: forum, Title: twinSecret + " meeting", Date: "2027-02-10", Time: "09:00"}, false)
	if err != nil {
		t.Fatalf("meeting in B: %v", err)
	}
	w.ids["meeting"] = strconv.FormatInt(m.ID, 10)
	if it, err := msvc.AddItem(ctx, b, admin, m.ID, meeting.ItemInput{Type: gov.ItemDecision, Title: twinSecret + " item"}); err != nil {
		t.Logf("item in B: %v", err)
	} else {
		w.ids["item"] = strconv.FormatInt(it.ID, 10)
	}
	if ai, err := msvc.AddActionItem(ctx, b, admin, m.ID, meeting.ActionInput{Title: twinSecret + " action", Owner: b.People[0].Slug, Due: "2026-04-01"}); err != nil {
		t.Logf("action in B: %v", err)
	} else {
		w.ids["action"] = strconv.FormatInt(ai.ID, 10)
	}
	bCustomer := meeting.ActorFor(principal(w.users["b-customer"]), b)
	if ma, err := w.web.matterSvc().Raise(ctx, b, bCustomer, matter.NewMatter{Forum: forum, Kind: matter.KindProposal, Title: twinSecret + " matter"}); err != nil {
		t.Logf("matter in B: %v", err)
	} else {
		w.ids["matter"] = strconv.FormatInt(ma.ID, 10)
	}
	if err := msvc.PublishAgendaAnyway(ctx, b, admin, m.ID); err != nil {
		t.Logf("publish in B: %v", err)
	}
	if w.ids["item"] != "" {
		item, _ := strconv.ParseInt(w.ids["item"], 10, 64)
		if d, err := w.web.matterSvc().RecordConsensus(ctx, b, admin, m.ID, item, matter.Consensus{Statement: twinSecret + " decision", Reached: true}); err != nil {
			t.Logf("decision in B: %v", err)
		} else {
			w.ids["decision"] = strconv.FormatInt(d.ID, 10)
		}
	}
	var supplier string
	for _, p := range b.Parties {
		if p.Kind == gov.KindSupplier || p.Kind == gov.KindProvider {
			supplier = p.Slug
		}
	}
	if c, err := w.web.complaintSvc().File(ctx, b, bCustomer, complaint.NewComplaint{Supplier: supplier, Title: twinSecret + " complaint", Body: twinSecret + " body"}); err != nil {
		t.Logf("complaint in B: %v", err)
	} else {
		w.ids["complaint"] = strconv.FormatInt(c.ID, 10)
	}
	if in, err := w.web.incidentSvc().Report(ctx, b, bCustomer, incident.Input{Party: supplier, Severity: incident.DefaultSeverities[0].Slug, Title: twinSecret + " incident",
		OccurredAt: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}); err != nil {
		t.Logf("incident in B: %v", err)
	} else {
		w.ids["incident"] = strconv.FormatInt(in.ID, 10)
	}
	r := &store.Risk{Agreement: b.Slug, Title: twinSecret + " risk", Probability: 2, Impact: 2, Status: "open", Party: supplier,
		CreatedBy: "test", CreatedAt: time.Now(), UpdatedAt: time.Now()}
	if err := w.st.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if r.AgreementID, err = tx.AgreementID(ctx, b.Slug); err != nil {
			return err
		}
		return tx.InsertRisk(ctx, r)
	}); err != nil {
		t.Fatal(err)
	}
	w.ids["risk"] = strconv.FormatInt(r.ID, 10)
	if err := w.st.InTx(ctx, func(tx *store.Tx) error {
		mat := &gov.Material{MeetingID: m.ID, Name: twinSecret + ".txt", ContentType: "text/plain", UploadedBy: "test", UploadedAt: time.Now()}
		if err := tx.InsertMaterial(ctx, mat, []byte(twinSecret)); err != nil {
			return err
		}
		w.ids["material"] = strconv.FormatInt(mat.ID, 10)
		return nil
	}); err != nil {
		t.Logf("material in B: %v", err)
	}
	t.Logf("B's objects: %v", w.ids)
}

func (w *twinWorld) signIn(t *testing.T, name string) *http.Client {
	f := &fixture{t: t, srv: w.srv}
	c := f.client("")
	status, body := f.post(c, "/login", url.Values{"email": {w.users[name].Email}, "password": {testPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", name, status, body)
	}
	return c
}

// checkRoutesHaveCases fails for a route whose placeholder the test
// does not know: a new kind of object needs its case here.
func (w *twinWorld) checkRoutesHaveCases(t *testing.T) {
	for _, rt := range w.web.Routes() {
		for _, ph := range matrixPlaceholder.FindAllString(rt.Pattern, -1) {
			name := strings.Trim(ph, "{}")
			if _, ok := twinSlugPlaceholders[name]; ok {
				continue
			}
			if _, ok := twinObjectPlaceholders[name]; ok {
				continue
			}
			if !strings.Contains(rt.Pattern, "{agreement}") {
				continue // not an agreement's object (a feed, a token)
			}
			t.Errorf("%s: the twin-agreement test has no case for %s; add it to twinObjectPlaceholders", rt.Pattern, ph)
		}
	}
}

// fill puts values into a pattern: slugs of agreement own, object ids of
// B (or an id that exists nowhere).
func (w *twinWorld) fill(pattern string, own *gov.Agreement) (method, path string, objects bool) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = matrixPlaceholder.ReplaceAllStringFunc(path, func(ph string) string {
		name := strings.Trim(ph, "{}")
		if f, ok := twinSlugPlaceholders[name]; ok {
			return url.PathEscape(f(own))
		}
		objects = true
		if id := w.ids[twinObjectPlaceholders[name]]; id != "" {
			return id
		}
		return "987654321"
	})
	return method, path, objects
}

// fillNowhere is fill with ids that exist in no agreement.
func (w *twinWorld) fillNowhere(pattern string, own *gov.Agreement) (method, path string, objects bool) {
	saved := w.ids
	w.ids = map[string]string{}
	defer func() { w.ids = saved }()
	return w.fill(pattern, own)
}

func (w *twinWorld) auditCount(t *testing.T) int {
	var n int
	if err := w.st.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *twinWorld) do(t *testing.T, name, method, path string) (int, string) {
	var body io.Reader
	if method != http.MethodGet {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, w.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := w.clients[name].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// walk requests every agreement route as name: with the other twin's
// agreement, and (for A's users) with B's object ids in A's own.
func (w *twinWorld) walk(t *testing.T, name string) {
	own, other := w.a, w.b
	if strings.HasPrefix(name, "b-") {
		own, other = w.b, w.a
	}
	p, role := auth.In(principal(w.users[name]), own)
	checked := 0
	for _, rt := range w.web.Routes() {
		if !strings.Contains(rt.Pattern, "{agreement}") {
			continue
		}
		before := w.auditCount(t)
		// The other twin's agreement, with its own ids.
		method, path, _ := w.fill(rt.Pattern, other)
		status, body := w.do(t, name, method, path)
		checked++
		if status != http.StatusNotFound {
			t.Errorf("%s %s as %s: %d, want 404 (another agreement)", method, path, name, status)
		}
		if strings.Contains(body, twinSecret) {
			t.Errorf("%s %s as %s shows B's words", method, path, name)
		}
		// B's object ids in the user's own agreement.
		if own == w.a {
			method, path, objects := w.fill(rt.Pattern, own)
			if objects {
				status, body := w.do(t, name, method, path)
				checked++
				ok := status == http.StatusNotFound || status == http.StatusForbidden && rt.Action != "" && !auth.Allowed(role, rt.Action)
				if !ok && method != http.MethodGet {
					// A write refused for its empty form before its object
					// is looked up reveals nothing so long as an id that
					// exists nowhere gets the same answer.
					_, nowhere, _ := w.fillNowhere(rt.Pattern, own)
					ns, _ := w.do(t, name, method, nowhere)
					ok = ns == status && status >= 400
				}
				if !ok {
					t.Errorf("%s %s as %s: %d, want 404 (B's object in A)", method, path, name, status)
				}
				if strings.Contains(body, twinSecret) {
					t.Errorf("%s %s as %s shows B's words", method, path, name)
				}
			}
		}
		if after := w.auditCount(t); after != before {
			t.Errorf("%s as %s changed something (%d audit entries)", rt.Pattern, name, after-before)
		}
	}
	// Search and every list of the user's own agreement: none of B's words.
	for _, path := range []string{"/", "/agreements", "/a/" + own.Slug, "/a/" + own.Slug + "/matters?q=" + twinSecret, "/a/" + own.Slug + "/meetings",
		"/a/" + own.Slug + "/complaints", "/a/" + own.Slug + "/risks", "/a/" + own.Slug + "/incidents", "/a/" + own.Slug + "/decisions"} {
		status, body := w.do(t, name, http.MethodGet, path)
		// B's objects' words are KUNTABSECRET and a word ("KUNTABSECRET
		// meeting"); the search box repeats the bare query.
		if own == w.a && strings.Contains(body, twinSecret+" ") || strings.Contains(body, "/a/"+other.Slug+"/") || strings.Contains(body, `"/a/`+other.Slug+`"`) {
			t.Errorf("GET %s as %s (%d) shows the other twin", path, name, status)
		}
	}
	t.Logf("%s (%s in %s): %d requests", name, p.Party, own.Slug, checked)
}

// ownStillWorks: B's own customer reaches B's objects, so the 404s above
// are the rule at work, not ids that do not exist.
func (w *twinWorld) ownStillWorks(t *testing.T) {
	for _, ph := range []string{"meeting", "matter", "complaint", "risk"} {
		if w.ids[ph] == "" {
			t.Errorf("no %s in B: the walk proved less than it should", ph)
			continue
		}
	}
	for _, path := range []string{"/a/kunta-b/meetings/" + w.ids["meeting"], "/a/kunta-b/matters/" + w.ids["matter"],
		"/a/kunta-b/complaints/" + w.ids["complaint"], "/a/kunta-b/risks/" + w.ids["risk"], "/a/kunta-b/matters?q=" + twinSecret} {
		status, body := w.do(t, "b-customer", http.MethodGet, path)
		if status != http.StatusOK || !strings.Contains(body, twinSecret) {
			t.Errorf("GET %s as B's customer: %d (B's words shown: %v)", path, status, strings.Contains(body, twinSecret))
		}
	}
}
