package app_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

// TestDashboard: each team's glance carries the same report values as the
// report use case (suppression included), the workflow state of last
// quarter's report moves the next step along, and open alerts are counted
// only for a safeguarding contact.
func TestDashboard(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, func() time.Time { return fixedNow })
	sv := seedTeam(t, st)
	a := app.New(app.Config{Store: st, Now: func() time.Time { return fixedNow }})
	boot := app.BootstrapStaff()
	q := survey.DefaultCalendar().QuarterOf(fixedNow)
	prev := q.Prev().Key()
	submit(t, st, sv.Slug, fixedNow.AddDate(0, -3, 0), 15, 3) // ward-a, last quarter
	submit(t, st, sv.Slug, fixedNow, 4, 2)                    // ward-a, this quarter: below the threshold

	glance := func(p *app.Staff, team string) app.TeamGlance {
		t.Helper()
		gs, err := a.Dashboard(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range gs {
			if g.Team.Slug == team {
				return g
			}
		}
		t.Fatalf("no glance of %s in %d", team, len(gs))
		return app.TeamGlance{}
	}
	g := glance(boot, "ward-a")
	for key, got := range map[string]*survey.Report{prev: g.Last, q.Key(): g.Now} {
		want, err := a.TeamReport(ctx, boot, "ward-a", key, "")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Responses, want.Report.Responses) || !reflect.DeepEqual(got.FFT, want.Report.FFT) ||
			!reflect.DeepEqual(got.Themes, want.Report.Themes) {
			t.Errorf("%s: glance differs from the report:\n%+v\n%+v", key, got.Responses, want.Report.Responses)
		}
	}
	if g.Last.Responses.Total == nil || *g.Last.Responses.Total != 15 {
		t.Errorf("last quarter's responses = %v, want 15", g.Last.Responses.Total)
	}
	if g.Now.Responses.Total != nil || !g.Now.Responses.Suppressed {
		t.Errorf("4 responses this quarter are shown: %v", g.Now.Responses.Total)
	}
	if g.Status != survey.ReportDraft || g.Next != app.StepSendToReview || g.OpenAlerts == nil || *g.OpenAlerts != 0 {
		t.Errorf("draft: status %q next %q alerts %v", g.Status, g.Next, g.OpenAlerts)
	}

	if _, err := a.StartReview(ctx, boot, "ward-a", prev); err != nil {
		t.Fatal(err)
	}
	if g = glance(boot, "ward-a"); g.Status != survey.ReportInReview || g.Next != app.StepPublish {
		t.Errorf("in review: status %q next %q", g.Status, g.Next)
	}
	panel := app.UserStaff(&store.Account{ID: "p", Organisation: "trust", Roles: []store.Role{{Role: app.RolePanel, Teams: []string{"ward-a"}}}})
	if g = glance(panel, "ward-a"); g.Next != app.StepDecideQuotes || g.OpenAlerts != nil {
		t.Errorf("panel member: next %q alerts %v", g.Next, g.OpenAlerts)
	}
	if _, err := a.Publish(ctx, boot, "ward-a", prev, ""); err != nil {
		t.Fatal(err)
	}
	if g = glance(boot, "ward-a"); g.Status != survey.ReportPublished || g.Next != app.StepRecordActions {
		t.Errorf("published: status %q next %q", g.Status, g.Next)
	}
	viewer := app.UserStaff(&store.Account{ID: "v", Organisation: "trust", Roles: []store.Role{{Role: app.RoleViewer, Teams: []string{"ward-b"}}}})
	gs, err := a.Dashboard(ctx, viewer)
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 || gs[0].Team.Slug != "ward-b" || gs[0].Next != app.StepReadReport || gs[0].OpenAlerts != nil {
		t.Errorf("viewer of ward-b: %+v", gs)
	}
}
