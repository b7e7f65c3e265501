package api

import (
	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Staff, scopes, roles and permissions live in package app; the names
// below keep the API's vocabulary for its handlers and tests.

// Permissions that staff routes check (see package app).
const (
	PermAdmin        = app.PermAdmin
	PermReadOrg      = app.PermReadOrg
	PermReadSurvey   = app.PermReadSurvey
	PermReviewSurvey = app.PermReviewSurvey
	PermManageSurvey = app.PermManageSurvey
	PermReadReport   = app.PermReadReport
	PermReviewReport = app.PermReviewReport
	PermManageReport = app.PermManageReport
	PermSafeguarding = app.PermSafeguarding
)

// Permissions lists every permission.
var Permissions = app.Permissions

// Roles of staff accounts (see package app).
const (
	RoleAdministrator = app.RoleAdministrator
	RoleManager       = app.RoleManager
	RolePanel         = app.RolePanel
	RoleViewer        = app.RoleViewer
)

// RolePermissions returns the permissions of a role (nil for an unknown
// role).
func RolePermissions(role string) []string { return app.RolePermissions(role) }

// Scope is what a staff request acts on (app.Scope).
type Scope = app.Scope

// authorize reports whether the staff member making the request may use the
// permission on the scope: nil, or unauthorized without a staff member, or
// forbidden. Handlers call it once they know the scope.
func (s *Server) authorize(c echo.Context, perm string, scope Scope) error {
	return app.Authorize(CurrentStaff(c), perm, scope)
}

// teamScope returns the scope of a team.
func teamScope(t *survey.Team) Scope { return app.TeamScope(t) }

// authorizeSurvey is authorize for a survey (see app.CanSurvey); extra are
// more teams the request would offer it to (a draft being saved).
func (s *Server) authorizeSurvey(c echo.Context, perm string, info *store.SurveyInfo, extra ...survey.TeamRef) error {
	return s.app.AuthorizeSurvey(c.Request().Context(), CurrentStaff(c), perm, info, extra...)
}
