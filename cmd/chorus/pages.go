package main

import (
	"github.com/chorus-nhs/chorus/api"
	"github.com/chorus-nhs/chorus/webui"
	"github.com/labstack/echo/v4"
)

// registerPages adds the server-rendered web pages.
func registerPages(e *echo.Echo, srv *api.Server, m *Main) error {
	ui, err := webui.New(srv, webui.Options{Logger: m.log, PublicURL: m.Config.PublicURL, Safety: m.safetyStatus})
	if err != nil {
		return err
	}
	ui.Register(e)
	return nil
}
