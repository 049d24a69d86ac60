// Package ops serves what operators and their tools need from a running
// steerco: liveness (/healthz), readiness (/readyz), Prometheus metrics
// (/metrics), and one structured access-log line per request.
package ops

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/steerco/steerco/internal/store"
)

// Ops holds the metrics of one server and the store its probes check.
type Ops struct {
	store *store.Store
	log   *slog.Logger
	// reg is this server's own registry, not Prometheus' global one, so
	// that tests (and two servers in one process) do not collide.
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// statements counts the database statements requests ran, by route:
	// divided by http_requests_total it is a page's statements per
	// request, which bench/run reports (issue #18).
	statements *prometheus.CounterVec
}

// New builds the probes and metrics of a server on st.
func New(st *store.Store, log *slog.Logger) *Ops {
	o := &Ops{
		store: st,
		log:   log,
		reg:   prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total",
			Help: "HTTP requests served, by method, route (the pattern that matched) and status code.",
		}, []string{"method", "route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_request_duration_seconds",
			Help:    "Time to serve an HTTP request, by method and route.",
			Buckets: prometheus.DefBuckets,
		}, []string{"method", "route"}),
		statements: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "steerco_db_statements_total",
			Help: "Database statements (BEGIN and COMMIT included) run while serving HTTP requests, by method and route.",
		}, []string{"method", "route"}),
	}
	o.reg.MustRegister(
		o.requests, o.duration, o.statements,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		// go_sql_open_connections and the rest of the pool's statistics.
		collectors.NewDBStatsCollector(st.DB(), "steerco"),
	)
	return o
}

// Mount registers GET /healthz and GET /readyz on mux, and GET /metrics
// when metrics is true (see MetricsFlags.OnMain for when it should be).
func (o *Ops) Mount(mux *http.ServeMux, metrics bool) {
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", o.readyz)
	if metrics {
		mux.Handle("GET /metrics", o.Metrics())
	}
}

// Metrics is the Prometheus scrape endpoint.
func (o *Ops) Metrics() http.Handler {
	return promhttp.HandlerFor(o.reg, promhttp.HandlerOpts{Registry: o.reg, ErrorLog: slog.NewLogLogger(o.log.Handler(), slog.LevelError)})
}
