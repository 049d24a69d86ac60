package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/steerco/steerco/internal/notify"
	"github.com/steerco/steerco/internal/store"
)

// showOutbox implements `steerco outbox show ID`: one message whole, so
// that an operator without SMTP can read (and pass on) what a user was
// sent, such as an invitation or a password reset link.
func showOutbox(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("outbox show", stderr)
	db := dbFlag(fs, defaultDB)
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "steerco outbox show: give one message id (see `steerco outbox list`)")
		return 2
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id < 1 {
		fmt.Fprintf(stderr, "steerco outbox show: %q is not a message id\n", pos[0])
		return 2
	}
	s, ok := openStore(ctx, *db, stderr)
	if !ok {
		return 1
	}
	defer s.Close()
	m, err := s.Message(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "steerco outbox show: no message %d\n", id)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "steerco outbox show: %v\n", err)
		return 1
	}
	writeMessage(stdout, m)
	return 0
}

// writeMessage prints a message as headers, a blank line and the body.
func writeMessage(w io.Writer, m *store.Message) {
	status := "pending"
	switch {
	case m.SentAt != nil:
		status = "sent " + m.SentAt.UTC().Format(time.RFC3339)
	case m.Attempts >= notify.MaxAttempts:
		status = "failed: " + oneLine(m.LastError)
	case m.Attempts > 0:
		status = "retrying: " + oneLine(m.LastError)
	}
	fmt.Fprintf(w, "Message-Id: %d\n", m.ID)
	fmt.Fprintf(w, "Date: %s\n", m.CreatedAt.UTC().Format(time.RFC1123Z))
	fmt.Fprintf(w, "To: %s\n", oneLine(m.Recipient))
	fmt.Fprintf(w, "Subject: %s\n", oneLine(m.Subject))
	fmt.Fprintf(w, "X-Steerco-Kind: %s\n", m.Kind)
	fmt.Fprintf(w, "X-Steerco-Status: %s\n", status)
	fmt.Fprintf(w, "X-Steerco-Attempts: %d\n", m.Attempts)
	if m.ICS != "" {
		fmt.Fprintln(w, "X-Steerco-Attachment: invite.ics (text/calendar)")
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, m.Body)
	if !strings.HasSuffix(m.Body, "\n") {
		fmt.Fprintln(w)
	}
	if m.ICS != "" {
		fmt.Fprintln(w, "\n--- invite.ics ---")
		fmt.Fprint(w, strings.ReplaceAll(m.ICS, "\r\n", "\n"))
	}
}
