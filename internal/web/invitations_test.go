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

// TestInviteWeb: the supplier's representative invites a colleague from
// the directory; the directory shows them as not accepted; the colleague
// opens the link, sets a password and lands signed in in the agreement;
// the link is dead afterwards; another party's representative cannot
// invite into the supplier's organisation.
func TestInviteWeb(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		base := "/a/" + f.a.Slug
		sup := f.client("supplier")
		party := f.users["supplier"].Party
		if status, _ := f.post(f.client("customer"), base+"/invitations", url.Values{"name": {"X"}, "email": {"x@test.example"}, "party": {party}}); status != http.StatusForbidden {
			t.Fatalf("the customer invites into the supplier: %d", status)
		}
		status, _ := f.post(sup, base+"/invitations", url.Values{"name": {"Kaisa Kollega"}, "email": {"kaisa@test.example"}, "party": {party}, "role": {"member"}})
		if status != http.StatusSeeOther {
			t.Fatalf("invite: %d", status)
		}
		if _, body := f.get(sup, base+"/directory"); !strings.Contains(body, "Kaisa Kollega (kaisa@test.example)") {
			t.Fatal("the directory does not show the pending invitation")
		}
		ms, _ := st.OutboxFor(context.Background(), "kaisa@test.example", 5)
		if len(ms) == 0 {
			t.Fatal("no invitation e-mail")
		}
		path := regexp.MustCompile(`/invite/\S+`).FindString(ms[0].Body)
		anon := f.client("")
		if status, body := f.get(anon, path); status != 200 || !strings.Contains(body, `name="confirm"`) {
			t.Fatalf("GET link: %d", status)
		}
		if status, _ := f.post(anon, path, url.Values{"password": {"Password2026!"}, "confirm": {"Password2026!"}}); status != http.StatusUnprocessableEntity {
			t.Fatalf("common password: %d", status)
		}
		resp, err := anon.PostForm(f.srv.URL+path, url.Values{"password": {"a long and fine secret"}, "confirm": {"a long and fine secret"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != base {
			t.Fatalf("accept: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if status, _ := f.get(anon, base); status != 200 {
			t.Fatalf("the invitee is not in the agreement: %d", status)
		}
		if status, _ := f.get(f.client(""), path); status != http.StatusNotFound {
			t.Fatalf("used link: %d", status)
		}
	})
}
