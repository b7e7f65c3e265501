package api

import (
	"context"
	"fmt"
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

type roleRequest struct {
	Role     string   `json:"role" validate:"required,oneof=administrator manager panel viewer"`
	Teams    []string `json:"teams" validate:"max=100,dive,slug"`
	Services []string `json:"services" validate:"max=100,dive,slug"`
}

type createUserRequest struct {
	Email    string        `json:"email" validate:"required,email,max=254"`
	Name     string        `json:"name" validate:"required,max=200"`
	Roles    []roleRequest `json:"roles" validate:"max=50,dive"`
	Password string        `json:"password" validate:"max=1024"`
}

type updateUserRequest struct {
	Name     *string        `json:"name" validate:"omitempty,min=1,max=200"`
	Roles    *[]roleRequest `json:"roles" validate:"omitempty,max=50,dive"`
	Disabled *bool          `json:"disabled"`
}

// CheckRoles checks roles for an account of org: known role names, an
// administrator without teams or services, a panel member with services
// only, a manager or viewer with at least one team or service, and every
// team and service in org. Errors name the field (roles[0].teams[1]).
func CheckRoles(ctx context.Context, st *store.Store, org string, roles []store.Role) error {
	var fields []survey.FieldError
	add := func(f, msg string, args ...any) {
		fields = append(fields, survey.FieldError{Field: f, Message: fmt.Sprintf(msg, args...)})
	}
	for i, r := range roles {
		p := fmt.Sprintf("roles[%d]", i)
		switch {
		case app.RolePermissions(r.Role) == nil:
			add(p+".role", "Must be one of: administrator, manager, panel, viewer.")
		case r.Role == RoleAdministrator && len(r.Teams)+len(r.Services) > 0:
			add(p, "An administrator covers the whole organisation: leave out teams and services.")
		case r.Role == RolePanel && len(r.Teams) > 0:
			add(p+".teams", "Panel members are scoped to services: list services instead.")
		case r.Role != RoleAdministrator && len(r.Teams)+len(r.Services) == 0:
			add(p, "Name at least one team or service.")
		}
		more, err := checkUnits(ctx, st, org, p+".", r.Teams, r.Services)
		if err != nil {
			return err
		}
		fields = append(fields, more...)
	}
	return survey.FieldErrors("Some roles are not valid.", fields)
}

// checkUnits requires every team and service to exist in org; fields are
// named prefix+"teams[j]" and prefix+"services[j]".
func checkUnits(ctx context.Context, st *store.Store, org, prefix string, teams, services []string) ([]survey.FieldError, error) {
	var fields []survey.FieldError
	for j, t := range teams {
		if tm, err := st.FindTeam(ctx, t); survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && tm.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("%steams[%d]", prefix, j), Message: fmt.Sprintf("There is no team %q in this organisation.", t)})
		} else if err != nil {
			return nil, err
		}
	}
	for j, sv := range services {
		if x, err := st.FindService(ctx, sv); survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && x.Organisation != org) {
			fields = append(fields, survey.FieldError{Field: fmt.Sprintf("%sservices[%d]", prefix, j), Message: fmt.Sprintf("There is no service %q in this organisation.", sv)})
		} else if err != nil {
			return nil, err
		}
	}
	return fields, nil
}

func toRoles(rs []roleRequest) []store.Role {
	out := make([]store.Role, 0, len(rs))
	for _, r := range rs {
		out = append(out, store.Role{Role: r.Role, Teams: r.Teams, Services: r.Services})
	}
	return out
}

