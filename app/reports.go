package app

import (
	"context"
	"strconv"
	"time"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
	"github.com/chorus-nhs/chorus/themes"
)

// Edition is a report as it stands in the workflow: the live draft, the
// review snapshot, or a published version with its number, date and, for a
// correction, the reason.
type Edition struct {
	Report    *survey.Report
	Version   int    // 0 unless published
	Published string // YYYY-MM-DD, when published
	Reason    string
	// Stored is a published version exactly as it was stored, which the
	// JSON API serves verbatim (a published report never changes).
	Stored []byte
}

// Report returns the report of a team, service or organisation (level) for
// a quarter key, once p may read it. A team's report is its workflow
// edition (version > 0 asks for that published version); service and
// organisation reports are always live.
func (a *App) Report(ctx context.Context, p *Staff, level, slug, quarter, version string) (*Edition, error) {
	switch level {
	case survey.LevelTeam:
		return a.TeamReport(ctx, p, slug, quarter, version)
	case survey.LevelService:
		rep, err := a.ServiceReport(ctx, p, slug, quarter)
		if err != nil {
			return nil, err
		}
		return &Edition{Report: rep}, nil
	}
	rep, err := a.OrganisationReport(ctx, p, slug, quarter)
	if err != nil {
		return nil, err
	}
	return &Edition{Report: rep}, nil
}

// TeamReport returns a team's report for a quarter: the published version
// (the latest, or the given version > 0), the review snapshot while in
// review, and otherwise the live draft with the quarter's actions. version
// is "" or a version number from 1 (anything else names no version).
func (a *App) TeamReport(ctx context.Context, p *Staff, team, quarter, version string) (*Edition, error) {
	t, err := a.TeamFor(ctx, p, PermReadReport, team)
	if err != nil {
		return nil, err
	}
	q, err := ParseReportQuarter(quarter)
	if err != nil {
		return nil, err
	}
	v, err := ParseVersion(version)
	if err != nil {
		return nil, err
	}
	if ed, ok, err := a.workflowEdition(ctx, t.Slug, q.Key(), v); err != nil || ok {
		return ed, err
	}
	rep, err := a.BuildTeamReport(ctx, t, q, survey.ReportDraft)
	if err != nil {
		return nil, err
	}
	if rep.Actions, err = a.reportActions(ctx, t.Slug, q.Key()); err != nil {
		return nil, err
	}
	return &Edition{Report: rep}, nil
}

// ServiceReport returns the live report of a service, once p may read it.
func (a *App) ServiceReport(ctx context.Context, p *Staff, service, quarter string) (*survey.Report, error) {
	sv, err := a.ServiceFor(ctx, p, PermReadReport, service)
	if err != nil {
		return nil, err
	}
	q, err := ParseReportQuarter(quarter)
	if err != nil {
		return nil, err
	}
	return a.BuildServiceReport(ctx, sv, q, survey.ReportDraft)
}

// OrganisationReport returns the live report of an organisation, once p
// may read it.
func (a *App) OrganisationReport(ctx context.Context, p *Staff, org, quarter string) (*survey.Report, error) {
	o, err := a.store.FindOrganisation(ctx, org)
	if err != nil {
		return nil, err
	}
	if err := Authorize(p, PermReadReport, Scope{Organisation: o.Slug}); err != nil {
		return nil, err
	}
	q, err := ParseReportQuarter(quarter)
	if err != nil {
		return nil, err
	}
	return a.BuildOrganisationReport(ctx, o, q, survey.ReportDraft)
}

// ParseReportQuarter parses the quarter of a report. A malformed key
// names no report: not_found, with the parser's precise message.
func ParseReportQuarter(key string) (survey.Quarter, error) {
	q, err := survey.ParseQuarter(key)
	if err != nil {
		return survey.Quarter{}, survey.Errorf(survey.ENOTFOUND, "%s", survey.ErrorMessage(err))
	}
	return q, nil
}

