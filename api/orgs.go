package api

import (
	"fmt"
	"net/http"

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

type orgRequest struct {
	Slug     string             `json:"slug" validate:"required,slug"`
	Name     string             `json:"name" validate:"required,max=200"`
	Settings survey.OrgSettings `json:"settings"`
}

type orgUpdate struct {
	Name     *string             `json:"name" validate:"omitempty,min=1,max=200"`
	Settings *survey.OrgSettings `json:"settings"`
}

func (s *Server) handleCreateOrganisation(c echo.Context) error {
	if err := s.authorize(c, PermAdmin, Scope{}); err != nil {
		return err
	}
	req, err := bind[orgRequest](c)
	if err != nil {
		return err
	}
	if err := survey.CheckOrgSettings(req.Settings); err != nil {
		return err
	}
	o := survey.Organisation{Slug: req.Slug, Name: req.Name, Settings: req.Settings}
	if err := s.store.CreateOrganisation(c.Request().Context(), o); err != nil {
		return err
	}
	s.audit(c, "organisation.create", o.Slug, o.Slug)
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
	if err := s.authorize(c, PermAdmin, Scope{Organisation: c.Param("org")}); err != nil {
		return err
	}
	req, err := bind[orgUpdate](c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o, err := s.store.FindOrganisation(ctx, c.Param("org"))
	if err != nil {
		return err
	}
	if req.Name != nil {
		o.Name = *req.Name
	}
	if req.Settings != nil {
		if err := survey.CheckOrgSettings(*req.Settings); err != nil {
			return err
		}
		o.Settings = *req.Settings
	}
	if err := s.store.UpdateOrganisation(ctx, *o); err != nil {
		return err
	}
	s.audit(c, "organisation.update", o.Slug, o.Slug)
	return c.JSON(http.StatusOK, o)
}

type serviceRequest struct {
	Slug string `json:"slug" validate:"required,slug"`
	Name string `json:"name" validate:"required,max=200"`
}

func (s *Server) handleCreateService(c echo.Context) error {
	if err := s.authorize(c, PermAdmin, Scope{Organisation: c.Param("org")}); err != nil {
		return err
	}
	req, err := bind[serviceRequest](c)
	if err != nil {
		return err
	}
	sv := survey.Service{Slug: req.Slug, Organisation: c.Param("org"), Name: req.Name}
	if err := s.store.CreateService(c.Request().Context(), sv); err != nil {
		return err
	}
	s.audit(c, "service.create", sv.Slug, sv.Organisation)
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

type teamRequest struct {
	Slug              string   `json:"slug" validate:"required,slug"`
	Name              string   `json:"name" validate:"required,max=200"`
	SafeguardingEmail string   `json:"safeguarding_email" validate:"omitempty,email,max=254"`
	WebhookURL        string   `json:"webhook_url" validate:"omitempty,http_url,max=2000"`
	ContactEmails     []string `json:"contact_emails" validate:"omitempty,max=10,dive,email,max=254"`
}

type teamUpdate struct {
	Name              *string   `json:"name" validate:"omitempty,min=1,max=200"`
	SafeguardingEmail *string   `json:"safeguarding_email" validate:"omitempty,email,max=254"`
	WebhookURL        *string   `json:"webhook_url" validate:"omitempty,http_url,max=2000"`
	ContactEmails     *[]string `json:"contact_emails" validate:"omitempty,max=10,dive,email,max=254"`
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
	if survey.ReservedTeamSlug(req.Slug) {
		return survey.FieldErrors("Some fields are not valid.", []survey.FieldError{{Field: "slug",
			Message: fmt.Sprintf("The team slug %q is reserved for the survey pages; choose another.", req.Slug)}})
	}
	t, err := s.store.CreateTeam(c.Request().Context(), survey.Team{
		Slug: req.Slug, Service: sv.Slug, Name: req.Name,
		SafeguardingEmail: req.SafeguardingEmail, WebhookURL: req.WebhookURL, ContactEmails: req.ContactEmails,
	})
	if err != nil {
		return err
	}
	s.audit(c, "team.create", t.Slug, t.Organisation)
	// A webhook gets its signing secret now, shown in this answer only.
	out := teamWithSecret{Team: *t}
	if t.WebhookURL != "" {
		out.WebhookSecret = newWebhookSecret()
		if err := s.store.SetTeamWebhookSecret(c.Request().Context(), t.Slug, out.WebhookSecret); err != nil {
			return err
		}
	}
	return c.JSON(http.StatusCreated, out)
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
	ctx := c.Request().Context()
	if req.Name != nil {
		t.Name = *req.Name
	}
	if req.SafeguardingEmail != nil {
		t.SafeguardingEmail = *req.SafeguardingEmail
	}
	if req.ContactEmails != nil {
		t.ContactEmails = *req.ContactEmails
	}
	// A new webhook address gets a new signing secret, shown in this
	// answer only; removing the webhook removes its secret.
	out := teamWithSecret{}
	if req.WebhookURL != nil && *req.WebhookURL != t.WebhookURL {
		t.WebhookURL = *req.WebhookURL
		if t.WebhookURL != "" {
			out.WebhookSecret = newWebhookSecret()
		}
		err = s.store.UpdateTeamWithSecret(ctx, *t, out.WebhookSecret)
	} else {
		err = s.store.UpdateTeam(ctx, *t)
	}
	if err != nil {
		return err
	}
	s.audit(c, "team.update", t.Slug, t.Organisation)
	out.Team = *t
	return c.JSON(http.StatusOK, out)
}
