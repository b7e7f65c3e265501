package api

import (
	"net/http"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
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

// handleSaveDraftSurveyJS saves a SurveyJS survey as the draft (see
// app.ImportSurveyJS); the answer lists what could not be mapped.
func (s *Server) handleSaveDraftSurveyJS(c echo.Context) error {
	info, err := s.findSurveyFor(c, PermManageSurvey)
	if err != nil {
		return err
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	sv, v, warnings, err := s.app.ImportSurveyJS(c.Request().Context(), CurrentStaff(c), info, body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"slug": sv.Slug, "version": v, "status": store.StatusDraft, "warnings": warnings})
}
