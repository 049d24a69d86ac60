package ops

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/store/storetest"
)

func TestMetricsOnMain(t *testing.T) {
	tests := []struct {
		env, addr string
		args      []string
		want      bool
	}{
		{"", "127.0.0.1:8080", nil, true},
		{"", "localhost:8080", nil, true},
		{"", "[::1]:8080", nil, true},
		{"", "0.0.0.0:8080", nil, false},
		{"", ":8080", nil, false},
		{"", "10.0.0.5:8080", nil, false},
		{"", "127.0.0.1:8080", []string{"--metrics-addr", "127.0.0.1:9090"}, false},
		{"", "0.0.0.0:8080", []string{"--metrics"}, true},
		{"", "127.0.0.1:8080", []string{"--metrics=false"}, false},
		{"true", "0.0.0.0:8080", nil, true},
		{"true", "0.0.0.0:8080", []string{"--metrics=false"}, false},
		{"0", "127.0.0.1:8080", nil, false},
	}
	for _, tt := range tests {
		t.Setenv("STEERCO_METRICS", tt.env)
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		m := AddMetricsFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		if got, err := m.OnMain(tt.addr); err != nil || got != tt.want {
			t.Errorf("env %q, %s %v: OnMain = %v, %v; want %v", tt.env, tt.addr, tt.args, got, err, tt.want)
		}
	}
	t.Setenv("STEERCO_METRICS", "yes please")
	m := AddMetricsFlags(flag.NewFlagSet("serve", flag.ContinueOnError))
	if _, err := m.OnMain("127.0.0.1:8080"); err == nil || !strings.Contains(err.Error(), "STEERCO_METRICS") {
		t.Errorf("bad STEERCO_METRICS: %v", err)
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	AddMetricsFlags(fs)
	if err := fs.Parse([]string{"--metrics=maybe"}); err == nil {
		t.Error("--metrics=maybe accepted")
	}
}

func TestServeMetrics(t *testing.T) {
	s := storetest.Open(t, storetest.SQLiteDSN(t))
	o := New(s, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := o.ServeMetrics(ctx, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]int{"/metrics": 200, "/healthz": 404, "/": 404} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s on the metrics listener: %d, want %d", path, resp.StatusCode, want)
		}
	}
	if _, err := o.ServeMetrics(ctx, addr); err == nil {
		t.Error("a taken address was accepted")
	}
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			break
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("the metrics listener outlived its context")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
