package app_test

import (
	"context"
	"testing"

	"github.com/chorus-nhs/chorus/app"
	"github.com/chorus-nhs/chorus/store/storetest"
	"github.com/chorus-nhs/chorus/survey"
)

// TestDisclosureCachedUntilDataChange reads the quarter's decision from the
// real embedded store: a second read with the same data returns the cached
// decision; a new count in any team's rollup makes a new one, whose figures
// follow the change.
func TestDisclosureCachedUntilDataChange(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	org := survey.Organisation{Slug: "trust", Name: "Trust"}
	must(t, st.CreateOrganisation(ctx, org))
	must(t, st.CreateService(ctx, survey.Service{Slug: "svc", Organisation: "trust", Name: "Service"}))
	var teams []survey.Team
	for _, slug := range []string{"ward-a", "ward-b", "ward-c"} {
		tm, err := st.CreateTeam(ctx, survey.Team{Slug: slug, Service: "svc", Organisation: "trust", Name: slug})
		must(t, err)
		teams = append(teams, *tm)
	}
	q, err := survey.ParseQuarter("2026-27-Q3")
	must(t, err)
	put := func(i, n int) {
		must(t, st.PutRollup(ctx, teams[i], q.Key(), survey.Rollup{Total: n, ByRole: map[string]int{survey.RoleServiceUser: n}}))
	}
	put(0, 3)
	put(1, 12)
	put(2, 25)
	d := app.NewDisclosure(st)
	first, err := d.Decide(ctx, &org, q)
	must(t, err)
	again, err := d.Decide(ctx, &org, q)
	must(t, err)
	if first != again {
		t.Error("the same data decided twice: want the cached decision")
	}
	total := func(dec *survey.QuarterDecision, level, slug string) *int {
		rep, ok := dec.Report(level, slug, survey.ReportView{})
		if !ok {
			t.Fatalf("%s %s missing from the decision", level, slug)
		}
		return rep.Responses.Total
	}
	// ward-a's 3 is hidden, and ward-b (the next smallest) with it.
	if total(first, survey.LevelTeam, "ward-a") != nil || total(first, survey.LevelTeam, "ward-b") != nil ||
		total(first, survey.LevelService, "svc") == nil || *total(first, survey.LevelService, "svc") != 40 {
		t.Errorf("first decision: ward-a %v, ward-b %v, service %v", total(first, survey.LevelTeam, "ward-a"),
			total(first, survey.LevelTeam, "ward-b"), total(first, survey.LevelService, "svc"))
	}
	put(0, 30) // the quarter's data change
	changed, err := d.Decide(ctx, &org, q)
	must(t, err)
	if changed == first {
		t.Fatal("a rollup changed but the cached decision was returned")
	}
	if n := total(changed, survey.LevelTeam, "ward-a"); n == nil || *n != 30 {
		t.Errorf("after the change ward-a = %v, want 30", n)
	}
	// New settings change the decision too.
	org.Settings.MinBase = 26
	stricter, err := d.Decide(ctx, &org, q)
	must(t, err)
	if stricter == changed || total(stricter, survey.LevelTeam, "ward-b") != nil {
		t.Errorf("min_base 26: ward-b = %v, want hidden (below the minimum base)", total(stricter, survey.LevelTeam, "ward-b"))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
