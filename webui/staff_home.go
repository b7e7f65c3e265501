package webui

import (
	"net/http"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// HomePage lists the reports the staff member may read: each organisation,
// its services and their teams, with this quarter (so far) and last quarter.
type HomePage struct {
	StaffPage
	Orgs   []OrgView
	Notice string
	Safety SafetyStatus
}

// OrgView is one organisation on the home page.
type OrgView struct {
	Name     string
	Current  QuarterLink // this quarter, still collecting
	Previous QuarterLink // the last complete quarter
	// ReportURL is the organisation-level report of the last quarter, when
	// the staff member may read it.
	ReportURL string
	Services  []ServiceView
}

// ServiceView is a service with the teams the staff member may read.
type ServiceView struct {
	Name, Slug string
	ReportURL  string // service-level report of the last quarter, if allowed
	PublicURL  string
	Teams      []TeamView
}

// TeamView is a team with links to its reports.
type TeamView struct {
	Name        string
	CurrentURL  string
	PreviousURL string
}

// QuarterLink names a quarter.
type QuarterLink struct{ Key, Label string }

func (u *UI) handleHome(c echo.Context) error {
	var orgs struct {
		Organisations []survey.Organisation `json:"organisations"`
	}
	if err := u.callAPI(c, http.MethodGet, apiPath("organisations"), nil, &orgs); err != nil {
		return err
	}
	p := &HomePage{StaffPage: staffPage(c, "Your reports", "home")}
	p.Safety = u.safetyFor(c, p.Staff)
	if c.QueryParam("notice") == "password-changed" {
		p.Notice = "Your password has been changed. You have been signed out everywhere else."
	}
	for _, o := range orgs.Organisations {
		ov, err := u.orgView(c, o)
		if err != nil {
			return err
		}
		p.Orgs = append(p.Orgs, ov)
	}
	return u.renderStaff(c, http.StatusOK, "home", p)
}

// orgView lists the services and teams of an organisation that the staff
// member may read reports of.
func (u *UI) orgView(c echo.Context, o survey.Organisation) (OrgView, error) {
	me := api.CurrentStaff(c)
	cal := o.Settings.Calendar()
	cur := cal.QuarterOf(u.now())
	prev := cur.Prev()
	ov := OrgView{Name: o.Name, Current: QuarterLink{cur.Key(), cal.Label(cur)}, Previous: QuarterLink{prev.Key(), cal.Label(prev)}}
	if me.Can(api.PermReadReport, api.Scope{Organisation: o.Slug}) {
		ov.ReportURL = scopeReportPath(survey.LevelOrganisation, o.Slug, prev.Key())
	}
	var svs struct {
		Services []survey.Service `json:"services"`
	}
	if err := u.callAPI(c, http.MethodGet, apiPath("organisations", o.Slug, "services"), nil, &svs); err != nil {
		return ov, err
	}
	for _, s := range svs.Services {
		sv, err := u.serviceView(c, o.Slug, s, cur, prev)
		if err != nil {
			return ov, err
		}
		if len(sv.Teams) > 0 || sv.ReportURL != "" {
			ov.Services = append(ov.Services, sv)
		}
	}
	return ov, nil
}

func (u *UI) serviceView(c echo.Context, org string, s survey.Service, cur, prev survey.Quarter) (ServiceView, error) {
	me := api.CurrentStaff(c)
	sv := ServiceView{Name: s.Name, Slug: s.Slug, PublicURL: YouSaidWeDidPath + s.Slug}
	if me.Can(api.PermReadReport, api.Scope{Organisation: org, Service: s.Slug}) {
		sv.ReportURL = scopeReportPath(survey.LevelService, s.Slug, prev.Key())
	}
	var teams struct {
		Teams []survey.Team `json:"teams"`
	}
	if err := u.callAPI(c, http.MethodGet, apiPath("services", s.Slug, "teams"), nil, &teams); err != nil {
		return sv, err
	}
	for _, t := range teams.Teams {
		if !me.Can(api.PermReadReport, api.Scope{Organisation: org, Service: s.Slug, Team: t.Slug}) {
			continue
		}
		sv.Teams = append(sv.Teams, TeamView{Name: t.Name,
			CurrentURL:  scopeReportPath(survey.LevelTeam, t.Slug, cur.Key()),
			PreviousURL: scopeReportPath(survey.LevelTeam, t.Slug, prev.Key())})
	}
	return sv, nil
}

// scopePaths are the URL segments of report levels.
var scopePaths = map[string]string{
	survey.LevelTeam:         "teams",
	survey.LevelService:      "services",
	survey.LevelOrganisation: "organisations",
}

// scopeReportPath is the dashboard page of a report.
func scopeReportPath(level, slug, quarter string) string {
	return "/staff/" + scopePaths[level] + "/" + slug + "/reports/" + quarter
}
