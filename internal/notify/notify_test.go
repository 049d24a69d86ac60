package notify

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/steerco/steerco/internal/auth"
	"github.com/steerco/steerco/internal/i18n"
	"github.com/steerco/steerco/internal/meeting"
	"github.com/steerco/steerco/internal/model"
	"github.com/steerco/steerco/internal/store"
	"github.com/steerco/steerco/internal/store/storetest"
)

const forum = "tuotantoryhma-alustatalo"

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// invitations publishes the agenda of the national-platform production
// group's first 2027 meeting, which queues an invitation with an
// iCalendar event to every member, and returns how many were queued.
func invitations(t *testing.T, st *store.Store) int {
	t.Helper()
	ctx := context.Background()
	src, _ := model.Template("national-platform")
	a, err := model.Parse("national-platform.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.ApplyAgreement(ctx, a, "test"); err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	svc := meeting.New(st, cat)
	loc, _ := time.LoadLocation("Europe/Helsinki")
	svc.Now = func() time.Time { return time.Date(2027, 1, 4, 9, 0, 0, 0, loc) }
	p := a.Person("minna-karjalainen")
	x := meeting.ActorFor(auth.Principal{Email: p.Email, Name: p.Name, Party: p.Party, Account: auth.AccountRepresentative}, a)
	ms, err := svc.CreateFromPlan(ctx, a, x, 2027, forum)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.PublishAgenda(ctx, a, x, ms[0].ID); err != nil {
		t.Fatal(err)
	}
	out, err := st.Outbox(ctx, true, 1000)
	if err != nil || len(out) == 0 {
		t.Fatalf("no invitations queued: %v", err)
	}
	return len(out)
}

func sender(t *testing.T, st *store.Store, srv *smtpd) *Sender {
	t.Helper()
	s, err := New(st, Config{Host: "127.0.0.1", Port: srv.port(), From: "steerco@example.org", Timeout: 10 * time.Second}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDeliverInvitations: the invitations arrive with the right subject
// and the iCalendar event attached as text/calendar; method=REQUEST,
// CRLF line ends intact, parseable; they are sent once.
func TestDeliverInvitations(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		n := invitations(t, st)
		srv := startSMTPD(t)
		res, err := sender(t, st, srv).Deliver(ctx, 1000)
		if err != nil || res.Sent != n || res.Failed+res.GaveUp != 0 {
			t.Fatalf("deliver: %+v, %v; want %d sent", res, err, n)
		}
		got := srv.received()
		if len(got) != n {
			t.Fatalf("the server received %d messages, want %d", len(got), n)
		}
		queued, _ := st.Outbox(ctx, false, 1000)
		bySubject := map[string]store.Message{}
		for _, m := range queued {
			if m.SentAt == nil || m.Attempts != 1 {
				t.Errorf("message %d: sent %v after %d attempts", m.ID, m.SentAt, m.Attempts)
			}
			bySubject[m.Recipient] = m
		}
		for _, r := range got {
			want := bySubject[r.to[0]]
			msg, err := mail.ReadMessage(strings.NewReader(r.data))
			if err != nil {
				t.Fatal(err)
			}
			subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
			if err != nil || subject != want.Subject || !strings.HasPrefix(subject, "Kokouskutsu: ") {
				t.Errorf("subject %q (%v), want %q", subject, err, want.Subject)
			}
			if from := msg.Header.Get("From"); !strings.Contains(from, "steerco@example.org") || r.from != "steerco@example.org" {
				t.Errorf("from %q, envelope %q", from, r.from)
			}
			cal, ctype := attachment(t, msg)
			if ctype != "text/calendar; method=REQUEST; charset=UTF-8; name=\"invite.ics\"" {
				t.Errorf("attachment type %q", ctype)
			}
			if cal != want.ICS {
				t.Error("the attachment differs from the queued iCalendar text")
			}
			if strings.Contains(strings.ReplaceAll(cal, "\r\n", ""), "\n") || !strings.HasSuffix(cal, "END:VCALENDAR\r\n") {
				t.Error("the attachment lost its CRLF line ends")
			}
			parsed, err := ics.ParseCalendar(strings.NewReader(cal))
			if err != nil {
				t.Fatalf("the attachment does not parse: %v", err)
			}
			if evs := parsed.Events(); len(evs) != 1 || evs[0].Id() == "" {
				t.Errorf("events: %d", len(evs))
			}
		}
		// Nothing left: a second run sends nothing.
		res, err = sender(t, st, srv).Deliver(ctx, 1000)
		if err != nil || res.Sent != 0 || len(srv.received()) != n {
			t.Fatalf("second run: %+v, %v", res, err)
		}
	})
}

// attachment returns the invite.ics part's decoded text and Content-Type.
func attachment(t *testing.T, msg *mail.Message) (string, string) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("message type %q: %v", mt, err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.Header.Get("Content-Disposition"), `filename="invite.ics"`) {
			continue
		}
		raw, _ := io.ReadAll(p)
		data := raw
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			data, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
			if err != nil {
				t.Fatal(err)
			}
		}
		return string(data), p.Header.Get("Content-Type")
	}
	t.Fatal("no invite.ics attachment")
	return "", ""
}

