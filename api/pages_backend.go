package api

import "context"

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
