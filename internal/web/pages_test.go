package web

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// The reading pages' tests: dashboard, agreements and parties, the
// contact directory and its exports, forums. Helpers are prefixed
// "pages" so that they do not clash with other areas' test helpers.

const pagesA = "/a/national-platform"

// pagesPin fixes the server's clock, so plan-based pages are predictable.
// 2027-03-03 is a Wednesday.
func pagesPin(f *fixture) time.Time {
	loc, _ := time.LoadLocation("Europe/Helsinki")
	now := time.Date(2027, 3, 3, 10, 0, 0, 0, loc)
	f.web.cfg.Now = func() time.Time { return now }
	return now
}

// pagesGet fetches path with an Accept-Language header (none when lang
// is "") and returns the response with its body read.
func pagesGet(f *fixture, c *http.Client, path, lang string) (*http.Response, string) {
	f.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// pagesUser adds an account and signs it in.
func pagesUser(f *fixture, email, party, role string) *http.Client {
	f.t.Helper()
	hash, err := auth.HashPassword(testPassword)
	if err != nil {
		f.t.Fatal(err)
	}
	u := &store.User{Email: email, Name: email, PasswordHash: hash, Party: party, Role: role}
	if err := f.st.CreateUser(context.Background(), u, "test"); err != nil {
		f.t.Fatal(err)
	}
	c := f.client("")
	if status, body := f.post(c, "/login", url.Values{"email": {email}, "password": {testPassword}}); status != http.StatusSeeOther {
		f.t.Fatalf("sign in as %s: %d\n%s", email, status, body)
	}
	return c
}

// pagesAddPeople stores the agreement again with more people.
func pagesAddPeople(f *fixture, people ...gov.Person) {
	f.t.Helper()
	f.a.People = append(f.a.People, people...)
	if _, err := f.st.ApplyAgreement(context.Background(), f.a, "test"); err != nil {
		f.t.Fatal(err)
	}
}

func pagesWant(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func pagesDontWant(t *testing.T, what, body string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(body, w) {
			t.Errorf("%s shows %q", what, w)
		}
	}
}

// TestPagesRenderForEveryRole opens every reading page as every role
// with a role in the agreement and checks the answer and some content.
func TestPagesRenderForEveryRole(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		pages := []struct {
			path  string
			wants []string
			// denied are the roles the route table refuses (403).
			denied []string
		}{
			{"/", []string{"My next meetings", "My open deadlines", "Overdue", "Action items appear here once meetings"}, nil},
			{"/agreements", []string{"DigiOne-hallintamalli", "Finland", "Finnish", "1 Jan 2026 – 31 Dec 2029"}, nil},
			{pagesA, []string{"Finnish public holidays", "Midsummer Eve and Christmas Eve are not working days.", "Europe/Helsinki", "EUR",
				"Customers", "Suppliers", `href="/a/national-platform/parties/vantaa"`}, nil},
			{pagesA + "/parties/vantaa", []string{"Vantaan kaupunki", "Learners", "50,650", "Valid from", "in force", "Ratkaisun ekosysteemiryhmä"}, nil},
			{pagesA + "/forums", []string{"Ekosysteemitaso", "Ratkaisun ekosysteemiryhmä", "Twice a year", "Oulun kaupunki"}, nil},
			{pagesA + "/forums/ekosysteemiryhma", []string{"Purpose", "7 working days before the meeting", "Within 7 days, approved by the chair",
				"Suppliers: 2 seats each", "Next meetings", "Wednesday 14 Apr 2027 at 09:00"}, nil},
			{pagesA + "/directory", []string{"Kari Väisänen", "Search"}, []string{"observer"}},
			{pagesA + "/directory.csv", []string{"Kari Väisänen"}, []string{"observer", "member"}},
			{pagesA + "/directory.vcf", []string{"FN:Kari Väisänen"}, []string{"observer", "member"}},
		}
		for _, role := range []string{"admin", "customer", "provider", "supplier", "supplier2", "member", "observer"} {
			c := f.client(role)
			for _, pg := range pages {
				resp, body := pagesGet(f, c, pg.path, "")
				want := http.StatusOK
				for _, d := range pg.denied {
					if d == role {
						want = http.StatusForbidden
					}
				}
				if resp.StatusCode != want {
					t.Errorf("%s %s: %d, want %d", role, pg.path, resp.StatusCode, want)
					continue
				}
				if want == http.StatusOK {
					pagesWant(t, role+" "+pg.path, body, pg.wants...)
				}
			}
		}
	})
}

