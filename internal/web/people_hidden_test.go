package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestHiddenPeopleStayHidden (issue 14, item 5): a person the directory
// hides from a supplier (another supplier's, seated in no forum the first
// one sees) is hidden in every list, dropdown, record and history entry
// the supplier reads, not only in the directory.
func TestHiddenPeopleStayHidden(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		a := f.a
		pr := principal(f.users["supplier"])
		pr, _ = auth.In(pr, a)
		var hidden *gov.Person
		for i := range a.People {
			if p := &a.People[i]; !auth.CanSeePerson(pr, a, p) && p.Email != "" {
				hidden = p
				break
			}
		}
		if hidden == nil {
			t.Fatal("the supplier sees everyone: nothing to hide")
		}
		var visible *gov.Person
		for _, p := range auth.VisiblePeople(pr, a) {
			if p.Party == pr.Party {
				visible = p
				break
			}
		}
		// A risk of the supplier's whose owner the supplier may not see
		// (set by an administrator, or before the rule), and one the
		// supplier may see.
		risk := func(title string, owner *gov.Person) int64 {
			r := &store.Risk{Agreement: a.Slug, Title: title, Probability: 2, Impact: 3, Status: "open", Party: pr.Party,
				Owner: owner.Slug, OwnerName: owner.Name, CreatedBy: "user:" + owner.Email, CreatedAt: time.Now(), UpdatedAt: time.Now()}
			err := st.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if r.AgreementID, err = tx.AgreementID(ctx, a.Slug); err != nil {
					return err
				}
				return tx.InsertRisk(ctx, r)
			})
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		hiddenRisk := risk("Risk owned by a hidden person", hidden)
		visibleRisk := risk("Risk owned by a visible person", visible)

		c := f.client("supplier")
		leaks := func(path string, body string) {
			t.Helper()
			for _, s := range []string{hidden.Name, template.HTMLEscapeString(hidden.Name), hidden.Email} {
				if strings.Contains(body, s) {
					t.Errorf("%s shows the supplier %q, a person the directory hides from them", path, s)
				}
			}
		}
		base := "/a/" + a.Slug
		for _, path := range []string{
			base + "/risks", base + "/risks/" + strconv.FormatInt(hiddenRisk, 10), base + "/risks/" + strconv.FormatInt(visibleRisk, 10),
			base + "/directory", base + "/matters", base + "/orders/new", base + "/time", base + "/history/agreement/" + a.Slug,
		} {
			status, body := f.get(c, path)
			if status != http.StatusOK {
				t.Logf("%s: %d", path, status)
				continue
			}
			leaks(path, body)
			if path == base+"/risks/"+strconv.FormatInt(visibleRisk, 10) && !strings.Contains(body, template.HTMLEscapeString(visible.Name)) {
				t.Errorf("%s hides %s, whom the supplier may see", path, visible.Name)
			}
		}
		// The hidden person is no choice as a risk's owner either: refused,
		// nothing stored.
		status, _ := f.post(c, base+"/risks", url.Values{"title": {"Owned by the hidden one"}, "probability": {"2"}, "impact": {"2"}, "owner": {hidden.Slug}})
		if status == http.StatusSeeOther || status == http.StatusOK {
			var list []store.Risk
			st.InTx(ctx, func(tx *store.Tx) error {
				var err error
				list, err = tx.Risks(ctx, a.Slug, store.RiskFilter{})
				return err
			})
			for _, r := range list {
				if r.Owner == hidden.Slug && r.ID != hiddenRisk {
					t.Errorf("the supplier made %s the owner of risk %d (%d)", hidden.Slug, r.ID, status)
				}
			}
		}
		// Whoever may see the person still sees them.
		_, body := f.get(f.client("customer"), base+"/risks/"+strconv.FormatInt(hiddenRisk, 10))
		if !strings.Contains(body, template.HTMLEscapeString(hidden.Name)) {
			t.Errorf("the customer does not see the owner %s", hidden.Name)
		}
	})
}