// TestRacingSenders: two instances (two Stores on one database) deliver
// the same outbox at once; every message arrives exactly once.
func TestRacingSenders(t *testing.T) {
	storetest.EachDSN(t, func(t *testing.T, dsn string) {
		st1, st2 := storetest.Open(t, dsn), storetest.Open(t, dsn)
		ctx := context.Background()
		for i := range 60 {
			enqueue(t, st1, fmt.Sprintf("race-%d", i), fmt.Sprintf("p%d@example.org", i))
		}
		srv := startSMTPD(t)
		var wg sync.WaitGroup
		results := make([]Result, 4)
		for i := range results {
			st := st1
			if i%2 == 1 {
				st = st2
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := sender(t, st, srv).Deliver(ctx, 1000)
				if err != nil {
					t.Error(err)
				}
				results[i] = r
			}()
		}
		wg.Wait()
		total := 0
		for _, r := range results {
			total += r.Sent
		}
		seen := map[string]int{}
		for _, r := range srv.received() {
			seen[r.to[0]]++
		}
		if total != 60 || len(seen) != 60 {
			t.Fatalf("sent %d, distinct recipients %d; want 60 each (%+v)", total, len(seen), results)
		}
		for to, k := range seen {
			if k != 1 {
				t.Errorf("%s got %d copies", to, k)
			}
		}
	})
}

