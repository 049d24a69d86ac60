package scaleout_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain runs the durability test's child when the test binary is
// re-executed as one (see durability_test.go), and the tests otherwise.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(durabilityChild())
	}
	os.Exit(m.Run())
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildOut  []byte
)

// steercoBinary builds cmd/steerco once per test run, into a temporary
// directory, so that the tests run the real binary as operators do.
func steercoBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "steerco-scaleout-")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "steerco")
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, "go", "build", "-o", binPath, "github.com/steerco/steerco/cmd/steerco")
		buildOut, buildErr = cmd.CombinedOutput()
	})
	if buildErr != nil {
		t.Fatalf("go build: %v\n%s", buildErr, buildOut)
	}
	return binPath
}

// syncBuffer is a bytes.Buffer safe for a process writing and a test
// reading at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a running `steerco serve`.
type server struct {
	name string
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan error
	url  string
}

// startServer starts `steerco serve` on a port of its choosing (the
// address comes from its "listening" log line). Stopped when t ends.
func startServer(t *testing.T, bin, name, dsn string) *server {
	t.Helper()
	s := &server{name: name, log: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	s.cmd.Env = append(os.Environ(), "STEERCO_SMTP_HOST=", "STEERCO_BASE_URL=")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// waitReady waits for the "listening" line and then for /readyz.
func (s *server) waitReady(t *testing.T, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("%s exited: %v\n%s", s.name, err, s.log.String())
		default:
		}
		if s.url == "" {
			for _, e := range s.entries() {
				if e["msg"] == "listening" {
					s.url = "http://" + e["addr"].(string)
				}
			}
		}
		if s.url != "" {
			if status, _ := httpGet(s.url+"/readyz", nil); status == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s not ready after %s:\n%s", s.name, timeout, s.log.String())
}

// entries parses the JSON log lines written so far.
func (s *server) entries() []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s.log.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e map[string]any
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			out = append(out, e)
		}
	}
	return out
}

// stop ends the server gracefully (SIGTERM), or kills it after 20 s.
func (s *server) stop(t *testing.T) {
	select {
	case err := <-s.done: // stopped already
		s.done <- err
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		s.done <- err
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		t.Errorf("%s did not stop on SIGTERM", s.name)
		<-s.done
	}
}

// runSteerco runs a steerco command to its end and returns its output.
func runSteerco(t *testing.T, bin, stdin string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	return string(out), err
}
