package web

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The role-matrix test walks every route of s.Routes() as every fixture
// user and checks the answer against what internal/auth says, so a new
// route or a change to the matrix is tested without editing this file.

// matrixUsers are the fixture's users; "" is anonymous.
var matrixUsers = []string{"", "admin", "customer", "provider", "supplier", "supplier2", "member", "observer", "outsider"}

// matrixOther is a second agreement none of the fixture's organisations
// is a party to.
const matrixOther = "municipal-3-level"

// matrixOutcome is what a request should get.
type matrixOutcome int

const (
	matrixAllow     matrixOutcome = iota // 2xx/3xx (or 400/422 for an empty POST form)
	matrixSignIn                         // GET: redirect to /login; POST: 401
	matrixNotFound                       // 404: the object does not exist for this user
	matrixForbidden                      // 403: the role lacks the action
	matrixHidden                         // 403 or 404: an object the user may not touch
)

func (o matrixOutcome) String() string {
	return [...]string{"allowed", "sign-in", "404", "403", "403/404"}[o]
}

// matrixExpect computes a route's outcome for principal p (nil: anonymous)
// in agreement a from the route's declaration and the auth matrix alone.
func matrixExpect(rt Route, p *auth.Principal, a *gov.Agreement) matrixOutcome {
	switch {
	case p == nil && rt.Public:
		return matrixAllow
	case p == nil:
		return matrixSignIn
	case rt.Admin && !p.Admin:
		return matrixForbidden
	case !strings.Contains(rt.Pattern, "{agreement}"):
		return matrixAllow
	}
	role := auth.RoleIn(*p, a)
	if role == "" {
		return matrixNotFound
	}
	if rt.Action != "" && !auth.Allowed(role, rt.Action) {
		return matrixForbidden
	}
	return matrixAllow
}

// matrixRun is one database's run: the fixture, the second agreement,
// and signed-in clients by user name.
type matrixRun struct {
	checked int // requests checked, for the log
	f       *fixture
	other   *gov.Agreement
	clients map[string]*http.Client
}

func TestRoleMatrix(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		m := &matrixRun{f: f, other: matrixApply(t, st, matrixOther), clients: map[string]*http.Client{}}
		for _, name := range matrixUsers {
			if name != "" && auth.RoleIn(principal(f.users[name]), m.other) != "" && name != "admin" {
				t.Fatalf("%s has a role in %s; the other-agreement checks would prove nothing", name, matrixOther)
			}
			m.clients[name] = m.signIn(t, name)
		}
		// Object-level checks first: the route walk below may delete
		// people (an allowed delete with an empty form).
		t.Run("forums", m.forums)
		t.Run("people", m.people)
		t.Run("directory", m.directory)
		t.Run("seats", m.seats)
		t.Run("leaks", m.leaks)
		for _, name := range matrixUsers {
			t.Run("routes/"+matrixLabel(name), func(t *testing.T) { m.walk(t, name) })
		}
		t.Logf("%d routes, %d users, %d requests checked", len(f.web.Routes()), len(matrixUsers), m.checked)
	})
}

func matrixLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	return name
}

// matrixApply stores a shipped template as a second agreement.
func matrixApply(t *testing.T, st *store.Store, name string) *gov.Agreement {
	t.Helper()
	src, err := model.Template(name)
	if err != nil {
		t.Fatal(err)
	}
	a, err := model.Parse(name+".yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(context.Background(), a, "test"); err != nil {
		t.Fatal(err)
	}
	return a
}

// signIn returns a client signed in as name (anonymous for ""), failing t
// rather than the fixture's parent test.
func (m *matrixRun) signIn(t *testing.T, name string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if name == "" {
		return c
	}
	status, _, body := m.do(t, c, http.MethodPost, "/login", url.Values{"email": {m.f.users[name].Email}, "password": {testPassword}})
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d\n%s", name, status, body)
	}
	return c
}

