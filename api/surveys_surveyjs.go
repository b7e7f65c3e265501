package api

import (
	"net/http"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/survey/surveyjs"
	"github.com/labstack/echo/v4"
)

// formatSurveyJS is the ?format= value of SurveyJS JSON.
const formatSurveyJS = "surveyjs"

// formatParam reports whether the request asks for SurveyJS JSON
// (?format=surveyjs); any other format is invalid.
func formatParam(c echo.Context) (bool, error) {
	switch f := c.QueryParam("format"); f {
	case "":
		return false, nil
	case formatSurveyJS:
		return true, nil
	default:
		return false, &survey.Error{Code: survey.EINVALID, Message: "Unknown format: leave format out, or use format=surveyjs.",
			Fields: []survey.FieldError{{Field: "format", Message: "Use surveyjs, or leave it out."}}}
	}
}

// handleSaveDraftSurveyJS saves a SurveyJS survey as the draft. Slug,
// teams and keywords come from the survey's latest saved version (or the
// teams it was started for), the title too when the file has none. The
// answer lists, per SurveyJS element, what could not be mapped; schema
// errors name the element.
func (s *Server) handleSaveDraftSurveyJS(c echo.Context) error {
	info, err := s.findSurveyFor(c, PermManageSurvey)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	res, err := surveyjs.Import(body)
	if err != nil {
		return err
	}
	sv := res.Survey
	if err := s.keepChorusFields(c, info, res); err != nil {
		return err
	}
	v, err := s.saveDraft(c, info, sv)
	if survey.ErrorCode(err) == survey.EUNPROCESS {
		return res.Explain(err)
	} else if err != nil {
		return err
	}
	warnings := res.Warnings
	if warnings == nil {
		warnings = []surveyjs.Warning{}
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": sv.Slug, "version": v, "status": store.StatusDraft, "warnings": warnings})
}

// keepChorusFields fills in what a SurveyJS file cannot say: the slug,
// the teams and keywords of the latest saved version (or the teams the
// survey was started for), and the survey's title when the file has none.
func (s *Server) keepChorusFields(c echo.Context, info *store.SurveyInfo, res *surveyjs.Result) error {
	sv := res.Survey
	sv.Slug = info.Slug
	if info.LatestVersion > 0 {
		prev, _, err := s.store.FindVersion(c.Request().Context(), info.Slug, info.LatestVersion)
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
