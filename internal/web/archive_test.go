package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/archive"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// TestArchiveDownload: the agreement page offers the E-ARK package to
// the customer's representatives and the administrators; the download is
// a package the checker passes; other roles get 403 and see no link.
func TestArchiveDownload(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		path := "/a/" + f.a.Slug + "/archive.zip"
		for _, who := range []string{"customer", "admin"} {
			c := f.client(who)
			_, page := f.get(c, "/a/"+f.a.Slug)
			if !strings.Contains(page, `href="`+path+`"`) {
				t.Errorf("%s: the agreement page has no archive link", who)
			}
			status, body := f.get(c, path)
			if status != 200 {
				t.Fatalf("%s: %d", who, status)
			}
			zp := filepath.Join(t.TempDir(), "p.zip")
			os.WriteFile(zp, []byte(body), 0o644)
			problems, err := archive.Check(zp)
			if err != nil || len(problems) > 0 {
				t.Errorf("%s: downloaded package: %v %v", who, err, problems)
			}
		}
		for _, who := range []string{"provider", "supplier", "member"} {
			c := f.client(who)
			if _, page := f.get(c, "/a/"+f.a.Slug); strings.Contains(page, `href="`+path+`"`) {
				t.Errorf("%s sees the archive link", who)
			}
			if status, _ := f.get(c, path); status != 403 {
				t.Errorf("%s: %d, want 403", who, status)
			}
		}
	})
}
