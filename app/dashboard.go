package app

import (
	"context"

	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/survey"
)

// Next steps of a team's report on the staff home page (TeamGlance.Next).
const (
	StepSendToReview  = "send_to_review" // draft: a manager sends it to the panel
	StepDecideQuotes  = "decide_quotes"  // in review: the panel approves quotes
	StepPublish       = "publish"        // in review: a manager publishes
	StepRecordActions = "record_actions" // published without actions
	StepReadReport    = "read_report"    // nothing to do but read it
)

// TeamGlance is one team's figures at a glance for the staff home page.
// Both reports come from the report use case (ReportWithTrend), so they
// are exactly what the report pages show, with suppression applied.
type TeamGlance struct {
	Team survey.Team
	// Current is this quarter so far; Previous is the last quarter, the
	// one to review and publish, compared with the quarter before it.
	Current, Previous survey.Quarter
	Now, Last         *survey.Report
	// Status is the workflow state of last quarter's report; Actions the
	// number of actions recorded for it.
	Status  string
	Actions int
	// OpenAlerts is the team's open risk alerts; nil when p is not its
	// safeguarding contact.
	OpenAlerts *int
	CanManage  bool
	CanReview  bool
	// Next is what to do next with last quarter's report (Step*).
	Next string
}

// Dashboard returns, for every team whose reports p may read, this and
// last quarter's reports and the workflow state of last quarter's, in
// organisation, service and team order. Each team's rollups are read
// once (ReportWithTrend over two quarters), and open alerts once for all.
func (a *App) Dashboard(ctx context.Context, p *Staff) ([]TeamGlance, error) {
	orgs, err := a.ListOrganisations(ctx, p)
	if err != nil {
		return nil, err
	}
	alerts, err := a.openAlertCounts(ctx, p)
	if err != nil {
		return nil, err
	}
	out := []TeamGlance{}
	for _, o := range orgs {
		cur := o.Settings.Calendar().QuarterOf(a.now())
		svs, err := a.ListServices(ctx, p, o.Slug)
		if err != nil {
			return nil, err
		}
		for _, s := range svs {
			teams, err := a.ListTeams(ctx, p, s.Slug)
			if err != nil {
				return nil, err
			}
			for i := range teams {
				t := &teams[i]
				if !p.Can(PermReadReport, teamScope(t)) {
					continue
				}
				g, err := a.teamGlance(ctx, p, t, cur, alerts)
				if err != nil {
					return nil, err
				}
				out = append(out, *g)
			}
		}
	}
	return out, nil
}

func teamScope(t *survey.Team) Scope {
	return Scope{Organisation: t.Organisation, Service: t.Service, Team: t.Slug}
}

// teamGlance reads one team's two reports and last quarter's actions.
func (a *App) teamGlance(ctx context.Context, p *Staff, t *survey.Team, cur survey.Quarter, alerts map[string]int) (*TeamGlance, error) {
	ed, trend, err := a.ReportWithTrend(ctx, p, survey.LevelTeam, t.Slug, cur.Key(), "", 2)
	if err != nil {
		return nil, err
	}
	scope := teamScope(t)
	g := &TeamGlance{Team: *t, Current: cur, Previous: cur.Prev(), Now: ed.Report, Last: trend[0],
		CanManage: p.Can(PermManageReport, scope), CanReview: p.Can(PermReviewReport, scope)}
	g.Status = g.Last.Status
	if g.Status == "" { // a gap: the quarter could not be built
		g.Status = survey.ReportDraft
	}
	if p.Can(PermSafeguarding, scope) {
		n := alerts[t.Slug]
		g.OpenAlerts = &n
	}
	_, n, err := a.store.ListActions(ctx, store.ActionFilter{Team: t.Slug, Quarter: g.Previous.Key(), Limit: 1})
	if err != nil {
		return nil, err
	}
	g.Actions = int(n)
	g.Next = nextStep(g)
	return g, nil
}

// nextStep is what p can do next with last quarter's report.
func nextStep(g *TeamGlance) string {
	switch {
	case g.Status == survey.ReportDraft && g.CanManage:
		return StepSendToReview
	case g.Status == survey.ReportInReview && g.CanManage:
		return StepPublish
	case g.Status == survey.ReportInReview && g.CanReview:
		return StepDecideQuotes
	case g.Status == survey.ReportPublished && g.Actions == 0 && g.CanManage:
		return StepRecordActions
	}
	return StepReadReport
}

// openAlertCounts counts the open alerts p may see, by team (none when p
// is no one's safeguarding contact).
func (a *App) openAlertCounts(ctx context.Context, p *Staff) (map[string]int, error) {
	out := map[string]int{}
	as, err := a.ListAlerts(ctx, p, store.AlertOpen)
	if survey.ErrorCode(err) == survey.EFORBIDDEN {
		return out, nil
	} else if err != nil {
		return nil, err
	}
	for _, al := range as {
		out[al.Team]++
	}
	return out, nil
}
