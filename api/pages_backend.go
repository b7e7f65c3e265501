package api

import "github.com/labstack/echo/v4"

// The methods below serve the respondent pages (package webui) beyond the
// use cases of package app.

// AllowSubmit applies the API's per-client submission rate limit (in
// memory, on a keyed hash of the address, never stored) to a form post.
func (s *Server) AllowSubmit(c echo.Context) bool {
	return s.limiter.allow(c.RealIP())
}
