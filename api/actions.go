package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
	"github.com/labstack/echo/v4"
)

// MaxActionDescription is the longest description of an action, in
// characters.
const MaxActionDescription = 1000

// registerActionRoutes adds "you said, we did" actions: recorded by
// managers per team, shown in reports and on the public page.
func (s *Server) registerActionRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/teams/:team/actions", s.handleCreateAction, mw...)
	g.GET("/teams/:team/actions", s.handleListActions, mw...)
	g.GET("/actions/:id", s.handleGetAction, mw...)
	g.PATCH("/actions/:id", s.handleUpdateAction, mw...)
}

type actionRequest struct {
	Quarter     string `json:"quarter" validate:"required,max=16"`
	Theme       string `json:"theme" validate:"required,max=200"`
	Description string `json:"description" validate:"required"`
	Owner       string `json:"owner" validate:"required,max=200"`
	Status      string `json:"status" validate:"omitempty,oneof=planned in_progress done"`
}

type actionUpdate struct {
	Quarter     *string `json:"quarter" validate:"omitempty,max=16"`
	Theme       *string `json:"theme" validate:"omitempty,max=200"`
	Description *string `json:"description"`
	Owner       *string `json:"owner" validate:"omitempty,max=200"`
	Status      *string `json:"status" validate:"omitempty,oneof=planned in_progress done"`
}

// actionJSON is the API shape of an action.
type actionJSON struct {
	ID          string `json:"id"`
	Team        string `json:"team"`
	Service     string `json:"service"`
	Quarter     string `json:"quarter"`
	Theme       string `json:"theme"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Status      string `json:"status"`
	Created     string `json:"created"`
	Updated     string `json:"updated"`
}

func toActionJSON(a *store.Action) actionJSON {
	return actionJSON{ID: a.ID, Team: a.Team, Service: a.Service, Quarter: a.Quarter, Theme: a.Theme,
		Description: a.Description, Owner: a.Owner, Status: a.Status,
		Created: a.Created.Format(time.RFC3339), Updated: a.Updated.Format(time.RFC3339)}
}

// checkAction checks the fields of an action that the validator cannot:
// a real quarter, a framework sub-theme, a plain description of at most
// MaxActionDescription characters and an owner that is a role or team
// name rather than a person's e-mail address. Nil fields are not checked.
func checkAction(quarter, theme, description, owner *string) error {
	var fields []survey.FieldError
	if quarter != nil {
		if _, err := survey.ParseQuarter(*quarter); err != nil {
			fields = append(fields, survey.FieldError{Field: "quarter", Message: survey.ErrorMessage(err)})
		}
	}
	if theme != nil && !slices.Contains(themes.SubThemes, *theme) {
		fields = append(fields, survey.FieldError{Field: "theme", Message: "Must be a sub-theme of the framework, such as \"Timeliness of care\"."})
	}
	if description != nil {
		d := strings.TrimSpace(*description)
		switch n := len([]rune(d)); {
		case n == 0:
			fields = append(fields, survey.FieldError{Field: "description", Message: "This field is required."})
		case n > MaxActionDescription:
			fields = append(fields, survey.FieldError{Field: "description", Message: "Must be at most 1000 characters long."})
		}
	}
	if owner != nil {
		o := strings.TrimSpace(*owner)
		if o == "" {
			fields = append(fields, survey.FieldError{Field: "owner", Message: "This field is required."})
		} else if strings.Contains(o, "@") {
			fields = append(fields, survey.FieldError{Field: "owner", Message: "Name a role or team (such as \"Ward manager\"), not a person's e-mail address: the action is shown in public."})
		}
	}
	return survey.FieldErrors("Some fields are not valid.", fields)
}

func (s *Server) handleCreateAction(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.findTeamFor(c, PermManageReport)
	if err != nil {
		return err
	}
	req, err := bind[actionRequest](c)
	if err != nil {
		return err
	}
	if err := checkAction(&req.Quarter, &req.Theme, &req.Description, &req.Owner); err != nil {
		return err
	}
	if req.Status == "" {
		req.Status = survey.ActionPlanned
	}
	a := &store.Action{Organisation: t.Organisation, Service: t.Service, Team: t.Slug, Quarter: req.Quarter,
		Theme: req.Theme, Description: strings.TrimSpace(req.Description), Owner: strings.TrimSpace(req.Owner), Status: req.Status}
	if err := s.store.CreateAction(ctx, a); err != nil {
		return err
	}
	s.audit(c, "action.create", a.ID, a.Organisation)
	return c.JSON(http.StatusCreated, toActionJSON(a))
}

func (s *Server) handleListActions(c echo.Context) error {
	ctx := c.Request().Context()
	t, err := s.findTeamFor(c, PermReadReport)
	if err != nil {
		return err
	}
	f := store.ActionFilter{Team: t.Slug, Quarter: c.QueryParam("quarter"), Status: c.QueryParam("status")}
	as, total, err := s.store.ListActions(ctx, f)
	if err != nil {
		return err
	}
	out := make([]actionJSON, 0, len(as))
	for i := range as {
		out = append(out, toActionJSON(&as[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"actions": out, "total": total})
}

// actionFor finds the action of the path and checks the permission on its
// team.
func (s *Server) actionFor(c echo.Context, perm string) (*store.Action, error) {
	a, err := s.store.FindAction(c.Request().Context(), c.Param("id"))
	if err != nil {
		return nil, err
	}
	sc := Scope{Organisation: a.Organisation, Service: a.Service, Team: a.Team}
	if err := s.authorize(c, perm, sc); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Server) handleGetAction(c echo.Context) error {
	a, err := s.actionFor(c, PermReadReport)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toActionJSON(a))
}

func (s *Server) handleUpdateAction(c echo.Context) error {
	a, err := s.actionFor(c, PermManageReport)
	if err != nil {
		return err
	}
	req, err := bind[actionUpdate](c)
	if err != nil {
		return err
	}
	if err := checkAction(req.Quarter, req.Theme, req.Description, req.Owner); err != nil {
		return err
	}
	u := store.ActionUpdate{Quarter: req.Quarter, Theme: req.Theme, Status: req.Status}
	if req.Description != nil {
		d := strings.TrimSpace(*req.Description)
		u.Description = &d
	}
	if req.Owner != nil {
		o := strings.TrimSpace(*req.Owner)
		u.Owner = &o
	}
	a, err = s.store.UpdateAction(c.Request().Context(), a.ID, u)
	if err != nil {
		return err
	}
	s.audit(c, "action.update", a.ID, a.Organisation)
	return c.JSON(http.StatusOK, toActionJSON(a))
}

// reportActions returns a team's actions for a quarter as reports show
// them.
func (s *Server) reportActions(ctx context.Context, team, quarter string) ([]survey.Action, error) {
	as, _, err := s.store.ListActions(ctx, store.ActionFilter{Team: team, Quarter: quarter})
	if err != nil {
		return nil, err
	}
	out := make([]survey.Action, 0, len(as))
	for i := range as {
		out = append(out, as[i].ReportAction())
	}
	return out, nil
}

// ReportActions is reportActions for the report handler and web pages.
func (s *Server) ReportActions(ctx context.Context, team, quarter string) ([]survey.Action, error) {
	return s.reportActions(ctx, team, quarter)
}
