package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// ServeDebug serves Go's profiler (net/http/pprof, under /debug/pprof/)
// on addr until ctx ends, and returns the address it listens on. It is
// for an operator on the machine itself (`serve --debug-addr
// 127.0.0.1:6060`): profiles show the code and can cost the server CPU,
// so addr must be a loopback address, and the handlers are never mounted
// on the main listener.
func (o *Ops) ServeDebug(ctx context.Context, addr string) (string, error) {
	if !loopback(addr) {
		return "", fmt.Errorf("--debug-addr %s: the profiler is served on a loopback address only (127.0.0.1:PORT, [::1]:PORT or localhost:PORT)", addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("debug listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /debug/pprof/", pprof.Index)
	mux.HandleFunc("GET /debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("GET /debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("GET /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("POST /debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("GET /debug/pprof/trace", pprof.Trace)
	// No write timeout: a CPU profile or trace takes as long as asked.
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			o.log.Error("debug listener", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	o.log.Info("profiler listening", slog.String("addr", ln.Addr().String()))
	return ln.Addr().String(), nil
}
