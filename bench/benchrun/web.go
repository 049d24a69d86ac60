package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// server is a running `steerco serve`.
type server struct {
	cmd  *exec.Cmd
	base string
}

// startServer serves db on a free port and waits until /healthz answers.
func startServer(ctx context.Context, bin, db, logFile string) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	log, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, "serve", "--db", db, "--addr", addr)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr}
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
	}
	s.stop()
	return nil, fmt.Errorf("steerco serve on %s did not answer /healthz within a minute (log: %s)", addr, logFile)
}

func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// peakRSS is the server's high-water resident set size so far (VmHWM).
func (s *server) peakRSS() (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, err := strconv.ParseFloat(f[1], 64)
			return kb / 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// login signs in with the demo password and returns the session cookie
// as a Cookie header value.
func (s *server) login(email, password string) (string, error) {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(s.base+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Name == "steerco_session" && ck.Value != "" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("login as %s: status %d and no session cookie", email, resp.StatusCode)
}

// check fetches a page with the cookie and fails unless it is a 200
// that is not the sign-in form: wrk counts redirects as successes.
func (s *server) check(path, cookie string) error {
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequest("GET", s.base+path, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || strings.Contains(string(b), `name="password"`) {
		return fmt.Errorf("GET %s: status %d (not the page itself)", path, resp.StatusCode)
	}
	return nil
}

// load is what wrk measured.
type load struct {
	rps      float64
	p50, p99 float64 // milliseconds
	errors   int
}

// wrk loads path with conns connections for dur.
func (s *server) wrk(ctx context.Context, path, cookie string, conns int, dur time.Duration) (load, error) {
	args := []string{"-t2", fmt.Sprintf("-c%d", conns), fmt.Sprintf("-d%ds", int(dur.Seconds())), "--latency", "--timeout", "10s"}
	if cookie != "" {
		args = append(args, "-H", "Cookie: "+cookie)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, s.base+path)...).CombinedOutput()
	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %v\n%s", path, err, out)
	}
	return parseWrk(string(out))
}

var (
	wrkRPS     = regexp.MustCompile(`Requests/sec:\s+([\d.]+)`)
	wrkPct     = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$`)
	wrkNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSockErr = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads wrk's --latency report.
func parseWrk(out string) (load, error) {
	var l load
	m := wrkRPS.FindStringSubmatch(out)
	if m == nil {
		return l, fmt.Errorf("no Requests/sec in wrk's output:\n%s", out)
	}
	l.rps, _ = strconv.ParseFloat(m[1], 64)
	for _, p := range wrkPct.FindAllStringSubmatch(out, -1) {
		v, _ := strconv.ParseFloat(p[2], 64)
		switch p[3] {
		case "us":
			v /= 1000
		case "s":
			v *= 1000
		}
		if p[1] == "50" {
			l.p50 = v
		} else {
			l.p99 = v
		}
	}
	if l.p50 == 0 || l.p99 == 0 {
		return l, fmt.Errorf("no latency distribution in wrk's output:\n%s", out)
	}
	if m := wrkNon2xx.FindStringSubmatch(out); m != nil {
		l.errors, _ = strconv.Atoi(m[1])
	}
	if m := wrkSockErr.FindStringSubmatch(out); m != nil {
		for _, x := range m[1:] {
			n, _ := strconv.Atoi(x)
			l.errors += n
		}
	}
	return l, nil
}

// firstLink fetches a page and returns the first local link on it that
// matches pattern (the meeting page is found on the forum page).
func (s *server) firstLink(path, cookie, pattern string) (string, error) {
	req, _ := http.NewRequest("GET", s.base+path, nil)
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := regexp.MustCompile(`href="(` + pattern + `)"`).FindSubmatch(b); m != nil {
		return string(m[1]), nil
	}
	return "", fmt.Errorf("no link like %s on %s", pattern, path)
}

// routeCounts are the server's counters by route: requests served and
// database statements run for them.
type routeCounts map[string]*[2]float64

var metricLine = regexp.MustCompile(`^(http_requests_total|steerco_db_statements_total)\{(.*)\} ([0-9.e+]+)$`)
var routeLabel = regexp.MustCompile(`route="([^"]*)"`)

// metrics reads the server's /metrics (served on its loopback address).
func (s *server) metrics() (routeCounts, error) {
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("GET /metrics: %d", resp.StatusCode)
	}
	return parseMetrics(string(b)), nil
}

// parseMetrics sums the two counters by route.
func parseMetrics(text string) routeCounts {
	rc := routeCounts{}
	for _, line := range strings.Split(text, "\n") {
		m := metricLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		r := routeLabel.FindStringSubmatch(m[2])
		if r == nil {
			continue
		}
		v, _ := strconv.ParseFloat(m[3], 64)
		c := rc[r[1]]
		if c == nil {
			c = &[2]float64{}
			rc[r[1]] = c
		}
		if m[1] == "http_requests_total" {
			c[0] += v
		} else {
			c[1] += v
		}
	}
	return rc
}

// perRequest is the statements per request of the route that served the
// most requests since before (the page under load; /metrics itself is
// left out).
func (rc routeCounts) perRequest(before routeCounts) float64 {
	var reqs, stmts float64
	for route, c := range rc {
		if route == "GET /metrics" {
			continue
		}
		var b [2]float64
		if p := before[route]; p != nil {
			b = *p
		}
		if d := c[0] - b[0]; d > reqs {
			reqs, stmts = d, c[1]-b[1]
		}
	}
	if reqs == 0 {
		return 0
	}
	return stmts / reqs
}
