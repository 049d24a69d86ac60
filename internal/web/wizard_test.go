package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// wizardValues is the wizard's form for municipal-3-level with new names
// and ids.
func wizardValues() url.Values {
	return url.Values{"template": {"municipal-3-level"}, "parties": {"2"}, "id": {"kuntala-it"}, "name": {"Kuntalan IT-palvelut"},
		"from": {"2027-01-01"}, "to": {"2030-12-31"}, "country": {"FI"}, "language": {"fi"},
		"party_0_old": {"esimerkkila"}, "party_0_kind": {"customer"}, "party_0_id": {"kuntala"}, "party_0_name": {"Kuntalan kaupunki"}, "party_0_org": {"kuntala"},
		"party_0_invite_name": {"Kaisa Kuntala"}, "party_0_invite_email": {"kaisa@kuntala.example"},
		"party_1_old": {"esimerkki-it"}, "party_1_kind": {"supplier"}, "party_1_id": {"toimittaja"}, "party_1_name": {"Toimittaja Oy"}, "party_1_org": {"toimittaja"},
		"party_1_invite_name": {"Tomi Toimittaja"}, "party_1_invite_email": {"tomi@toimittaja.example"}}
}

// TestWizard: an administrator creates an agreement from a template with
// new party names and ids; errors land on their fields; the preview shows
// the annual plan; applying gives what `model apply` of the file gives and
// invites the first people; others may not open the wizard.
func TestWizard(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		admin := f.client("admin")
		if status, _ := f.get(f.client("customer"), "/agreements/new"); status != http.StatusForbidden {
			t.Fatalf("a customer opens the wizard: %d", status)
		}
		if status, body := f.get(admin, "/agreements/new?template=municipal-3-level"); status != 200 || !strings.Contains(body, `value="esimerkkila"`) {
			t.Fatalf("form: %d", status)
		}
		bad := wizardValues()
		bad.Set("from", "someday")
		status, body := f.post(admin, "/agreements/new", bad)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="from-error"`) {
			t.Fatalf("bad period: %d", status)
		}
		status, body = f.post(admin, "/agreements/new", wizardValues())
		if status != 200 || !strings.Contains(body, "Annual plan 2027") || !strings.Contains(body, "- id: kuntala\n") {
			t.Fatalf("preview: %d", status)
		}
		v := wizardValues()
		v.Set("apply", "1")
		if status, _ := f.post(admin, "/agreements/new", v); status != http.StatusSeeOther {
			t.Fatalf("apply: %d", status)
		}
		a, err := st.Agreement(context.Background(), "kuntala-it")
		if err != nil {
			t.Fatal(err)
		}
		if a.Party("kuntala") == nil || a.Party("toimittaja") == nil || a.Party("esimerkkila") != nil || a.Forum("taktinen-ohjausryhma").Responsibilities.Chairs == "esimerkkila" {
			t.Fatalf("parties %+v", a.Parties)
		}
		// The same as `model apply` of the model file: export, re-parse,
		// nothing differs.
		src, _ := model.Format(a)
		again, err := model.Parse("x.yaml", src)
		if err != nil || len(model.Diff(a, again)) != 0 {
			t.Fatalf("round trip: %v %v", err, model.Diff(a, again))
		}
		for _, e := range []string{"kaisa@kuntala.example", "tomi@toimittaja.example"} {
			if ms, _ := st.OutboxFor(context.Background(), e, 5); len(ms) != 1 || ms[0].Kind != "invitation" {
				t.Fatalf("no invitation to %s", e)
			}
		}
		if status, _ := f.post(admin, "/agreements/new", v); status != http.StatusConflict {
			t.Fatalf("again: %d", status)
		}
	})
}
