package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/plan"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

// meetingsDB applies the national-platform template to a fresh database.
func meetingsDB(t *testing.T, db string) {
	t.Helper()
	src, err := model.Template("national-platform")
	if err != nil {
		t.Fatal(err)
	}
	ok(t, "model", "apply", writeFile(t, t.TempDir(), "np.yaml", string(src)), "--db", db)
}

func TestMeetingsPlanAndList(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		meetingsDB(t, db)
		src, _ := model.Template("national-platform")
		a, _ := model.Parse("np.yaml", src)
		planned, err := plan.Year(a, 2027)
		if err != nil {
			t.Fatal(err)
		}
		perForum := map[string]int{}
		for _, m := range planned {
			perForum[m.Forum]++
		}
		const forum = "tuotantoryhma-alustatalo"
		out := ok(t, "meetings", "plan", "--agreement", "national-platform", "--year", "2027", "--forum", forum, "--db", db)
		if want := fmt.Sprintf("%s\t%d\ntotal\t%d\n", forum, perForum[forum], perForum[forum]); out != want {
			t.Fatalf("plan one forum: %q, want %q", out, want)
		}
		if out := ok(t, "meetings", "plan", "--agreement", "national-platform", "--year", "2027", "--forum", forum, "--db", db); out != forum+"\t0\ntotal\t0\n" {
			t.Errorf("planning again: %q", out)
		}
		out = ok(t, "meetings", "plan", "--agreement", "national-platform", "--year", "2027", "--db", db)
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != len(perForum)+1 || lines[len(lines)-1] != fmt.Sprintf("total\t%d", len(planned)-perForum[forum]) {
			t.Errorf("plan all: %q", out)
		}
		for _, l := range lines[:len(lines)-1] {
			f, n, _ := strings.Cut(l, "\t")
			want := perForum[f]
			if f == forum {
				want = 0
			}
			if n != fmt.Sprint(want) {
				t.Errorf("plan all: %q, want %d for %s", l, want, f)
			}
		}

		out = ok(t, "meetings", "list", "--agreement", "national-platform", "--forum", forum, "--from", "2027-01-01", "--db", db)
		rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(rows) != perForum[forum] {
			t.Fatalf("list: %d rows, want %d", len(rows), perForum[forum])
		}
		if f := strings.Split(rows[0], "\t"); len(f) != 7 || f[1] != "2027-01-05" || f[2] != "13:00" || f[3] != forum || f[4] != "planned" ||
			f[5] != "2027-01-04" || f[6] != "-" {
			t.Errorf("first row %q", rows[0])
		}
		out = ok(t, "meetings", "list", "--agreement", "national-platform", "--from", "2027-12-01", "--db", db)
		if strings.Count(out, "\n") == 0 {
			t.Error("nothing listed from December")
		}
		for _, row := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if date := strings.Split(row, "\t")[1]; date < "2027-12-01" {
				t.Errorf("listed from December: %q", row)
			}
		}

		for _, tt := range []struct {
			code int
			args []string
			want string
		}{
			{2, []string{"meetings"}, "usage: steerco meetings"},
			{2, []string{"meetings", "frob"}, `unknown subcommand "frob"`},
			{2, []string{"meetings", "plan", "--db", db, "--year", "2027"}, "--agreement is required"},
			{2, []string{"meetings", "plan", "--db", db, "--agreement", "national-platform"}, "--year 0"},
			{2, []string{"meetings", "list", "--db", db, "--agreement", "national-platform", "--from", "1.1.2027"}, `--from "1.1.2027"`},
			{2, []string{"meetings", "list", "--db", db, "--agreement", "national-platform", "extra"}, `unexpected argument "extra"`},
			{1, []string{"meetings", "list", "--db", db, "--agreement", "nope"}, `no agreement "nope"`},
			{1, []string{"meetings", "plan", "--db", db, "--agreement", "national-platform", "--year", "2027", "--forum", "nope"}, `no forum "nope"`},
		} {
			if stderr := fails(t, tt.code, tt.args...); !strings.Contains(stderr, tt.want) {
				t.Errorf("%v: %q lacks %q", tt.args, stderr, tt.want)
			}
		}
	})
}

func TestRemindersRun(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		meetingsDB(t, db)
		ok(t, "meetings", "plan", "--agreement", "national-platform", "--year", fmt.Sprint(time.Now().Year()), "--db", db)
		out := ok(t, "reminders", "run", "--db", db)
		var queued, cancelled int
		if _, err := fmt.Sscanf(out, "queued %d reminder(s), cancelled %d meeting(s)\n", &queued, &cancelled); err != nil || !strings.Contains(out, "surveys not sent") {
			t.Fatalf("reminders run: %q (%v)", out, err)
		}
		// Again, as cron and serve would: nothing is queued twice.
		out = ok(t, "reminders", "run", "--db", db, "--base-url", "https://steerco.example")
		if !strings.HasPrefix(out, "queued 0 reminder(s), cancelled 0 meeting(s)\n") || !strings.Contains(out, "invited 0 people") {
			t.Errorf("second run: %q", out)
		}
		fails(t, 2, "reminders")
		fails(t, 2, "reminders", "run", "--db", db, "--base-url", "steerco.example")
	})
}

// sink is an SMTP server that accepts everything and counts messages.
type sink struct {
	ln net.Listener
	mu sync.Mutex
	n  int
}

