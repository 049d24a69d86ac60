package ops

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// MetricsFlags decide where /metrics is served. Metrics tell a lot about
// a deployment (request rates, routes, memory), so they must not become
// public by accident: by default they are served on the main listener
// only when it is bound to a loopback address.
type MetricsFlags struct {
	// main is --metrics: nil when not given, so that the default can
	// depend on the listen address.
	main *bool
	// Addr is --metrics-addr: a separate listener for /metrics alone.
	Addr string
	err  error
}

// AddMetricsFlags registers --metrics and --metrics-addr on fs, with the
// defaults STEERCO_METRICS and STEERCO_METRICS_ADDR.
func AddMetricsFlags(fs *flag.FlagSet) *MetricsFlags {
	m := &MetricsFlags{Addr: os.Getenv("STEERCO_METRICS_ADDR")}
	if v := os.Getenv("STEERCO_METRICS"); v != "" {
		if err := m.set(v); err != nil {
			m.err = fmt.Errorf("STEERCO_METRICS=%q: want true or false", v)
		}
	}
	fs.BoolFunc("metrics", "serve /metrics on the main listener too (true/false; default true only when --addr is a loopback address and no --metrics-addr is given; env STEERCO_METRICS)", m.set)
	fs.StringVar(&m.Addr, "metrics-addr", m.Addr, "serve /metrics on this separate address, e.g. 127.0.0.1:9090 (env STEERCO_METRICS_ADDR)")
	return m
}

func (m *MetricsFlags) set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	m.main = &v
	return nil
}

// OnMain reports whether /metrics belongs on the main listener at addr:
// as --metrics says, or else when no separate address is given and addr
// is a loopback address, which only this machine can reach.
func (m *MetricsFlags) OnMain(addr string) (bool, error) {
	if m.err != nil {
		return false, m.err
	}
	if m.main != nil {
		return *m.main, nil
	}
	return m.Addr == "" && loopback(addr), nil
}

// loopback reports whether a listen address is bound to this machine only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// ServeMetrics serves /metrics alone on addr until ctx ends and returns
// the address it listens on. Listening fails here, not later, so that a
// taken port stops the server from starting.
func (o *Ops) ServeMetrics(ctx context.Context, addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", o.Metrics())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.log.Error("metrics listener", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	o.log.Info("metrics listening", slog.String("addr", ln.Addr().String()))
	return ln.Addr().String(), nil
}
