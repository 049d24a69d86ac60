// Package notify delivers the outbox by SMTP. Notifications are written to
// the outbox in the same transaction as the change that caused them; a
// Sender takes them from there. Without an SMTP server nothing is sent:
// the messages stay in the outbox, which the UI shows to each recipient.
//
// Delivery is once per message across any number of instances: a sender
// claims a message (sets claimed_until) before sending it, and only the
// instance whose claim changed the row sends. A failure is recorded with
// its error and retried later with a growing delay, up to MaxAttempts; a
// permanent refusal (5xx) is not retried.
package notify

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Config is the SMTP server and sender address.
type Config struct {
	Host     string
	Port     int // default 587
	User     string
	Password string
	// From is the sender address of every message (--mail-from).
	From string
	// Timeout bounds each SMTP exchange; it must stay well below
	// ClaimFor, or a slow send could outlive its claim. Default 30 s.
	Timeout time.Duration
	// Insecure allows a server without STARTTLS even with credentials;
	// only tests set it.
	Insecure bool
}

// Enabled reports whether SMTP is configured at all.
func (c Config) Enabled() bool { return c.Host != "" }

// Check reports what is missing or wrong in a configuration that is
// enabled.
func (c Config) Check() error {
	if !c.Enabled() {
		return errors.New("SMTP is not configured: give --smtp-host (or STEERCO_SMTP_HOST)")
	}
	if c.From == "" {
		return errors.New("SMTP needs a sender address: give --mail-from (or STEERCO_MAIL_FROM)")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("--mail-from %q is not an e-mail address", c.From)
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("--smtp-port %d is not a port", c.Port)
	}
	if (c.User == "") != (c.Password == "") {
		return errors.New("give both --smtp-user and --smtp-password, or neither")
	}
	return nil
}

// MaxAttempts is how often a message is tried before it is given up.
const MaxAttempts = 10

// ClaimFor is how long a claim holds: a sender that dies mid-send leaves
// the message to another after this long.
const ClaimFor = 5 * time.Minute

// Backoff is the wait before attempt n+1 after n failed attempts: one
// minute, doubling, at most six hours (ten attempts span about eight
// and a half hours).
func Backoff(failed int) time.Duration {
	d := time.Minute << max(failed-1, 0)
	if failed > 10 || d > 6*time.Hour {
		return 6 * time.Hour
	}
	return d
}

// icsMethod reads the METHOD of an iCalendar object (REQUEST, CANCEL,
// PUBLISH...), which the attachment's Content-Type must repeat.
func icsMethod(ics string) string {
	for _, line := range strings.Split(ics, "\r\n") {
		if v, ok := strings.CutPrefix(line, "METHOD:"); ok {
			return strings.ToUpper(strings.TrimSpace(v))
		}
	}
	return "PUBLISH"
}