// ParseVersion parses a published version number ("" is 0, the latest).
// Returns not_found for anything but a whole number from 1.
func ParseVersion(raw string) (int, error) {
	if raw == "" {
		return 0, nil
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 {
		return 0, survey.Errorf(survey.ENOTFOUND, "No version %q: versions are whole numbers from 1.", raw)
	}
	return v, nil
}

// BuildTeamReport builds the report of a team for a quarter from its
// rollups (this quarter's and the previous one's), with suppression
// applied. The live draft leaves emerging terms empty, because finding
// them reads every comment; for any other status (a review or published
// snapshot, built once) they are computed. Quotes and actions are left
// empty for the caller. Returns not_found if the team's organisation is
// gone, or if the quarter key is not of the organisation's calendar.
func (a *App) BuildTeamReport(ctx context.Context, t *survey.Team, q survey.Quarter, status string) (*survey.Report, error) {
	scope := survey.ReportScope{Level: survey.LevelTeam, Slug: t.Slug, Name: t.Name}
	return a.buildReport(ctx, t.Organisation, []string{t.Slug}, scope, q, status)
}

// BuildServiceReport is BuildTeamReport for a service: the sum of its
// teams.
func (a *App) BuildServiceReport(ctx context.Context, sv *survey.Service, q survey.Quarter, status string) (*survey.Report, error) {
	teams, err := a.store.ListTeams(ctx, store.TeamFilter{Service: sv.Slug})
	if err != nil {
		return nil, err
	}
	scope := survey.ReportScope{Level: survey.LevelService, Slug: sv.Slug, Name: sv.Name}
	return a.buildReport(ctx, sv.Organisation, teamSlugs(teams), scope, q, status)
}

// BuildOrganisationReport is BuildTeamReport for an organisation: the sum
// of all its teams.
func (a *App) BuildOrganisationReport(ctx context.Context, org *survey.Organisation, q survey.Quarter, status string) (*survey.Report, error) {
	teams, err := a.store.ListTeams(ctx, store.TeamFilter{Organisation: org.Slug})
	if err != nil {
		return nil, err
	}
	scope := survey.ReportScope{Level: survey.LevelOrganisation, Slug: org.Slug, Name: org.Name}
	return a.buildReport(ctx, org.Slug, teamSlugs(teams), scope, q, status)
}

func teamSlugs(ts []survey.Team) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Slug
	}
	return out
}

// reportBasis is what the reports of some teams share across quarters:
// the organisation, its calendar, the teams and what the report is of.
type reportBasis struct {
	org   *survey.Organisation
	cal   survey.Calendar
	teams []string
	scope survey.ReportScope
}

func (a *App) basis(ctx context.Context, orgSlug string, teams []string, scope survey.ReportScope, q survey.Quarter) (*reportBasis, error) {
	org, err := a.store.FindOrganisation(ctx, orgSlug)
	if err != nil {
		return nil, err
	}
	cal := org.Settings.Calendar()
	if q.SingleYear != (cal.StartMonth == time.January) {
		want := cal.QuarterOf(a.now()).Key()
		return nil, survey.Errorf(survey.ENOTFOUND, "Quarter %q is not one of %s's reporting quarters: use a key such as %s.", q.Key(), org.Name, want)
	}
	return &reportBasis{org: org, cal: cal, teams: teams, scope: scope}, nil
}

// decided takes the report of quarter q from the organisation's one
// disclosure decision of that quarter (app.Disclosure), so no view
// contradicts another.
func (a *App) decided(ctx context.Context, b *reportBasis, q survey.Quarter, view survey.ReportView) (*survey.Report, error) {
	d, err := a.disclosure.Decide(ctx, b.org, q)
	if err != nil {
		return nil, err
	}
	rep, ok := d.Report(b.scope.Level, b.scope.Slug, view)
	if !ok {
		return nil, survey.Errorf(survey.ENOTFOUND, "No %s %q in %s.", b.scope.Level, b.scope.Slug, b.org.Name)
	}
	return &rep, nil
}

func (a *App) buildReport(ctx context.Context, orgSlug string, teams []string, scope survey.ReportScope, q survey.Quarter, status string) (*survey.Report, error) {
	b, err := a.basis(ctx, orgSlug, teams, scope, q)
	if err != nil {
		return nil, err
	}
	view := survey.ReportView{Status: status}
	if status != survey.ReportDraft && status != "" {
		if view.EmergingTerms, err = a.emergingTerms(ctx, teams, q); err != nil {
			return nil, err
		}
	}
	return a.decided(ctx, b, q, view)
}

// emergingTerms finds the words and phrases whose use rose since the
// previous quarter, in the teams' redacted comments (risk-flagged ones
// left out).
func (a *App) emergingTerms(ctx context.Context, teams []string, q survey.Quarter) ([]survey.EmergingTerm, error) {
	cur, err := a.redactedComments(ctx, teams, q.Key())
	if err != nil {
		return nil, err
	}
	prev, err := a.redactedComments(ctx, teams, q.Prev().Key())
	if err != nil {
		return nil, err
	}
	var out []survey.EmergingTerm
	for _, t := range themes.EmergingTerms(cur, prev, themes.EmergingOptions{}) {
		c, p := t.CountCurrent, t.CountPrevious
		out = append(out, survey.EmergingTerm{Term: t.Term, Z: t.Z, CountCurrent: &c, CountPrevious: &p})
	}
	return out, nil
}

func (a *App) redactedComments(ctx context.Context, teams []string, quarter string) ([]string, error) {
	var out []string
	for _, t := range teams {
		cs, err := a.store.ListComments(ctx, store.CommentFilter{Team: t, Quarter: quarter, NoRisk: true})
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			out = append(out, c.Redacted)
		}
	}
	return out, nil
}
