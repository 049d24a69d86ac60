package web

import (
	"os"
	"testing"

	"github.com/steerco/steerco/internal/store/storetest"
)

func TestPagesSmoke(t *testing.T) {
	f := newFixture(t, storetest.Open(t, storetest.SQLiteDSN(t)))
	for _, u := range []string{"admin", "supplier", "observer"} {
		c := f.client(u)
		for _, p := range []string{"/", "/agreements", "/a/national-platform", "/a/national-platform/parties/vantaa", "/a/national-platform/directory", "/a/national-platform/forums", "/a/national-platform/forums/ekosysteemiryhma", "/a/national-platform/forums/ohjausryhma", "/a/national-platform/directory.vcf", "/a/national-platform/directory.csv"} {
			st, body := f.get(c, p)
			t.Logf("%s %s %d", u, p, st)
			if st == 500 {
				t.Errorf("%s", body)
			}
			os.WriteFile("/tmp/smoke/"+u+"_"+sanitize(p)+".html", []byte(body), 0o644)
		}
	}
}

func sanitize(p string) string {
	out := []rune{}
	for _, r := range p {
		if r == '/' {
			r = '_'
		}
		out = append(out, r)
	}
	return string(out)
}
