package api

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// MaxAlertsListed is the most alerts one list answer holds.
const MaxAlertsListed = 500

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

func toAlertJSON(a *store.Alert) alertJSON {
	return alertJSON{ID: a.ID, Organisation: a.Organisation, Service: a.Service, Team: a.Team, Quarter: a.Quarter,
		Date: a.Date, Question: a.Question, RiskKind: a.RiskKind, Redacted: a.Redacted, Status: a.Status,
		AcknowledgedBy: a.AcknowledgedBy, AcknowledgedDate: a.AcknowledgedDate, TeamName: a.Team, Escalated: a.Escalated}
}

// describeAlerts adds team names and the hour in each organisation's zone.
func (s *Server) describeAlerts(ctx context.Context, out []alertJSON, raised map[string]time.Time) {
	names := map[string]string{}
	zones := map[string]*time.Location{}
	for i := range out {
		a := &out[i]
		if _, ok := names[a.Team]; !ok {
			names[a.Team] = a.Team
			if t, err := s.store.FindTeam(ctx, a.Team); err == nil {
				names[a.Team] = t.Name
			}
		}
		a.TeamName = names[a.Team]
		if r := raised[a.ID]; !r.IsZero() {
			if _, ok := zones[a.Organisation]; !ok {
				zones[a.Organisation] = survey.DefaultCalendar().Location
				if o, err := s.store.FindOrganisation(ctx, a.Organisation); err == nil {
					zones[a.Organisation] = calendarOf(o).Location
				}
			}
			a.Hour = r.In(zones[a.Organisation]).Format("15:04")
		}
	}
}

// alertsJSON turns stored alerts the staff member may see into JSON with
// team names and hours.
func (s *Server) alertsJSON(ctx context.Context, p *Staff, as []store.Alert) []alertJSON {
	out := alertsOut(p, as)
	raised := make(map[string]time.Time, len(as))
	for i := range as {
		raised[as[i].ID] = as[i].Raised
	}
	s.describeAlerts(ctx, out, raised)
	return out
}

// canAnywhere reports whether the staff member holds the permission on
// some part of their organisation.
func (p *Staff) canAnywhere(perm string) bool {
	if p == nil {
		return false
	}
	if p.Kind == KindBootstrap {
		return true
	}
	for _, g := range p.grants {
		if slices.Contains(g.perms, perm) {
			return true
		}
	}
	return false
}

// errNoAlertAccess is what staff without the safeguarding permission get
// for the alert list: they have no access, which is not "no alerts".
func errNoAlertAccess() error {
	return survey.Errorf(survey.EFORBIDDEN, "You do not have access to risk alerts. Ask an administrator if you are a safeguarding contact.")
}

// OpenAlertCount counts the open alerts the staff member may see, for the
// staff menu and dashboard; ok is false when they have no access to alerts.
func (s *Server) OpenAlertCount(ctx context.Context, p *Staff) (n int, ok bool, err error) {
	if !p.canAnywhere(PermSafeguarding) {
		return 0, false, nil
	}
	f := store.AlertFilter{Status: store.AlertOpen, Limit: MaxAlertsListed}
	if p.Kind != KindBootstrap {
		f.Organisation = p.Organisation
	}
	as, _, err := s.store.ListAlerts(ctx, f)
	if err != nil {
		return 0, true, err
	}
	return len(alertsOut(p, as)), true, nil
}

func alertScope(a *store.Alert) Scope {
	return Scope{Organisation: a.Organisation, Service: a.Service, Team: a.Team}
}

// alertsOut sorts alerts open first, then newest first, and keeps those the
// staff member may see.
func alertsOut(p *Staff, as []store.Alert) []alertJSON {
	out := make([]alertJSON, 0, len(as))
	for i := range as {
		if p.Can(PermSafeguarding, alertScope(&as[i])) {
			out = append(out, toAlertJSON(&as[i]))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, oj := out[i].Status == store.AlertOpen, out[j].Status == store.AlertOpen
		if oi != oj {
			return oi
		}
		return out[i].Date > out[j].Date
	})
	return out
}

func alertFilter(c echo.Context) (store.AlertFilter, error) {
	f := store.AlertFilter{Status: c.QueryParam("status"), Limit: MaxAlertsListed}
	if f.Status != "" && f.Status != store.AlertOpen && f.Status != store.AlertAcknowledged && f.Status != store.AlertReview {
		return f, &survey.Error{Code: survey.EINVALID, Message: "Unknown alert status.",
			Fields: []survey.FieldError{{Field: "status", Message: "Must be open, acknowledged or review."}}}
	}
	return f, nil
}

// handleListAlerts lists the alerts of every team the staff member is the
// safeguarding contact for (all of them for the bootstrap token), open
// ones first. ?status=open|acknowledged filters.
func (s *Server) handleListAlerts(c echo.Context) error {
	f, err := alertFilter(c)
	if err != nil {
		return err
	}
	p := CurrentStaff(c)
	if !p.canAnywhere(PermSafeguarding) {
		return errNoAlertAccess()
	}
	if p.Kind != KindBootstrap {
		f.Organisation = p.Organisation
	}
	as, _, err := s.store.ListAlerts(c.Request().Context(), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": s.alertsJSON(c.Request().Context(), p, as)})
}

func (s *Server) handleListTeamAlerts(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.findTeamFor(c, PermSafeguarding)
	if err != nil {
		return err
	}
	f, err := alertFilter(c)
	if err != nil {
		return err
	}
	f.Team = t.Slug
	as, _, err := s.store.ListAlerts(ctx, f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"alerts": s.alertsJSON(ctx, CurrentStaff(c), as)})
}

// alertFor finds the alert of the path and checks PermSafeguarding on its
// team.
func (s *Server) alertFor(c echo.Context) (*store.Alert, error) {
	a, err := s.store.FindAlert(c.Request().Context(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	if err := s.authorize(c, PermSafeguarding, alertScope(a)); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Server) handleGetAlert(c echo.Context) error {
	a, err := s.alertFor(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.alertsJSON(c.Request().Context(), CurrentStaff(c), []store.Alert{*a})[0])
}

// handleAcknowledgeAlert records that the safeguarding contact has dealt
// with an alert. Acknowledging again keeps the first acknowledgement.
func (s *Server) handleAcknowledgeAlert(c echo.Context) error {
	a, err := s.alertFor(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if a.Status != store.AlertAcknowledged { // a review item is acknowledged as read
		if err := s.store.AcknowledgeAlert(ctx, a.ID, actorName(c), s.today(ctx, a.Organisation)); err != nil {
			return err
		}
		s.audit(c, "alert.acknowledge", a.ID, a.Organisation)
		if a, err = s.store.FindAlert(ctx, a.ID); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusOK, s.alertsJSON(ctx, CurrentStaff(c), []store.Alert{*a})[0])
}

// actorName names the staff member of a request for review records: the
// user's e-mail address, or the token's name.
func actorName(c echo.Context) string {
	p := CurrentStaff(c)
	switch {
	case p == nil:
		return ""
	case p.Kind == KindUser:
		return p.Email
	case p.Kind == KindBootstrap:
		return "bootstrap token"
	}
	return p.Name
}

// today is the date now in the organisation's time zone.
func (s *Server) today(ctx context.Context, org string) string {
	cal := survey.DefaultCalendar()
	if o, err := s.store.FindOrganisation(ctx, org); err == nil {
		cal = calendarOf(o)
	}
	return survey.DateOf(s.now(), cal.Location)
}
