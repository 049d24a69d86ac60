package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const np = "/api/v1/agreements/national-platform"

// people lists the directory as the administrator sees it.
func (f *apiFixture) people() []gov.Person {
	f.t.Helper()
	status, body := f.do("admin", "GET", np+"/people?limit=500", nil)
	if status != http.StatusOK {
		f.t.Fatalf("list people: %d %s", status, body)
	}
	return decodeAs[List[gov.Person]](f.t, body).Items
}

func (f *apiFixture) want(status int, wantStatus int, body []byte, what string) {
	f.t.Helper()
	if status != wantStatus {
		f.t.Fatalf("%s: %d, want %d\n%s", what, status, wantStatus, body)
	}
}

// wantError checks an error answer: its status and envelope code, and
// optionally that a field is named.
func (f *apiFixture) wantError(status int, body []byte, wantStatus int, code string, fields ...string) {
	f.t.Helper()
	if status != wantStatus {
		f.t.Fatalf("%d, want %d\n%s", status, wantStatus, body)
	}
	env := decodeAs[map[string]*Error](f.t, body)
	e := env["error"]
	if e == nil || e.Code != code {
		f.t.Fatalf("want error code %s: %s", code, body)
	}
	for _, want := range fields {
		found := false
		for _, fe := range e.Fields {
			found = found || fe.Field == want
		}
		if !found {
			f.t.Errorf("error names no field %q: %s", want, body)
		}
	}
}

