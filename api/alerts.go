package api

import (
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
}

func toAlertJSON(a *store.Alert) alertJSON {
	return alertJSON{ID: a.ID, Organisation: a.Organisation, Service: a.Service, Team: a.Team, Quarter: a.Quarter,
		Date: a.Date, Question: a.Question, RiskKind: a.RiskKind, Redacted: a.Redacted, Status: a.Status,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate}
}

// alertsOut is the JSON of alerts (app.ListAlerts has sorted and
// filtered them).
func alertsOut(as []store.Alert) []alertJSON {
	out := make([]alertJSON, 0, len(as))
	for i := range as {
		out = append(out, toAlertJSON(&as[i]))
	}
	return out
}

// handleListAlerts lists the alerts of every team the staff member is the
// safeguarding contact for (all of them for the bootstrap token), open
// ones first. ?status=open|acknowledged filters.
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
	return c.JSON(http.StatusOK, toAlertJSON(a))
}

// handleAcknowledgeAlert records that the safeguarding contact has dealt
// with an alert. Acknowledging again keeps the first acknowledgement.
func (s *Server) handleAcknowledgeAlert(c echo.Context) error {
	a, err := s.app.AcknowledgeAlert(c.Request().Context(), CurrentStaff(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toAlertJSON(a))
}