// TestPagesOutsider: a user whose organisation is no party sees no
// agreement and gets 404 for every page of it.
func TestPagesOutsider(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := f.client("outsider")
		for _, p := range []string{pagesA, pagesA + "/parties/vantaa", pagesA + "/directory", pagesA + "/directory.csv",
			pagesA + "/directory.vcf", pagesA + "/forums", pagesA + "/forums/ekosysteemiryhma"} {
			if status, body := f.get(c, p); status != http.StatusNotFound || strings.Contains(body, "Vantaan") {
				t.Errorf("outsider %s: %d", p, status)
			}
		}
		for _, p := range []string{"/", "/agreements"} {
			status, body := f.get(c, p)
			if status != http.StatusOK {
				t.Fatalf("outsider %s: %d", p, status)
			}
			pagesWant(t, "outsider "+p, body, "You do not take part in any agreement yet.")
			pagesDontWant(t, "outsider "+p, body, "DigiOne")
		}
		// Unknown objects inside a visible agreement are 404 too.
		admin := f.client("admin")
		for _, p := range []string{pagesA + "/parties/nobody", pagesA + "/forums/nothing", "/a/no-such-agreement/forums"} {
			if status, _ := f.get(admin, p); status != http.StatusNotFound {
				t.Errorf("admin %s: %d, want 404", p, status)
			}
		}
	})
}

// TestPagesSupplierIsolation: a supplier never sees the other supplier's
// bilateral forums (not listed, 404 at their URL, not named in anybody's
// seats) nor the people only those forums would show.
func TestPagesSupplierIsolation(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		for _, tc := range []struct {
			user, own, other, hidden, shared string
		}{
			{"supplier", "alustatalo", "opetusdata", "Noora Lindberg", "Johanna Savolainen"},
			{"supplier2", "opetusdata", "alustatalo", "Riikka Manninen", "Jussi Peltonen"},
		} {
			c := f.client(tc.user)
			otherForums := []string{"Tiera ja Alustatalo", "ohjausryhma-alustatalo", "tuotantoryhma-alustatalo"}
			if tc.other == "opetusdata" {
				otherForums = []string{"Tiera ja Opetusdata", "ohjausryhma-opetusdata", "tuotantoryhma-opetusdata"}
			}
			_, body := pagesGet(f, c, pagesA+"/forums", "")
			pagesWant(t, tc.user+" forums", body, "Ratkaisun ekosysteemiryhmä", "tuotantoryhma-"+tc.own)
			pagesDontWant(t, tc.user+" forums", body, otherForums...)
			pagesDontWant(t, tc.user+" forums", body, "Kehitysryhmä", "Asiakaskohtainen ohjausryhmä")
			for _, slug := range []string{"ohjausryhma-" + tc.other, "tuotantoryhma-" + tc.other, "kehitysryhma"} {
				if status, _ := f.get(c, pagesA+"/forums/"+slug); status != http.StatusNotFound {
					t.Errorf("%s /forums/%s: %d, want 404", tc.user, slug, status)
				}
			}
			for _, p := range []string{"/directory", "/directory.csv", "/directory.vcf", "/parties/" + tc.other, "/", "/forums/ekosysteemiryhma"} {
				path := pagesA + p
				if p == "/" {
					path = "/"
				}
				resp, body := pagesGet(f, c, path, "")
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: %d", tc.user, p, resp.StatusCode)
				}
				pagesDontWant(t, tc.user+" "+p, body, tc.hidden)
				pagesDontWant(t, tc.user+" "+p, body, otherForums...)
				if p != "/" && p != "/forums/ekosysteemiryhma" {
					pagesWant(t, tc.user+" "+p, body, tc.shared)
				}
			}
		}
		// The provider, party to both, sees both.
		_, body := pagesGet(f, f.client("provider"), pagesA+"/directory", "")
		pagesWant(t, "provider directory", body, "Noora Lindberg", "Riikka Manninen", "Ohjausryhmä – Tiera ja Opetusdata")
	})
}