func (s *Server) handleCreateUser(c echo.Context) error {
	org := c.Param("org")
	if err := s.authorize(c, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	req, err := bind[createUserRequest](c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	roles := toRoles(req.Roles)
	if err := CheckRoles(ctx, s.store, org, roles); err != nil {
		return err
	}
	password, generated := req.Password, req.Password == ""
	if generated {
		password = GeneratePassword()
	} else if err := CheckPassword("password", password, req.Email); err != nil {
		return err
	}
	acc, err := s.store.CreateAccount(ctx, store.Account{Email: req.Email, Name: req.Name, Organisation: org, Roles: roles,
		PasswordHash: HashPassword(password), MustChangePassword: true})
	if err != nil {
		return err
	}
	s.audit(c, "user.create", acc.Email, org)
	out := map[string]any{"user": toUserJSON(acc)}
	if generated {
		out["temporary_password"] = password
	}
	return c.JSON(http.StatusCreated, out)
}

func (s *Server) handleListUsers(c echo.Context) error {
	org := c.Param("org")
	if err := s.authorize(c, PermAdmin, Scope{Organisation: org}); err != nil {
		return err
	}
	offset, _ := strconv.Atoi(c.QueryParam("offset"))
	limit, _ := strconv.Atoi(c.QueryParam("limit"))
	if offset < 0 || limit < 0 || limit > 500 {
		return survey.Errorf(survey.EINVALID, "offset must be 0 or more and limit from 1 to 500.")
	}
	accs, total, err := s.store.ListAccounts(c.Request().Context(), store.AccountFilter{Organisation: org, Offset: offset, Limit: limit})
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
	acc, err := s.store.FindAccount(c.Request().Context(), c.Param("id"))
	if survey.ErrorCode(err) == survey.ENOTFOUND {
		// Same answer as another organisation's account: no probing.
		if p := CurrentStaff(c); p.Kind != KindBootstrap {
			return nil, survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
		}
		return nil, err
	} else if err != nil {
		return nil, err
	}
	if err := s.authorize(c, PermAdmin, Scope{Organisation: acc.Organisation}); err != nil {
		return nil, err
	}
	return acc, nil
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
	ctx := c.Request().Context()
	u := store.AccountUpdate{Name: req.Name, Disabled: req.Disabled}
	if req.Roles != nil {
		roles := toRoles(*req.Roles)
		if err := CheckRoles(ctx, s.store, acc.Organisation, roles); err != nil {
			return err
		}
		u.Roles = &roles
	}
	updated, err := s.store.UpdateAccount(ctx, acc.ID, u)
	if err != nil {
		return err
	}
	if updated.Disabled {
		if _, err := s.store.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
			return err
		}
	}
	s.audit(c, "user.update", acc.Email, acc.Organisation)
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
	password, generated := req.TemporaryPassword, req.TemporaryPassword == ""
	if generated {
		password = GeneratePassword()
	} else if err := CheckPassword("temporary_password", password, acc.Email); err != nil {
		return err
	}
	ctx := c.Request().Context()
	if err := s.store.SetPassword(ctx, acc.ID, HashPassword(password), true); err != nil {
		return err
	}
	if _, err := s.store.DeleteAccountSessions(ctx, acc.ID, ""); err != nil {
		return err
	}
	s.audit(c, "user.password_reset", acc.Email, acc.Organisation)
	out := map[string]any{"user": acc.ID, "must_change_password": true}
	if generated {
		out["temporary_password"] = password
	}
	return c.JSON(http.StatusOK, out)
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password" validate:"required,max=1024"`
	NewPassword     string `json:"new_password" validate:"required,max=1024"`
}

// ChangePassword lets the signed-in user of c choose a new password after
// giving the current one; their other sessions end. Errors: forbidden for
// anyone but a signed-in person; unprocessable naming current_password or
// new_password.
func (s *Server) ChangePassword(c echo.Context, current, next string) error {
	p := CurrentStaff(c)
	if p == nil || p.Kind != KindUser {
		return survey.Errorf(survey.EFORBIDDEN, "Only a signed-in person has a password to change.")
	}
	ctx := c.Request().Context()
	acc, err := s.store.FindAccount(ctx, p.ID)
	if err != nil {
		return err
	}
	if !VerifyPassword(acc.PasswordHash, current) {
		if _, _, err := s.store.RecordLoginFailure(ctx, acc.ID, FreeLoginFailures, lockout); err != nil {
			return err
		}
		return survey.FieldErrors("The current password is wrong.", []survey.FieldError{{Field: "current_password", Message: "This is not your current password."}})
	}
	if err := CheckPassword("new_password", next, acc.Email); err != nil {
		return err
	}
	if next == current {
		return survey.FieldErrors("Choose a different password.", []survey.FieldError{{Field: "new_password", Message: "Must differ from the current password."}})
	}
	if err := s.store.SetPassword(ctx, acc.ID, HashPassword(next), false); err != nil {
		return err
	}
	if _, err := s.store.DeleteAccountSessions(ctx, acc.ID, p.Session); err != nil {
		return err
	}
	s.audit(c, "user.password_change", acc.Email, acc.Organisation)
	return nil
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
