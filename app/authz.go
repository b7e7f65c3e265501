package app

import (
	"context"
	"slices"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// SurveyTeams returns the team scopes a survey is offered to, taken from its
// latest version, or before the first draft from the teams it was started
// for (none for a survey an administrator started for the organisation).
func (a *App) SurveyTeams(ctx context.Context, info *store.SurveyInfo) ([]Scope, error) {
	if info.LatestVersion == 0 {
		refs := make([]survey.TeamRef, len(info.Teams))
		for i, t := range info.Teams {
			refs[i] = survey.TeamRef{Slug: t}
		}
		return a.teamScopes(ctx, info.Organisation, refs)
	}
	sv, _, err := a.store.FindVersion(ctx, info.Slug, info.LatestVersion)
	if err != nil {
		return nil, err
	}
	return a.teamScopes(ctx, info.Organisation, sv.Teams)
}

// teamScopes looks up the scopes of teams; teams that do not exist or
// belong to another organisation get a scope that no role of org covers.
func (a *App) teamScopes(ctx context.Context, org string, refs []survey.TeamRef) ([]Scope, error) {
	out := make([]Scope, 0, len(refs))
	for _, r := range refs {
		t, err := a.store.FindTeam(ctx, r.Slug)
		if survey.ErrorCode(err) == survey.ENOTFOUND || (err == nil && t.Organisation != org) {
			out = append(out, Scope{Organisation: org, Service: "\x00", Team: "\x00" + r.Slug})
			continue
		} else if err != nil {
			return nil, err
		}
		out = append(out, TeamScope(t))
	}
	return out, nil
}

// CanSurvey reports whether p holds perm on a survey offered to teams (team
// scopes in org). Changing a survey (PermManageSurvey) needs the permission
// on every team it is offered to; reading or reviewing it, on any one. A
// survey offered to no team is organisation-level.
func CanSurvey(p *Staff, perm, org string, teams []Scope) bool {
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

// AuthorizeSurvey is Authorize for a survey (see CanSurvey); extra are more
// teams the use case would offer it to (a draft being saved).
func (a *App) AuthorizeSurvey(ctx context.Context, p *Staff, perm string, info *store.SurveyInfo, extra ...survey.TeamRef) error {
	if err := Authorize(p, PermReadOrg, Scope{Organisation: info.Organisation}); err != nil {
		return err
	}
	teams, err := a.SurveyTeams(ctx, info)
	if err != nil {
		return err
	}
	more, err := a.teamScopes(ctx, info.Organisation, extra)
	if err != nil {
		return err
	}
	if !CanSurvey(p, perm, info.Organisation, append(teams, more...)) {
		return survey.Errorf(survey.EFORBIDDEN, "You do not have permission to do this with survey %q.", info.Slug)
	}
	return nil
}
