package api

import (
	"context"

	"github.com/labstack/echo/v4"
)

// The methods below serve the respondent pages (package webui) beyond the
// webui.Backend contract.

// TeamService returns the slug of the service a team belongs to, for the
// respondent thank-you page's link to the service's "you said, we did"
// page. Returns not_found for an unknown team.
func (s *Server) TeamService(ctx context.Context, team string) (string, error) {
	t, err := s.store.FindTeam(ctx, team)
	if err != nil {
		return "", err
	}
	return t.Service, nil
}

// AllowSubmit applies the API's per-client submission rate limit (in
// memory, on a keyed hash of the address, never stored) to a form post.
func (s *Server) AllowSubmit(c echo.Context) bool {
	return s.limiter.allow(c.RealIP())
}

// CrisisText returns the crisis-support wording the team's organisation
// has set, in lang or else English, or "" when it uses the default.
// Returns not_found for an unknown team.
func (s *Server) CrisisText(ctx context.Context, team, lang string) (string, error) {
	t, err := s.store.FindTeam(ctx, team)
	if err != nil {
		return "", err
	}
	org, err := s.store.FindOrganisation(ctx, t.Organisation)
	if err != nil {
		return "", err
	}
	if len(org.Settings.CrisisText) == 0 {
		return "", nil
	}
	return org.Settings.CrisisText.In(lang), nil
}
