// Package notifytest has real endpoints for tests of notifications: an SMTP
// server on loopback that keeps the messages it accepts, and a webhook
// receiver that verifies signatures the way a team's system should. There
// are no mocks: the notifier talks to them over TCP.
package notifytest

import (
	"bufio"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
)

// SMTPServer is a real SMTP server on loopback, speaking enough of RFC 5321
// for net/smtp (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), that
// keeps every message it accepts.
type SMTPServer struct {
	ln         net.Listener
	user, pass string

	mu   sync.Mutex
	msgs []Message
	// rcptFailures answers this many RCPT commands with 451 (try again
	// later) before accepting.
	rcptFailures int
}

// Message is one accepted message: the envelope, the user that logged in
// and the raw data.
type Message struct {
	From string
	To   []string
	Auth string // the user that logged in
	Data []byte
}

// StartSMTP starts an SMTP server on 127.0.0.1; with a user it requires
// AUTH PLAIN with that user and password. It stops when the test ends.
func StartSMTP(t testing.TB, user, pass string) *SMTPServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTPServer{ln: ln, user: user, pass: pass}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// FailRcpt makes the next n RCPT commands fail with 451 (try again later).
func (s *SMTPServer) FailRcpt(n int) {
	s.mu.Lock()
	s.rcptFailures = n
	s.mu.Unlock()
}

// Addr is the server's host:port.
func (s *SMTPServer) Addr() string { return s.ln.Addr().String() }

// Messages returns the messages accepted so far.
func (s *SMTPServer) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

func (s *SMTPServer) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.handle(conn)
	}
}

func (s *SMTPServer) handle(conn net.Conn) {
	defer conn.Close()
	r := textproto.NewReader(bufio.NewReader(conn))
	w := bufio.NewWriter(conn)
	reply := func(lines ...string) {
		for _, l := range lines {
			w.WriteString(l + "\r\n")
		}
		w.Flush()
	}
	reply("220 chorus-test ESMTP ready")
	var msg Message
	for {
		line, err := r.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			ext := []string{"250-chorus-test greets " + arg, "250-8BITMIME"}
			if s.user != "" {
				ext = append(ext, "250-AUTH PLAIN")
			}
			reply(append(ext, "250 SMTPUTF8")...)
		case "HELO", "NOOP":
			reply("250 OK")
		case "AUTH":
			mech, initial, _ := strings.Cut(arg, " ")
			raw, err := base64.StdEncoding.DecodeString(initial)
			parts := strings.Split(string(raw), "\x00")
			if mech != "PLAIN" || err != nil || len(parts) != 3 || parts[1] != s.user || parts[2] != s.pass {
				reply("535 5.7.8 Authentication credentials invalid")
				continue
			}
			msg.Auth = parts[1]
			reply("235 2.7.0 Authentication successful")
		case "MAIL":
			if s.user != "" && msg.Auth == "" {
				reply("530 5.7.0 Authentication required")
				continue
			}
			msg.From = addrOf(arg)
			reply("250 OK")
		case "RCPT":
			s.mu.Lock()
			fail := s.rcptFailures > 0
			if fail {
				s.rcptFailures--
			}
			s.mu.Unlock()
			if fail {
				reply("451 4.3.0 Try again later")
				continue
			}
			msg.To = append(msg.To, addrOf(arg))
			reply("250 OK")
		case "DATA":
			reply("354 End data with <CR><LF>.<CR><LF>")
			data, err := r.ReadDotBytes()
			if err != nil {
				return
			}
			msg.Data = data
			s.mu.Lock()
			s.msgs = append(s.msgs, msg)
			s.mu.Unlock()
			msg = Message{Auth: msg.Auth}
			reply("250 OK queued")
		case "RSET":
			msg = Message{Auth: msg.Auth}
			reply("250 OK")
		case "QUIT":
			reply("221 Bye")
			return
		default:
			reply("502 5.5.2 Command not recognised")
		}
	}
}

func addrOf(arg string) string {
	_, a, _ := strings.Cut(arg, ":")
	a, _, _ = strings.Cut(a, " ")
	return strings.Trim(a, "<>")
}

// ParsedMail is a received message split into headers and its plain-text
// and HTML parts, decoded.
type ParsedMail struct {
	Header mail.Header
	Text   string
	HTML   string
}

// ParseMail splits a multipart/alternative message into its headers and
// decoded parts; the test fails if it is not one.
func ParseMail(t testing.TB, data []byte) ParsedMail {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, data)
	}
	out := ParsedMail{Header: m.Header}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q, want multipart/alternative", m.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		// multipart decodes quoted-printable itself and drops the header.
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body, _ = io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(body))))
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch ct {
		case "text/plain":
			out.Text = string(body)
		case "text/html":
			out.HTML = string(body)
		}
	}
	return out
}
