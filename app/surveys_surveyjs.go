package app

import (
	"context"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
)

// ImportSurveyJS saves a SurveyJS survey (body, JSON) as the draft of the
// survey info, once p may manage it (info from SurveyFor). Slug, teams and
// keywords come from the survey's latest saved version (or the teams it
// was started for), the title too when the file has none. It returns the
// saved survey, its draft version and, per SurveyJS element, what could
// not be mapped (never nil); schema errors name the element.
func (a *App) ImportSurveyJS(ctx context.Context, p *Staff, info *store.SurveyInfo, body []byte) (*survey.Survey, int, []surveyjs.Warning, error) {
	res, err := surveyjs.Import(body)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := a.keepChorusFields(ctx, info, res); err != nil {
		return nil, 0, nil, err
	}
	v, err := a.SaveDraft(ctx, p, info, res.Survey)
	if survey.ErrorCode(err) == survey.EUNPROCESS {
		return nil, 0, nil, res.Explain(err)
	} else if err != nil {
		return nil, 0, nil, err
	}
	warnings := res.Warnings
	if warnings == nil {
		warnings = []surveyjs.Warning{}
	}
	return res.Survey, v, warnings, nil
}

// keepChorusFields fills in what a SurveyJS file cannot say: the slug,
// the teams and keywords of the latest saved version (or the teams the
// survey was started for), and the survey's title when the file has none.
func (a *App) keepChorusFields(ctx context.Context, info *store.SurveyInfo, res *surveyjs.Result) error {
	sv := res.Survey
	sv.Slug = info.Slug
	if info.LatestVersion > 0 {
		prev, _, err := a.store.FindVersion(ctx, info.Slug, info.LatestVersion)
		if err != nil {
			return err
		}
		sv.Teams, sv.Keywords = prev.Teams, prev.Keywords
	} else {
		for _, t := range info.Teams {
			sv.Teams = append(sv.Teams, survey.TeamRef{Slug: t})
		}
	}
	if len(sv.Teams) == 0 {
		return survey.FieldErrors("The SurveyJS survey cannot be saved: it names no teams.", []survey.FieldError{{Field: "teams",
			Message: "A SurveyJS file names no teams: save the survey once in the builder with its teams, or start it for a team, then import the file."}})
	}
	if len(sv.Title) == 0 {
		sv.Title = survey.Label{}
		for _, lang := range sv.Languages {
			sv.Title[lang] = info.Title.In(lang)
		}
		res.Warnings = append(res.Warnings, surveyjs.Warning{Element: "survey",
			Message: "The SurveyJS survey has no title, so the survey's title in Chorus is kept."})
	}
	return nil
}
