package api

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/labstack/echo/v4"
	"golang.org/x/oauth2"
)

// OIDCConfig configures single sign-on with OpenID Connect (for example
// NHSmail or Microsoft Entra ID). It is off when Issuer is empty.
type OIDCConfig struct {
	Issuer       string // e.g. https://login.microsoftonline.com/<tenant>/v2.0
	ClientID     string
	ClientSecret string
	RedirectURL  string // https://<public host>/api/v1/auth/oidc/callback
	// AllowedDomains restricts the e-mail domains accepted (e.g.
	// nhs.net); empty accepts any domain the provider vouches for.
	AllowedDomains []string
	// CreateOrganisation, when set, creates an account without roles in this
	// organisation for a verified address that has none, for an
	// administrator to give roles to. Empty: only existing accounts sign in.
	CreateOrganisation string
	// AfterLogin is where the browser goes once signed in (default "/").
	AfterLogin string
	// HTTPClient is used to talk to the provider (default: 10 s timeout).
	HTTPClient *http.Client
}

const (
	oidcCookie     = "chorus_oidc"
	oidcCookiePath = "/api/v1/auth/oidc/"
	oidcFlowTime   = 10 * time.Minute
)

type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	provider *oidc.Provider
}

// oidcFlow is what the browser carries, signed, between login and callback.
type oidcFlow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	Expires  int64  `json:"e"`
}

// ctx returns a context carrying the provider HTTP client. It is not the
// request's context: go-oidc keeps it for fetching keys later.
func (o *oidcClient) ctx() context.Context {
	hc := o.cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	return oidc.ClientContext(context.Background(), hc)
}

// discover returns the provider, fetching its configuration on first use.
func (o *oidcClient) discover() (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(o.ctx(), o.cfg.Issuer)
	if err != nil {
		return nil, &survey.Error{Code: survey.EUNAVAILABLE, Message: "The sign-in provider is not answering. Please try again shortly.", Cause: err}
	}
	o.provider = p
	return p, nil
}

func (o *oidcClient) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

func (s *Server) oidcReady() (*oidcClient, error) {
	if s.oidc == nil {
		return nil, survey.Errorf(survey.ENOTFOUND, "Single sign-on is not configured.")
	}
	return s.oidc, nil
}

// handleOIDCLogin starts the authorization-code flow with PKCE: state,
// nonce and verifier travel in a short-lived signed cookie on the OIDC path.
func (s *Server) handleOIDCLogin(c echo.Context) error {
	o, err := s.oidcReady()
	if err != nil {
		return err
	}
	p, err := o.discover()
	if err != nil {
		return err
	}
	f := oidcFlow{State: randomSecret(), Nonce: randomSecret(), Verifier: oauth2.GenerateVerifier(),
		Expires: s.now().Add(oidcFlowTime).Unix()}
	c.SetCookie(&http.Cookie{Name: oidcCookie, Value: s.signFlow(f), Path: oidcCookiePath, HttpOnly: true,
		Secure: s.cookieSecure, SameSite: http.SameSiteLaxMode, MaxAge: int(oidcFlowTime / time.Second)})
	url := o.oauth(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier))
	return c.Redirect(http.StatusFound, url)
}

func (s *Server) signFlow(f oidcFlow) string {
	b, _ := json.Marshal(f)
	payload := base64.RawURLEncoding.EncodeToString(b)
	return payload + "." + s.mac("oidc", payload)
}

func (s *Server) mac(purpose, v string) string {
	m := hmac.New(sha256.New, s.sessionKey)
	m.Write([]byte(purpose + "\x00" + v))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errSSOFlow = survey.Errorf(survey.EUNAUTH, "The sign-in attempt expired or was not started here. Please sign in again.")

func (s *Server) readFlow(c echo.Context) (*oidcFlow, error) {
	ck, err := c.Cookie(oidcCookie)
	if err != nil {
		return nil, errSSOFlow
	}
	payload, sig, ok := strings.Cut(ck.Value, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.mac("oidc", payload))) {
		return nil, errSSOFlow
	}
	b, err := base64.RawURLEncoding.DecodeString(payload)
	var f oidcFlow
	if err != nil || json.Unmarshal(b, &f) != nil || s.now().Unix() > f.Expires {
		return nil, errSSOFlow
	}
	return &f, nil
}