func startSink(t *testing.T) *sink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *sink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	fmt.Fprint(c, "220 sink\r\n")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		switch strings.ToUpper(strings.Fields(line + " x")[0]) {
		case "EHLO":
			fmt.Fprint(c, "250-sink\r\n250 8BITMIME\r\n")
		case "DATA":
			fmt.Fprint(c, "354 go on\r\n")
			for l, _ := r.ReadString('\n'); l != ".\r\n"; l, err = r.ReadString('\n') {
				if err != nil {
					return
				}
			}
			s.mu.Lock()
			s.n++
			s.mu.Unlock()
			fmt.Fprint(c, "250 ok\r\n")
		case "QUIT":
			fmt.Fprint(c, "221 bye\r\n")
			return
		default:
			fmt.Fprint(c, "250 ok\r\n")
		}
	}
}

func (s *sink) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *sink) port() string { return fmt.Sprint(s.ln.Addr().(*net.TCPAddr).Port) }

func enqueueTest(t *testing.T, st *store.Store, key, to string) {
	t.Helper()
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Enqueue(context.Background(), &store.Message{Kind: "test", DedupeKey: key, Recipient: to,
			Subject: "Subject\twith a tab", Body: "Body", CreatedAt: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestOutboxListAndSend(t *testing.T) {
	for _, k := range []string{"STEERCO_SMTP_HOST", "STEERCO_SMTP_PORT", "STEERCO_SMTP_USER", "STEERCO_SMTP_PASSWORD", "STEERCO_MAIL_FROM"} {
		t.Setenv(k, "")
	}
	eachDB(t, func(t *testing.T, db string) {
		st := storetest.Open(t, db)
		enqueueTest(t, st, "a", "a@example.org")
		enqueueTest(t, st, "b", "b@example.org")
		out := ok(t, "outbox", "list", "--db", db)
		rows := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(rows) != 2 || !strings.Contains(rows[0], "\ttest\tb@example.org\tpending\t0\tSubject with a tab") {
			t.Fatalf("outbox list: %q", out)
		}
		if stderr := fails(t, 1, "outbox", "send", "--db", db); !strings.Contains(stderr, "SMTP is not configured") {
			t.Errorf("send without SMTP: %q", stderr)
		}
		if stderr := fails(t, 2, "outbox", "send", "--db", db, "--smtp-host", "127.0.0.1"); !strings.Contains(stderr, "--mail-from") {
			t.Errorf("send without a sender: %q", stderr)
		}
		srv := startSink(t)
		out = ok(t, "outbox", "send", "--db", db, "--smtp-host", "127.0.0.1", "--smtp-port", srv.port(), "--mail-from", "steerco@example.org")
		if out != "sent 2, failed 0 (to be retried), gave up 0\n" || srv.count() != 2 {
			t.Errorf("send: %q, the server got %d", out, srv.count())
		}
		if out := ok(t, "outbox", "list", "--unsent", "--db", db); out != "" {
			t.Errorf("unsent after sending: %q", out)
		}
		if out := ok(t, "outbox", "list", "--db", db, "--limit", "1"); !strings.Contains(out, "\tsent 20") || strings.Count(out, "\n") != 1 {
			t.Errorf("list after sending: %q", out)
		}
		srv.ln.Close()
		enqueueTest(t, st, "c", "c@example.org")
		if stderr := fails(t, 1, "outbox", "send", "--db", db, "--smtp-host", "127.0.0.1", "--smtp-port", srv.port(), "--mail-from", "steerco@example.org"); !strings.Contains(stderr, "connect to SMTP server") {
			t.Errorf("send with the server down: %q", stderr)
		}
		fails(t, 2, "outbox")
		fails(t, 2, "outbox", "list", "--db", db, "--limit", "0")
	})
}

// TestScheduler: one run does the hour's reminders once across
// instances and delivers the outbox; serve refuses half-configured SMTP;
// the loop stops with its context.
func TestScheduler(t *testing.T) {
	eachDB(t, func(t *testing.T, db string) {
		st := storetest.Open(t, db)
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		srv := startSink(t)
		port := 0
		fmt.Sscan(srv.port(), &port)
		from, host, none := "steerco@example.org", "127.0.0.1", ""
		mf := mailFlags{host: &host, port: &port, user: &none, password: &none, from: &from}
		a, err := newScheduler(st, mf, "https://steerco.example", quiet)
		if err != nil {
			t.Fatal(err)
		}
		b, err := newScheduler(storetest.Open(t, db), mailFlags{host: &none, port: &port, user: &none, password: &none, from: &none}, "", quiet)
		if err != nil || b.sender != nil {
			t.Fatalf("a scheduler without SMTP: %v", err)
		}
		if a.instance == b.instance || a.svc.From != from {
			t.Errorf("instances %q %q, organiser %q", a.instance, b.instance, a.svc.From)
		}
		hour := time.Date(2027, 2, 1, 10, 30, 0, 0, time.UTC)
		a.svc.Now = func() time.Time { return hour }
		b.svc.Now = a.svc.Now
		enqueueTest(t, st, "x", "x@example.org")
		ra, rb := a.runOnce(context.Background()), b.runOnce(context.Background())
		if !ra.ran || rb.ran || ra.mail.Sent != 1 || srv.count() != 1 {
			t.Errorf("runs: %+v, %+v; the server got %d", ra, rb, srv.count())
		}
		if again := a.runOnce(context.Background()); again.ran || again.mail.Sent != 0 {
			t.Errorf("the same hour again: %+v", again)
		}

		// Half-configured SMTP stops serve before it listens.
		r := steerco(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--smtp-host", "127.0.0.1")
		if r.code != 1 || !strings.Contains(r.stderr, "--mail-from") {
			t.Errorf("serve with half an SMTP configuration:\n%s", r)
		}

		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { b.loop(ctx, time.Hour); close(done) }()
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatal("the scheduler did not stop with its context")
		}
	})
}
