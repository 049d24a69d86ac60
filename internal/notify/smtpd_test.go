package notify

import (
	"bufio"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// smtpd is a minimal SMTP server for the tests: it accepts every message
// (unless told to refuse a recipient) and records what it received.
type smtpd struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []received
	// refuse maps a recipient to the reply that refuses it ("450 busy").
	refuse map[string]string
}

type received struct {
	from string
	to   []string
	data string // the message as sent, dot-unstuffed, CRLF line ends
}

func startSMTPD(t *testing.T) *smtpd {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpd{ln: ln, refuse: map[string]string{}}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.handle(c)
		}
	}()
	return s
}

func (s *smtpd) port() int {
	return s.ln.Addr().(*net.TCPAddr).Port
}

func (s *smtpd) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

func (s *smtpd) setRefuse(rcpt, reply string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refuse[rcpt] = reply
}

func (s *smtpd) handle(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	reply := func(line string) { c.Write([]byte(line + "\r\n")) }
	reply("220 test ESMTP")
	var cur received
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO":
			reply("250-test")
			reply("250-8BITMIME")
			reply("250 SMTPUTF8")
		case "HELO", "NOOP":
			reply("250 ok")
		case "RSET":
			cur = received{}
			reply("250 ok")
		case "MAIL":
			cur = received{from: addr(line)}
			reply("250 ok")
		case "RCPT":
			to := addr(line)
			s.mu.Lock()
			refusal := s.refuse[to]
			s.mu.Unlock()
			if refusal != "" {
				reply(refusal)
				continue
			}
			cur.to = append(cur.to, to)
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			cur.data = b.String()
			s.mu.Lock()
			s.msgs = append(s.msgs, cur)
			n := len(s.msgs)
			s.mu.Unlock()
			cur = received{}
			reply("250 queued as " + strconv.Itoa(n))
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 not implemented")
		}
	}
}

// addr takes the address out of "MAIL FROM:<a@b> SIZE=..." or "RCPT TO:<a@b>".
func addr(line string) string {
	i, j := strings.IndexByte(line, '<'), strings.IndexByte(line, '>')
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}
