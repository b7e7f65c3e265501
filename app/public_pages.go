package app

import "context"

// TeamService returns the slug of the service a team belongs to, for the
// respondent thank-you page's link to the service's "you said, we did"
// page. Returns not_found for an unknown team.
func (a *App) TeamService(ctx context.Context, team string) (string, error) {
	t, err := a.store.FindTeam(ctx, team)
	if err != nil {
		return "", err
	}
	return t.Service, nil
}

// CrisisText returns the crisis-support wording the team's organisation
// has set, in lang or else English, or "" when it uses the default.
// Returns not_found for an unknown team.
func (a *App) CrisisText(ctx context.Context, team, lang string) (string, error) {
	t, err := a.store.FindTeam(ctx, team)
	if err != nil {
		return "", err
	}
	org, err := a.store.FindOrganisation(ctx, t.Organisation)
	if err != nil {
		return "", err
	}
	if len(org.Settings.CrisisText) == 0 {
		return "", nil
	}
	return org.Settings.CrisisText.In(lang), nil
}

// SurveyByKeyword returns the survey and team that a co-designed keyword
// (normalised) reaches. Returns not_found if no published survey uses it.
func (a *App) SurveyByKeyword(ctx context.Context, keyword string) (slug, team string, err error) {
	return a.store.FindKeyword(ctx, keyword)
}
