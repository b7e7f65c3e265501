package main

import (
	"github.com/chorus-nhs/chorus/api"
	"github.com/labstack/echo/v4"
)

// registerPages adds the web pages. (Wired to webui once it lands.)
func registerPages(e *echo.Echo, srv *api.Server, m *Main) error {
	return nil
}
