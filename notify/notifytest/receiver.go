package notifytest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// Receiver is a webhook endpoint that verifies every request's signature
// with the shared secret, the way a team's system should, and answers with
// the statuses given, then 200.
type Receiver struct {
	srv      *httptest.Server
	secret   string
	mu       sync.Mutex
	statuses []int
	calls    []Received
}

// Received is one request the receiver got.
type Received struct {
	Event, Delivery string
	Verified        bool
	Body            map[string]any
}

// NewReceiver starts a webhook endpoint that checks signatures with
// secret and answers with the statuses given, in turn, then 200. A request
// whose signature does not verify gets 401.
func NewReceiver(t testing.TB, secret string, statuses ...int) *Receiver {
	r := &Receiver{secret: secret, statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	// Independent check: HMAC-SHA256 over "timestamp.body" with the secret.
	ts := req.Header.Get("X-Chorus-Timestamp")
	r.mu.Lock()
	secret := r.secret
	r.mu.Unlock()
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "." + string(body)))
	want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
	_, tsErr := strconv.ParseInt(ts, 10, 64)
	verified := tsErr == nil && hmac.Equal([]byte(want), []byte(req.Header.Get("X-Chorus-Signature")))
	var payload map[string]any
	_ = json.Unmarshal(body, &payload)

	r.mu.Lock()
	r.calls = append(r.calls, Received{Event: req.Header.Get("X-Chorus-Event"), Delivery: req.Header.Get("X-Chorus-Delivery"),
		Verified: verified, Body: payload})
	status := http.StatusOK
	if len(r.statuses) > 0 {
		status, r.statuses = r.statuses[0], r.statuses[1:]
	}
	r.mu.Unlock()
	if !verified {
		status = http.StatusUnauthorized
	}
	w.WriteHeader(status)
}

// SetSecret replaces the secret that signatures are checked with.
func (r *Receiver) SetSecret(secret string) {
	r.mu.Lock()
	r.secret = secret
	r.mu.Unlock()
}

// URL is the receiver's address.
func (r *Receiver) URL() string { return r.srv.URL }

// Close stops the receiver (later deliveries fail to connect).
func (r *Receiver) Close() { r.srv.Close() }

// Calls returns the requests received so far.
func (r *Receiver) Calls() []Received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Received(nil), r.calls...)
}
