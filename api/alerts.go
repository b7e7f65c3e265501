package api

import (
	"context"
	"net/http"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/labstack/echo/v4"
)

// MaxAlertsListed is the most alerts one list answer holds.
const MaxAlertsListed = app.MaxAlertsListed

// registerAlertRoutes adds the safeguarding contact's view of risk alerts.
func (s *Server) registerAlertRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/alerts", s.handleListAlerts, mw...)
	g.GET("/teams/:team/alerts", s.handleListTeamAlerts, mw...)
	g.GET("/alerts/:id", s.handleGetAlert, mw...)
	g.POST("/alerts/:id/acknowledge", s.handleAcknowledgeAlert, mw...)
}

// alertJSON is a risk alert as staff see it: the redacted comment, its kind
// and date, and nothing about the person who wrote it.
type alertJSON struct {
	ID               string `json:"id"`
	Organisation     string `json:"organisation"`
	Service          string `json:"service"`
	Team             string `json:"team"`
	Quarter          string `json:"quarter"`
	Date             string `json:"date"`
	Question         string `json:"question"`
	RiskKind         string `json:"risk_kind"`
	Redacted         string `json:"redacted"`
	Status           string `json:"status"`
	AcknowledgedBy   string `json:"acknowledged_by,omitempty"`
	AcknowledgedDate string `json:"acknowledged_date,omitempty"`
	// TeamName is the team's display name; Hour the hour the alert was
	// raised in the organisation's zone ("14:00"), "" for older alerts.
	TeamName  string `json:"team_name"`
	Hour      string `json:"hour,omitempty"`
	Escalated bool   `json:"escalated"`
}

func toAlertJSON(d app.DescribedAlert) alertJSON {
	a := &d.Alert
	return alertJSON{ID: a.ID, Organisation: a.Organisation, Service: a.Service, Team: a.Team, Quarter: a.Quarter,
		Date: a.Date, Question: a.Question, RiskKind: a.RiskKind, Redacted: a.Redacted, Status: a.Status,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate, TeamName: d.TeamName, Hour: d.Hour,
		Escalated: a.Escalated}
}

// alertsOut is the JSON of alerts (app.ListAlerts has sorted, filtered
// and described them).
func alertsOut(as []app.DescribedAlert) []alertJSON {
	out := make([]alertJSON, 0, len(as))
	for _, a := range as {
		out = append(out, toAlertJSON(a))
	}
	return out
}

// oneAlertJSON describes one alert (team name, hour) as JSON.
func (s *Server) oneAlertJSON(c echo.Context, a *store.Alert) alertJSON {
	return toAlertJSON(s.app.DescribeAlerts(c.Request().Context(), []store.Alert{*a})[0])
}

// handleListAlerts lists the alerts of every team the staff member is the
// safeguarding contact for (all of them for the bootstrap token), open
// ones first. ?status=open|acknowledged|review filters.
func (s *Server) handleListAlerts(c echo.Context) error {
	as, err := s.app.ListAlerts(c.Request().Context(), CurrentStaff(c), c.QueryParam("status"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": alertsOut(as)})
}

func (s *Server) handleListTeamAlerts(c echo.Context) error {
	as, err := s.app.ListTeamAlerts(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.QueryParam("status"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": alertsOut(as)})
}

func (s *Server) handleGetAlert(c echo.Context) error {
	a, err := s.app.Alert(c.Request().Context(), CurrentStaff(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.oneAlertJSON(c, a))
}

// handleAcknowledgeAlert records that the safeguarding contact has dealt
// with an alert. Acknowledging again keeps the first acknowledgement.
func (s *Server) handleAcknowledgeAlert(c echo.Context) error {
	a, err := s.app.AcknowledgeAlert(c.Request().Context(), CurrentStaff(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.oneAlertJSON(c, a))
}

// OpenAlertCount counts the open alerts the staff member may see (see
// app.OpenAlertCount).
func (s *Server) OpenAlertCount(ctx context.Context, p *Staff) (n int, ok bool, err error) {
	return s.app.OpenAlertCount(ctx, p)
}
