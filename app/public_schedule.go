package app

import (
	"context"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// ResultsSchedule says which quarter a service's newest published results
// are for and when the next results are due. It is worked out from the
// published reports themselves, so that the public "you said, we did"
// page and the thank-you page never contradict each other or what is
// published.
type ResultsSchedule struct {
	// Latest is the newest quarter any team of the service has published;
	// LatestLabel is "" when nothing is published yet.
	Latest      survey.Quarter
	LatestLabel string
	// Next is the quarter whose results come next: the one after Latest,
	// but never one before the current quarter. They are shared after
	// NextEnds, its last day (local midnight).
	Next      survey.Quarter
	NextLabel string
	NextEnds  time.Time
}

// ResultsSchedule returns the schedule of a service's public results.
// Returns not_found if there is no such service.
func (a *App) ResultsSchedule(ctx context.Context, service string) (*ResultsSchedule, error) {
	if !survey.ValidSlug(service) {
		return nil, survey.Errorf(survey.ENOTFOUND, "No service %q.", service)
	}
	sv, _, latest, err := a.publishedOfService(ctx, service)
	if err != nil {
		return nil, err
	}
	return a.schedule(ctx, sv.Organisation, latest)
}

// schedule works out the schedule from the teams' latest published
// versions, in the calendar of the organisation.
func (a *App) schedule(ctx context.Context, orgSlug string, latest []store.ReportVersion) (*ResultsSchedule, error) {
	org, err := a.store.FindOrganisation(ctx, orgSlug)
	if err != nil {
		return nil, err
	}
	cal := org.Settings.Calendar()
	s := &ResultsSchedule{Next: cal.QuarterOf(a.now())}
	for _, v := range latest {
		q, err := survey.ParseQuarter(v.Quarter)
		if err != nil {
			continue // not a quarter key: names no results
		}
		if s.LatestLabel == "" || s.Latest.Before(q) {
			s.Latest, s.LatestLabel = q, cal.Label(q)
		}
	}
	if s.LatestLabel != "" && !s.Latest.Next().Before(s.Next) {
		s.Next = s.Latest.Next()
	}
	_, end := cal.Bounds(s.Next)
	s.NextLabel, s.NextEnds = cal.Label(s.Next), end.AddDate(0, 0, -1)
	return s, nil
}

// publishedOfService reads a service, its teams and each team's latest
// published report version. Returns not_found if there is no such service.
func (a *App) publishedOfService(ctx context.Context, service string) (*survey.Service, []survey.Team, []store.ReportVersion, error) {
	sv, err := a.store.FindService(ctx, service)
	if err != nil {
		return nil, nil, nil, err
	}
	teams, err := a.store.ListTeams(ctx, store.TeamFilter{Service: sv.Slug})
	if err != nil {
		return nil, nil, nil, err
	}
	latest, err := a.store.LatestPublishedReports(ctx, teamSlugs(teams))
	if err != nil {
		return nil, nil, nil, err
	}
	return sv, teams, latest, nil
}
