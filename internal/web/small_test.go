package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestStaticListsNothing: the asset folders answer 404, the assets 200.
func TestStaticListsNothing(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	anon := f.client("")
	for path, want := range map[string]int{"/static/": 404, "/static/app.css": 200, "/static/nope.css": 404} {
		if status, _ := f.get(anon, path); status != want {
			t.Errorf("GET %s: %d, want %d", path, status, want)
		}
	}
	// Other spellings of the folder are sent to /static/ or refused; none
	// lists it.
	for _, path := range []string{"/static/./", "/static//", "/static", "/static/%2e/"} {
		resp, err := http.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("GET %s (following redirects): %d, want 404", path, resp.StatusCode)
		}
	}
}

// TestUploadNameLosesBidiControls: a right-to-left override in an
// uploaded file's name is dropped, so the page and the download show the
// real extension.
func TestUploadNameLosesBidiControls(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		cust := f.client("provider")
		base := "/a/" + f.a.Slug + "/complaints"
		status, body := f.post(cust, base, url.Values{"supplier": {f.users["supplier"].Party}, "title": {"Katkos"}, "body": {"Palvelu ei toiminut."}})
		wantStatus(t, "file", status, http.StatusSeeOther, body)
		_, page := f.get(cust, base)
		m := regexp.MustCompile(`/complaints/(\d+)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("no complaint in the register")
		}
		path := base + "/" + m[1]
		status, body = f.upload(cust, path+"/attachments", nil, "lasku\u202Efdp.exe", []byte("MZ"))
		wantStatus(t, "attach", status, http.StatusSeeOther, body)
		_, page = f.get(cust, path)
		if strings.ContainsRune(page, '\u202E') || !strings.Contains(page, "laskufdp.exe") {
			t.Errorf("the page shows the name with its override or without it at all")
		}
	})
}
