package api_test

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

// fakeProvider is an in-process OpenID Connect provider: discovery, JWKS
// with an RSA key, /authorize (the user is already signed in as email) and
// /token issuing an RS256 ID token after checking PKCE.
type fakeProvider struct {
	srv      *httptest.Server
	key      *rsa.PrivateKey
	clientID string
	secret   string

	mu       sync.Mutex
	email    string
	verified bool
	badNonce bool
	codes    map[string]authRequest
}

type authRequest struct{ challenge, nonce, redirect string }

func newFakeProvider(t *testing.T) *fakeProvider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	must(t, err)
	p := &fakeProvider{key: key, clientID: "chorus-test", secret: "client-secret-123", verified: true, codes: map[string]authRequest{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /jwks", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func (p *fakeProvider) discovery(w http.ResponseWriter, r *http.Request) {
	u := p.srv.URL
	writeJSON(w, map[string]any{"issuer": u, "authorization_endpoint": u + "/authorize", "token_endpoint": u + "/token",
		"jwks_uri": u + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"}, "code_challenge_methods_supported": []string{"S256"}})
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

func (p *fakeProvider) jwks(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"keys": []any{map[string]any{"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256",
		"n": b64(p.key.N.Bytes()), "e": b64(big.NewInt(int64(p.key.E)).Bytes())}}})
}

func (p *fakeProvider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != p.clientID || q.Get("response_type") != "code" || q.Get("code_challenge_method") != "S256" ||
		q.Get("code_challenge") == "" || q.Get("nonce") == "" || q.Get("state") == "" || !strings.Contains(q.Get("scope"), "openid") {
		http.Error(w, "bad authorization request: "+r.URL.RawQuery, http.StatusBadRequest)
		return
	}
	code := b64([]byte(q.Get("state")))[:20]
	p.mu.Lock()
	p.codes[code] = authRequest{challenge: q.Get("code_challenge"), nonce: q.Get("nonce"), redirect: q.Get("redirect_uri")}
	p.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
}

func (p *fakeProvider) token(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	p.mu.Lock()
	req, found := p.codes[r.PostForm.Get("code")]
	delete(p.codes, r.PostForm.Get("code"))
	email, verified, badNonce := p.email, p.verified, p.badNonce
	p.mu.Unlock()
	sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
	if id != p.clientID || secret != p.secret || !found || b64(sum[:]) != req.challenge || r.PostForm.Get("redirect_uri") != req.redirect {
		w.WriteHeader(http.StatusBadRequest)
		writeJSON(w, map[string]string{"error": "invalid_grant"})
		return
	}
	nonce := req.nonce
	if badNonce {
		nonce = "another-nonce"
	}
	now := fixedNow().Unix()
	idToken := p.sign(map[string]any{"iss": p.srv.URL, "sub": "user-1", "aud": p.clientID, "iat": now, "exp": now + 300,
		"nonce": nonce, "email": email, "email_verified": verified, "name": "Dee Smith"})
	writeJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": idToken})
}

// sign makes a compact JWS with RS256.
func (p *fakeProvider) sign(claims map[string]any) string {
	h, _ := json.Marshal(map[string]string{"alg": "RS256", "kid": "k1", "typ": "JWT"})
	c, _ := json.Marshal(claims)
	input := b64(h) + "." + b64(c)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, p.key, crypto.SHA256, sum[:])
	if err != nil {
		panic(err)
	}
	return input + "." + b64(sig)
}

func (p *fakeProvider) set(email string, verified, badNonce bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.email, p.verified, p.badNonce = email, verified, badNonce
}

// oidcHarness serves the API with single sign-on against the provider.
func oidcHarness(t *testing.T, p *fakeProvider, create string) *harness {
	st := storetest.Open(t, fixedNow)
	ctx := context.Background()
	must(t, st.CreateOrganisation(ctx, survey.Organisation{Slug: "trust", Name: "Trust"}))
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	e := api.NewEcho(nil)
	api.New(api.Config{Store: st, Now: fixedNow, CookieInsecure: true, OIDC: api.OIDCConfig{
		Issuer: p.srv.URL, ClientID: p.clientID, ClientSecret: p.secret, RedirectURL: base + "/api/v1/auth/oidc/callback",
		AllowedDomains: []string{"nhs.net"}, CreateOrganisation: create, AfterLogin: "/staff"}}).Register(e)
	srv.Config.Handler = e
	srv.Start()
	t.Cleanup(srv.Close)
	return &harness{t: t, srv: srv, store: st}
}

// ssoLogin follows the browser's redirects from /auth/oidc/login and returns
// the last status and the browser's client.
func ssoLogin(t *testing.T, h *harness) (int, string, *http.Client) {
	jar, _ := cookiejar.New(nil)
	var last string
	client := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		last = r.URL.Path
		if r.URL.Path == "/staff" {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	resp, err := client.Get(h.srv.URL + "/api/v1/auth/oidc/login")
	must(t, err)
	resp.Body.Close()
	return resp.StatusCode, last, client
}

func TestOIDCLogin(t *testing.T) {
	p := newFakeProvider(t)
	h := oidcHarness(t, p, "")
	h.account("dee.smith@nhs.net", "trust", store.Role{Role: api.RoleViewer, Teams: nil, Services: nil})
	p.set("Dee.Smith@nhs.net", true, false)

	status, last, client := ssoLogin(t, h)
	if status != http.StatusSeeOther || last != "/staff" {
		t.Fatalf("login ended with %d at %q, want 303 to /staff", status, last)
	}
	resp, err := client.Get(h.srv.URL + "/api/v1/auth/me")
	must(t, err)
	var me map[string]any
	must(t, json.NewDecoder(resp.Body).Decode(&me))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || me["user"].(map[string]any)["email"] != "dee.smith@nhs.net" {
		t.Fatalf("me = %d %v", resp.StatusCode, me)
	}
	u, _ := url.Parse(h.srv.URL + "/api/v1/auth/oidc/callback")
	for _, c := range client.Jar.Cookies(u) {
		if c.Name == "chorus_oidc" {
			t.Fatal("the flow cookie outlived the callback")
		}
	}

	for _, tc := range []struct {
		name            string
		email           string
		verified, nonce bool
		wantStatus      int
	}{
		{"ErrNoAccount", "someone.else@nhs.net", true, false, http.StatusForbidden},
		{"ErrDomain", "dee.smith@example.com", true, false, http.StatusForbidden},
		{"ErrUnverified", "dee.smith@nhs.net", false, false, http.StatusForbidden},
		{"ErrNonce", "dee.smith@nhs.net", true, true, http.StatusUnauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.set(tc.email, tc.verified, tc.nonce)
			if status, _, _ := ssoLogin(t, h); status != tc.wantStatus {
				t.Fatalf("status = %d, want %d", status, tc.wantStatus)
			}
		})
	}
	t.Run("ErrState", func(t *testing.T) {
		p.set("dee.smith@nhs.net", true, false)
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, via []*http.Request) error {
			if strings.HasSuffix(r.URL.Path, "/callback") {
				return http.ErrUseLastResponse
			}
			return nil
		}}
		resp, err := client.Get(h.srv.URL + "/api/v1/auth/oidc/login")
		must(t, err)
		resp.Body.Close()
		cb, _ := url.Parse(resp.Header.Get("Location"))
		q := cb.Query()
		q.Set("state", "forged")
		cb.RawQuery = q.Encode()
		resp, err = client.Get(cb.String())
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("forged state: %d, want 401", resp.StatusCode)
		}
		// Without the flow cookie (another browser) the callback is refused.
		q.Set("state", "x")
		resp, err = http.Get(h.srv.URL + "/api/v1/auth/oidc/callback?" + q.Encode())
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("no flow cookie: %d, want 401", resp.StatusCode)
		}
	})
}

func TestOIDCCreatesAccountWhenConfigured(t *testing.T) {
	p := newFakeProvider(t)
	h := oidcHarness(t, p, "trust")
	p.set("new.person@nhs.net", true, false)
	if status, _, _ := ssoLogin(t, h); status != http.StatusSeeOther {
		t.Fatalf("status = %d", status)
	}
	acc, err := h.store.FindAccountByEmail(context.Background(), "new.person@nhs.net")
	if err != nil || acc.Organisation != "trust" || len(acc.Roles) != 0 || acc.PasswordHash != "" {
		t.Fatalf("account = %+v, %v: want one in trust without roles or password", acc, err)
	}
}

func TestOIDCNotConfigured(t *testing.T) {
	h := newHarness(t)
	st, b, _ := h.do("GET", "/api/v1/auth/oidc/login", nil)
	wantError(t, st, b, http.StatusNotFound, survey.ENOTFOUND)
}
