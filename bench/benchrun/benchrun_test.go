package main

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The quick run's exports, written twice with the same seed, are the same
// bytes; another seed writes another file.
func TestQuickTicketsDeterministic(t *testing.T) {
	var c config
	c.quick = true
	c.defaults()
	dir := t.TempDir()
	sum := func(name string, n int, seed uint64) [32]byte {
		p := filepath.Join(dir, name)
		st, err := ticketsFile(p, n, seed)
		if err != nil {
			t.Fatal(err)
		}
		if st.Tickets != n {
			t.Fatalf("%d tickets written, asked %d", st.Tickets, n)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return sha256.Sum256(b)
	}
	for _, n := range c.sizes {
		if sum("a.csv", n, 1) != sum("b.csv", n, 1) {
			t.Errorf("%d tickets: the same seed wrote different files", n)
		}
	}
	if sum("a.csv", c.sizes[0], 1) == sum("c.csv", c.sizes[0], 2) {
		t.Error("seeds 1 and 2 wrote the same file")
	}
}

func TestFormatTable(t *testing.T) {
	rows := []Row{
		{Measure: "import 1M tickets (tickets/s)", DB: "sqlite", Value: 40000, Base: 160000, Unit: "/s", BaseName: "sqlite3 .import", HigherBetter: true,
			Target: "≥ 0.50×", Met: metIf(false, "4.0× the time of .import")},
		{Measure: "monthly report", DB: "sqlite", Value: 8.5, Base: 2250, Unit: "ms", BaseName: "SQL", Target: "flat", Met: metIf(true, "")},
		{Measure: "serve: peak RSS", DB: "postgres", Value: 61.25, Base: 30.5, Unit: "MB", BaseName: "after /healthz"},
		{Measure: "forum page (req/s)", DB: "sqlite", Value: 2000, Base: 40000, Unit: "/s", BaseName: "/healthz", HigherBetter: true, Statements: 3,
			Target: "≥ 0.05× and ≤ 10 statements", Met: metIf(true, "")},
		{Measure: "import", DB: "postgres", BaseName: "sqlite3 .import", Target: "≥ 0.50×", NA: "no import command"},
	}
	var b strings.Builder
	FormatTable(&b, rows)
	want := `| measure | db | steerco | baseline | ratio | statements/request | target | met |
|---|---|---:|---|---:|---:|---|---|
| import 1M tickets (tickets/s) | sqlite | 40 000 /s | 160 000 /s (sqlite3 .import) | 0.25× | – | ≥ 0.50× | no: 4.0× the time of .import |
| monthly report | sqlite | 8.50 ms | 2 250 ms (SQL) | 0.0038× | – | flat | yes |
| serve: peak RSS | postgres | 61.2 MB | 30.5 MB (after /healthz) | 2.0× | – | – | – |
| forum page (req/s) | sqlite | 2 000 /s | 40 000 /s (/healthz) | 0.05× | 3.0 | ≥ 0.05× and ≤ 10 statements | yes |
| import | postgres | not available: no import command | sqlite3 .import | – | – | ≥ 0.50× | not measured |
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestRatioAndGroup(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{0.004, "0.004×"}, {0.0456, "0.046×"}, {0.3, "0.30×"}, {1, "1.0×"}, {2.46, "2.5×"}, {12.4, "12×"}} {
		if got := ratio(c.x); got != c.want {
			t.Errorf("ratio(%v) = %s, want %s", c.x, got, c.want)
		}
	}
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1 000", 1234567.4: "1 234 567", -4500: "-4 500"} {
		if got := group(v); got != want {
			t.Errorf("group(%v) = %s, want %s", v, got, want)
		}
	}
	if (Row{Value: 1}).Ratio() == (Row{Value: 1}).Ratio() {
		t.Error("a ratio against no baseline is a number")
	}
}

func TestParseWrk(t *testing.T) {
	out := `Running 3s test @ http://127.0.0.1:8080/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.02ms    2.10ms  40.11ms   80.00%
    Req/Sec     3.21k   210.00     3.60k    70.00%
  Latency Distribution
     50%  812.00us
     75%    6.10ms
     90%    8.20ms
     99%    1.20s
  19230 requests in 3.00s, 80.01MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   6405.21
Transfer/sec:     26.66MB
`
	l, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	if l.rps != 6405.21 || l.p50 != 0.812 || l.p99 != 1200 || l.errors != 3 {
		t.Errorf("parsed %+v", l)
	}
	if _, err := parseWrk("unable to connect"); err == nil {
		t.Error("no error for output without numbers")
	}
}

// The baseline's month pattern matches day-first dates of that month only.
func TestReportSQL(t *testing.T) {
	q := reportSQL("2024-04")
	if !strings.Contains(q, "LIKE '%/4/2024 %'") || strings.Contains(q, "PAT") {
		t.Errorf("query:\n%s", q)
	}
}

// Statements per request come from the route with the most requests
// between two scrapes.
func TestStatementsPerRequest(t *testing.T) {
	before := parseMetrics(`# HELP http_requests_total x
http_requests_total{code="200",method="GET",route="GET /healthz"} 5000
http_requests_total{code="200",method="GET",route="GET /a/{agreement}/forums/{forum}"} 1
steerco_db_statements_total{method="GET",route="GET /a/{agreement}/forums/{forum}"} 3
steerco_db_statements_total{method="GET",route="GET /healthz"} 0
`)
	after := parseMetrics(`http_requests_total{code="200",method="GET",route="GET /healthz"} 5000
http_requests_total{code="200",method="GET",route="GET /a/{agreement}/forums/{forum}"} 1001
http_requests_total{code="500",method="GET",route="GET /a/{agreement}/forums/{forum}"} 2
http_requests_total{code="200",method="GET",route="GET /metrics"} 2000
steerco_db_statements_total{method="GET",route="GET /a/{agreement}/forums/{forum}"} 3609
steerco_db_statements_total{method="GET",route="GET /healthz"} 0
`)
	if got := after.perRequest(before); got != 3606.0/1002 {
		t.Errorf("statements per request %v, want 3606/1002", got)
	}
}
