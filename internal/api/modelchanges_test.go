package api

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestModelProposalsAPI: the customer proposes a whole model file as
// application/yaml (201 with its diff); the customer cannot approve it;
// the supplier does; the revision is listed; a broken file is 422 with
// every problem and stores nothing; a disabled account's token stops.
func TestModelProposalsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		src, _ := model.Template("national-platform")
		next := strings.Replace(string(src), "working_days_before: 7\n", "working_days_before: 8\n", 1)
		base := "/api/v1/agreements/" + f.a.Slug + "/model"
		status, _, body := f.send("customer", http.MethodPost, base+"/proposals?summary=more+time", "application/yaml", strings.NewReader(next))
		if status != http.StatusCreated {
			t.Fatalf("propose: %d %s", status, body)
		}
		p := decodeAs[proposalDTO](t, body)
		if p.ID == 0 || len(p.Diff) != 1 || !strings.Contains(p.Diff[0], "working_days_before: 7 → 8") || p.State != "open" {
			t.Fatalf("proposal %+v", p)
		}
		path := base + "/proposals/" + strconv.FormatInt(p.ID, 10)
		if status, body := f.do("customer", http.MethodPost, path+"/approve", nil); status != http.StatusForbidden || !bytes.Contains(body, []byte("the other party approves")) {
			t.Fatalf("the proposing party approves: %d %s", status, body)
		}
		if status, _ := f.do("outsider", http.MethodPost, path+"/approve", nil); status != http.StatusNotFound {
			t.Fatalf("an outsider approves: %d", status)
		}
		status, body = f.do("supplier", http.MethodPost, path+"/approve", nil)
		if status != http.StatusOK {
			t.Fatalf("approve: %d %s", status, body)
		}
		if r := decodeAs[proposalDTO](t, body); r.State != "applied" || r.Revision != 1 || r.DecidedBy != "supplier" || r.ProposedBy != "customer" {
			t.Fatalf("approved %+v", r)
		}
		status, body = f.do("provider", http.MethodGet, base+"/revisions", nil)
		if status != http.StatusOK || !bytes.Contains(body, []byte(`"revision": 1`)) {
			t.Fatalf("revisions: %d %s", status, body)
		}
		// A file with problems: 422, every problem, nothing stored.
		status, _, body = f.send("customer", http.MethodPost, base+"/proposals", "application/yaml", strings.NewReader("version: 1\nid: x\ncolour: blue\n"))
		if status != http.StatusUnprocessableEntity || !bytes.Contains(body, []byte("line 3")) {
			t.Fatalf("bad file: %d %s", status, body)
		}
		if status, _, _ := f.send("customer", http.MethodPost, base+"/proposals", "application/json", strings.NewReader("{}")); status != http.StatusUnsupportedMediaType {
			t.Fatalf("json body: %d", status)
		}
		_, body = f.do("customer", http.MethodGet, base+"/proposals", nil)
		if bytes.Count(body, []byte(`"id": `)) != 1 {
			t.Fatalf("a bad proposal was stored: %s", body)
		}
		// A disabled account's token stops at once.
		ctx := t.Context()
		if err := st.InTx(ctx, func(tx *store.Tx) error { return tx.SetUserDisabled(ctx, f.users["provider"].ID, true, f.now()) }); err != nil {
			t.Fatal(err)
		}
		if status, _ := f.do("provider", http.MethodGet, base+"/revisions", nil); status != http.StatusUnauthorized {
			t.Fatalf("a disabled account's token: %d", status)
		}
	})
}

// TestInvitationsAPI: POST …/invitations {"email","name","party"} → 201;
// a representative of another party is refused; the list shows it
// pending; DELETE revokes it.
func TestInvitationsAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		base := "/api/v1/agreements/" + f.a.Slug + "/invitations"
		party := f.users["supplier"].Party
		if status, _ := f.do("customer", http.MethodPost, base, map[string]any{"email": "k@x.fi", "name": "K", "party": party}); status != http.StatusForbidden {
			t.Fatalf("another party invites: %d", status)
		}
		status, body := f.do("supplier", http.MethodPost, base, map[string]any{"email": "k@x.fi", "name": "Kaisa", "party": party})
		if status != http.StatusCreated {
			t.Fatalf("invite: %d %s", status, body)
		}
		v := decodeAs[invitationDTO](t, body)
		if v.State != "pending" || v.Email != "k@x.fi" {
			t.Fatalf("invitation %+v", v)
		}
		if status, body := f.do("supplier", http.MethodPost, base, map[string]any{"email": "k@x.fi", "name": "Kaisa", "party": party}); status != http.StatusUnprocessableEntity {
			t.Fatalf("invited twice: %d %s", status, body)
		}
		if status, body := f.do("supplier", http.MethodGet, base, nil); status != 200 || !bytes.Contains(body, []byte(`"state": "pending"`)) {
			t.Fatalf("list: %d %s", status, body)
		}
		status, body = f.do("supplier", http.MethodDelete, base+"/"+strconv.FormatInt(v.ID, 10), nil)
		if status != 200 || decodeAs[invitationDTO](t, body).State != "revoked" {
			t.Fatalf("revoke: %d %s", status, body)
		}
	})
}

// TestCreateAgreementAPI: POST /agreements with a model file creates the
// agreement as `model apply` would (administrators only); a second time
// is 409; a broken file is 422.
func TestCreateAgreementAPI(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newAPIFixture(t, st)
		src, _ := model.Template("state-shared-services")
		if status, _, _ := f.send("customer", http.MethodPost, "/api/v1/agreements", "application/yaml", bytes.NewReader(src)); status != http.StatusForbidden {
			t.Fatalf("a customer creates: %d", status)
		}
		status, _, body := f.send("admin", http.MethodPost, "/api/v1/agreements?org.statens-servicecenter=ssc-org", "application/yaml", bytes.NewReader(src))
		if status != http.StatusCreated || !bytes.Contains(body, []byte(`"id": "state-shared-services"`)) {
			t.Fatalf("create: %d %s", status, body)
		}
		if status, _, _ := f.send("admin", http.MethodPost, "/api/v1/agreements", "application/yaml", bytes.NewReader(src)); status != http.StatusConflict {
			t.Fatalf("again: %d", status)
		}
		if status, _, _ := f.send("admin", http.MethodPost, "/api/v1/agreements", "application/yaml", strings.NewReader("version: 1\ncolour: x\n")); status != http.StatusUnprocessableEntity {
			t.Fatalf("broken: %d", status)
		}
		a, err := st.Agreement(t.Context(), "state-shared-services")
		if err != nil || len(a.Forums) == 0 {
			t.Fatalf("stored: %v", err)
		}
	})
}
