package api

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// MaxTokenDays is the longest an API token may live.
const MaxTokenDays = 366

func (s *Server) registerTokenRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/organisations/:org/tokens", s.handleCreateToken, mw...)
	g.GET("/organisations/:org/tokens", s.handleListTokens, mw...)
	g.DELETE("/tokens/:id", s.handleRevokeToken, mw...)
}

type createTokenRequest struct {
	Name          string   `json:"name" validate:"required,max=100"`
	Scopes        []string `json:"scopes" validate:"required,min=1,max=20,dive,required"`
	Teams         []string `json:"teams" validate:"max=100,dive,slug"`
	Services      []string `json:"services" validate:"max=100,dive,slug"`
	ExpiresInDays int      `json:"expires_in_days" validate:"required,min=1,max=366"`
}

type tokenJSON struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Scopes   []string `json:"scopes"`
	Teams    []string `json:"teams"`
	Services []string `json:"services"`
	Created  string   `json:"created"`
	Expires  string   `json:"expires"`
	Revoked  bool     `json:"revoked"`
	LastUsed string   `json:"last_used,omitempty"`
	// Token is the secret, present only in the answer that creates it.
	Token string `json:"token,omitempty"`
}

func toTokenJSON(t *store.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, Scopes: t.Scopes, Teams: t.Teams, Services: t.Services,
		Created: t.Created.Format(time.RFC3339), Expires: t.Expires.Format(time.RFC3339), Revoked: t.Revoked, LastUsed: t.LastUsed}
}

// NewAPIToken returns a fresh token secret ("chorus_" and 256 random bits)
// and the hash under which it is stored.
func NewAPIToken() (secret, hash string) {
	secret = APITokenPrefix + randomSecret()
	return secret, hashSecret(secret)
}

// CheckScopes requires every scope to be a known permission; errors name
// the field (scopes[1]).
func CheckScopes(scopes []string) error {
	var fields []survey.FieldError
	for i, sc := range scopes {
		if !slices.Contains(Permissions, sc) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("scopes[%d]", i), Message: fmt.Sprintf("Unknown permission %q.", sc)})
		}
	}
	return survey.FieldErrors("Some scopes are not valid.", fields)
}

func (s *Server) handleCreateToken(c echo.Context) error {
	org := c.Param("org")
	if err := s.authorize(c, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	req, err := bind[createTokenRequest](c)
	if err != nil {
		return err
	}
	if err := CheckScopes(req.Scopes); err != nil {
		return err
	}
	ctx := c.Request().Context()
	fields, err := checkUnits(ctx, s.store, org, "", req.Teams, req.Services)
	if err != nil {
		return err
	} else if err := survey.FieldErrors("Some teams or services are not valid.", fields); err != nil {
		return err
	}
	secret, hash := NewAPIToken()
	p := CurrentStaff(c)
	t, err := s.store.CreateToken(ctx, store.APIToken{Hash: hash, Name: req.Name, Organisation: org, Scopes: req.Scopes,
		Teams: req.Teams, Services: req.Services, CreatedBy: p.Kind + " " + cmp.Or(p.Email, p.Name) + " " + p.ID,
		Expires: s.now().UTC().Add(time.Duration(req.ExpiresInDays) * 24 * time.Hour).Truncate(time.Second)})
	if err != nil {
		return err
	}
	s.audit(c, "token.create", t.Name+" ("+t.ID+")", org)
	out := toTokenJSON(t)
	out.Token = secret
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleListTokens(c echo.Context) error {
	org := c.Param("org")
	if err := s.authorize(c, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	ts, err := s.store.ListTokens(c.Request().Context(), org)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(ts))
	for i := range ts {
		out = append(out, toTokenJSON(&ts[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"tokens": out})
}

func (s *Server) handleRevokeToken(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.store.FindToken(ctx, c.Param("id"))
	if survey.ErrorCode(err) == survey.ENOTFOUND && CurrentStaff(c).Kind != KindBootstrap {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
	} else if err != nil {
		return err
	}
	if err := s.authorize(c, PermAdmin, Scope{Organisation: t.Organisation}); err != nil {
		return err
	}
	if err := s.store.RevokeToken(ctx, t.ID); err != nil {
		return err
	}
	s.audit(c, "token.revoke", t.Name+" ("+t.ID+")", t.Organisation)
	return c.NoContent(http.StatusNoContent)
}
