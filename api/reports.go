package api

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// registerReportRoutes adds the report reads: the live report of a team,
// service or organisation for a quarter. They read rollups only. The
// reports are built in package app (app/reports.go).
func (s *Server) registerReportRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/teams/:team/reports/:quarter", s.handleTeamReport, mw...)
	g.GET("/services/:service/reports/:quarter", s.handleServiceReport, mw...)
	g.GET("/organisations/:org/reports/:quarter", s.handleOrganisationReport, mw...)
}

// handleTeamReport serves the team's report as it stands in the workflow:
// a published version verbatim, the review snapshot, or the live draft.
func (s *Server) handleTeamReport(c echo.Context) error {
	ed, err := s.app.TeamReport(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.Param("quarter"), c.QueryParam("version"))
	if err != nil {
		return err
	}
	if ed.Stored != nil {
		return c.JSONBlob(http.StatusOK, ed.Stored)
	}
	return c.JSON(http.StatusOK, ed.Report)
}

func (s *Server) handleServiceReport(c echo.Context) error {
	rep, err := s.app.ServiceReport(c.Request().Context(), CurrentStaff(c), c.Param("service"), c.Param("quarter"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}

func (s *Server) handleOrganisationReport(c echo.Context) error {
	rep, err := s.app.OrganisationReport(c.Request().Context(), CurrentStaff(c), c.Param("org"), c.Param("quarter"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, rep)
}
