package app

import (
	"context"
	"errors"
	"slices"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// Permissions that staff use cases check. Roles and API token scopes map
// onto these.
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

// Kinds of staff principal.
const (
	KindUser      = "user"      // a person, signed in with a session cookie
	KindToken     = "token"     // an integration's API token
	KindBootstrap = "bootstrap" // CHORUS_ADMIN_TOKEN: set-up and automation, every organisation
)

// Staff is who is acting in a staff use case. The HTTP adapters
// authenticate a request and put the Staff into its context (WithStaff).
type Staff struct {
	Kind string
	// ID is the account ID (users) or token ID (tokens).
	ID string
	// Email is the user's address; Name the user's or the token's name.
	Email, Name  string
	Organisation string // empty for the bootstrap token
	Roles        []store.Role
	Scopes       []string // API tokens: the permissions granted
	// MustChangePassword is set after an administrator reset: every route
	// but /auth/me, logout and /users/me/password answers 403 until then.
	MustChangePassword bool
	// CSRFToken must accompany state-changing requests of a session (header
	// X-CSRF-Token or form field csrf_token). Empty for bearer tokens.
	CSRFToken string
	// Session is the hashed session ID when signed in with a cookie.
	Session string

	grants []grant
}

// UserStaff returns the staff member of a signed-in account.
func UserStaff(acc *store.Account) *Staff {
	return &Staff{Kind: KindUser, ID: acc.ID, Email: acc.Email, Name: acc.Name, Organisation: acc.Organisation,
		Roles: acc.Roles, MustChangePassword: acc.MustChangePassword, grants: roleGrants(acc.Roles)}
}

// TokenStaff returns the staff member of an API token: its scopes over its
// teams and services, or the whole organisation when it names none.
func TokenStaff(t *store.APIToken) *Staff {
	g := grant{perms: t.Scopes, orgWide: len(t.Teams) == 0 && len(t.Services) == 0, teams: t.Teams, services: t.Services}
	return &Staff{Kind: KindToken, ID: t.ID, Name: t.Name, Organisation: t.Organisation, Scopes: t.Scopes,
		grants: []grant{g}}
}

// BootstrapStaff returns the bootstrap token's staff member.
func BootstrapStaff() *Staff { return &Staff{Kind: KindBootstrap, Name: "bootstrap token"} }

type staffKey struct{}

// WithStaff returns ctx carrying the acting staff member.
func WithStaff(ctx context.Context, p *Staff) context.Context {
	return context.WithValue(ctx, staffKey{}, p)
}

// StaffFrom returns the staff member WithStaff put into ctx, or nil.
func StaffFrom(ctx context.Context) *Staff {
	p, _ := ctx.Value(staffKey{}).(*Staff)
	return p
}

// Scope is what a staff use case acts on; empty fields mean "not specific".
type Scope struct {
	Organisation string
	Service      string
	Team         string
}

// TeamScope returns the scope of a team.
func TeamScope(t *survey.Team) Scope {
	return Scope{Organisation: t.Organisation, Service: t.Service, Team: t.Slug}
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

// Authorize returns nil when p may use the permission on the scope,
// unauthorized without a staff member, forbidden otherwise. Every staff
// use case calls it once it knows the scope.
func Authorize(p *Staff, perm string, scope Scope) error {
	if p == nil {
		return survey.Errorf(survey.EUNAUTH, "Sign in first.")
	}
	if !p.Can(perm, scope) {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this here.")
	}
	return nil
}

// ErrMustChangePassword refuses every staff action but changing the
// password to a user whose password an administrator has reset.
var ErrMustChangePassword = &survey.Error{Code: survey.EFORBIDDEN,
	Message: "Choose a new password first (POST /api/v1/users/me/password, or the page /staff/password)."}

// MustChangePassword reports whether err refused a request because the user
// must choose a new password first, so pages can send them to that form.
func MustChangePassword(err error) bool { return errors.Is(err, ErrMustChangePassword) }
