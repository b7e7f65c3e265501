package app

import (
	"context"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// subject is what a report is of: a team, a service or an organisation,
// with the teams it sums.
type subject struct {
	team  *survey.Team // team reports only
	org   string
	teams []string
	scope survey.ReportScope
}

// reportSubject finds the team, service or organisation (level) once p
// may read its reports.
func (a *App) reportSubject(ctx context.Context, p *Staff, level, slug string) (*subject, error) {
	switch level {
	case survey.LevelTeam:
		t, err := a.TeamFor(ctx, p, PermReadReport, slug)
		if err != nil {
			return nil, err
		}
		return &subject{team: t, org: t.Organisation, teams: []string{t.Slug},
			scope: survey.ReportScope{Level: survey.LevelTeam, Slug: t.Slug, Name: t.Name}}, nil
	case survey.LevelService:
		sv, err := a.ServiceFor(ctx, p, PermReadReport, slug)
		if err != nil {
			return nil, err
		}
		teams, err := a.store.ListTeams(ctx, store.TeamFilter{Service: sv.Slug})
		if err != nil {
			return nil, err
		}
		return &subject{org: sv.Organisation, teams: teamSlugs(teams),
			scope: survey.ReportScope{Level: survey.LevelService, Slug: sv.Slug, Name: sv.Name}}, nil
	}
	o, err := a.store.FindOrganisation(ctx, slug)
	if err != nil {
		return nil, err
	}
	if err := Authorize(p, PermReadReport, Scope{Organisation: o.Slug}); err != nil {
		return nil, err
	}
	teams, err := a.store.ListTeams(ctx, store.TeamFilter{Organisation: o.Slug})
	if err != nil {
		return nil, err
	}
	return &subject{org: o.Slug, teams: teamSlugs(teams),
		scope: survey.ReportScope{Level: survey.LevelOrganisation, Slug: o.Slug, Name: o.Name}}, nil
}

// ReportWithTrend returns what Report returns and, oldest first, the
// reports of the n-1 quarters before it for the trend chart (a quarter
// that cannot be built is a gap: a report with only its quarter set). A
// team's workflow states are read in one read; every live quarter is
// taken from that quarter's own disclosure decision (cached by
// Disclosure until its data change).
func (a *App) ReportWithTrend(ctx context.Context, p *Staff, level, slug, quarter, version string, n int) (*Edition, []*survey.Report, error) {
	sub, err := a.reportSubject(ctx, p, level, slug)
	if err != nil {
		return nil, nil, err
	}
	q, err := ParseReportQuarter(quarter)
	if err != nil {
		return nil, nil, err
	}
	v := 0
	if sub.team != nil {
		if v, err = ParseVersion(version); err != nil {
			return nil, nil, err
		}
	}
	quarters := make([]survey.Quarter, n) // q and the n-1 before it, newest first
	keys := make([]string, 0, n)
	for i, pq := 0, q; i < n; i, pq = i+1, pq.Prev() {
		quarters[i] = pq
		keys = append(keys, pq.Key())
	}
	reviews := map[string]*store.Review{}
	if sub.team != nil {
		if reviews, err = a.store.FindReviews(ctx, sub.team.Slug, keys); err != nil {
			return nil, nil, err
		}
	}
	b, berr := a.basis(ctx, sub.org, sub.teams, sub.scope, q)
	ed, err := a.pageEdition(ctx, sub, q, v, reviews[q.Key()], b, berr)
	if err != nil {
		return nil, nil, err
	}
	trend := make([]*survey.Report, 0, n-1)
	for i := n - 1; i >= 1; i-- {
		trend = append(trend, a.trendReport(ctx, sub, quarters[i], reviews[quarters[i].Key()], b, berr))
	}
	return ed, trend, nil
}

// pageEdition is the report of quarter q as Report would return it, from
// the review r (nil while a draft).
func (a *App) pageEdition(ctx context.Context, sub *subject, q survey.Quarter, v int, r *store.Review, b *reportBasis, berr error) (*Edition, error) {
	if sub.team != nil {
		if ed, ok, err := a.editionOf(ctx, sub.team.Slug, q.Key(), v, r); err != nil || ok {
			return ed, err
		}
	}
	if berr != nil {
		return nil, berr
	}
	rep, err := a.decided(ctx, b, q, survey.ReportView{Status: survey.ReportDraft})
	if err != nil {
		return nil, err
	}
	if sub.team != nil {
		if rep.Actions, err = a.reportActions(ctx, sub.team.Slug, q.Key()); err != nil {
			return nil, err
		}
	}
	return &Edition{Report: rep}, nil
}

// trendReport is one quarter of the trend; figures only (no actions).
func (a *App) trendReport(ctx context.Context, sub *subject, q survey.Quarter, r *store.Review, b *reportBasis, berr error) *survey.Report {
	gap := &survey.Report{Quarter: q.Key()}
	if sub.team != nil && r != nil {
		if r.Status == survey.ReportPublished {
			ed, _, err := a.editionOf(ctx, sub.team.Slug, q.Key(), 0, r)
			if err != nil {
				return gap
			}
			return ed.Report
		}
		rep, err := store.DecodeReport(r.Report)
		if err != nil {
			return gap
		}
		rep.Status = survey.ReportInReview
		return rep
	}
	if berr != nil {
		return gap
	}
	rep, err := a.decided(ctx, b, q, survey.ReportView{Status: survey.ReportDraft})
	if err != nil {
		return gap
	}
	return rep
}

// editionOf is workflowEdition with the review already read (nil while a
// draft).
func (a *App) editionOf(ctx context.Context, team, quarter string, version int, r *store.Review) (*Edition, bool, error) {
	if version > 0 || (r != nil && r.Status == survey.ReportPublished) {
		v, err := a.store.FindReportVersion(ctx, team, quarter, version)
		if err != nil {
			return nil, false, err
		}
		ed, err := publishedEdition(v)
		return ed, err == nil, err
	}
	if r == nil {
		return nil, false, nil
	}
	rep, err := a.reviewReport(ctx, r)
	if err != nil {
		return nil, false, err
	}
	return &Edition{Report: rep}, true, nil
}
