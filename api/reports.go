package api

import (
	"context"
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
	"github.com/labstack/echo/v4"
)

// registerReportRoutes adds the report reads: the live report of a team,
// service or organisation for a quarter. They read rollups only.
func (s *Server) registerReportRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/teams/:team/reports/:quarter", s.handleTeamReport, mw...)
	g.GET("/services/:service/reports/:quarter", s.handleServiceReport, mw...)
	g.GET("/organisations/:org/reports/:quarter", s.handleOrganisationReport, mw...)
}

func (s *Server) handleTeamReport(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.findTeamFor(c, PermReadReport)
	if err != nil {
		return err
	}
	q, err := parseReportQuarter(c.Param("quarter"))
	if err != nil {
		return err
	}
	// Published or in review: the snapshot (workflow.go); else the draft.
	version, err := versionQuery(c)
	if err != nil {
		return err
	}
	if body, ok, err := s.WorkflowReport(ctx, t.Slug, q.Key(), version); err != nil {
		return err
	} else if ok {
		return c.JSONBlob(http.StatusOK, body)
	}
	rep, err := s.TeamReport(ctx, t, q, survey.ReportDraft)
	if err != nil {
		return err
	}
	if rep.Actions, err = s.reportActions(ctx, t.Slug, q.Key()); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) handleServiceReport(c echo.Context) error {
	ctx := c.Request().Context()
	sv, err := s.store.FindService(ctx, c.Param("service"))
	if err != nil {
		return err
	}
	if err := s.authorize(c, PermReadReport, Scope{Organisation: sv.Organisation, Service: sv.Slug}); err != nil {
		return err
	}
	q, err := parseReportQuarter(c.Param("quarter"))
	if err != nil {
		return err
	}
	rep, err := s.ServiceReport(ctx, sv, q, survey.ReportDraft)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) handleOrganisationReport(c echo.Context) error {
	ctx := c.Request().Context()
	org, err := s.store.FindOrganisation(ctx, c.Param("org"))
	if err != nil {
		return err
	}
	if err := s.authorize(c, PermReadReport, Scope{Organisation: org.Slug}); err != nil {
		return err
	}
	q, err := parseReportQuarter(c.Param("quarter"))
	if err != nil {
		return err
	}
	rep, err := s.OrganisationReport(ctx, org, q, survey.ReportDraft)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

// parseReportQuarter parses the quarter of a report URL. A malformed key
// names no report: not_found, with the parser's precise message.
func parseReportQuarter(key string) (survey.Quarter, error) {
	q, err := survey.ParseQuarter(key)
	if err != nil {
		return survey.Quarter{}, survey.Errorf(survey.ENOTFOUND, "%s", survey.ErrorMessage(err))
	}
	return q, nil
}

// TeamReport builds the report of a team for a quarter from its rollups
// (this quarter's and the previous one's), with suppression applied. The
// live draft leaves emerging terms empty, because finding them reads every
// comment; for any other status (a review or published snapshot, built
// once) they are computed. Quotes and actions are left empty for the
// caller. Returns not_found if the team's organisation is gone, or if the
// quarter key is not of the organisation's calendar.
func (s *Server) TeamReport(ctx context.Context, t *survey.Team, q survey.Quarter, status string) (*survey.Report, error) {
	scope := survey.ReportScope{Level: survey.LevelTeam, Slug: t.Slug, Name: t.Name}
	return s.buildReport(ctx, t.Organisation, []string{t.Slug}, scope, q, status)
}

// ServiceReport is TeamReport for a service: the sum of its teams.
func (s *Server) ServiceReport(ctx context.Context, sv *survey.Service, q survey.Quarter, status string) (*survey.Report, error) {
	teams, err := s.store.ListTeams(ctx, store.TeamFilter{Service: sv.Slug})
	if err != nil {
		return nil, err
	}
	scope := survey.ReportScope{Level: survey.LevelService, Slug: sv.Slug, Name: sv.Name}
	return s.buildReport(ctx, sv.Organisation, teamSlugs(teams), scope, q, status)
}

// OrganisationReport is TeamReport for an organisation: the sum of all its
// teams.
func (s *Server) OrganisationReport(ctx context.Context, org *survey.Organisation, q survey.Quarter, status string) (*survey.Report, error) {
	teams, err := s.store.ListTeams(ctx, store.TeamFilter{Organisation: org.Slug})
	if err != nil {
		return nil, err
	}
	scope := survey.ReportScope{Level: survey.LevelOrganisation, Slug: org.Slug, Name: org.Name}
	return s.buildReport(ctx, org.Slug, teamSlugs(teams), scope, q, status)
}

func teamSlugs(ts []survey.Team) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Slug
	}
	return out
}

func (s *Server) buildReport(ctx context.Context, orgSlug string, teams []string, scope survey.ReportScope, q survey.Quarter, status string) (*survey.Report, error) {
	org, err := s.store.FindOrganisation(ctx, orgSlug)
	if err != nil {
		return nil, err
	}
	cal := calendarOf(org)
	if q.SingleYear != (cal.StartMonth == time.January) {
		want := cal.QuarterOf(s.now()).Key()
		return nil, survey.Errorf(survey.ENOTFOUND, "Quarter %q is not one of %s's reporting quarters: use a key such as %s.", q.Key(), org.Name, want)
	}
	// Every report of the quarter comes from the organisation's one
	// disclosure decision (app.Disclosure), so no view contradicts another.
	d, err := s.disclosure.Decide(ctx, org, q)
	if err != nil {
		return nil, err
	}
	view := survey.ReportView{Status: status}
	if status != survey.ReportDraft && status != "" {
		if view.EmergingTerms, err = s.emergingTerms(ctx, teams, q); err != nil {
			return nil, err
		}
	}
	rep, ok := d.Report(scope.Level, scope.Slug, view)
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "No %s %q in %s.", scope.Level, scope.Slug, org.Name)
	}
	return &rep, nil
}

// emergingTerms finds the words and phrases whose use rose since the
// previous quarter, in the teams' redacted comments (risk-flagged ones
// left out).
func (s *Server) emergingTerms(ctx context.Context, teams []string, q survey.Quarter) ([]survey.EmergingTerm, error) {
	cur, err := s.redactedComments(ctx, teams, q.Key())
	if err != nil {
		return nil, err
	}
	prev, err := s.redactedComments(ctx, teams, q.Prev().Key())
	if err != nil {
		return nil, err
	}
	var out []survey.EmergingTerm
	for _, t := range themes.EmergingTerms(cur, prev, themes.EmergingOptions{}) {
		c, p := t.CountCurrent, t.CountPrevious
		out = append(out, survey.EmergingTerm{Term: t.Term, Z: t.Z, CountCurrent: &c, CountPrevious: &p})
	}
	return out, nil
}

func (s *Server) redactedComments(ctx context.Context, teams []string, quarter string) ([]string, error) {
	var out []string
	for _, t := range teams {
		cs, err := s.store.ListComments(ctx, store.CommentFilter{Team: t, Quarter: quarter, NoRisk: true})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out = append(out, c.Redacted)
		}
	}
	return out, nil
}
