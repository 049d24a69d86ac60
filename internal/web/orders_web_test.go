package web

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// orderUsers adds accounts for directory people, so that they are
// ordering contacts and supplier staff by their entries: Sanna and Kari
// of the provider (Tiera), Minna of the supplier Alustatalo.
func orderUsers(t *testing.T, f *fixture) {
	t.Helper()
	hash, _ := auth.HashPassword(testPassword)
	for _, slug := range []string{"sanna-rautio", "kari-vaisanen", "minna-karjalainen"} {
		p := f.a.Person(slug)
		u := &store.User{Email: p.Email, Name: p.Name, Party: p.Party, Role: auth.AccountRepresentative, PasswordHash: hash}
		if err := f.st.CreateUser(context.Background(), u, "test"); err != nil {
			t.Fatal(err)
		}
		f.users[slug] = u
	}
}

var clockAt = func(day string) func() time.Time {
	loc, _ := time.LoadLocation("Europe/Helsinki")
	t, _ := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", loc)
	return func() time.Time { return t }
}

func (f *fixture) upload(c *http.Client, path string, fields map[string]string, name string, data []byte) (int, string) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func wantStatus(t *testing.T, what string, got, want int, body string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d\n%s", what, got, want, body)
	}
}

func wantIn(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

// TestOrdersMonthHTTP runs a month through real requests: ordering
// rights, the order's life, hours in 15-minute steps, approval, the
// issued basis and its exports, the CSV import's report, and what other
// parties may not see.
func TestOrdersMonthHTTP(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		orderUsers(t, f)
		f.web.cfg.Now = clockAt("2026-10-01")
		base := "/a/" + f.a.Slug
		sanna, kari, minna := f.client("sanna-rautio"), f.client("kari-vaisanen"), f.client("minna-karjalainen")
		fi := func(id string, args ...any) string { return f.web.cat.T("en", id, args...) } // the clients send no Accept-Language

		// Contacts: Sanna names herself and Kari; a supplier cannot.
		code, body := f.post(minna, base+"/orders/contacts", url.Values{"person": {"minna-karjalainen"}, "kinds": {"assignment"}, "max": {"100"}})
		wantStatus(t, "supplier names a contact", code, http.StatusUnprocessableEntity, body)
		code, body = f.post(sanna, base+"/orders/contacts", url.Values{"person": {"kari-vaisanen"}, "max": {"5 000"}})
		wantStatus(t, "no kinds", code, http.StatusUnprocessableEntity, body)
		wantIn(t, "no kinds", body, fi("orders.err.kinds"))
		for _, c := range []url.Values{
			{"person": {"sanna-rautio"}, "kinds": {"assignment", "service-request"}, "max": {"60 000"}},
			{"person": {"kari-vaisanen"}, "kinds": {"assignment"}, "max": {"5 000"}},
		} {
			code, body = f.post(sanna, base+"/orders/contacts", c)
			wantStatus(t, "name contact", code, http.StatusSeeOther, body)
		}
		_, body = f.get(sanna, base+"/orders/contacts")
		wantIn(t, "contacts page", body, "Kari Väisänen", "5,000.00")

		order := url.Values{"kind": {"assignment"}, "pricing": {"hourly"}, "title": {"Raportointinäkymä"}, "description": {"Uusi näkymä opettajille"},
			"supplier": {"alustatalo"}, "days": {"12"}, "amount": {"9 000"}}
		code, body = f.post(f.client("provider"), base+"/orders", order)
		wantStatus(t, "not a contact", code, http.StatusForbidden, body)
		code, body = f.post(kari, base+"/orders", order)
		wantStatus(t, "above the limit", code, http.StatusForbidden, body)
		wantIn(t, "above the limit", body, html.EscapeString(fi("orders.err.limit", "Value", "9,000", "Max", "5,000")))
		bad := url.Values{"kind": {"assignment"}, "pricing": {"hourly"}, "title": {""}, "description": {"x"}, "supplier": {"alustatalo"}, "days": {"60"}, "amount": {"40000"}}
		code, body = f.post(sanna, base+"/orders", bad)
		wantStatus(t, "invalid order", code, http.StatusUnprocessableEntity, body)
		wantIn(t, "invalid order", body, `id="title" name="title"`, `aria-describedby="title-error"`, `id="manager-error"`, `id="plan-error"`)

		code, body = f.post(sanna, base+"/orders", order)
		wantStatus(t, "place", code, http.StatusSeeOther, body)
		code, body = f.get(sanna, base+"/orders")
		wantStatus(t, "register", code, http.StatusOK, body)
		href := regexp.MustCompile(base + `/orders/(\d+)"`).FindStringSubmatch(body)
		if href == nil {
			t.Fatalf("no order in the register:\n%s", body)
		}
		orderPath := base + "/orders/" + href[1]
		wantIn(t, "register", body, "2026-001", "Raportointinäkymä", fi("orders.state.placed"))
		for _, u := range []string{"customer", "supplier2"} {
			code, _ := f.get(f.client(u), orderPath)
			wantStatus(t, u+" sees the order", code, http.StatusNotFound, "")
		}
		code, _ = f.get(f.client("observer"), orderPath)
		wantStatus(t, "observer", code, http.StatusForbidden, "")
		code, body = f.post(minna, orderPath+"/answer", url.Values{"answer-days": {"12"}, "answer-amount": {"9000"}})
		wantStatus(t, "answer", code, http.StatusSeeOther, body)
		code, body = f.post(minna, orderPath+"/accept", nil)
		wantStatus(t, "supplier accepts", code, http.StatusForbidden, body)
		code, body = f.post(sanna, orderPath+"/accept", nil)
		wantStatus(t, "accept", code, http.StatusSeeOther, body)

		// Hours in 15-minute steps, on the order and the continuous service.
		f.web.cfg.Now = clockAt("2026-10-20")
		tsPath := base + "/time?supplier=alustatalo&month=2026-10"
		entry := url.Values{"day": {"2026-10-19"}, "hours": {"0:07"}, "order": {"2026-001"}, "person": {"minna-karjalainen"}, "description": {"Suunnittelu"}}
		code, body = f.post(minna, tsPath, entry)
		wantStatus(t, "7 minutes", code, http.StatusUnprocessableEntity, body)
		wantIn(t, "7 minutes", body, `id="hours-error"`, fi("time.err.step", "Step", "15", "Minutes", "7"))
		for _, e := range []url.Values{
			{"day": {"2026-10-19"}, "hours": {"1,5"}, "order": {"2026-001"}, "person": {"minna-karjalainen"}, "description": {"Suunnittelu"}},
			{"day": {"2026-10-20"}, "hours": {"2"}, "order": {""}, "person": {"minna-karjalainen"}, "description": {"Ylläpito"}},
		} {
			code, body = f.post(minna, tsPath, e)
			wantStatus(t, "enter", code, http.StatusSeeOther, body)
		}
		code, body = f.post(sanna, tsPath, entry)
		wantStatus(t, "orderer enters hours", code, http.StatusForbidden, body)

		// November: approval by the 2nd working day (Tuesday 3 Nov).
		f.web.cfg.Now = clockAt("2026-11-03")
		_, body = f.get(sanna, tsPath)
		wantIn(t, "timesheet", body, "3 Nov 2026", "6 Nov 2026", fi("time.due.left", "Count", 0, "Date", "3 Nov 2026"))
		code, body = f.post(sanna, base+"/time/decide?supplier=alustatalo&month=2026-10", url.Values{"all": {"1"}})
		wantStatus(t, "approve month", code, http.StatusSeeOther, body)
		_, body = f.get(sanna, tsPath)
		wantIn(t, "approved", body, fi("time.totals", "Total", "3.50", "Approved", "3.50", "Pending", "0.00"))

		// The 5th working day: the supplier issues the basis.
		f.web.cfg.Now = clockAt("2026-11-06")
		code, body = f.post(sanna, base+"/invoice/issue?supplier=alustatalo&month=2026-10", nil)
		wantStatus(t, "orderer issues", code, http.StatusForbidden, body)
		// A month or supplier the form cannot mean is refused, never
		// replaced by the page's default.
		for _, q := range []string{"supplier=alustatalo&month=2026-99", "supplier=nosuch&month=2026-10"} {
			code, body = f.post(minna, base+"/invoice/issue?"+q, nil)
			wantStatus(t, "issue "+q, code, http.StatusBadRequest, body)
		}
		code, body = f.post(minna, base+"/invoice/issue?supplier=alustatalo&month=2026-10", nil)
		wantStatus(t, "issue", code, http.StatusSeeOther, body)
		_, body = f.get(sanna, base+"/invoice?supplier=alustatalo&month=2026-10")
		wantIn(t, "basis", body, "2026-001", "157.50", "210.00", "367.50", fi("invoice.kind.hours"))
		code, body = f.post(sanna, base+"/time/decide?supplier=alustatalo&month=2026-10", url.Values{"entry": {"1"}, "decision": {"reject"}, "note": {"väärin"}})
		wantStatus(t, "return after issue", code, http.StatusUnprocessableEntity, body)
		wantIn(t, "return after issue", body, fi("time.err.issued", "Month", "2026-10"))

		resp, err := sanna.Get(f.srv.URL + base + "/invoice/export?supplier=alustatalo&month=2026-10&format=csv")
		if err != nil {
			t.Fatal(err)
		}
		csv, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(string(csv), "2026-001;hours;") {
			t.Errorf("CSV export %s:\n%s", resp.Header.Get("Content-Type"), csv)
		}
		resp, err = sanna.Get(f.srv.URL + base + "/invoice/export?supplier=alustatalo&month=2026-10&format=xlsx")
		if err != nil {
			t.Fatal(err)
		}
		xl, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.HasPrefix(xl, []byte("PK")) || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
			t.Errorf("XLSX export: %s, %d bytes", resp.Header.Get("Content-Type"), len(xl))
		}
		// Another supplier asking for Alustatalo's basis gets its own.
		_, body = f.get(f.client("supplier2"), base+"/invoice/export?supplier=alustatalo&month=2026-10&format=csv")
		if strings.Contains(body, "2026-001") || !strings.Contains(body, ";total;opetusdata 2026-10;") {
			t.Errorf("supplier2 got another supplier's basis:\n%s", body)
		}

		// The import's report: a cp1252 file with semicolons and bad rows.
		file, _ := charmap.Windows1252.NewEncoder().Bytes([]byte("Päivä;Tekijä;Tunnit;Kuvaus\n2.11.2026;Minna Karjalainen;1,25;Häiriö\n3.11.2026;Minna Karjalainen;0,1;Lyhyt\n"))
		code, body = f.upload(minna, base+"/time/import", map[string]string{"supplier": "alustatalo"}, "tunnit.csv", file)
		wantStatus(t, "import with a bad row", code, http.StatusUnprocessableEntity, body)
		wantIn(t, "import report", body, fi("time.import.result", "Rows", 2, "Imported", 1), "<th scope=\"row\">3</th><td>Tunnit</td>",
			fi("time.err.step", "Step", "15", "Minutes", "6"))
	})
}