type oidcClaims struct {
	Email         string `json:"email"`
	EmailVerified *bool  `json:"email_verified"`
	Name          string `json:"name"`
}

// handleOIDCCallback finishes the flow: it checks state, exchanges the code
// with the PKCE verifier, verifies the ID token (issuer, audience, expiry,
// signature, nonce) and signs in the account with the verified e-mail.
func (s *Server) handleOIDCCallback(c echo.Context) error {
	o, err := s.oidcReady()
	if err != nil {
		return err
	}
	f, err := s.readFlow(c)
	if err != nil {
		return err
	}
	c.SetCookie(&http.Cookie{Name: oidcCookie, Value: "", Path: oidcCookiePath, HttpOnly: true, Secure: s.cookieSecure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	if e := c.QueryParam("error"); e != "" {
		return survey.Errorf(survey.EUNAUTH, "The sign-in provider refused the sign-in.")
	}
	if !hmac.Equal([]byte(c.QueryParam("state")), []byte(f.State)) {
		return errSSOFlow
	}
	p, err := o.discover()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(o.ctx(), 15*time.Second)
	defer cancel()
	tok, err := o.oauth(p).Exchange(ctx, c.QueryParam("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		s.log.Warn("oidc: code exchange failed", slog.Any("error", err))
		return &survey.Error{Code: survey.EUNAUTH, Message: "The sign-in provider did not accept the sign-in.", Cause: err}
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := p.Verifier(&oidc.Config{ClientID: o.cfg.ClientID, Now: s.now}).Verify(ctx, raw)
	if err != nil || !hmac.Equal([]byte(idt.Nonce), []byte(f.Nonce)) {
		s.log.Warn("oidc: ID token refused", slog.Any("error", err))
		return &survey.Error{Code: survey.EUNAUTH, Message: "The sign-in could not be verified.", Cause: err}
	}
	var cl oidcClaims
	if err := idt.Claims(&cl); err != nil {
		return &survey.Error{Code: survey.EUNAUTH, Message: "The sign-in could not be verified.", Cause: err}
	}
	acc, err := s.ssoAccount(c, o.cfg, cl)
	if err != nil {
		return err
	}
	sp, err := s.startSession(c, acc)
	if err != nil {
		return err
	}
	s.auditAs(c, sp, "auth.login_sso", acc.Email, acc.Organisation)
	to := o.cfg.AfterLogin
	if to == "" {
		to = "/"
	}
	return c.Redirect(http.StatusSeeOther, to)
}

// ssoAccount maps verified claims to an enabled account.
func (s *Server) ssoAccount(c echo.Context, cfg OIDCConfig, cl oidcClaims) (*store.Account, error) {
	email := store.NormaliseEmail(cl.Email)
	_, domain, ok := strings.Cut(email, "@")
	if !ok || (cl.EmailVerified != nil && !*cl.EmailVerified) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "The sign-in provider did not give a verified e-mail address.")
	}
	if len(cfg.AllowedDomains) > 0 && !slices.Contains(cfg.AllowedDomains, domain) {
		return nil, survey.Errorf(survey.EFORBIDDEN, "Addresses at %s cannot sign in here.", domain)
	}
	ctx := c.Request().Context()
	acc, err := s.store.FindAccountByEmail(ctx, email)
	if survey.ErrorCode(err) == survey.ENOTFOUND && cfg.CreateOrganisation != "" {
		acc, err = s.store.CreateAccount(ctx, store.Account{Email: email, Name: cl.Name, Organisation: cfg.CreateOrganisation})
		if err == nil {
			s.auditAs(c, userStaff(acc), "user.create_sso", email, acc.Organisation)
		}
	}
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		return nil, survey.Errorf(survey.EFORBIDDEN, "There is no Chorus account for %s. Ask an administrator to create one.", email)
	} else if err != nil {
		return nil, err
	}
	if acc.Disabled {
		return nil, survey.Errorf(survey.EFORBIDDEN, "This account is disabled.")
	}
	return acc, nil
}
