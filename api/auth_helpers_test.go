package api_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
)

const testPassword = "velvet-harbour-tangerine-42"

// testHash is one argon2id hash of testPassword shared by the tests'
// accounts, so that each test does not pay for its own.
var testHash = sync.OnceValue(func() string { return api.HashPassword(testPassword) })

// account creates an account in org with testPassword.
func (h *harness) account(email, org string, roles ...store.Role) *store.Account {
	h.t.Helper()
	a, err := h.store.CreateAccount(context.Background(), store.Account{Email: email, Name: email, Organisation: org,
		Roles: roles, PasswordHash: testHash()})
	must(h.t, err)
	return a
}

// session stores a session for the account that ends at expires and
// returns the cookie value.
func (h *harness) session(a *store.Account, expires time.Time) string {
	h.t.Helper()
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	raw := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(raw))
	must(h.t, h.store.CreateSession(context.Background(), store.Session{ID: hex.EncodeToString(sum[:]), Account: a.ID,
		Organisation: a.Organisation, Created: fixedNow().Add(-time.Minute), Expires: expires, LastSeen: fixedNow().Add(-time.Minute)}))
	return raw
}

// csrf returns the CSRF token of a session, from GET /api/v1/auth/me.
func (h *harness) csrf(raw string) string {
	h.t.Helper()
	status, body, _ := h.do("GET", "/api/v1/auth/me", nil, "Cookie", api.SessionCookie+"="+raw)
	if status != http.StatusOK {
		h.t.Fatalf("auth/me: %d %v", status, body)
	}
	return body["csrf_token"].(string)
}

// token stores an API token of org and returns its secret.
func (h *harness) token(org string, scopes []string, revoked bool) string {
	h.t.Helper()
	secret, hash := api.NewAPIToken()
	tok, err := h.store.CreateToken(context.Background(), store.APIToken{Hash: hash, Name: "test " + org, Organisation: org,
		Scopes: scopes, Expires: fixedNow().Add(24 * time.Hour)})
	must(h.t, err)
	if revoked {
		must(h.t, h.store.RevokeToken(context.Background(), tok.ID))
	}
	return secret
}

// login signs in through the API and returns the status, body and session
// cookie (nil when none was set).
func (h *harness) login(email, password string, header ...string) (int, map[string]any, *http.Cookie) {
	h.t.Helper()
	status, body, hdr := h.do("POST", "/api/v1/auth/login", map[string]any{"email": email, "password": password}, header...)
	resp := http.Response{Header: hdr}
	for _, c := range resp.Cookies() {
		if c.Name == api.SessionCookie && c.MaxAge > 0 {
			return status, body, c
		}
	}
	return status, body, nil
}

func sessionHeader(raw string, csrf string) []string {
	hdr := []string{"Cookie", api.SessionCookie + "=" + raw}
	if csrf != "" {
		hdr = append(hdr, api.CSRFHeader, csrf)
	}
	return hdr
}

// raw sends a request and returns the status, raw body and headers. A
// string or []byte body is sent as it is, anything else as its JSON.
func (h *harness) raw(method, path string, body any, header ...string) (int, []byte, http.Header) {
	h.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = bytes.NewBufferString(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		j, err := json.Marshal(b)
		must(h.t, err)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, r)
	must(h.t, err)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	must(h.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	must(h.t, err)
	checkOpenAPI(h.t, method, path, resp.StatusCode, resp.Header, b)
	return resp.StatusCode, b, resp.Header
}
