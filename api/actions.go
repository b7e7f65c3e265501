package api

import (
	"net/http"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/labstack/echo/v4"
)

// MaxActionDescription is the longest description of an action, in
// characters.
const MaxActionDescription = app.MaxActionDescription

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

func (s *Server) handleCreateAction(c echo.Context) error {
	ctx, p := c.Request().Context(), CurrentStaff(c)
	t, err := s.app.TeamFor(ctx, p, PermManageReport, c.Param("team"))
	if err != nil {
		return err
	}
	req, err := bind[actionRequest](c)
	if err != nil {
		return err
	}
	a, err := s.app.CreateAction(ctx, p, t, app.ActionInput{Quarter: req.Quarter, Theme: req.Theme,
		Description: req.Description, Owner: req.Owner, Status: req.Status})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toActionJSON(a))
}

func (s *Server) handleListActions(c echo.Context) error {
	as, total, err := s.app.ListActions(c.Request().Context(), CurrentStaff(c), c.Param("team"), c.QueryParam("quarter"), c.QueryParam("status"))
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
	return s.app.ActionFor(c.Request().Context(), CurrentStaff(c), perm, c.Param("id"))
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
	a, err = s.app.UpdateAction(c.Request().Context(), CurrentStaff(c), a, app.ActionChange{Quarter: req.Quarter,
		Theme: req.Theme, Description: req.Description, Owner: req.Owner, Status: req.Status})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toActionJSON(a))
}
