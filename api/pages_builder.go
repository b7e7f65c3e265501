package api

import "github.com/labstack/echo/v4"

// The methods below serve the survey builder and co-design pages (package
// webui); everything else they do goes through the JSON API in process.

// CanManageSurvey returns nil when the request's staff member may edit and
// publish the survey (PermManageSurvey on every team it is offered to),
// forbidden otherwise, and not_found for an unknown survey. Pages call it
// before showing a form, so that someone who could not save never sees one.
func (s *Server) CanManageSurvey(c echo.Context, slug string) error {
	info, err := s.store.FindSurvey(c.Request().Context(), slug)
	if err != nil {
		return err
	}
	return s.authorizeSurvey(c, PermManageSurvey, info)
}
