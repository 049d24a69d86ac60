package ops

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// server is a root mux like steerco serve's, with a route of its own, and
// the log lines it wrote.
type server struct {
	h   http.Handler
	log *bytes.Buffer
}

func newServer(t *testing.T, s *store.Store, metrics bool) server {
	t.Helper()
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	o := New(s, log)
	mux := http.NewServeMux()
	o.Mount(mux, metrics)
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) {
		// Two statements, which the metrics and the log count.
		var n int
		for range 2 {
			if err := s.QueryRowContext(r.Context(), `SELECT 1`).Scan(&n); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
		}
		io.WriteString(w, "thing "+r.PathValue("id"))
	})
	return server{o.Instrument(mux), &buf}
}

func (s server) get(t *testing.T, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code, rec.Body.String()
}

func TestProbes(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, s *store.Store) {
		srv := newServer(t, s, true)
		if code, body := srv.get(t, "/healthz"); code != 200 || body != "ok\n" {
			t.Errorf("/healthz: %d %q", code, body)
		}
		if code, body := srv.get(t, "/readyz"); code != 200 || body != "ready\n" {
			t.Errorf("/readyz: %d %q", code, body)
		}
		// A database behind this binary's schema is not ready.
		_, latest, _ := s.SchemaVersion(context.Background())
		if _, err := s.ExecContext(context.Background(), `DELETE FROM goose_db_version WHERE version_id = ?`, latest); err != nil {
			t.Fatal(err)
		}
		if code, body := srv.get(t, "/readyz"); code != 503 || !strings.Contains(body, "run steerco migrate") {
			t.Errorf("/readyz with a pending migration: %d %q", code, body)
		}
		// Nor is a database that does not answer; its error stays in the log.
		s.Close()
		if code, body := srv.get(t, "/readyz"); code != 503 || body != "not ready: database unreachable\n" {
			t.Errorf("/readyz without a database: %d %q", code, body)
		}
		if code, _ := srv.get(t, "/healthz"); code != 200 {
			t.Errorf("/healthz without a database: %d", code)
		}
		if !strings.Contains(srv.log.String(), `"msg":"not ready"`) {
			t.Errorf("log lacks the reason:\n%s", srv.log)
		}
	})
}

func TestMetricsAndAccessLog(t *testing.T) {
	s := storetest.Open(t, storetest.SQLiteDSN(t))
	srv := newServer(t, s, true)
	srv.get(t, "/things/1?token=s3cret")
	srv.get(t, "/things/2")
	srv.get(t, "/nowhere")
	srv.get(t, "/healthz")
	code, body := srv.get(t, "/metrics")
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	for _, want := range []string{
		// One series per route, not per path.
		`http_requests_total{code="200",method="GET",route="GET /things/{id}"} 2`,
		`http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`http_request_duration_seconds_count{method="GET",route="GET /things/{id}"} 2`,
		`steerco_db_statements_total{method="GET",route="GET /things/{id}"} 4`,
		`steerco_db_statements_total{method="GET",route="GET /healthz"} 0`,
		`go_sql_open_connections{db_name="steerco"}`,
		"go_goroutines ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "/things/1") {
		t.Error("a raw path became a label")
	}

	var lines []map[string]any
	for line := range strings.Lines(srv.log.String()) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		lines = append(lines, m)
	}
	// The probe and the scrape are logged at debug level: not here.
	if len(lines) != 3 {
		t.Fatalf("want 3 access log lines, got %d:\n%s", len(lines), srv.log)
	}
	first := lines[0]
	want := map[string]any{"msg": "request", "method": "GET", "route": "GET /things/{id}", "path": "/things/1", "status": 200.0, "bytes": 7.0, "statements": 2.0}
	for k, v := range want {
		if first[k] != v {
			t.Errorf("log %s = %v, want %v", k, first[k], v)
		}
	}
	if _, ok := first["duration_ms"].(float64); !ok {
		t.Errorf("log lacks duration_ms: %v", first)
	}
	if strings.Contains(srv.log.String(), "s3cret") {
		t.Error("the query string was logged")
	}
}

func TestMetricsNotMounted(t *testing.T) {
	s := storetest.Open(t, storetest.SQLiteDSN(t))
	srv := newServer(t, s, false)
	if code, _ := srv.get(t, "/metrics"); code != 404 {
		t.Errorf("/metrics when not mounted: %d", code)
	}
}

func TestSecretsStayOutOfTheLog(t *testing.T) {
	r := httptest.NewRequest("GET", "/feeds/stf_secret123.ics", nil)
	if got := loggedPath(r, "GET /feeds/{token}"); strings.Contains(got, "secret") || got != "/feeds/{token}" {
		t.Errorf("logged %q", got)
	}
	r = httptest.NewRequest("GET", "/a/x/forums", nil)
	if got := loggedPath(r, "GET /a/{agreement}/forums"); got != "/a/x/forums" {
		t.Errorf("logged %q", got)
	}
}
