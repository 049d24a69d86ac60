package web

import (
	"net/http"
	"net/url"
	"regexp"
	"sync"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestFormSubmittedTwiceActsOnce: the same complaint form sent twice (and
// five times at once) with its one-time token files one complaint, and
// every repeat is sent to the first one's result; a form without a token,
// or with a new one, files anew.
func TestFormSubmittedTwiceActsOnce(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := f.client("provider")
		base := "/a/" + f.a.Slug + "/complaints"
		form := url.Values{"supplier": {f.users["supplier"].Party}, "title": {"Katkos"}, "body": {"Palvelu ei toiminut."}}
		submit := func(token string) (int, string) {
			path := base
			if token != "" {
				path += "?_once=" + token
			}
			resp, err := c.PostForm(f.srv.URL+path, form)
			if err != nil {
				t.Error(err)
				return 0, ""
			}
			resp.Body.Close()
			return resp.StatusCode, resp.Header.Get("Location")
		}
		complaints := func() int {
			_, page := f.get(c, base)
			return len(regexp.MustCompile(`/complaints/(\d+)"`).FindAllString(page, -1))
		}
		s1, l1 := submit("a1b2")
		s2, l2 := submit("a1b2")
		if s1 != http.StatusSeeOther || s2 != http.StatusSeeOther || l1 != l2 || l1 == "" {
			t.Fatalf("twice: %d %q, %d %q", s1, l1, s2, l2)
		}
		n := complaints()
		var wg sync.WaitGroup
		locs := make(chan string, 5)
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, l := submit("burst")
				locs <- l
			}()
		}
		wg.Wait()
		close(locs)
		first := ""
		for l := range locs {
			if first == "" {
				first = l
			}
			if l != first {
				t.Errorf("repeats went to %q and %q", first, l)
			}
		}
		if got := complaints(); got != n+1 {
			t.Errorf("five submits of one form filed %d complaints, want 1", got-n)
		}
		submit("")
		submit("")
		if got := complaints(); got != n+3 {
			t.Errorf("two submits without a token filed %d, want 2", got-n-1)
		}
	})
}
