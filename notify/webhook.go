package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/store"
)

// Webhook headers.
const (
	HeaderSignature = "X-Chorus-Signature" // "sha256=" + hex HMAC-SHA256 of "timestamp.body"
	HeaderTimestamp = "X-Chorus-Timestamp" // Unix seconds of this attempt
	HeaderEvent     = "X-Chorus-Event"     // risk_alert, report_published
	HeaderDelivery  = "X-Chorus-Delivery"  // delivery id, the same on every retry
)

// Sign returns the X-Chorus-Signature value of a webhook body sent at the
// given Unix time: "sha256=" followed by the lower-case hex HMAC-SHA256,
// keyed with the team's webhook secret, of the timestamp in decimal, a
// full stop and the raw body bytes.
func Sign(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10)))
	mac.Write([]byte("."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Verify checks a received webhook: the signature must match and the
// timestamp must be within tolerance of now (which stops replays of old
// deliveries). Receivers written in Go can use it as it is.
func Verify(secret, timestamp, signature string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return errors.New("notify: bad " + HeaderTimestamp)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > tolerance || d < -tolerance {
		return errors.New("notify: webhook timestamp outside the tolerance")
	}
	if !hmac.Equal([]byte(Sign(secret, ts, body)), []byte(signature)) {
		return errors.New("notify: webhook signature does not match")
	}
	return nil
}

// postWebhook sends one signed attempt of a delivery.
func (n *Notifier) postWebhook(ctx context.Context, url, secret string, d *store.Delivery, payload any) outcome {
	if secret == "" {
		return outcome{class: "no_secret", permanent: true}
	}
	body, err := json.Marshal(payload)
	if err != nil {
		return outcome{class: "encode", permanent: true}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return outcome{class: "bad_url", permanent: true}
	}
	ts := n.o.Now().Unix()
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "Chorus-Webhook/1")
	h.Set(HeaderEvent, d.Event)
	h.Set(HeaderDelivery, d.ID)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
	h.Set(HeaderSignature, Sign(secret, ts, body))
	resp, err := n.o.HTTPClient.Do(req)
	if err != nil {
		return outcome{class: netClass(err)}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch s := resp.StatusCode; {
	case s >= 200 && s < 300:
		return outcome{status: s}
	case s == http.StatusRequestTimeout, s == http.StatusTooManyRequests, s >= 500:
		return outcome{status: s, class: "http_status"}
	default:
		// Redirects and other client errors will not change by retrying.
		return outcome{status: s, class: "http_status", permanent: true}
	}
}

// netClass names the kind of a transport failure without its text, which
// may quote the URL.
func netClass(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled):
		return "shutdown"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case strings.Contains(err.Error(), "tls:"), strings.Contains(err.Error(), "x509:"):
		return "tls"
	}
	return "connection"
}

// payloadTeam is the team as webhook payloads show it.
type payloadTeam struct {
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Service string `json:"service"`
}

func (n *Notifier) link(format string, args ...any) string {
	return strings.TrimRight(n.o.PublicURL, "/") + fmt.Sprintf(format, args...)
}
