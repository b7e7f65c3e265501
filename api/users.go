package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

func (s *Server) registerUserRoutes(g *echo.Group, mw ...echo.MiddlewareFunc) {
	g.POST("/organisations/:org/users", s.handleCreateUser, mw...)
	g.GET("/organisations/:org/users", s.handleListUsers, mw...)
	g.PATCH("/users/:id", s.handleUpdateUser, mw...)
	g.POST("/users/:id/password-reset", s.handleResetPassword, mw...)
	g.POST("/users/me/password", s.handleChangePassword, mw...)
}

// The account use cases are in package app (app/accounts.go); these names
// keep the API's vocabulary.
type (
	roleRequest       = app.RoleInput
	createUserRequest = app.NewUser
	updateUserRequest = app.UserChange
)

// CheckRoles checks roles for an account of org (app.CheckRoles).
func CheckRoles(ctx context.Context, st *store.Store, org string, roles []store.Role) error {
	return app.CheckRoles(ctx, st, org, roles)
}

func (s *Server) handleCreateUser(c echo.Context) error {
	org, p := c.Param("org"), CurrentStaff(c)
	// Permission first: the body is not read for someone who may not.
	if err := app.Authorize(p, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	req, err := bind[createUserRequest](c)
	if err != nil {
		return err
	}
	acc, temp, err := s.app.CreateUser(c.Request().Context(), p, org, *req)
	if err != nil {
		return err
	}
	out := map[string]any{"user": toUserJSON(acc)}
	if temp != "" {
		out["temporary_password"] = temp
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleListUsers(c echo.Context) error {
	offset, _ := strconv.Atoi(c.QueryParam("offset"))
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	accs, total, err := s.app.ListUsers(c.Request().Context(), CurrentStaff(c), c.Param("org"), offset, limit)
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(accs))
	for i := range accs {
		out = append(out, toUserJSON(&accs[i]))
	}
	return c.JSON(http.StatusOK, map[string]any{"users": out, "total": total})
}

// findUserFor returns the account :id after checking that the request may
// administer its organisation.
func (s *Server) findUserFor(c echo.Context) (*store.Account, error) {
	return s.app.UserFor(c.Request().Context(), CurrentStaff(c), c.Param("id"))
}

func (s *Server) handleUpdateUser(c echo.Context) error {
	acc, err := s.findUserFor(c)
	if err != nil {
		return err
	}
	req, err := bind[updateUserRequest](c)
	if err != nil {
		return err
	}
	updated, err := s.app.UpdateUser(c.Request().Context(), CurrentStaff(c), acc, *req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"user": toUserJSON(updated)})
}

type resetPasswordRequest struct {
	TemporaryPassword string `json:"temporary_password" validate:"max=1024"`
}

// handleResetPassword sets a temporary password (given, or generated and
// returned once), which the user must change at their next sign-in, and
// ends every session of the account.
func (s *Server) handleResetPassword(c echo.Context) error {
	acc, err := s.findUserFor(c)
	if err != nil {
		return err
	}
	req := &resetPasswordRequest{}
	if c.Request().ContentLength != 0 {
		if req, err = bind[resetPasswordRequest](c); err != nil {
			return err
		}
	}
	temp, err := s.app.ResetPassword(c.Request().Context(), CurrentStaff(c), acc, req.TemporaryPassword)
	if err != nil {
		return err
	}
	out := map[string]any{"user": acc.ID, "must_change_password": true}
	if temp != "" {
		out["temporary_password"] = temp
	}
	return c.JSON(http.StatusOK, out)
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password" validate:"required,max=1024"`
	NewPassword     string `json:"new_password" validate:"required,max=1024"`
}

// ChangePassword lets the signed-in user of c choose a new password after
// giving the current one (app.ChangePassword), for the password page.
func (s *Server) ChangePassword(c echo.Context, current, next string) error {
	return s.app.ChangePassword(c.Request().Context(), CurrentStaff(c), current, next)
}

func (s *Server) handleChangePassword(c echo.Context) error {
	if p := CurrentStaff(c); p.Kind != KindUser {
		return survey.Errorf(survey.EFORBIDDEN, "Only a signed-in person has a password to change.")
	}
	req, err := bind[changePasswordRequest](c)
	if err != nil {
		return err
	}
	if err := s.ChangePassword(c, req.CurrentPassword, req.NewPassword); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
