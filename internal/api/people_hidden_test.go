package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/gov"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestHiddenPeopleInAPIFields (issue 14, item 5): a risk whose owner the
// directory hides from the caller has no owner or owner_name for them,
// the people list leaves the person out, and they are no choice as an
// owner; whoever may see the person still gets the name.
func TestHiddenPeopleInAPIFields(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newAPIFixture(t, st)
		a := f.a
		pr, _ := auth.In(auth.NewPrincipal(f.users["supplier"].ID, f.users["supplier"].Email, "", f.users["supplier"].Party, auth.AccountRepresentative, false, f.users["supplier"].Links), a)
		var hidden *gov.Person
		for i := range a.People {
			if p := &a.People[i]; !auth.CanSeePerson(pr, a, p) && p.Email != "" {
				hidden = p
				break
			}
		}
		if hidden == nil {
			t.Fatal("the supplier sees everyone")
		}
		r := &store.Risk{Agreement: a.Slug, Title: "Owned by a hidden person", Probability: 2, Impact: 3, Status: "open", Party: pr.Party,
			Owner: hidden.Slug, OwnerName: hidden.Name, CreatedBy: "user:" + hidden.Email, CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if r.AgreementID, err = tx.AgreementID(ctx, a.Slug); err != nil {
				return err
			}
			return tx.InsertRisk(ctx, r)
		}); err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/agreements/" + a.Slug
		for _, path := range []string{base + "/risks", base + "/risks/" + strconv.FormatInt(r.ID, 10), base + "/people"} {
			status, body := f.do("supplier", http.MethodGet, path, nil)
			if status != http.StatusOK {
				t.Fatalf("%s: %d %s", path, status, body)
			}
			for _, s := range []string{hidden.Name, hidden.Email, `"` + hidden.Slug + `"`} {
				if strings.Contains(string(body), s) {
					t.Errorf("%s gives the supplier %q, a person the directory hides from them", path, s)
				}
			}
		}
		status, body := f.do("supplier", http.MethodPost, base+"/risks", map[string]any{"title": "Mine", "probability": 2, "impact": 2, "owner": hidden.Slug})
		if status != http.StatusUnprocessableEntity {
			t.Errorf("a hidden owner: %d %s, want 422", status, body)
		}
		_, body = f.do("customer", http.MethodGet, base+"/risks/"+strconv.FormatInt(r.ID, 10), nil)
		if got := decodeAs[Risk](t, body); got.OwnerName != hidden.Name {
			t.Errorf("the customer gets owner_name %q, want %q", got.OwnerName, hidden.Name)
		}
	})
}
