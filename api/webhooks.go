package api

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// WebhookSecretPrefix starts every webhook secret, so that a leaked one is
// easy to recognise.
const WebhookSecretPrefix = "whsec_"

// teamWithSecret is a team as returned once, right after its webhook
// secret was made: the only time the secret is shown.
type teamWithSecret struct {
	survey.Team
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

// newWebhookSecret returns a random 192-bit secret.
func newWebhookSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return WebhookSecretPrefix + hex.EncodeToString(b)
}

func (s *Server) registerWebhookRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/teams/:team/webhook-secret", s.handleRotateWebhookSecret, mw...)
}

// handleRotateWebhookSecret replaces the team's webhook secret and returns
// the new one, once. Deliveries made from then on are signed with it.
func (s *Server) handleRotateWebhookSecret(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.store.FindTeam(ctx, c.Param("team"))
	if err != nil {
		return err
	}
	if err := s.authorize(c, PermAdmin, teamScope(t)); err != nil {
		return err
	}
	if t.WebhookURL == "" {
		return survey.FieldErrors("The team has no webhook.", []survey.FieldError{{Field: "webhook_url",
			Message: "Set the team's webhook_url first (PATCH /api/v1/teams/{team})."}})
	}
	secret := newWebhookSecret()
	if err := s.store.SetTeamWebhookSecret(ctx, t.Slug, secret); err != nil {
		return err
	}
	s.audit(c, "team.webhook_secret_rotate", t.Slug, t.Organisation)
	return c.JSON(http.StatusOK, teamWithSecret{Team: *t, WebhookSecret: secret})
}
