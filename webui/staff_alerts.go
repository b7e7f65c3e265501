package webui

import (
	"net/http"
	"net/url"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
	"github.com/labstack/echo/v4"
)

// AlertView is an alert in words.
type AlertView struct {
	ID, URL, Team, Date, Kind, Text, Status, StatusName string
	// When is the date and, for alerts that keep it, the hour in the
	// organisation's zone: "2026-11-22, 14:00 to 15:00".
	When                             string
	Open, Review, Escalated          bool
	AcknowledgedBy, AcknowledgedDate string
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

func alertView(d app.DescribedAlert) AlertView {
	a := &d.Alert
	team := d.TeamName
	if team == "" {
		team = a.Team
	}
	v := AlertView{ID: a.ID, URL: "/staff/alerts/" + url.PathEscape(a.ID), Team: team, Date: a.Date, When: a.Date,
		Kind: themes.RiskKindName(a.RiskKind), Text: a.Redacted,
		Status: a.Status, Open: a.Status == store.AlertOpen, Review: a.Status == store.AlertReview, Escalated: a.Escalated,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate}
	if d.Hour != "" {
		v.When += ", " + d.Hour + " to " + nextHour(d.Hour)
	}
	switch {
	case v.Open:
		v.StatusName = "Open"
	case v.Review:
		v.StatusName = "For review"
	default:
		v.StatusName = "Acknowledged"
	}
	return v
}

// nextHour turns "14:00" into "15:00".
func nextHour(h string) string {
	if len(h) != 5 {
		return ""
	}
	n := (int(h[0]-'0')*10 + int(h[1]-'0') + 1) % 24
	return string([]byte{byte('0' + n/10), byte('0' + n%10)}) + h[2:]
}

func (u *UI) handleAlerts(c echo.Context) error {
	status := c.QueryParam("status")
	filter := ""
	if status == "open" || status == "review" {
		filter = status
	}
	as, err := u.app.ListAlerts(c.Request().Context(), currentStaff(c), filter)
	if err != nil {
		return err
	}
	p := &AlertsPage{StaffPage: staffPage(c, "Risk alerts", "alerts"), Status: status}
	for _, a := range as {
		p.Alerts = append(p.Alerts, alertView(a))
	}
	return u.renderStaff(c, http.StatusOK, "alerts", p)
}

func (u *UI) handleAlert(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := u.app.Alert(ctx, currentStaff(c), c.Param("id"))
	if err != nil {
		return err
	}
	p := &AlertPage{StaffPage: staffPage(c, "Risk alert", "alerts", Crumb{"Risk alerts", "/staff/alerts"}),
		Alert: alertView(u.app.DescribeAlerts(ctx, []store.Alert{*a})[0]), Done: c.QueryParam("done") == "1"}
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
