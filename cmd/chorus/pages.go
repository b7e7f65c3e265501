package main

import (
	"context"

	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/webui"
	"github.com/labstack/echo/v4"
)

// registerPages adds the server-rendered web pages.
func registerPages(e *echo.Echo, srv *api.Server, m *Main) error {
	ui, err := webui.New(srv, webui.Options{Logger: m.log, PublicURL: m.Config.PublicURL, Safety: m.safetyStatus,
		Organisation: m.surveyOrganisation})
	if err != nil {
		return err
	}
	ui.Register(e)
	return nil
}

// surveyOrganisation is the name of the organisation that runs a survey,
// for the respondent pages' header.
func (m *Main) surveyOrganisation(ctx context.Context, surveySlug string) (string, error) {
	info, err := m.store.FindSurvey(ctx, surveySlug)
	if err != nil {
		return "", err
	}
	org, err := m.store.FindOrganisation(ctx, info.Organisation)
	if err != nil {
		return "", err
	}
	return org.Name, nil
}
