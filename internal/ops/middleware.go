package ops

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/store"
)

// Instrument wraps the server's root handler: each request is counted and
// timed under its route and logged once (method, route, path, status,
// duration, bytes). The route is the ServeMux pattern that matched (read
// from the request after serving), never the raw path, so the number of
// label values stays bounded. The query string is never logged: OIDC
// callbacks carry codes in it. Probes and scrapes are logged at debug
// level so that a load balancer's polling does not drown the log.
func (o *Ops) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		ctx, stmts := store.CountStatements(r.Context())
		r = r.WithContext(ctx)
		next.ServeHTTP(rec, r)
		elapsed := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		o.requests.WithLabelValues(r.Method, route, strconv.Itoa(status)).Inc()
		o.duration.WithLabelValues(r.Method, route).Observe(elapsed.Seconds())
		o.statements.WithLabelValues(r.Method, route).Add(float64(stmts.Statements()))
		level := slog.LevelInfo
		switch r.URL.Path {
		case "/healthz", "/readyz", "/metrics":
			level = slog.LevelDebug
		}
		o.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("route", route),
			slog.String("path", loggedPath(r, route)),
			slog.Int("status", status),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.Int64("bytes", rec.bytes),
			slog.Int64("statements", stmts.Statements()),
		)
	})
}

// recorder notes the status and size of a response. Unwrap lets
// http.ResponseController reach the connection's own writer (flushing,
// deadlines) through it.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	// 1xx responses are interim; the final status comes later.
	if r.status == 0 && code >= 200 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Flush keeps streaming responses streaming through the wrapper.
func (r *recorder) Flush() {
	http.NewResponseController(r.ResponseWriter).Flush()
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// loggedPath is the request path as the log may hold it: a route whose
// pattern has a {token} (calendar feeds, surveys) carries a secret in its
// path, which must never reach the logs, so the route is logged instead.
func loggedPath(r *http.Request, route string) string {
	if strings.Contains(route, "{token}") {
		if _, pattern, ok := strings.Cut(route, " "); ok {
			return pattern
		}
		return route
	}
	return r.URL.Path
}
