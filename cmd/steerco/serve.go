package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/api"
	"github.com/steerco/steerco/internal/ops"
	"github.com/steerco/steerco/internal/pades"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/web"
)

// serveFlags are the web server's settings, shared by serve and demo.
type serveFlags struct {
	addr, baseURL                          *string
	oidcIssuer, oidcID, oidcSecret, oidcNm *string
	a11yContact                            *string
	signingCert, signingKey                *string
	metrics                                *ops.MetricsFlags
	// debugAddr serves net/http/pprof on a loopback address; "" (the
	// default) serves no profiler.
	debugAddr *string
	mail      mailFlags
	// auditKey and auditDir: when both are set, serve writes a signed
	// audit checkpoint a day (audit_checkpoints.go).
	auditKey, auditDir *string
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func addServeFlags(fs *flag.FlagSet) serveFlags {
	return serveFlags{
		addr:       fs.String("addr", envOr("STEERCO_ADDR", "127.0.0.1:8080"), "address to listen on (env STEERCO_ADDR)"),
		baseURL:    fs.String("base-url", os.Getenv("STEERCO_BASE_URL"), "public URL, e.g. https://steerco.example.org (env STEERCO_BASE_URL; default http://ADDR)"),
		oidcIssuer: fs.String("oidc-issuer", os.Getenv("STEERCO_OIDC_ISSUER"), "OpenID Connect issuer URL; enables single sign-on (env STEERCO_OIDC_ISSUER)"),
		oidcID:     fs.String("oidc-client-id", os.Getenv("STEERCO_OIDC_CLIENT_ID"), "OpenID Connect client id (env STEERCO_OIDC_CLIENT_ID)"),
		oidcSecret: fs.String("oidc-client-secret", os.Getenv("STEERCO_OIDC_CLIENT_SECRET"), "OpenID Connect client secret (env STEERCO_OIDC_CLIENT_SECRET)"),
		oidcNm:     fs.String("oidc-name", envOr("STEERCO_OIDC_NAME", "single sign-on"), "provider name on the sign-in button (env STEERCO_OIDC_NAME)"),
		a11yContact: fs.String("accessibility-contact", os.Getenv("STEERCO_ACCESSIBILITY_CONTACT"),
			"e-mail address or URL for accessibility feedback, shown in the accessibility statement (env STEERCO_ACCESSIBILITY_CONTACT)"),
		signingCert: fs.String("signing-cert", os.Getenv("STEERCO_SIGNING_CERT"),
			"PEM certificate (and its issuers) that seals signed minutes with a PAdES signature (env STEERCO_SIGNING_CERT)"),
		signingKey: fs.String("signing-key", os.Getenv("STEERCO_SIGNING_KEY"), "PEM private key of --signing-cert (env STEERCO_SIGNING_KEY)"),
		metrics:    ops.AddMetricsFlags(fs),
		debugAddr: fs.String("debug-addr", os.Getenv("STEERCO_DEBUG_ADDR"),
			"serve Go's profiler (/debug/pprof/) on this loopback address, e.g. 127.0.0.1:6060; off by default (env STEERCO_DEBUG_ADDR)"),
		mail: addMailFlags(fs),
		auditKey: fs.String("audit-key", os.Getenv("STEERCO_AUDIT_KEY"),
			"private key FILE from steerco audit keygen; with --audit-checkpoints, a signed audit checkpoint is written daily (env STEERCO_AUDIT_KEY)"),
		auditDir: fs.String("audit-checkpoints", os.Getenv("STEERCO_AUDIT_CHECKPOINTS"),
			"DIR for the daily signed audit checkpoints (env STEERCO_AUDIT_CHECKPOINTS)"),
	}
}

func (f serveFlags) config() web.Config {
	base := strings.TrimRight(*f.baseURL, "/")
	if base == "" {
		base = "http://" + *f.addr
	}
	return web.Config{
		BaseURL: base,
		// Secure cookies whenever the public URL is HTTPS; plain HTTP is
		// only for development on one's own machine.
		SecureCookies:        strings.HasPrefix(base, "https://"),
		OIDC:                 web.OIDCConfig{Issuer: *f.oidcIssuer, ClientID: *f.oidcID, ClientSecret: *f.oidcSecret, Name: *f.oidcNm},
		AccessibilityContact: *f.a11yContact,
	}
}

// runServe implements `steerco serve`.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	db := dbFlag(fs, defaultDB)
	sf := addServeFlags(fs)
	if pos, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(pos) > 0 {
		fmt.Fprintf(stderr, "steerco serve: unexpected argument %q\n", pos[0])
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	return serve(ctx, s, sf, stdout, stderr, nil)
}

// serve runs the web server until ctx ends, then shuts down gracefully:
// requests in flight get up to 20 seconds to finish. ready, when not nil,
// is called once the server listens.
func serve(ctx context.Context, s *store.Store, sf serveFlags, stdout, stderr io.Writer, ready func(url string)) int {
	log := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	setMemoryLimit()
	cfg := sf.config()
	if *sf.signingCert != "" || *sf.signingKey != "" {
		signer, err := pades.Load(*sf.signingCert, *sf.signingKey)
		if err != nil {
			fmt.Fprintf(stderr, "steerco serve: %v\n", err)
			return 1
		}
		cfg.Signer = signer
	}
	w, err := web.New(ctx, cfg, s, log)
	if err != nil {
		fmt.Fprintf(stderr, "steerco serve: %v\n", err)
		return 1
	}
	sched, err := newScheduler(s, sf.mail, cfg.BaseURL, log)
	if err != nil {
		fmt.Fprintf(stderr, "steerco serve: %v\n", err)
		return 1
	}
	metricsOnMain, err := sf.metrics.OnMain(*sf.addr)
	if err != nil {
		fmt.Fprintf(stderr, "steerco serve: %v\n", err)
		return 1
	}
	// One listener: the REST API under /api/, the probes (and metrics)
	// at the root, the web UI everywhere else.
	root := http.NewServeMux()
	ap := api.New(s, log)
	ap.SetMeetings(cfg.BaseURL, cfg.Signer)
	ap.SetBaseURL(cfg.BaseURL) // invitation links (issue 15)
	root.Handle("/api/", ap.Handler())
	o := ops.New(s, log)
	o.Mount(root, metricsOnMain)
	// The UI's routes are mounted one by one so that the root mux's
	// pattern, the metrics' route label, names the page; the UI's own
	// mux routes the request again.
	wh := w.Handler()
	for _, rt := range w.Routes() {
		root.Handle(rt.Pattern, wh)
	}
	root.Handle("GET /static/", wh)
	root.Handle("/", wh)
	ln, err := net.Listen("tcp", *sf.addr)
	if err != nil {
		fmt.Fprintf(stderr, "steerco serve: %v\n", err)
		return 1
	}
	if sf.metrics.Addr != "" {
		if _, err := o.ServeMetrics(ctx, sf.metrics.Addr); err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "steerco serve: %v\n", err)
			return 1
		}
	}
	if *sf.debugAddr != "" {
		if _, err := o.ServeDebug(ctx, *sf.debugAddr); err != nil {
			ln.Close()
			fmt.Fprintf(stderr, "steerco serve: %v\n", err)
			return 1
		}
	}
	srv := &http.Server{
		Handler:           o.Instrument(root),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go sweepSessions(ctx, s, log)
	if *sf.auditKey != "" && *sf.auditDir != "" {
		go dailyCheckpoints(ctx, s, *sf.auditKey, *sf.auditDir, log)
	}
	go sched.loop(ctx, time.Minute)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	url := "http://" + ln.Addr().String()
	log.Info("listening", "addr", ln.Addr().String(), "db", s.Dialect(), "base_url", cfg.BaseURL)
	if ready != nil {
		ready(url)
	}
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "steerco serve: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "steerco serve: shutdown: %v\n", err)
		return 1
	}
	return 0
}

// serveMemoryLimit is serve's soft memory limit when GOMEMLIMIT is not
// set. The live heap of a server is 40–60 MB (templates, message
// catalogues, cached models); with Go's default GOGC=100 alone the heap
// may grow to twice the live heap between collections, which put serve at
// 220 MB under load (issue #18). Near the limit the collector runs more
// often instead; it never refuses memory, so a larger live heap still
// works, at some CPU cost.
const serveMemoryLimit = 100 << 20

// setMemoryLimit applies serveMemoryLimit unless the operator set
// GOMEMLIMIT (which the Go runtime reads itself).
func setMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

// sweepSessions deletes expired sessions every hour. Any instance may do
// it; the DELETE is idempotent, so several instances doing it is harmless.
func sweepSessions(ctx context.Context, s *store.Store, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.Sessions().DeleteExpired(ctx); err != nil {
				log.Error("sweep sessions", "err", err)
			} else if n > 0 {
				log.Info("swept sessions", "deleted", n)
			}
		}
	}
}
