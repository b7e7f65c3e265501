package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// SMTPConfig says how to send e-mail. An empty Addr disables e-mail.
type SMTPConfig struct {
	// Addr is host:port of the mail server (e.g. smtp.example.nhs.uk:587).
	Addr string
	// Username and Password, when set, log in with AUTH PLAIN; net/smtp
	// refuses to send them unencrypted except to localhost.
	Username string
	Password string
	// From is the sender address, e.g. "Chorus <chorus@trust.nhs.uk>".
	From string
	// Hello is the name given in EHLO (default "localhost").
	Hello string
	// Timeout bounds one whole SMTP conversation (default 30 s).
	Timeout time.Duration
	// RootCAs are the roots trusted for STARTTLS (nil: the system's), e.g.
	// a trust's private certificate authority.
	RootCAs *x509.CertPool
}

type mailer struct {
	cfg SMTPConfig
}

// email is a message to send.
type email struct {
	To      []string
	Subject string
	Text    string
	HTML    string
}

// send delivers one message: STARTTLS when the server offers it, AUTH
// PLAIN when a username is configured. SMTP 4xx replies and network
// failures are worth retrying; 5xx replies are not.
func (m *mailer) send(ctx context.Context, msg *message, id string) outcome {
	timeout := m.cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	raw, err := m.compose(msg.Email, id)
	if err != nil {
		return outcome{class: "compose", permanent: true}
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.cfg.Addr)
	if err != nil {
		return outcome{class: netClass(err)}
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	if err := m.converse(conn, msg.Email.To, raw); err != nil {
		if ctx.Err() != nil {
			return outcome{class: netClass(ctx.Err())}
		}
		return smtpOutcome(err)
	}
	return outcome{status: 250}
}

func (m *mailer) converse(conn net.Conn, to []string, raw []byte) error {
	host, _, _ := net.SplitHostPort(m.cfg.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	hello := m.cfg.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, RootCAs: m.cfg.RootCAs}); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if m.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", m.cfg.Username, m.cfg.Password, host)); err != nil {
			return err
		}
	}
	from, err := mail.ParseAddress(m.cfg.From)
	if err != nil {
		return &textproto.Error{Code: 553, Msg: "bad From address"}
	}
	if err := c.Mail(from.Address); err != nil {
		return err
	}
	for _, addr := range to {
		if err := c.Rcpt(addr); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(raw); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func smtpOutcome(err error) outcome {
	var te *textproto.Error
	if errors.As(err, &te) {
		return outcome{status: te.Code, class: "smtp", permanent: te.Code >= 500}
	}
	if strings.Contains(err.Error(), "starttls") {
		return outcome{class: "tls"}
	}
	if strings.Contains(err.Error(), "unencrypted connection") {
		return outcome{class: "smtp_auth", permanent: true}
	}
	return outcome{class: netClass(err)}
}

// compose builds a multipart/alternative message with a plain-text and an
// HTML part, both quoted-printable UTF-8.
func (m *mailer) compose(e email, id string) ([]byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	hdr := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	hdr("From", m.cfg.From)
	hdr("To", strings.Join(e.To, ", "))
	hdr("Subject", mime.QEncoding.Encode("utf-8", oneLine(e.Subject)))
	hdr("Date", time.Now().Format(time.RFC1123Z))
	hdr("Message-ID", "<"+id+"@chorus>")
	hdr("MIME-Version", "1.0")
	hdr("Auto-Submitted", "auto-generated")
	hdr("Content-Type", `multipart/alternative; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	for _, part := range []struct{ ct, body string }{{"text/plain", e.Text}, {"text/html", e.HTML}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.ct + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qp := quotedprintable.NewWriter(pw)
		if _, err := qp.Write([]byte(part.body)); err != nil {
			return nil, err
		}
		if err := qp.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
