package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// offSiteNexts are destinations that leave the site in some browser or
// proxy: tab, newline and backslash tricks, schemes, hosts, encoded
// slashes, invisible formatting characters.
var offSiteNexts = []string{
	"", "evil.example", "//evil.example", "/\t/evil.example/", "/\n/evil.example", "/\r/evil.example",
	"/\\evil.example", "\\\\evil.example", "/\\/evil.example", "https://evil.example/", "http:/evil.example",
	"javascript:alert(1)", "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%09/evil.example",
	" /evil", "/ /evil.example", "/\u00a0/evil.example", "/\u200b/evil.example", "/\u202e/evil.example",
	"/\x00/evil.example", "/\x7f/evil.example", "///evil.example", "/a\\b", "/a%0d%0aSet-Cookie:x=1",
	"\x00", "/\xff/evil.example",
}

// sameSiteNexts are ordinary destinations a sign-in must keep.
var sameSiteNexts = []string{"/", "/account", "/a/national-platform/meetings?forum=steering&x=1#m", "/a/x/search?q=%C3%A4%C3%B6"}

func TestSafeNext(t *testing.T) {
	for _, n := range offSiteNexts {
		if got := safeNext(n); got != "/" {
			t.Errorf("safeNext(%q) = %q, want /", n, got)
		}
	}
	for _, n := range sameSiteNexts {
		if got := safeNext(n); got != n {
			t.Errorf("safeNext(%q) = %q, want it kept", n, got)
		}
	}
}

// browserHost is where a browser goes for Location loc on
// https://steerco.example: it drops tabs and newlines, reads backslashes
// as slashes and decodes the path once, as the lenient parsers do.
func browserHost(loc string) string {
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	if d, err := url.PathUnescape(loc); err == nil {
		loc = strings.ReplaceAll(d, "\\", "/")
	}
	base, _ := url.Parse("https://steerco.example/login")
	u, err := base.Parse(strings.TrimLeft(loc, " \x00"))
	if err != nil {
		return "unparseable"
	}
	return u.Host
}

// FuzzSafeNext: whatever safeNext lets through, a lenient browser stays on
// this site.
func FuzzSafeNext(f *testing.F) {
	for _, n := range append(offSiteNexts, sameSiteNexts...) {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if h := browserHost(got); h != "steerco.example" {
			t.Fatalf("safeNext(%q) = %q leads to host %q", next, got, h)
		}
	})
}

// TestRedirectsStayOnSite drives every redirect that takes a destination
// from the request: GET /login when signed in, POST /login, POST /lang.
func TestRedirectsStayOnSite(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		where := func(resp *http.Response) string {
			resp.Body.Close()
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("%s %s: %d, want 303", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode)
			}
			return resp.Header.Get("Location")
		}
		signedIn := f.client("customer")
		for _, n := range offSiteNexts {
			resp, err := signedIn.Get(f.srv.URL + "/login?next=" + url.QueryEscape(n))
			if err != nil {
				t.Fatal(err)
			}
			if loc := where(resp); loc != "/" {
				t.Errorf("GET /login?next=%q: Location %q", n, loc)
			}
			resp, err = signedIn.PostForm(f.srv.URL+"/lang", url.Values{"lang": {"en"}, "next": {n}})
			if err != nil {
				t.Fatal(err)
			}
			if loc := where(resp); loc != "/" {
				t.Errorf("POST /lang next=%q: Location %q", n, loc)
			}
		}
		for _, n := range []string{"/\t/evil.example/", "/\\evil.example", "https://evil.example/"} {
			c := f.client("")
			resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {"customer@test.example"}, "password": {testPassword}, "next": {n}})
			if err != nil {
				t.Fatal(err)
			}
			if loc := where(resp); loc != "/" {
				t.Errorf("POST /login next=%q: Location %q", n, loc)
			}
		}
		c := f.client("")
		resp, err := c.PostForm(f.srv.URL+"/login", url.Values{"email": {"customer@test.example"}, "password": {testPassword}, "next": {"/account?x=1"}})
		if err != nil {
			t.Fatal(err)
		}
		if loc := where(resp); loc != "/account?x=1" {
			t.Errorf("a same-site next is lost: %q", loc)
		}
	})
}