func enqueue(t *testing.T, st *store.Store, key, to string) {
	t.Helper()
	err := st.InTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Enqueue(context.Background(), &store.Message{Kind: "test", DedupeKey: key, Recipient: to,
			Subject: "Testi – ääkköset", Body: "Hei!\nRivi kaksi.", CreatedAt: time.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func outboxRow(t *testing.T, st *store.Store, to string) store.Message {
	t.Helper()
	ms, err := st.OutboxFor(context.Background(), to, 10)
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox for %s: %d, %v", to, len(ms), err)
	}
	return ms[0]
}

// TestFailuresRetryAndGiveUp: a temporary refusal is retried after its
// backoff, a permanent one is given up at once, and a message that keeps
// failing is given up after MaxAttempts. A server that is down costs no
// message an attempt.
func TestFailuresRetryAndGiveUp(t *testing.T) {
	storetest.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		srv := startSMTPD(t)
		enqueue(t, st, "temp", "busy@example.org")
		enqueue(t, st, "perm", "nobody@example.org")
		enqueue(t, st, "ok", "fine@example.org")
		enqueue(t, st, "bad", "not an address")
		srv.setRefuse("busy@example.org", "450 4.2.1 mailbox busy")
		srv.setRefuse("nobody@example.org", "550 5.1.1 no such user")
		s := sender(t, st, srv)
		now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
		s.Now = func() time.Time { return now }
		res, err := s.Deliver(ctx, 100)
		if err != nil || res != (Result{Sent: 1, Failed: 1, GaveUp: 2}) {
			t.Fatalf("first run: %+v, %v", res, err)
		}
		if m := outboxRow(t, st, "busy@example.org"); m.Attempts != 1 || !strings.Contains(m.LastError, "450") || m.SentAt != nil {
			t.Errorf("temporary failure recorded as %+v", m)
		}
		if m := outboxRow(t, st, "nobody@example.org"); m.Attempts != MaxAttempts || !strings.Contains(m.LastError, "550") {
			t.Errorf("permanent failure recorded as %+v", m)
		}
		if m := outboxRow(t, st, "not an address"); m.Attempts != MaxAttempts || !strings.Contains(m.LastError, "recipient") {
			t.Errorf("a message that cannot be written, recorded as %+v", m)
		}
		// Within the backoff nothing is tried.
		now = now.Add(30 * time.Second)
		if res, _ := s.Deliver(ctx, 100); res != (Result{}) {
			t.Errorf("retried within the backoff: %+v", res)
		}
		// It keeps failing until it is given up after MaxAttempts.
		for i := 2; i <= MaxAttempts; i++ {
			now = now.Add(Backoff(i-1) + time.Second)
			res, err := s.Deliver(ctx, 100)
			want := Result{Failed: 1}
			if i == MaxAttempts {
				want = Result{GaveUp: 1}
			}
			if err != nil || res != want {
				t.Fatalf("attempt %d: %+v, %v; want %+v", i, res, err, want)
			}
		}
		now = now.Add(24 * time.Hour)
		if res, _ := s.Deliver(ctx, 100); res != (Result{}) {
			t.Errorf("a given-up message was tried again: %+v", res)
		}
		// Recovered after a temporary failure: delivered on the next try.
		enqueue(t, st, "later", "later@example.org")
		srv.setRefuse("later@example.org", "421 4.3.2 try later")
		if res, _ := s.Deliver(ctx, 100); res.Failed != 1 {
			t.Fatalf("later: %+v", res)
		}
		srv.setRefuse("later@example.org", "")
		now = now.Add(Backoff(1) + time.Second)
		if res, _ := s.Deliver(ctx, 100); res.Sent != 1 {
			t.Fatalf("later, retried: %+v", res)
		}
		if m := outboxRow(t, st, "later@example.org"); m.SentAt == nil || m.Attempts != 2 || m.LastError != "" {
			t.Errorf("delivered on retry: %+v", m)
		}

		// The server down: an error, and no attempt counted.
		enqueue(t, st, "down", "down@example.org")
		srv.ln.Close()
		if _, err := s.Deliver(ctx, 100); err == nil {
			t.Error("no error with the server down")
		}
		if m := outboxRow(t, st, "down@example.org"); m.Attempts != 0 {
			t.Errorf("a connection failure counted against the message: %+v", m)
		}
	})
}

func TestConfigCheck(t *testing.T) {
	for _, tt := range []struct {
		cfg  Config
		want string
	}{
		{Config{}, "SMTP is not configured"},
		{Config{Host: "smtp.example.org"}, "--mail-from"},
		{Config{Host: "smtp.example.org", From: "not an address"}, "is not an e-mail address"},
		{Config{Host: "smtp.example.org", From: "a@b.fi", User: "u"}, "both --smtp-user and --smtp-password"},
		{Config{Host: "smtp.example.org", From: "a@b.fi", Port: 70000}, "is not a port"},
	} {
		if _, err := New(nil, tt.cfg, quiet); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.cfg, err, tt.want)
		}
	}
	if err := (Config{Host: "smtp.example.org", From: "Steerco <steerco@example.org>"}).Check(); err != nil {
		t.Error(err)
	}
}

func TestICSMethodAndBackoff(t *testing.T) {
	if m := icsMethod("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\n"); m != "CANCEL" {
		t.Errorf("method %q", m)
	}
	if m := icsMethod("BEGIN:VCALENDAR\r\n"); m != "PUBLISH" {
		t.Errorf("default method %q", m)
	}
	if Backoff(1) != time.Minute || Backoff(3) != 4*time.Minute || Backoff(20) != 6*time.Hour {
		t.Errorf("backoff %v %v %v", Backoff(1), Backoff(3), Backoff(20))
	}
}
