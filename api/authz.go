package api

import (
	"context"
	"slices"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/labstack/echo/v4"
)

// Permissions that staff routes check. Roles and API token scopes map onto
// these.
const (
	PermAdmin        = "admin"         // organisations, services, teams, accounts, tokens, audit
	PermReadOrg      = "read_org"      // read the organisation, its services and teams
	PermReadSurvey   = "read_survey"   // read surveys, including drafts and versions
	PermReviewSurvey = "review_survey" // comment on and approve survey drafts (co-design)
	PermManageSurvey = "manage_survey" // create, edit and publish surveys
	PermReadReport   = "read_report"   // read reports and redacted comments
	PermReviewReport = "review_report" // comment on and approve quotes in review
	PermManageReport = "manage_report" // move a report to review, publish, record actions
	PermSafeguarding = "safeguarding"  // read and acknowledge risk alerts
)

// Permissions lists every permission, in the order above.
var Permissions = []string{PermAdmin, PermReadOrg, PermReadSurvey, PermReviewSurvey, PermManageSurvey,
	PermReadReport, PermReviewReport, PermManageReport, PermSafeguarding}

// Roles of staff accounts.
const (
	RoleAdministrator = "administrator" // the whole organisation
	RoleManager       = "manager"       // named teams or services
	RolePanel         = "panel"         // co-production panel member, scoped to services
	RoleViewer        = "viewer"        // reads reports of named teams or services
)

// rolePermissions is the one table from roles to permissions. An
// administrator holds them on the whole organisation; the other roles only
// on their teams and services (and PermReadOrg on the organisation and
// service level, whose names are not sensitive).
var rolePermissions = map[string][]string{
	RoleAdministrator: Permissions,
	RoleManager: {PermReadOrg, PermReadSurvey, PermManageSurvey, PermReadReport, PermReviewReport,
		PermManageReport, PermSafeguarding},
	RolePanel:  {PermReadOrg, PermReadSurvey, PermReviewSurvey, PermReadReport, PermReviewReport},
	RoleViewer: {PermReadOrg, PermReadReport},
}

// RolePermissions returns the permissions of a role (nil for an unknown
// role).
func RolePermissions(role string) []string { return slices.Clone(rolePermissions[role]) }

// Scope is what a staff request acts on; empty fields mean "not specific".
type Scope struct {
	Organisation string
	Service      string
	Team         string
}

// grant is a set of permissions over part of one organisation.
type grant struct {
	perms    []string
	orgWide  bool
	teams    []string
	services []string
}

func (g grant) allows(perm string, sc Scope) bool {
	if !slices.Contains(g.perms, perm) {
		return false
	}
	switch {
	case g.orgWide:
		return true
	case sc.Team != "":
		return slices.Contains(g.teams, sc.Team) || (sc.Service != "" && slices.Contains(g.services, sc.Service))
	case sc.Service != "":
		return slices.Contains(g.services, sc.Service) || perm == PermReadOrg
	}
	return perm == PermReadOrg
}

// Can reports whether the staff member holds the permission on the scope.
// The bootstrap token holds every permission everywhere; everyone else only
// within their own organisation, and a scope without an organisation (such
// as creating one) is for the bootstrap token alone.
func (p *Staff) Can(perm string, sc Scope) bool {
	if p == nil {
		return false
	}
	if p.Kind == KindBootstrap {
		return true
	}
	if sc.Organisation == "" || sc.Organisation != p.Organisation {
		return false
	}
	for _, g := range p.grants {
		if g.allows(perm, sc) {
			return true
		}
	}
	return false
}

// HasRole reports whether the staff member is a user holding the role.
func (p *Staff) HasRole(role string) bool {
	if p == nil {
		return false
	}
	return slices.ContainsFunc(p.Roles, func(r store.Role) bool { return r.Role == role })
}

func roleGrants(roles []store.Role) []grant {
	gs := make([]grant, 0, len(roles))
	for _, r := range roles {
		gs = append(gs, grant{perms: rolePermissions[r.Role], orgWide: r.Role == RoleAdministrator,
			teams: r.Teams, services: r.Services})
	}
	return gs
}

