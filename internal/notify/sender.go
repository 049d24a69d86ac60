package notify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	mail "github.com/wneessen/go-mail"

	"github.com/steerco/steerco/internal/store"
)

// Sender delivers outbox messages through one SMTP server.
type Sender struct {
	st  *store.Store
	cfg Config
	log *slog.Logger
	// Now is the clock; tests pin it.
	Now func() time.Time
}

// New makes a sender; it refuses an incomplete configuration.
func New(st *store.Store, cfg Config, log *slog.Logger) (*Sender, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	return &Sender{st: st, cfg: cfg, log: log, Now: time.Now}, nil
}

// Result counts what one Deliver did.
type Result struct {
	Sent   int // delivered to the SMTP server
	Failed int // failed, to be retried
	GaveUp int // failed for good: refused permanently or out of attempts
}

// client makes the go-mail client. Port 465 is implicit TLS; otherwise
// STARTTLS is required when credentials are sent (never a password in
// clear) and used when offered otherwise, e.g. a local relay on port 25.
func (s *Sender) client() (*mail.Client, error) {
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTimeout(s.cfg.Timeout)}
	switch {
	case s.cfg.Port == 465:
		opts = append(opts, mail.WithSSL())
	case s.cfg.User != "" && !s.cfg.Insecure:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSOpportunistic))
	}
	if s.cfg.User != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(s.cfg.User), mail.WithPassword(s.cfg.Password))
	}
	return mail.NewClient(s.cfg.Host, opts...)
}

// Deliver sends up to limit pending messages: oldest first, each claimed
// before it is sent. It connects only when there is something to send. A
// connection that cannot be made is an error and counts against no
// message: they wait for the server to come back.
func (s *Sender) Deliver(ctx context.Context, limit int) (Result, error) {
	var res Result
	ids, err := s.pending(ctx, limit)
	if err != nil || len(ids) == 0 {
		return res, err
	}
	c, err := s.client()
	if err != nil {
		return res, err
	}
	conn, err := c.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return res, fmt.Errorf("connect to SMTP server %s:%d: %w", s.cfg.Host, s.cfg.Port, err)
	}
	defer c.CloseWithSMTPClient(conn)
	for _, id := range ids {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		won, err := s.claim(ctx, id)
		if err != nil {
			return res, err
		}
		if !won {
			continue // another sender has it, or has sent it
		}
		m, err := s.message(ctx, id)
		if err != nil {
			return res, err
		}
		msg, err := s.compose(m)
		broken := err != nil // a message that cannot be written never will be
		if err == nil {
			err = c.SendWithSMTPClient(conn, msg)
		}
		if err == nil {
			if err := s.st.MarkSent(ctx, id, s.Now(), nil); err != nil {
				return res, err
			}
			res.Sent++
			continue
		}
		if lost(err) {
			// The connection broke: not this message's fault.
			if rerr := s.release(ctx, id); rerr != nil {
				return res, rerr
			}
			return res, fmt.Errorf("SMTP connection lost: %w", err)
		}
		gaveUp, ferr := s.fail(ctx, m, err, broken || permanent(err))
		if ferr != nil {
			return res, ferr
		}
		if gaveUp {
			res.GaveUp++
		} else {
			res.Failed++
		}
		s.log.Warn("mail not delivered", "outbox_id", id, "kind", m.Kind, "attempt", m.Attempts+1, "gave_up", gaveUp, "err", err)
	}
	return res, nil
}

// lost reports a connection failure rather than a refusal of the message.
func lost(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && se.Reason == mail.ErrConnCheck
}

// permanent reports an SMTP 5xx refusal: retrying will not help.
func permanent(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && !se.IsTemp() && se.ErrorCode() >= 500
}

// compose builds the e-mail: a plain-text body and, for meeting
// notifications, the iCalendar object as invite.ics with the method its
// calendar client needs to see in the Content-Type.
func (s *Sender) compose(m *store.Message) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8))
	if err := msg.From(s.cfg.From); err != nil {
		return nil, err
	}
	if err := msg.To(m.Recipient); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.Recipient, err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	// A Message-ID of the outbox row: should a message ever go out twice
	// (a sender dying between sending and recording it), mail systems
	// that deduplicate by Message-ID drop the copy.
	domain := s.cfg.From[strings.LastIndexByte(s.cfg.From, '@')+1:]
	msg.SetMessageIDWithValue(fmt.Sprintf("outbox.%d.%d@%s", m.ID, m.CreatedAt.Unix(), strings.TrimRight(domain, ">")))
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	if m.ICS != "" {
		ct := mail.ContentType("text/calendar; method=" + icsMethod(m.ICS) + "; charset=UTF-8")
		if err := msg.AttachReader("invite.ics", strings.NewReader(m.ICS), mail.WithFileContentType(ct)); err != nil {
			return nil, err
		}
	}
	return msg, nil
}
