package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// adminStored reads the agreement as stored now.
func adminStored(t *testing.T, f *fixture) *gov.Agreement {
	t.Helper()
	a, err := f.st.Agreement(context.Background(), f.a.Slug)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// adminUnchanged fails when the stored agreement differs from before.
func adminUnchanged(t *testing.T, f *fixture, before *gov.Agreement, what string) {
	t.Helper()
	if diff := cmp.Diff(before, adminStored(t, f)); diff != "" {
		t.Errorf("%s changed the agreement:\n%s", what, diff)
	}
}

// adminPersonOf returns the first person of party.
func adminPersonOf(t *testing.T, a *gov.Agreement, party string) *gov.Person {
	t.Helper()
	for i := range a.People {
		if a.People[i].Party == party {
			return &a.People[i]
		}
	}
	t.Fatalf("no person of %s", party)
	return nil
}

// adminRoundTrips checks that the stored model still exports and parses.
func adminRoundTrips(t *testing.T, f *fixture) {
	t.Helper()
	out, err := model.Format(adminStored(t, f))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.Parse("export.yaml", out); err != nil {
		t.Fatalf("the edited model no longer parses: %v", err)
	}
}

func adminPersonForm(p *gov.Person) url.Values {
	return url.Values{"name": {p.Name}, "party": {p.Party}, "titles": {strings.Join(p.Titles, "\n")},
		"email": {p.Email}, "phone": {p.Phone}, "deputy": {p.Deputy}}
}

func TestAdminPages(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		base := "/a/" + f.a.Slug + "/admin"
		for user, want := range map[string]int{"admin": 200, "customer": 200, "provider": 200, "supplier": 200,
			"member": 403, "observer": 403, "outsider": 404} {
			if status, _ := f.get(f.client(user), base); status != want {
				t.Errorf("%s GET admin: %d, want %d", user, status, want)
			}
		}
		_, body := f.get(f.client("supplier"), base)
		own := f.users["supplier"].Party
		mine := adminPersonOf(t, f.a, own)
		if !strings.Contains(body, `href="`+base+`/people/`+mine.Slug+`"`) {
			t.Error("a supplier's hub has no edit link for their own person")
		}
		other := adminPersonOf(t, f.a, f.users["customer"].Party)
		if strings.Contains(body, `href="`+base+`/people/`+other.Slug+`"`) {
			t.Error("a supplier's hub links to editing a customer's person")
		}
		if strings.Contains(body, `/admin/parties/`) || strings.Contains(body, `action="`+base+`/memberships/end"`) {
			t.Error("a supplier's hub offers party or seat edits")
		}
		pc := f.client("provider")
		for _, path := range []string{"/people/new", "/people/" + mine.Slug, "/memberships/new?person=" + mine.Slug} {
			status, _ := f.get(pc, base+path)
			if path == "/people/"+mine.Slug {
				if status != http.StatusForbidden && status != http.StatusNotFound {
					t.Errorf("provider GET %s: %d, want 403/404", path, status)
				}
				continue
			}
			if status != http.StatusOK {
				t.Errorf("provider GET %s: %d", path, status)
			}
		}
		if status, _ := f.get(f.client("admin"), base+"/parties/"+f.a.Parties[0].Slug); status != http.StatusOK {
			t.Errorf("admin party form: %d", status)
		}
	})
}