func TestDirectoryWrites(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		f.at("2026-06-01 10:00")
		party := f.users["customer"].Party // vantaa

		// Parties: administrators only; attributes validated, nothing
		// written on error.
		status, body := f.do("admin", "PATCH", np+"/parties/"+party, map[string]any{
			"name": "Vantaan kaupunki", "attributes": []map[string]string{{"key": "residents", "value": "250000", "from": "2026-01-01"}}})
		f.want(status, 200, body, "rename party")
		p := decodeAs[gov.Party](t, body)
		if v, _ := p.Attr("residents", "2026-06-01"); p.Name != "Vantaan kaupunki" || v != "250000" {
			t.Fatalf("party after the change: %+v", p)
		}
		status, body = f.do("customer", "PATCH", np+"/parties/"+party, map[string]any{"name": "Mine"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("admin", "PATCH", np+"/parties/"+party, map[string]any{
			"name": "", "attributes": []map[string]string{{"key": "Bad Key", "value": "1", "from": "2026-13-01"}}})
		f.wantError(status, body, 422, "validation_failed", "name", "attributes[0].key", "attributes[0].from")
		_, body = f.do("admin", "GET", np+"/parties/"+party, nil)
		if decodeAs[gov.Party](t, body).Name != "Vantaan kaupunki" {
			t.Fatal("a refused change was written")
		}
		status, body = f.do("admin", "PATCH", np+"/parties/no-such-party", map[string]any{"name": "X"})
		f.wantError(status, body, 404, "not_found")

		// People: a representative adds their own organisation's.
		before := len(f.people())
		status, body = f.do("customer", "POST", np+"/people", map[string]any{
			"name": "Åsa Öberg-Lind", "titles": []string{"avtalsansvarig", " "}, "email": "asa@vantaa.example.fi", "phone": "+358 9 123"})
		f.want(status, 201, body, "create person")
		asa := decodeAs[gov.Person](t, body)
		if asa.Slug != "asa-oberg-lind" || asa.Party != party || len(asa.Titles) != 1 {
			t.Fatalf("created %+v", asa)
		}
		status, body = f.do("customer", "POST", np+"/people", map[string]any{"name": "Åsa Öberg-Lind"})
		f.want(status, 201, body, "create namesake")
		if id := decodeAs[gov.Person](t, body).Slug; id != "asa-oberg-lind-2" {
			t.Fatalf("namesake got id %s", id)
		}
		status, body = f.do("customer", "POST", np+"/people", map[string]any{"name": "X", "party": f.users["provider"].Party})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("admin", "POST", np+"/people", map[string]any{"name": "No Party"})
		f.wantError(status, body, 422, "validation_failed", "party")
		status, body = f.do("customer", "POST", np+"/people", map[string]any{"name": "Y", "email": "Y <y@x>", "phone": "call me", "deputy": "nobody"})
		f.wantError(status, body, 422, "validation_failed", "email", "phone", "deputy")
		status, body = f.do("member", "POST", np+"/people", map[string]any{"name": "Z"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("customer", "POST", np+"/people", []byte(`{"name": "Z", "nick": "z"}`))
		f.wantError(status, body, 422, "validation_failed", "nick")
		status, body = f.do("customer", "POST", np+"/people", []byte(`{"name": "Z"`))
		f.wantError(status, body, 400, "bad_request")
		if n := len(f.people()); n != before+2 {
			t.Fatalf("%d people, want %d: refused requests wrote something", n, before+2)
		}

		// Changes: own organisation's people only; a hidden one is 404.
		status, body = f.do("customer", "PATCH", np+"/people/asa-oberg-lind", map[string]any{"phone": "", "titles": []string{"a", "b"}})
		f.want(status, 200, body, "edit person")
		if got := decodeAs[gov.Person](t, body); got.Phone != "" || len(got.Titles) != 2 || got.Email != asa.Email {
			t.Fatalf("edited %+v", got)
		}
		status, body = f.do("customer", "PATCH", np+"/people/kari-vaisanen", map[string]any{"phone": "1"})
		f.wantError(status, body, 403, "forbidden")
		status, body = f.do("supplier", "PATCH", np+"/people/petri-huttunen", map[string]any{"phone": "1"})
		if status != 404 && status != 403 {
			t.Fatalf("another supplier's person: %d %s", status, body)
		}
		status, body = f.do("customer", "PATCH", np+"/people/asa-oberg-lind", map[string]any{"email": "not an address"})
		f.wantError(status, body, 422, "validation_failed", "email")

		// Seats: the person's party must take part in the forum.
		open := openForum(f)
		seat := map[string]any{"person": "asa-oberg-lind", "forum": open, "role": "member", "from": "2026-01-01"}
		status, body = f.do("customer", "POST", np+"/memberships", seat)
		f.want(status, 201, body, "seat")
		status, body = f.do("customer", "POST", np+"/memberships", seat)
		f.wantError(status, body, 409, "conflict")
		status, body = f.do("customer", "POST", np+"/memberships", map[string]any{"person": "asa-oberg-lind", "forum": "tuotantoryhma-alustatalo", "role": "member", "from": "2026-01-01"})
		f.wantError(status, body, 422, "validation_failed", "forum")
		status, body = f.do("supplier", "POST", np+"/memberships", seat)
		f.wantError(status, body, 403, "forbidden")

		// Removal is refused while the person holds a seat; ending the
		// seat before today frees them.
		status, body = f.do("customer", "DELETE", np+"/people/asa-oberg-lind", nil)
		f.wantError(status, body, 409, "in_use")
		if !strings.Contains(string(body), "seat") {
			t.Errorf("in-use message does not say why: %s", body)
		}
		end := map[string]any{"person": "asa-oberg-lind", "forum": open, "role": "member", "from": "2026-01-01", "to": "2025-12-31"}
		status, body = f.do("customer", "POST", np+"/memberships/end", end)
		f.wantError(status, body, 422, "validation_failed", "to")
		end["to"] = "2026-05-31"
		status, body = f.do("customer", "POST", np+"/memberships/end", end)
		f.want(status, 200, body, "end seat")
		if decodeAs[gov.Membership](t, body).To != "2026-05-31" {
			t.Fatalf("ended seat %s", body)
		}
		end["from"] = "2020-01-01"
		status, body = f.do("customer", "POST", np+"/memberships/end", end)
		f.wantError(status, body, 404, "not_found")
		status, body = f.do("customer", "DELETE", np+"/people/asa-oberg-lind", nil)
		f.want(status, 204, body, "delete person")
		status, body = f.do("customer", "GET", np+"/people/asa-oberg-lind", nil)
		f.wantError(status, body, 404, "not_found")
	})
}

// openForum is a forum every party takes part in.
func openForum(f *apiFixture) string {
	for _, fm := range f.a.Forums {
		if len(fm.Parties) == 0 {
			return fm.Slug
		}
	}
	f.t.Fatal("no open forum")
	return ""
}
