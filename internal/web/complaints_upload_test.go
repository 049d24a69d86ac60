package web

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// A complaint's attachment goes through the same upload reader as a
// meeting's material: stored and downloaded as sent, an empty form
// refused on the complaint's own form, and another supplier sees neither.
func TestComplaintAttachment(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		// Tiera buys from the suppliers (issue #14): it files.
		cust := f.client("provider")
		base := "/a/" + f.a.Slug + "/complaints"
		status, body := f.post(cust, base, url.Values{"supplier": {f.users["supplier"].Party}, "title": {"Katkos"}, "body": {"Palvelu ei toiminut."}})
		wantStatus(t, "file", status, http.StatusSeeOther, body)
		list, page := f.get(cust, base)
		wantStatus(t, "register", list, http.StatusOK, page)
		m := regexp.MustCompile(`/complaints/(\d+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no complaint in the register:\n%s", page)
		}
		path := base + "/" + m[1]

		data := []byte("aikajana: 9.00 katkos alkoi\n")
		status, body = f.upload(cust, path+"/attachments", nil, "aikajana.txt", data)
		wantStatus(t, "attach", status, http.StatusSeeOther, body)
		status, body = f.upload(cust, path+"/attachments", nil, "", nil)
		wantStatus(t, "no file", status, http.StatusUnprocessableEntity, body)

		_, page = f.get(cust, path)
		link := regexp.MustCompile(`/attachments/(\d+)"`).FindStringSubmatch(page)
		if link == nil {
			t.Fatalf("no attachment on the complaint's page:\n%s", page)
		}
		status, got := f.get(f.client("supplier"), path+"/attachments/"+link[1])
		wantStatus(t, "download as the supplier", status, http.StatusOK, got)
		if got != string(data) {
			t.Errorf("downloaded %q, want %q", got, data)
		}
		// Neither another supplier nor a municipality (not a party to the
		// relationship) sees it.
		other := f.client("supplier2")
		if status, _ := f.get(f.client("customer"), path); status != http.StatusNotFound {
			t.Errorf("a municipality: %s → %d, want 404", path, status)
		}
		for _, p := range []string{path, path + "/attachments/" + link[1]} {
			if status, _ := f.get(other, p); status != http.StatusNotFound {
				t.Errorf("another supplier: %s → %d, want 404", p, status)
			}
		}
	})
}