func TestAdminEditParty(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		party := f.a.Parties[0]
		path := "/a/" + f.a.Slug + "/admin/parties/" + party.Slug
		form := url.Values{"name": {"Vantaan kaupunki (uusi)"}, "key": {"learners"}, "value": {"51000"}, "from": {"2027-08-01"}}

		// Only the administrator edits parties.
		before := adminStored(t, f)
		for _, user := range []string{"customer", "provider", "supplier", "member"} {
			if status, _ := f.post(f.client(user), path, form); status != http.StatusForbidden {
				t.Errorf("%s POST party: %d, want 403", user, status)
			}
		}
		adminUnchanged(t, f, before, "a refused party edit")

		admin := f.client("admin")
		for _, bad := range []struct {
			form  url.Values
			field string
			msg   string
		}{
			{url.Values{"name": {""}}, "name", "Name is required."},
			{url.Values{"name": {strings.Repeat("x", 201)}}, "name", "at most 200 characters"},
			{url.Values{"name": {"ok"}, "key": {"learners"}, "value": {"1"}, "from": {"2027-02-30"}}, "from", "give a real date"},
			{url.Values{"name": {"ok"}, "key": {"Bad Key"}, "value": {"1"}, "from": {"2027-01-01"}}, "key", "lower-case letters"},
			{url.Values{"name": {"ok"}, "key": {"learners"}, "from": {"2027-01-01"}}, "value", "Value is required."},
		} {
			status, body := f.post(admin, path, bad.form)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, bad.msg) || !strings.Contains(body, `id="`+bad.field+`-error"`) {
				t.Errorf("party form %v: %d, want 422 with %q on %s", bad.form, status, bad.msg, bad.field)
			}
		}
		adminUnchanged(t, f, before, "a rejected party form")

		if status, _ := f.post(admin, path, form); status != http.StatusSeeOther {
			t.Fatalf("admin POST party: %d", status)
		}
		got := adminStored(t, f).Party(party.Slug)
		if v, _ := got.Attr("learners", "2027-09-01"); got.Name != "Vantaan kaupunki (uusi)" || v != "51000" {
			t.Errorf("party after edit: %q, learners %q", got.Name, v)
		}
		if status, _ := f.post(admin, "/a/"+f.a.Slug+"/admin/parties/no-such-party", form); status != http.StatusNotFound {
			t.Errorf("unknown party: %d", status)
		}
		adminRoundTrips(t, f)
	})
}

