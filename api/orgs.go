package api

import (
	"net/http"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerOrgRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/organisations", s.handleCreateOrganisation, mw...)
	g.GET("/organisations", s.handleListOrganisations, mw...)
	g.GET("/organisations/:org", s.handleGetOrganisation, mw...)
	g.PATCH("/organisations/:org", s.handleUpdateOrganisation, mw...)
	g.POST("/organisations/:org/services", s.handleCreateService, mw...)
	g.GET("/organisations/:org/services", s.handleListServices, mw...)
	g.GET("/services/:service", s.handleGetService, mw...)
	g.POST("/services/:service/teams", s.handleCreateTeam, mw...)
	g.GET("/services/:service/teams", s.handleListTeams, mw...)
	g.GET("/teams/:team", s.handleGetTeam, mw...)
	g.PATCH("/teams/:team", s.handleUpdateTeam, mw...)
}

// The request bodies are the inputs of the use cases (app/orgs_admin.go).
type (
	orgRequest     = app.NewOrganisation
	orgUpdate      = app.OrganisationChange
	serviceRequest = app.NewService
	teamRequest    = app.NewTeam
	teamUpdate     = app.TeamChange
)

func (s *Server) handleCreateOrganisation(c echo.Context) error {
	p := CurrentStaff(c)
	// Permission first: the body is not read for someone who may not.
	if err := app.Authorize(p, PermAdmin, Scope{}); err != nil {
		return err
	}
	req, err := bind[orgRequest](c)
	if err != nil {
		return err
	}
	o, err := s.app.CreateOrganisation(c.Request().Context(), p, *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, o)
}

// handleListOrganisations lists every organisation for the bootstrap token
// and only their own for everyone else.
func (s *Server) handleListOrganisations(c echo.Context) error {
	orgs, err := s.app.ListOrganisations(c.Request().Context(), CurrentStaff(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"organisations": orgs})
}

func (s *Server) handleGetOrganisation(c echo.Context) error {
	o, err := s.app.Organisation(c.Request().Context(), CurrentStaff(c), c.Param("org"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

func (s *Server) handleUpdateOrganisation(c echo.Context) error {
	p := CurrentStaff(c)
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: c.Param("org")}); err != nil {
		return err
	}
	req, err := bind[orgUpdate](c)
	if err != nil {
		return err
	}
	o, err := s.app.UpdateOrganisation(c.Request().Context(), p, c.Param("org"), *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, o)
}

func (s *Server) handleCreateService(c echo.Context) error {
	p := CurrentStaff(c)
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: c.Param("org")}); err != nil {
		return err
	}
	req, err := bind[serviceRequest](c)
	if err != nil {
		return err
	}
	sv, err := s.app.CreateService(c.Request().Context(), p, c.Param("org"), *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, sv)
}

func (s *Server) handleListServices(c echo.Context) error {
	svs, err := s.app.ListServices(c.Request().Context(), CurrentStaff(c), c.Param("org"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"services": svs})
}

func (s *Server) handleGetService(c echo.Context) error {
	sv, err := s.findServiceFor(c, PermReadOrg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sv)
}

// findServiceFor returns the service :service once the request may use perm
// on it.
func (s *Server) findServiceFor(c echo.Context, perm string) (*survey.Service, error) {
	return s.app.ServiceFor(c.Request().Context(), CurrentStaff(c), perm, c.Param("service"))
}

// findTeamFor returns the team :team once the request may use perm on it.
func (s *Server) findTeamFor(c echo.Context, perm string) (*survey.Team, error) {
	return s.app.TeamFor(c.Request().Context(), CurrentStaff(c), perm, c.Param("team"))
}

func (s *Server) handleCreateTeam(c echo.Context) error {
	sv, err := s.findServiceFor(c, PermAdmin)
	if err != nil {
		return err
	}
	req, err := bind[teamRequest](c)
	if err != nil {
		return err
	}
	t, secret, err := s.app.CreateTeam(c.Request().Context(), CurrentStaff(c), sv, *req)
	if err != nil {
		return err
	}
	// A webhook gets its signing secret now, shown in this answer only.
	return c.JSON(http.StatusCreated, teamWithSecret{Team: *t, WebhookSecret: secret})
}

// handleListTeams lists the teams of a service that the request may see.
func (s *Server) handleListTeams(c echo.Context) error {
	teams, err := s.app.ListTeams(c.Request().Context(), CurrentStaff(c), c.Param("service"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"teams": teams})
}

func (s *Server) handleGetTeam(c echo.Context) error {
	t, err := s.findTeamFor(c, PermReadOrg)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) handleUpdateTeam(c echo.Context) error {
	t, err := s.findTeamFor(c, PermAdmin)
	if err != nil {
		return err
	}
	req, err := bind[teamUpdate](c)
	if err != nil {
		return err
	}
	secret, err := s.app.UpdateTeam(c.Request().Context(), CurrentStaff(c), t, *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, teamWithSecret{Team: *t, WebhookSecret: secret})
}
