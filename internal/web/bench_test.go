package web

import (
	"net/http"
	"testing"

	"github.com/steerco/steerco/internal/store/storetest"
)

// BenchmarkPages measures the dashboard and a forum page through real HTTP
// on SQLite, against /static/app.css (served from memory) as the baseline;
// bench/run does the same under wrk with 32 connections.
func BenchmarkPages(b *testing.B) {
	f := newFixture(b, storetest.Open(b, storetest.SQLiteDSN(b)))
	c := f.client("provider")
	for _, path := range []string{"/static/app.css", "/", "/a/" + f.a.Slug + "/forums/ohjausryhma"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if status, _ := f.get(c, path); status != http.StatusOK {
					b.Fatalf("%s: %d", path, status)
				}
			}
		})
	}
}
