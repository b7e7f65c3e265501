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
}

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
	v := AlertView{ID: a.ID, URL: "/staff/alerts/" + url.PathEscape(a.ID), Team: a.Team, Date: a.Date, Kind: kind, Text: text,
		Status: a.Status, Open: a.Status != "acknowledged", AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate}
	v.StatusName = "Open"
	if !v.Open {
		v.StatusName = "Acknowledged"
	}
	return v
}

func (u *UI) handleAlerts(c echo.Context) error {
	status := c.QueryParam("status")
	path := apiPath("alerts")
	if status == "open" {
		path += "?status=open"
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
