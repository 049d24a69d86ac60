package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestModelChangeWeb: the provider proposes through the forum form, the
// provider cannot approve, a customer representative can; the history
// shows the revision; a YAML proposal that does not validate shows every
// problem with its line and stores nothing.
func TestModelChangeWeb(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		base := "/a/" + f.a.Slug
		forum := "tuotantoryhma-alustatalo"
		prov, cust := f.client("provider"), f.client("customer")
		status, body := f.get(prov, base+"/model/changes/forums/"+forum)
		if status != 200 || !strings.Contains(body, `name="frequency"`) {
			t.Fatalf("form: %d", status)
		}
		status, _ = f.post(prov, base+"/model/changes/forums/"+forum, url.Values{"frequency": {"biweekly"}, "weekday": {"tuesday"}, "time": {"13:00"},
			"duration_minutes": {"30"}, "materials_days": {"1"}, "minutes_days": {"3"}, "active": {"1"}, "summary": {"less often"}})
		if status != http.StatusSeeOther {
			t.Fatalf("propose: %d", status)
		}
		_, body = f.get(prov, base+"/model/changes")
		m := regexp.MustCompile(`/model/proposals/(\d+)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no open proposal listed")
		}
		prop := base + "/model/proposals/" + m[1]
		if _, body := f.get(prov, prop); !strings.Contains(body, `cadence.frequency: &#34;weekly&#34; → &#34;biweekly&#34;`) {
			t.Fatalf("the diff is not shown:\n%s", body)
		}
		if status, body := f.post(prov, prop+"/approve", nil); status != http.StatusForbidden || !strings.Contains(body, "The other party approves") {
			t.Fatalf("the proposer approves: %d", status)
		}
		kinds := func(email string) string {
			ms, _ := st.OutboxFor(context.Background(), email, 10)
			var ks []string
			for _, m := range ms {
				ks = append(ks, m.Kind)
			}
			return strings.Join(ks, " ")
		}
		if k := kinds("customer@test.example"); !strings.Contains(k, "model-proposal") {
			t.Fatalf("the other party was not told: %q", k)
		}
		if k := kinds("provider@test.example"); strings.Contains(k, "model-proposal") {
			t.Fatal("the proposing party was asked to approve")
		}
		if status, _ := f.post(cust, prop+"/approve", nil); status != http.StatusSeeOther {
			t.Fatalf("the customer approves: %d", status)
		}
		if k := kinds("provider@test.example"); !strings.Contains(k, "model-decision") {
			t.Fatalf("the proposer was not told the decision: %q", k)
		}
		_, body = f.get(cust, base+"/model/changes")
		if !strings.Contains(body, "Revision 1") || !strings.Contains(body, "Test provider") || !strings.Contains(body, "Test customer") {
			t.Fatalf("history lacks the revision and both names")
		}
		// A broken YAML file: every problem, nothing stored.
		status, body = f.post(cust, base+"/model/proposals", url.Values{"yaml": {"version: 1\nid: x\ncolour: blue\n"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, "line 3") {
			t.Fatalf("bad yaml: %d", status)
		}
		_, body = f.get(cust, base+"/model/changes")
		if strings.Contains(body, "Waiting for a representative") || regexp.MustCompile(`Proposal 2`).MatchString(body) {
			t.Fatal("a bad proposal was stored")
		}
	})
}