// TestPagesPartyAndAgreement checks the party page's attributes, people
// and forums, and the agreement overview's grouping.
func TestPagesPartyAndAgreement(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		c := f.client("customer")
		_, body := pagesGet(f, c, pagesA+"/parties/vantaa", "fi")
		pagesWant(t, "vantaa in Finnish", body, "Oppijamäärä", "50\u00a0650", "49\u00a0800", "20.9.2025", "IPR-omistaja", "kyllä",
			"Mervi Laaksonen", "Teemu Nurmi", `href="mailto:mervi.laaksonen@vantaa.example.fi"`)
		// The older learner count is shown but not as in force.
		if i, j := strings.Index(body, "49\u00a0800"), strings.Index(body, "50\u00a0650"); i < 0 || j < i {
			t.Errorf("attributes not in date order")
		}
		_, body = pagesGet(f, c, pagesA+"/parties/tiera", "")
		pagesWant(t, "tiera", body, "&#43;358 40 300 0001", `href="tel:&#43;358-40-300-0001"`, "Ratkaisun ohjausryhmä")
		pagesDontWant(t, "tiera to vantaa", body, "Tiera ja Alustatalo")

		// The observer sees parties but no people.
		_, body = pagesGet(f, f.client("observer"), pagesA+"/parties/tiera", "")
		pagesDontWant(t, "tiera to observer", body, "Markku Hiltunen", "Kari Väisänen")

		// Parties grouped by kind, each group in Finnish alphabetical order.
		_, body = pagesGet(f, c, pagesA, "fi")
		order := []string{"Asiakkaat", "Espoon kaupunki", "Helsingin kaupunki", "Järvenpään kaupunki", "Vantaan kaupunki",
			"Palveluntuottajat", "Tiera Oy", "Toimittajat", "Alustatalo Oy", "Opetusdata Oy", "Muut osapuolet"}
		last := -1
		for _, s := range order {
			i := strings.Index(body, s)
			if i < last {
				t.Errorf("%q out of order on the overview", s)
			}
			last = i
		}
	})
}

// TestPagesForumList checks the grouping by level and what each role
// sees of the chairs.
func TestPagesForumList(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		pagesPin(f)
		_, body := pagesGet(f, f.client("customer"), pagesA+"/forums", "")
		// Levels in model order, highest first.
		last := -1
		for _, s := range []string{"Strateginen taso", "Ekosysteemitaso", "Taktinen taso", "Operatiivinen taso"} {
			i := strings.Index(body, s)
			if i < last {
				t.Errorf("level %q out of order", s)
			}
			last = i
		}
		pagesWant(t, "customer forums", body, "Marja Kemppainen (Oulun kaupunki)", "Monthly", "Wednesday 10 Mar 2027 at 13:00",
			"Tieran opetuksen ja kasvatuksen ohjausryhmä", "Kehitysryhmä")
		pagesDontWant(t, "vantaa forums", body, "Asiakaskohtainen ohjausryhmä – Kerava", "Tuotantoryhmä")
		// The observer may not see people: the chair shows as an organisation.
		_, body = pagesGet(f, f.client("observer"), pagesA+"/forums", "")
		pagesWant(t, "observer forums", body, "Oulun kaupunki")
		pagesDontWant(t, "observer forums", body, "Marja Kemppainen")
	})
}
