package api

import (
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// WebhookSecretPrefix starts every webhook secret (app.WebhookSecretPrefix).
const WebhookSecretPrefix = app.WebhookSecretPrefix

// teamWithSecret is a team as returned once, right after its webhook
// secret was made: the only time the secret is shown.
type teamWithSecret struct {
	survey.Team
	WebhookSecret string `json:"webhook_secret,omitempty"`
}

func (s *Server) registerWebhookRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/teams/:team/webhook-secret", s.handleRotateWebhookSecret, mw...)
	g.GET("/teams/:team/deliveries", s.handleListDeliveries, mw...)
}

// MaxDeliveriesListed is the most deliveries one answer holds.
const MaxDeliveriesListed = app.MaxDeliveriesListed

// deliveryJSON is one entry of a team's delivery log: what was sent, how
// often, and how it ended; never the payload.
type deliveryJSON struct {
	ID          string `json:"id"`
	Channel     string `json:"channel"`
	Event       string `json:"event"`
	Ref         string `json:"ref"`
	State       string `json:"state"`
	Attempts    int    `json:"attempts"`
	LastStatus  int    `json:"last_status"`
	LastError   string `json:"last_error,omitempty"`
	Created     string `json:"created"`
	Updated     string `json:"updated"`
	NextAttempt string `json:"next_attempt,omitempty"`
}

// handleListDeliveries shows a team's delivery log, newest first, so that
// an administrator can see why a webhook or e-mail did not arrive.
// ?state=pending|delivered|failed filters.
func (s *Server) handleListDeliveries(c echo.Context) error {
	ds, total, err := s.app.ListDeliveries(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.QueryParam("state"))
	if err != nil {
		return err
	}
	out := make([]deliveryJSON, 0, len(ds))
	for _, d := range ds {
		dj := deliveryJSON{ID: d.ID, Channel: d.Channel, Event: d.Event, Ref: d.Ref, State: d.State, Attempts: d.Attempts,
			LastStatus: d.LastStatus, LastError: d.LastError, Created: d.Created.Format(time.RFC3339), Updated: d.Updated.Format(time.RFC3339)}
		if d.State == store.DeliveryPending {
			dj.NextAttempt = d.NextAttempt.Format(time.RFC3339)
		}
		out = append(out, dj)
	}
	return c.JSON(http.StatusOK, map[string]any{"deliveries": out, "total": total})
}

// handleRotateWebhookSecret replaces the team's webhook secret and returns
// the new one, once. Deliveries made from then on are signed with it.
func (s *Server) handleRotateWebhookSecret(c echo.Context) error {
	t, err := s.findTeamFor(c, PermAdmin)
	if err != nil {
		return err
	}
	secret, err := s.app.RotateWebhookSecret(c.Request().Context(), CurrentStaff(c), t)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, teamWithSecret{Team: *t, WebhookSecret: secret})
}
