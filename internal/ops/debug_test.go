package ops

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store/storetest"
)

// The profiler answers on its own loopback address, refuses any other
// address, and is not on the main listener's mux.
func TestServeDebug(t *testing.T) {
	s := storetest.Open(t, storetest.SQLiteDSN(t))
	o := New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, bad := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060", "example.org:6060"} {
		if _, err := o.ServeDebug(ctx, bad); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("ServeDebug(%q): %v", bad, err)
		}
	}
	addr, err := o.ServeDebug(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"/debug/pprof/":                  "heap",
		"/debug/pprof/heap?debug=1":      "heap profile",
		"/debug/pprof/goroutine?debug=1": "goroutine profile",
	} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, b)
		}
	}
	srv := newServer(t, s, true)
	if code, _ := srv.get(t, "/debug/pprof/"); code != http.StatusNotFound {
		t.Errorf("the main listener's /debug/pprof/: %d", code)
	}
}