// authorize reports whether the staff member making the request may use the
// permission on the scope: nil, or unauthorized without a staff member, or
// forbidden. Handlers call it once they know the scope.
func (s *Server) authorize(c echo.Context, perm string, scope Scope) error {
	p := CurrentStaff(c)
	if p == nil {
		return survey.Errorf(survey.EUNAUTH, "Sign in first.")
	}
	if !p.Can(perm, scope) {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
	}
	return nil
}

// Authorize is authorize for other packages (web pages).
func (s *Server) Authorize(c echo.Context, perm string, scope Scope) error {
	return s.authorize(c, perm, scope)
}

// teamScope returns the scope of a team.
func teamScope(t *survey.Team) Scope {
	return Scope{Organisation: t.Organisation, Service: t.Service, Team: t.Slug}
}

// surveyTeams returns the team scopes a survey is offered to, taken from its
// latest version, or before the first draft from the teams it was started
// for (none for a survey an administrator started for the organisation).
func (s *Server) surveyTeams(ctx context.Context, info *store.SurveyInfo) ([]Scope, error) {
	if info.LatestVersion == 0 {
		refs := make([]survey.TeamRef, len(info.Teams))
		for i, t := range info.Teams {
			refs[i] = survey.TeamRef{Slug: t}
		}
		return s.teamScopes(ctx, info.Organisation, refs)
	}
	sv, _, err := s.store.FindVersion(ctx, info.Slug, info.LatestVersion)
	if err != nil {
		return nil, err
	}
	return s.teamScopes(ctx, info.Organisation, sv.Teams)
}

// teamScopes looks up the scopes of teams; teams that do not exist or
// belong to another organisation get a scope that no role of org covers.
func (s *Server) teamScopes(ctx context.Context, org string, refs []survey.TeamRef) ([]Scope, error) {
	out := make([]Scope, 0, len(refs))
	for _, r := range refs {
		t, err := s.store.FindTeam(ctx, r.Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && t.Organisation != org) {
			out = append(out, Scope{Organisation: org, Service: "\x00", Team: "\x00" + r.Slug})
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, teamScope(t))
	}
	return out, nil
}

// canSurvey reports whether p holds perm on a survey offered to teams (team
// scopes in org). Changing a survey (PermManageSurvey) needs the permission
// on every team it is offered to; reading or reviewing it, on any one. A
// survey offered to no team is organisation-level.
func canSurvey(p *Staff, perm, org string, teams []Scope) bool {
	if p.Can(perm, Scope{Organisation: org}) {
		return true
	}
	if len(teams) == 0 {
		return false
	}
	if perm == PermManageSurvey {
		for _, t := range teams {
			if !p.Can(perm, t) {
				return false
			}
		}
		return true
	}
	return slices.ContainsFunc(teams, func(t Scope) bool { return p.Can(perm, t) })
}

// authorizeSurvey is authorize for a survey (see canSurvey); extra are more
// teams the request would offer it to (a draft being saved).
func (s *Server) authorizeSurvey(c echo.Context, perm string, info *store.SurveyInfo, extra ...survey.TeamRef) error {
	if err := s.authorize(c, PermReadOrg, Scope{Organisation: info.Organisation}); err != nil {
		return err
	}
	ctx := c.Request().Context()
	teams, err := s.surveyTeams(ctx, info)
	if err != nil {
		return err
	}
	more, err := s.teamScopes(ctx, info.Organisation, extra)
	if err != nil {
		return err
	}
	if !canSurvey(CurrentStaff(c), perm, info.Organisation, append(teams, more...)) {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this with survey %q.", info.Slug)
	}
	return nil
}

// AuthorizeSurvey is authorizeSurvey for other packages (web pages).
func (s *Server) AuthorizeSurvey(c echo.Context, perm string, info *store.SurveyInfo) error {
	return s.authorizeSurvey(c, perm, info)
}
