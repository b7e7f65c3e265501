package api

import (
	"context"
	"net/http"

	"github.com/chorus-nhs/chorus/app"
	"github.com/labstack/echo/v4"
)

// The public "you said, we did" view is built in package app
// (app/public.go); these names keep the API's vocabulary.

// MaxPublicActions is the most actions per team on the public page.
const MaxPublicActions = app.MaxPublicActions

// YouSaidWeDid is the public "you said, we did" view of a service.
type YouSaidWeDid = app.YouSaidWeDid

// ServiceRef names a service.
type ServiceRef = app.ServiceRef

// TeamYouSaidWeDid is one team on the public page.
type TeamYouSaidWeDid = app.TeamYouSaidWeDid

// PublicReport is the part of a published report shown in public.
type PublicReport = app.PublicReport

// PublicAction is an action as shown in public.
type PublicAction = app.PublicAction

func (s *Server) registerPublicActionRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.GET("/services/:service/you-said-we-did", s.handleYouSaidWeDid, mw...)
}

func (s *Server) handleYouSaidWeDid(c echo.Context) error {
	out, err := s.YouSaidWeDid(c.Request().Context(), c.Param("service"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, out)
}

// YouSaidWeDid returns the public "you said, we did" view of a service.
// Returns not_found if there is no such service.
func (s *Server) YouSaidWeDid(ctx context.Context, service string) (*YouSaidWeDid, error) {
	return s.app.YouSaidWeDid(ctx, service)
}