func TestAdminPeople(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		base := "/a/" + f.a.Slug + "/admin/people"
		customer := f.client("customer")
		own := f.users["customer"].Party
		otherParty := f.users["provider"].Party

		// A representative adds a person to their own organisation.
		form := url.Values{"name": {"Åsa Öberg"}, "titles": {"Sopimusvastaava\r\n\r\navtalsansvarig"},
			"email": {"asa.oberg@example.fi"}, "phone": {"+358 40 123 4567"}}
		if status, body := f.post(customer, base, form); status != http.StatusSeeOther {
			t.Fatalf("customer adds a person: %d\n%s", status, body)
		}
		added := adminStored(t, f).Person("asa-oberg")
		want := &gov.Person{Slug: "asa-oberg", Name: "Åsa Öberg", Party: own, Titles: []string{"Sopimusvastaava", "avtalsansvarig"},
			Email: "asa.oberg@example.fi", Phone: "+358 40 123 4567"}
		if diff := cmp.Diff(want, added); diff != "" {
			t.Fatalf("added person (-want +got):\n%s", diff)
		}

		// ... but not to another organisation: 403, nothing written.
		before := adminStored(t, f)
		forged := url.Values{"name": {"Someone Else"}, "party": {otherParty}}
		if status, _ := f.post(customer, base, forged); status != http.StatusForbidden {
			t.Errorf("customer adds a person to %s: %d, want 403", otherParty, status)
		}
		// Nor edit or remove another organisation's person.
		theirs := adminPersonOf(t, f.a, otherParty)
		if status, _ := f.post(customer, base+"/"+theirs.Slug, adminPersonForm(theirs)); status != http.StatusForbidden {
			t.Errorf("customer edits %s's person: %d, want 403", otherParty, status)
		}
		if status, _ := f.post(customer, base+"/"+theirs.Slug+"/delete", url.Values{"confirm": {"yes"}}); status != http.StatusForbidden {
			t.Errorf("customer removes %s's person: %d, want 403", otherParty, status)
		}
		// Nor move their own person to another organisation.
		moved := adminPersonForm(added)
		moved.Set("party", otherParty)
		if status, _ := f.post(customer, base+"/asa-oberg", moved); status != http.StatusForbidden {
			t.Errorf("customer moves a person to %s: %d, want 403", otherParty, status)
		}
		// Members and observers may not edit people at all.
		for _, user := range []string{"member", "observer"} {
			if status, _ := f.post(f.client(user), base, form); status != http.StatusForbidden {
				t.Errorf("%s adds a person: %d, want 403", user, status)
			}
		}
		// A supplier does not even learn of the other supplier's people.
		sup2 := adminPersonOf(t, f.a, f.users["supplier2"].Party)
		if status, _ := f.post(f.client("supplier"), base+"/"+sup2.Slug, adminPersonForm(sup2)); status != http.StatusNotFound && status != http.StatusForbidden {
			t.Errorf("supplier edits the other supplier's person: %d", status)
		}
		adminUnchanged(t, f, before, "refused person edits")

		// Bad input: 422 with the message at the field, nothing written.
		deputy := adminPersonOf(t, f.a, own)
		for _, bad := range []struct {
			change url.Values
			field  string
			msg    string
		}{
			{url.Values{"name": {""}}, "name", "Name is required."},
			{url.Values{"name": {strings.Repeat("ö", 201)}}, "name", "Name is too long: at most 200 characters."},
			{url.Values{"titles": {"ok\n" + strings.Repeat("t", 201)}}, "titles", "Titles is too long"},
			{url.Values{"titles": {strings.Repeat("a\n", 21)}}, "titles", "at most 20 titles"},
			{url.Values{"email": {"not an address"}}, "email", "name@example.org"},
			{url.Values{"email": {"Åsa <asa@example.fi>"}}, "email", "name@example.org"},
			{url.Values{"email": {strings.Repeat("a", 250) + "@x.fi"}}, "email", "at most 254"},
			{url.Values{"phone": {"call me"}}, "phone", "digits"},
			{url.Values{"phone": {strings.Repeat("1", 51)}}, "phone", "at most 50"},
			{url.Values{"deputy": {"asa-oberg"}}, "deputy", "cannot be their own deputy"},
			{url.Values{"deputy": {"no-such-person"}}, "deputy", "choose one of the options offered"},
			{url.Values{"name": {"tab\tin name"}}, "name", "control characters"},
		} {
			form := adminPersonForm(added)
			form.Set("deputy", deputy.Slug)
			for k, v := range bad.change {
				form[k] = v
			}
			status, body := f.post(customer, base+"/asa-oberg", form)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, bad.msg) ||
				!strings.Contains(body, `id="`+bad.field+`-error"`) || !strings.Contains(body, `href="#`+bad.field+`"`) {
				t.Errorf("person form %v: %d, want 422 with %q at %s", bad.change, status, bad.msg, bad.field)
			}
		}
		if status, _ := f.get(customer, base+"/no-such-person"); status != http.StatusNotFound {
			t.Errorf("unknown person: %d", status)
		}
		// The administrator chooses the party; a forged one is refused.
		admin := f.client("admin")
		status, body := f.post(admin, base, url.Values{"name": {"X"}, "party": {"no-such-party"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="party-error"`) {
			t.Errorf("admin adds a person to an unknown party: %d", status)
		}
		adminUnchanged(t, f, before, "rejected person forms")

		// A good edit: a deputy and new titles.
		form = adminPersonForm(added)
		form.Set("deputy", deputy.Slug)
		form.Set("titles", "Palvelupäällikkö")
		if status, body := f.post(customer, base+"/asa-oberg", form); status != http.StatusSeeOther {
			t.Fatalf("customer edits their person: %d\n%s", status, body)
		}
		got := adminStored(t, f).Person("asa-oberg")
		if got.Deputy != deputy.Slug || len(got.Titles) != 1 || got.Titles[0] != "Palvelupäällikkö" {
			t.Errorf("after edit: %+v", got)
		}

		// Removal: confirmed, and refused while a seat is held.
		seated := f.a.Memberships[0]
		holder := f.a.Person(seated.Person)
		before = adminStored(t, f)
		if status, body := f.post(admin, base+"/"+holder.Slug+"/delete", url.Values{"confirm": {"yes"}}); status != http.StatusConflict ||
			!strings.Contains(body, "still holds a seat") {
			t.Errorf("remove a seated person: %d, want 409 with a reason", status)
		}
		if status, body := f.post(customer, base+"/asa-oberg/delete", url.Values{}); status != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Tick the box") {
			t.Errorf("remove without confirming: %d", status)
		}
		adminUnchanged(t, f, before, "refused removals")
		if status, _ := f.post(customer, base+"/asa-oberg/delete", url.Values{"confirm": {"yes"}}); status != http.StatusSeeOther {
			t.Fatalf("remove: %d", status)
		}
		if adminStored(t, f).Person("asa-oberg") != nil {
			t.Error("the person is still there")
		}
		var n int
		if err := st.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action IN ('person.create', 'person.update', 'person.delete')`,
			"user:"+f.users["customer"].Email).Scan(&n); err != nil || n != 3 {
			t.Errorf("audit entries by the customer: %d (%v), want 3", n, err)
		}
		adminRoundTrips(t, f)
	})
}

