package webui

import (
	"net/http"
	"net/url"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
	"github.com/labstack/echo/v4"
)

// AlertView is an alert in words.
type AlertView struct {
	ID, URL, Team, Date, Kind, Text, Status, StatusName string
	Open                                                bool
	AcknowledgedBy, AcknowledgedDate                    string
}

// AlertsPage lists risk alerts, open ones first.
type AlertsPage struct {
	StaffPage
	Status string // filter: "open" or ""
	Alerts []AlertView
}

// AlertPage shows one alert with its acknowledge button.
type AlertPage struct {
	StaffPage
	Alert AlertView
	Done  bool
}

func (u *UI) registerAlertRoutes(e *echo.Echo, mw []echo.MiddlewareFunc) {
	e.GET("/staff/alerts", u.handleAlerts, mw...)
	e.GET("/staff/alerts/:id", u.handleAlert, mw...)
	e.POST("/staff/alerts/:id/acknowledge", u.handleAcknowledge, mw...)
}

func alertView(a *store.Alert) AlertView {
	v := AlertView{ID: a.ID, URL: "/staff/alerts/" + url.PathEscape(a.ID), Team: a.Team, Date: a.Date,
		Kind: themes.RiskKindName(a.RiskKind), Text: a.Redacted,
		Status: a.Status, Open: a.Status != "acknowledged", AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate}
	v.StatusName = "Open"
	if !v.Open {
		v.StatusName = "Acknowledged"
	}
	return v
}

func (u *UI) handleAlerts(c echo.Context) error {
	status := c.QueryParam("status")
	filter := ""
	if status == "open" {
		filter = status
	}
	as, err := u.app.ListAlerts(c.Request().Context(), currentStaff(c), filter)
	if err != nil {
		return err
	}
	p := &AlertsPage{StaffPage: staffPage(c, "Risk alerts", "alerts"), Status: status}
	for i := range as {
		p.Alerts = append(p.Alerts, alertView(&as[i]))
	}
	return u.renderStaff(c, http.StatusOK, "alerts", p)
}

func (u *UI) handleAlert(c echo.Context) error {
	a, err := u.app.Alert(c.Request().Context(), currentStaff(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := &AlertPage{StaffPage: staffPage(c, "Risk alert", "alerts", Crumb{"Risk alerts", "/staff/alerts"}),
		Alert: alertView(a), Done: c.QueryParam("done") == "1"}
	return u.renderStaff(c, http.StatusOK, "alert", p)
}

// handleAcknowledge records that the safeguarding contact has dealt with
// the alert, then shows it again (POST-redirect-GET).
func (u *UI) handleAcknowledge(c echo.Context) error {
	id := c.Param("id")
	if !survey.ValidSlug(id) {
		return survey.Errorf(survey.ENOTFOUND, "No alert %q.", id)
	}
	if _, err := u.app.AcknowledgeAlert(c.Request().Context(), currentStaff(c), id); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/alerts/"+url.PathEscape(id)+"?done=1")
}
