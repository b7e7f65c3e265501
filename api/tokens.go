package api

import (
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/labstack/echo/v4"
)

// MaxTokenDays is the longest an API token may live.
const MaxTokenDays = app.MaxTokenDays

func (s *Server) registerTokenRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/organisations/:org/tokens", s.handleCreateToken, mw...)
	g.GET("/organisations/:org/tokens", s.handleListTokens, mw...)
	g.DELETE("/tokens/:id", s.handleRevokeToken, mw...)
}

// createTokenRequest is POST /organisations/{org}/tokens (app.NewToken).
type createTokenRequest = app.NewToken

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
// and the hash under which it is stored (app.NewAPIToken).
func NewAPIToken() (secret, hash string) { return app.NewAPIToken() }

// CheckScopes requires every scope to be a known permission
// (app.CheckScopes).
func CheckScopes(scopes []string) error { return app.CheckScopes(scopes) }

func (s *Server) handleCreateToken(c echo.Context) error {
	org, p := c.Param("org"), CurrentStaff(c)
	// Permission first: the body is not read for someone who may not.
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	req, err := bind[createTokenRequest](c)
	if err != nil {
		return err
	}
	t, secret, err := s.app.CreateToken(c.Request().Context(), p, org, *req)
	if err != nil {
		return err
	}
	out := toTokenJSON(t)
	out.Token = secret
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleListTokens(c echo.Context) error {
	ts, err := s.app.ListTokens(c.Request().Context(), CurrentStaff(c), c.Param("org"))
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
	if err := s.app.RevokeToken(c.Request().Context(), CurrentStaff(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
