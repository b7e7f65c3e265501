package webui

import (
	"net/http"
	"net/url"

	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// alertJSON is a risk alert as the API serves it: a redacted comment, its
// kind and date, and nothing about the person who wrote it.
type alertJSON struct {
	ID               string `json:"id"`
	Team             string `json:"team"`
	Quarter          string `json:"quarter"`
	Date             string `json:"date"`
	RiskKind         string `json:"risk_kind"`
	Redacted         string `json:"redacted"`
	Text             string `json:"text"`
	Status           string `json:"status"`
	AcknowledgedBy   string `json:"acknowledged_by"`
	AcknowledgedDate string `json:"acknowledged_date"`
	TeamName         string `json:"team_name"`
	Hour             string `json:"hour"`
	Escalated        bool   `json:"escalated"`
}

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

// riskKindNames are the theme engine's risk kinds in plain English.
var riskKindNames = map[string]string{
	"suicide":            "Suicide",
	"self_harm":          "Self-harm",
	"safeguarding_child": "Safeguarding a child",
	"harm_to_others":     "Harm to others",
	"harm_from_others":   "Harm from others",
}

func alertView(a alertJSON) AlertView {
	kind := riskKindNames[a.RiskKind]
	if kind == "" {
		kind = a.RiskKind
	}
	text := a.Redacted
	if text == "" {
		text = a.Text
	}
	team := a.TeamName
	if team == "" {
		team = a.Team
	}
	v := AlertView{ID: a.ID, URL: "/staff/alerts/" + url.PathEscape(a.ID), Team: team, Date: a.Date, When: a.Date, Kind: kind, Text: text,
		Status: a.Status, Open: a.Status == "open", Review: a.Status == "review", Escalated: a.Escalated,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate}
	if a.Hour != "" {
		v.When += ", " + a.Hour + " to " + nextHour(a.Hour)
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
	path := apiPath("alerts")
	if status == "open" || status == "review" {
		path += "?status=" + status
	}
	var list struct {
		Alerts []alertJSON `json:"alerts"`
	}
	if err := u.callAPI(c, http.MethodGet, path, nil, &list); err != nil {
		return err
	}
	p := &AlertsPage{StaffPage: staffPage(c, "Risk alerts", "alerts"), Status: status}
	for _, a := range list.Alerts {
		p.Alerts = append(p.Alerts, alertView(a))
	}
	return u.renderStaff(c, http.StatusOK, "alerts", p)
}

func (u *UI) handleAlert(c echo.Context) error {
	var a alertJSON
	if err := u.callAPI(c, http.MethodGet, apiPath("alerts", c.Param("id")), nil, &a); err != nil {
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
	if err := u.callAPI(c, http.MethodPost, apiPath("alerts", id, "acknowledge"), nil, nil); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/staff/alerts/"+url.PathEscape(id)+"?done=1")
}
