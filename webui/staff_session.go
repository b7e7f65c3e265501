package webui

import (
	"github.com/chorus-nhs/chorus/app"
	"github.com/labstack/echo/v4"
)

// The CSRF token of a staff session travels in this form field or header
// (the staff middleware checks it).
const (
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
)

// currentStaff returns the staff member the staff middleware authenticated
// for this request, or nil.
func currentStaff(c echo.Context) *app.Staff { return app.StaffFrom(c.Request().Context()) }