// do sends a GET, or a POST of form, and returns status, Location and body.
func (m *matrixRun) do(t *testing.T, c *http.Client, method, path string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, m.f.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// snapshot reads both agreements, to prove a refused POST changed nothing.
func (m *matrixRun) snapshot(t *testing.T) [2]*gov.Agreement {
	t.Helper()
	var out [2]*gov.Agreement
	for i, slug := range []string{m.f.a.Slug, m.other.Slug} {
		a, err := m.f.st.Agreement(context.Background(), slug)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = a
	}
	return out
}

// check requests method path as name and compares the answer with want.
// A POST sends an empty form; when it is refused (or rejected as
// incomplete) the store must be unchanged.
func (m *matrixRun) check(t *testing.T, name, method, path string, want matrixOutcome) (int, string) {
	t.Helper()
	return m.checkForm(t, name, method, path, url.Values{}, want)
}

// checkForm is check with a form to POST.
func (m *matrixRun) checkForm(t *testing.T, name, method, path string, form url.Values, want matrixOutcome) (int, string) {
	t.Helper()
	c := m.clients[name]
	if method == http.MethodPost && strings.HasSuffix(path, "/logout") {
		c = m.signIn(t, name) // keep the shared session alive
	}
	var before [2]*gov.Agreement
	if method == http.MethodPost {
		before = m.snapshot(t)
	}
	m.checked++
	status, loc, body := m.do(t, c, method, path, form)
	ok := false
	switch want {
	case matrixAllow:
		ok = status >= 200 && status < 400 ||
			method == http.MethodPost && (status == http.StatusBadRequest || status == http.StatusUnprocessableEntity)
	case matrixSignIn:
		if method == http.MethodGet {
			ok = status == http.StatusSeeOther && strings.HasPrefix(loc, "/login")
		} else {
			ok = status == http.StatusUnauthorized
		}
	case matrixNotFound:
		ok = status == http.StatusNotFound
	case matrixForbidden:
		ok = status == http.StatusForbidden
	case matrixHidden:
		ok = status == http.StatusForbidden || status == http.StatusNotFound
	}
	if !ok {
		t.Errorf("%s %s as %s: %d (Location %q), want %s", method, path, matrixLabel(name), status, loc, want)
	}
	// Issue 21: every HTML page, signed in or not, error pages included,
	// links the accessibility statement from its footer.
	if strings.Contains(body, "<!DOCTYPE html>") && !strings.Contains(body, `href="/accessibility"`) {
		t.Errorf("%s %s as %s: %d, an HTML page without the accessibility statement's link", method, path, matrixLabel(name), status)
	}
	if status >= 500 || strings.Contains(body, "goroutine ") {
		t.Errorf("%s %s as %s: %d, a server error or stack trace", method, path, matrixLabel(name), status)
	}
	if method == http.MethodPost && (want != matrixAllow || status == http.StatusUnprocessableEntity || status == http.StatusBadRequest) {
		if diff := cmp.Diff(before, m.snapshot(t)); diff != "" {
			t.Errorf("%s %s as %s (%d) changed the store:\n%s", method, path, matrixLabel(name), status, diff)
		}
	}
	return status, body
}

// matrixOrder puts the routes that delete or end something last, so that
// earlier routes still find the objects they name.
func matrixOrder(routes []Route) []Route {
	out := slices.Clone(routes)
	slices.SortStableFunc(out, func(a, b Route) int {
		last := func(r Route) int {
			if strings.HasSuffix(r.Pattern, "/delete") || strings.HasSuffix(r.Pattern, "/end") {
				return 1
			}
			return 0
		}
		return last(a) - last(b)
	})
	return out
}

// values picks real ids of agreement a for the placeholders, seen from
// user name: their own party and its first person where they have one,
// so that object-level rules (CanEditPerson) allow what the matrix
// allows.
func (m *matrixRun) values(name string, a *gov.Agreement) map[string]string {
	own := ""
	if name != "" {
		own = m.f.users[name].Party
	}
	v := map[string]string{"agreement": a.Slug}
	for _, fo := range a.Forums {
		if len(fo.Parties) == 0 {
			v["forum"] = fo.Slug
			break
		}
	}
	if v["forum"] == "" {
		v["forum"] = a.Forums[0].Slug
	}
	v["party"] = a.Parties[0].Slug
	if a.Party(own) != nil {
		v["party"] = own
	}
	// Without a party of their own (the administrator), a person of an
	// organisation no fixture user belongs to, so that a delete by the
	// administrator leaves the other users' people alone.
	used := map[string]bool{}
	for _, u := range m.f.users {
		used[u.Party] = true
	}
	for _, p := range a.People {
		if a.Party(own) != nil && p.Party == own {
			v["person"] = p.Slug
			break
		}
		if v["person"] == "" && !used[p.Party] {
			v["person"] = p.Slug
		}
	}
	if v["person"] == "" {
		v["person"] = a.People[0].Slug
	}
	return v
}

// matrixFill puts values into a route pattern and returns method and path.
// A placeholder without a value (a meeting, a token: objects the fixture
// does not hold) gets "no-such-NAME", an object that does not exist.
func matrixFill(pattern string, v map[string]string) (string, string) {
	method, path, _ := strings.Cut(pattern, " ")
	path = strings.ReplaceAll(path, "{$}", "")
	path = matrixPlaceholder.ReplaceAllStringFunc(path, func(ph string) string {
		name := strings.Trim(ph, "{}.")
		if val, ok := v[name]; ok {
			return url.PathEscape(val)
		}
		return matrixMissing + name
	})
	return method, path
}

// matrixPlaceholder matches a path value in a route pattern.
var matrixPlaceholder = regexp.MustCompile(`\{[a-z]+(\.\.\.)?\}`)

// matrixMissing starts the id of an object that does not exist.
const matrixMissing = "no-such-"

// matrixEndSeat is the route whose object, a seat, is named in the form
// rather than the URL.
const matrixEndSeat = "POST /a/{agreement}/admin/memberships/end"

// form is the form a POST sends: empty, so that an allowed POST is
// rejected as incomplete (422) and changes nothing, except where the
// route's object is named in the form. Ending a seat names a seat p may
// manage in a (of v's person where they have one) and no end date.
func (m *matrixRun) form(rt Route, p *auth.Principal, a *gov.Agreement, v map[string]string) url.Values {
	if rt.Pattern != matrixEndSeat {
		return url.Values{}
	}
	var seat *gov.Membership
	for i := range a.Memberships {
		ms := &a.Memberships[i]
		f, person := a.Forum(ms.Forum), a.Person(ms.Person)
		if p != nil && (f == nil || person == nil || !auth.CanSeeForum(*p, a, f) || !auth.CanSeePerson(*p, a, person)) {
			continue
		}
		if seat == nil || ms.Person == v["person"] && seat.Person != v["person"] {
			seat = ms
		}
	}
	if seat == nil {
		seat = &a.Memberships[0] // p manages no seat: refused before the form matters
	}
	return matrixSeatForm(seat, "")
}

// matrixSeatForm names a seat to end on date to.
func matrixSeatForm(ms *gov.Membership, to string) url.Values {
	return url.Values{"person": {ms.Person}, "forum": {ms.Forum}, "role": {string(ms.Role)}, "from": {ms.From}, "to": {to}}
}

// walk requests every route as one user: with ids of the fixture's
// agreement, then of the other agreement, then with the other
// agreement's object ids inside the fixture's agreement.
func (m *matrixRun) walk(t *testing.T, name string) {
	var p *auth.Principal
	if name != "" {
		pr := principal(m.f.users[name])
		p = &pr
	}
	ownVals := m.values(name, m.f.a)
	otherVals := m.values(name, m.other)
	for _, rt := range matrixOrder(m.f.web.Routes()) {
		want := matrixExpect(rt, p, m.f.a)
		if strings.HasPrefix(strings.Fields(rt.Pattern)[1], "/auth/oidc") && m.f.web.oidc == nil && want == matrixAllow {
			// The fixture configures no OpenID provider: sign-in with
			// one does not exist.
			want = matrixNotFound
		}
		method, path := matrixFill(rt.Pattern, ownVals)
		if want == matrixAllow && strings.Contains(path, matrixMissing) {
			want = matrixNotFound // allowed, but there is no such object
		}
		m.checkForm(t, name, method, path, m.form(rt, p, m.f.a, ownVals), want)

		if !strings.Contains(rt.Pattern, "{agreement}") {
			continue
		}
		// The same route in an agreement the user's organisation is not
		// a party to.
		method, path = matrixFill(rt.Pattern, otherVals)
		if p == nil || !p.Admin { // the administrator may; a delete there proves nothing
			m.checkForm(t, name, method, path, m.form(rt, p, m.other, otherVals), matrixExpect(rt, p, m.other))
		}
		// Another agreement's forum, party or person in this agreement's
		// URL: not found, whoever asks.
		if want != matrixAllow || !strings.ContainsAny(strings.ReplaceAll(rt.Pattern, "{agreement}", ""), "{") || strings.Contains(path, matrixMissing) {
			continue
		}
		mixed := map[string]string{"agreement": m.f.a.Slug}
		collides := false
		for _, k := range []string{"forum", "party", "person"} {
			mixed[k] = otherVals[k]
			switch k {
			case "forum":
				collides = collides || strings.Contains(rt.Pattern, "{forum}") && m.f.a.Forum(otherVals[k]) != nil
			case "party":
				collides = collides || strings.Contains(rt.Pattern, "{party}") && m.f.a.Party(otherVals[k]) != nil
			case "person":
				collides = collides || strings.Contains(rt.Pattern, "{person}") && m.f.a.Person(otherVals[k]) != nil
			}
		}
		if collides {
			t.Errorf("%s: %s's ids also exist in %s; pick others", rt.Pattern, matrixOther, m.f.a.Slug)
			continue
		}
		method, path = matrixFill(rt.Pattern, mixed)
		m.checkForm(t, name, method, path, m.form(rt, p, m.other, otherVals), matrixNotFound)
	}
}

// forums checks every forum page for every user: a forum limited to some
// parties is not found by the others (a supplier never sees another
// supplier's bilateral forum), and the forum list does not link to it.
func (m *matrixRun) forums(t *testing.T) {
	a := m.f.a
	for _, name := range matrixUsers[1:] {
		p := principal(m.f.users[name])
		role := auth.RoleIn(p, a)
		status, body := m.check(t, name, http.MethodGet, "/a/"+a.Slug+"/forums", matrixExpect(Route{Pattern: "GET /a/{agreement}/forums", Action: auth.ViewForum}, &p, a))
		for i := range a.Forums {
			fo := &a.Forums[i]
			want := matrixAllow
			switch {
			case role == "":
				want = matrixNotFound
			case !auth.Allowed(role, auth.ViewForum):
				want = matrixForbidden
			case !auth.CanSeeForum(p, a, fo):
				want = matrixNotFound
			}
			m.check(t, name, http.MethodGet, "/a/"+a.Slug+"/forums/"+fo.Slug, want)
			link := "/a/" + a.Slug + "/forums/" + fo.Slug + `"`
			if status == http.StatusOK && want != matrixAllow && strings.Contains(body, link) {
				t.Errorf("the forum list shows %s a link to %s, a forum they may not see", name, fo.Slug)
			}
		}
	}
	// The case the issue names, spelled out: each supplier asks for the
	// other's bilateral forum.
	for _, pair := range [][2]string{{"supplier", "supplier2"}, {"supplier2", "supplier"}} {
		mine, theirs := m.f.users[pair[0]].Party, m.f.users[pair[1]].Party
		found := false
		for _, fo := range a.Forums {
			if slices.Contains(fo.Parties, theirs) && !slices.Contains(fo.Parties, mine) {
				found = true
				m.check(t, pair[0], http.MethodGet, "/a/"+a.Slug+"/forums/"+fo.Slug, matrixNotFound)
			}
		}
		if !found {
			t.Errorf("%s has no bilateral forum to hide from %s", theirs, mine)
		}
	}
}

// people checks the person edit form for every person as every user who
// may edit people: their own organisation's people only (the
// administrator's all). A refused save changes nothing.
func (m *matrixRun) people(t *testing.T) {
	a := m.f.a
	for _, name := range matrixUsers[1:] {
		p := principal(m.f.users[name])
		if !auth.Can(p, a, auth.EditPeople) {
			continue
		}
		triedParty := map[string]bool{}
		for i := range a.People {
			person := &a.People[i]
			path := "/a/" + a.Slug + "/admin/people/" + person.Slug
			if auth.CanEditPerson(p, a, person) {
				m.check(t, name, http.MethodGet, path, matrixAllow)
				continue
			}
			m.check(t, name, http.MethodGet, path, matrixHidden)
			if !triedParty[person.Party] { // one save and delete per organisation
				triedParty[person.Party] = true
				m.check(t, name, http.MethodPost, path, matrixHidden)
				m.check(t, name, http.MethodPost, path+"/delete", matrixHidden)
			}
		}
	}
	// The case the brief names: a supplier opens the other supplier's
	// person.
	other := m.f.users["supplier2"].Party
	for _, person := range a.People {
		if person.Party == other {
			m.check(t, "supplier", http.MethodGet, "/a/"+a.Slug+"/admin/people/"+person.Slug, matrixHidden)
			break
		}
	}
}

// directory checks that the directory and its exports hold nobody the
// user may not see (CanSeePerson): a supplier sees another supplier's
// people only where they sit in a forum the supplier can see.
func (m *matrixRun) directory(t *testing.T) {
	a := m.f.a
	for _, name := range matrixUsers[1:] {
		p := principal(m.f.users[name])
		for _, route := range []Route{
			{Pattern: "GET /a/{agreement}/directory", Action: auth.ViewDirectory},
			{Pattern: "GET /a/{agreement}/directory.csv", Action: auth.ExportDirectory},
			{Pattern: "GET /a/{agreement}/directory.vcf", Action: auth.ExportDirectory},
		} {
			_, path := matrixFill(route.Pattern, map[string]string{"agreement": a.Slug})
			status, body := m.check(t, name, http.MethodGet, path, matrixExpect(route, &p, a))
			if status != http.StatusOK {
				continue
			}
			for _, person := range a.People {
				if person.Email != "" && !auth.CanSeePerson(p, a, &person) && strings.Contains(body, person.Email) {
					t.Errorf("%s shows %s %s (%s), whom they may not see", path, name, person.Email, person.Party)
				}
			}
		}
	}
}

// seats tries, as every user who may edit memberships, to end a seat in
// each forum they may not see (or of a person they may not see), with a
// valid end date: not found, and nothing changes.
func (m *matrixRun) seats(t *testing.T) {
	a := m.f.a
	for _, name := range matrixUsers[1:] {
		p := principal(m.f.users[name])
		if !auth.Can(p, a, auth.EditMemberships) {
			continue
		}
		tried := map[string]bool{}
		for i := range a.Memberships {
			ms := &a.Memberships[i]
			f, person := a.Forum(ms.Forum), a.Person(ms.Person)
			if auth.CanSeeForum(p, a, f) && auth.CanSeePerson(p, a, person) || tried[ms.Forum] {
				continue
			}
			tried[ms.Forum] = true
			t.Logf("%s ends %s's seat in %s", name, ms.Person, ms.Forum)
			m.checkForm(t, name, http.MethodPost, "/a/"+a.Slug+"/admin/memberships/end", matrixSeatForm(ms, "2099-12-31"), matrixNotFound)
		}
	}
}

// leaks reads, as every user, every page that shows the whole agreement
// (the GET routes with no object in the URL, and every party's page) and
// checks that it names no forum the user may not see: neither a link to
// it nor its name, in the page, the diagram or the exports.
func (m *matrixRun) leaks(t *testing.T) {
	a := m.f.a
	var paths []string
	for _, rt := range m.f.web.Routes() {
		method, path := matrixFill(rt.Pattern, map[string]string{"agreement": a.Slug})
		if method == http.MethodGet && !strings.Contains(path, matrixMissing) && !strings.HasPrefix(path, "/auth/") && path != "/login" {
			paths = append(paths, path)
		}
	}
	for _, pa := range a.Parties {
		paths = append(paths, "/a/"+a.Slug+"/parties/"+pa.Slug)
	}
	for _, name := range matrixUsers[1:] {
		p := principal(m.f.users[name])
		var hidden []*gov.Forum
		for i := range a.Forums {
			if !auth.CanSeeForum(p, a, &a.Forums[i]) {
				hidden = append(hidden, &a.Forums[i])
			}
		}
		if len(hidden) == 0 {
			continue
		}
		for _, path := range paths {
			status, _, body := m.do(t, m.clients[name], http.MethodGet, path, nil)
			if status != http.StatusOK {
				continue
			}
			for _, f := range hidden {
				for _, s := range []string{"/forums/" + f.Slug + `"`, f.Name, template.HTMLEscapeString(f.Name)} {
					if strings.Contains(body, s) {
						t.Errorf("%s shows %s %q of forum %s, which they may not see", path, name, s, f.Slug)
						break
					}
				}
			}
		}
	}
}
