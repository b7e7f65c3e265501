package app

import (
	"context"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// ListOrganisations returns every organisation to the bootstrap token and
// only their own to everyone else.
func (a *App) ListOrganisations(ctx context.Context, p *Staff) ([]survey.Organisation, error) {
	if p == nil {
		return nil, Authorize(p, PermReadOrg, Scope{})
	}
	if p.Kind != KindBootstrap {
		o, err := a.store.FindOrganisation(ctx, p.Organisation)
		if err != nil {
			return nil, err
		}
		return []survey.Organisation{*o}, nil
	}
	return a.store.ListOrganisations(ctx)
}

// Organisation returns an organisation p may read.
func (a *App) Organisation(ctx context.Context, p *Staff, slug string) (*survey.Organisation, error) {
	if err := Authorize(p, PermReadOrg, Scope{Organisation: slug}); err != nil {
		return nil, err
	}
	return a.store.FindOrganisation(ctx, slug)
}

// ListServices returns the services of an organisation p may read.
func (a *App) ListServices(ctx context.Context, p *Staff, org string) ([]survey.Service, error) {
	if err := Authorize(p, PermReadOrg, Scope{Organisation: org}); err != nil {
		return nil, err
	}
	if _, err := a.store.FindOrganisation(ctx, org); err != nil {
		return nil, err
	}
	return a.store.ListServices(ctx, org)
}

// ServiceFor returns a service once p may use perm on it.
func (a *App) ServiceFor(ctx context.Context, p *Staff, perm, slug string) (*survey.Service, error) {
	sv, err := a.store.FindService(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := Authorize(p, perm, Scope{Organisation: sv.Organisation, Service: sv.Slug}); err != nil {
		return nil, err
	}
	return sv, nil
}

// TeamFor returns a team once p may use perm on it.
func (a *App) TeamFor(ctx context.Context, p *Staff, perm, slug string) (*survey.Team, error) {
	t, err := a.store.FindTeam(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := Authorize(p, perm, TeamScope(t)); err != nil {
		return nil, err
	}
	return t, nil
}

// ListTeams returns the teams of a service that p may see.
func (a *App) ListTeams(ctx context.Context, p *Staff, service string) ([]survey.Team, error) {
	if _, err := a.ServiceFor(ctx, p, PermReadOrg, service); err != nil {
		return nil, err
	}
	teams, err := a.store.ListTeams(ctx, store.TeamFilter{Service: service})
	if err != nil {
		return nil, err
	}
	seen := make([]survey.Team, 0, len(teams))
	for i := range teams {
		if p.Can(PermReadOrg, TeamScope(&teams[i])) {
			seen = append(seen, teams[i])
		}
	}
	return seen, nil
}
