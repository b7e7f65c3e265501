// Package notifytest has real endpoints for tests of notifications: an SMTP
// server on loopback that keeps the messages it accepts, and a webhook
// receiver that verifies signatures the way a team's system should. There
// are no mocks: the notifier talks to them over TCP.
package notifytest

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// SMTPServer is a real SMTP server on loopback, speaking enough of RFC 5321
// for net/smtp (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), that
// keeps every message it accepts.
type SMTPServer struct {
	ln         net.Listener
	user, pass string
	// tls, when set, is offered with STARTTLS.
	tls *tls.Config

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
	TLS  bool   // the message came over STARTTLS
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

// StartSMTPTLS is StartSMTP offering STARTTLS with a certificate for
// 127.0.0.1 made for the test; the pool holds the certificate, to give to
// the client as its trusted roots.
func StartSMTPTLS(t testing.TB, user, pass string) (*SMTPServer, *x509.CertPool) {
	t.Helper()
	cert, pool := selfSigned(t)
	s := &SMTPServer{user: user, pass: pass, tls: &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s, pool
}

// selfSigned makes a short-lived certificate for 127.0.0.1 and localhost.
func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "chorus-test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
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
	defer func() { conn.Close() }()
	r := textproto.NewReader(bufio.NewReader(conn))
	w := bufio.NewWriter(conn)
	secure := false
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
			if s.tls != nil && !secure {
				ext = append(ext, "250-STARTTLS")
			}
			if s.user != "" {
				ext = append(ext, "250-AUTH PLAIN")
			}
			reply(append(ext, "250 SMTPUTF8")...)
		case "STARTTLS":
			if s.tls == nil || secure {
				reply("502 5.5.1 STARTTLS not offered")
				continue
			}
			reply("220 2.0.0 Ready to start TLS")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, secure, msg = tc, true, Message{}
			r, w = textproto.NewReader(bufio.NewReader(conn)), bufio.NewWriter(conn)
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
			msg.Data, msg.TLS = data, secure
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