func TestAdminSeats(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		a := f.a
		base := "/a/" + a.Slug + "/admin/memberships"
		provider := f.users["provider"].Party
		supplier := f.users["supplier"].Party
		// A forum of the provider and the first supplier, and people of both
		// and of a customer.
		var bilateral *gov.Forum
		for i := range a.Forums {
			if fo := &a.Forums[i]; len(fo.Parties) == 2 && contains(fo.Parties, provider) && contains(fo.Parties, supplier) {
				bilateral = fo
				break
			}
		}
		if bilateral == nil {
			t.Fatal("no bilateral forum of the provider and the supplier")
		}
		expert := adminPersonOf(t, a, provider)
		customerPerson := adminPersonOf(t, a, f.users["customer"].Party)
		seat := url.Values{"person": {expert.Slug}, "forum": {bilateral.Slug}, "role": {"expert"}, "from": {"2027-03-01"}}

		before := adminStored(t, f)
		// Suppliers, members and observers may not seat anyone.
		for _, user := range []string{"supplier", "member", "observer"} {
			if status, _ := f.post(f.client(user), base, seat); status != http.StatusForbidden {
				t.Errorf("%s adds a seat: %d, want 403", user, status)
			}
		}
		// The customer may, but does not see this forum: the choice is refused.
		if status, body := f.post(f.client("customer"), base, seat); status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="forum-error"`) {
			t.Errorf("customer seats someone in a forum they cannot see: %d", status)
		}
		pc := f.client("provider")
		for _, bad := range []struct {
			change url.Values
			field  string
			msg    string
		}{
			{url.Values{"person": {"no-such-person"}}, "person", "choose one of the options"},
			{url.Values{"forum": {"no-such-forum"}}, "forum", "choose one of the options"},
			{url.Values{"role": {"king"}}, "role", "choose one of the options"},
			{url.Values{"from": {"1.3.2027"}}, "from", "give a real date"},
			{url.Values{"from": {""}}, "from", "Valid from is required."},
			{url.Values{"person": {customerPerson.Slug}}, "forum", "does not take part in"},
		} {
			form := url.Values{}
			for k, v := range seat {
				form[k] = v
			}
			for k, v := range bad.change {
				form[k] = v
			}
			status, body := f.post(pc, base, form)
			if status != http.StatusUnprocessableEntity || !strings.Contains(body, bad.msg) || !strings.Contains(body, `id="`+bad.field+`-error"`) {
				t.Errorf("seat form %v: %d, want 422 with %q at %s", bad.change, status, bad.msg, bad.field)
			}
		}
		adminUnchanged(t, f, before, "refused seat forms")

		if status, body := f.post(pc, base, seat); status != http.StatusSeeOther {
			t.Fatalf("provider adds a seat: %d\n%s", status, body)
		}
		if status, body := f.post(pc, base, seat); status != http.StatusUnprocessableEntity || !strings.Contains(body, "already holds this seat") {
			t.Errorf("the same seat twice: %d", status)
		}
		key := gov.Membership{Person: expert.Slug, Forum: bilateral.Slug, Role: gov.RoleExpert, From: "2027-03-01"}
		got := adminStored(t, f).Memberships
		if last := got[len(got)-1]; last != key {
			t.Fatalf("added seat %+v, want %+v", last, key)
		}

		// Ending it: the end may not come before the start.
		end := matrixSeatForm(&key, "2027-02-01")
		status, body := f.post(pc, base+"/end", end)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "cannot be before the seat starts") {
			t.Errorf("end before start: %d", status)
		}
		end.Set("to", "31.12.2027")
		if status, _ := f.post(pc, base+"/end", end); status != http.StatusUnprocessableEntity {
			t.Errorf("end on a bad date: %d", status)
		}
		forged := matrixSeatForm(&key, "2027-12-31")
		forged.Set("from", "2020-01-01")
		if status, _ := f.post(pc, base+"/end", forged); status != http.StatusNotFound {
			t.Errorf("end an unknown seat: %d, want 404", status)
		}
		end.Set("to", "2027-12-31")
		if status, _ := f.post(f.client("supplier"), base+"/end", end); status != http.StatusForbidden {
			t.Errorf("supplier ends a seat: %d, want 403", status)
		}
		if status, _ := f.post(pc, base+"/end", end); status != http.StatusSeeOther {
			t.Fatalf("provider ends the seat: %d", status)
		}
		got = adminStored(t, f).Memberships
		if last := got[len(got)-1]; last.To != "2027-12-31" {
			t.Errorf("ended seat: %+v", last)
		}
		adminRoundTrips(t, f)
	})
}
