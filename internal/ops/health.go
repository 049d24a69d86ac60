package ops

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// readyTimeout bounds the readiness check: a load balancer's probe must
// get an answer, and a database slower than this is not ready either.
const readyTimeout = 2 * time.Second

// healthz answers while the process can serve HTTP at all. It touches no
// database, so a database outage does not get the process restarted.
func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// readyz answers 200 when this instance can do its work: the database
// answers, its schema is current and it takes a write. Otherwise 503 with the reason, so a
// load balancer sends requests elsewhere. The body names the reason only
// in general terms (it is public); the details go to the log.
func (o *Ops) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if reason, err := o.ready(ctx); err != nil {
		o.log.Warn("not ready", "reason", reason, "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprintf(w, "not ready: %s\n", reason)
		return
	}
	w.Write([]byte("ready\n"))
}

// ready returns a public reason and the error behind it when not ready.
func (o *Ops) ready(ctx context.Context) (string, error) {
	if err := o.store.DB().PingContext(ctx); err != nil {
		return "database unreachable", err
	}
	current, latest, err := o.store.SchemaVersion(ctx)
	if err != nil {
		return "database schema unknown", err
	}
	// A newer schema than this binary knows stays ready: during a rolling
	// upgrade the first new instance migrates while old ones still serve.
	if current < latest {
		reason := fmt.Sprintf("database schema at version %d, this steerco needs %d: run steerco migrate", current, latest)
		return reason, errors.New(reason)
	}
	// Reads succeed on a read-only or full database; every change would
	// fail. Such an instance is not ready.
	if err := o.store.CheckWritable(ctx); err != nil {
		return "database cannot be written", err
	}
	return "", nil
}
