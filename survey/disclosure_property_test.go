package survey

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// quarterOf builds the QuarterData of an organisation whose services have
// the given teams' rollups.
func quarterOf(services [][]Rollup, settings OrgSettings) QuarterData {
	unit := func(level, slug string, r Rollup) DisclosureUnit {
		return DisclosureUnit{Rollup: r, Meta: ReportMeta{
			Scope: ReportScope{Level: level, Slug: slug, Name: slug}, Quarter: Quarter{Year: 2026, Q: 3},
			Questions: propSurvey.Sections[0].Questions, Framework: propFramework,
		}}
	}
	in := QuarterData{Settings: settings}
	var org Rollup
	for i, teams := range services {
		var sum Rollup
		ds := DisclosureService{}
		for j, r := range teams {
			sum.Add(r)
			ds.Teams = append(ds.Teams, unit(LevelTeam, fmt.Sprintf("s%d-t%d", i+1, j+1), r))
		}
		ds.Unit = unit(LevelService, fmt.Sprintf("s%d", i+1), sum)
		org.Add(sum)
		in.Services = append(in.Services, ds)
	}
	in.Org = unit(LevelOrganisation, "org", org)
	return in
}

// published turns every report of a quarter into what the attacker holds,
// with report(level, slug) giving each unit's report.
func published(in QuarterData, report func(DisclosureUnit) Report) []attackUnit {
	units := []attackUnit{{name: "organisation/org", figures: ReportFigures(report(in.Org))}}
	for _, s := range in.Services {
		si := len(units)
		units[0].children = append(units[0].children, si)
		units = append(units, attackUnit{name: "service/" + s.Unit.Meta.Scope.Slug, figures: ReportFigures(report(s.Unit))})
		for _, t := range s.Teams {
			units[si].children = append(units[si].children, len(units))
			units = append(units, attackUnit{name: "team/" + t.Meta.Scope.Slug, figures: ReportFigures(report(t))})
		}
	}
	return units
}

// oldReports is today's approach before the quarter decision: each report
// suppressed on its own.
func oldReports(in QuarterData) []attackUnit {
	return published(in, func(u DisclosureUnit) Report {
		return BuildReport(u.Rollup, nil, u.Meta, in.Settings)
	})
}

// newReports reads every report from one DecideQuarter decision.
func newReports(in QuarterData) ([]attackUnit, *QuarterDecision) {
	d := DecideQuarter(in)
	return published(in, func(u DisclosureUnit) Report {
		rep, ok := d.Report(u.Meta.Scope.Level, u.Meta.Scope.Slug, ReportView{})
		if !ok {
			panic("unit missing from the decision: " + u.Meta.Scope.Slug)
		}
		return rep
	}), d
}

// smallLeaks keeps the worked-out figures from 1 to threshold−1: the
// counts suppression promises to protect.
func smallLeaks(ls []leak, threshold int) []leak {
	var out []leak
	for _, l := range ls {
		if !l.value.IsInt() {
			continue
		}
		v := l.value.Num().Int64()
		if v >= 1 && v < int64(threshold) {
			out = append(out, l)
		}
	}
	return out
}

// issueScenario is the organisation of issue 10: a service of three teams
// with 3, 12 and 25 responses, and a service of two teams with 8 and 6.
func issueScenario() [][]Rollup {
	rng := rand.New(rand.NewPCG(10, 10))
	return [][]Rollup{
		{randomRollup(rng, 3), randomRollup(rng, 12), randomRollup(rng, 25)},
		{randomRollup(rng, 8), randomRollup(rng, 6)},
	}
}

// TestIssueScenarioOldApproachLeaks keeps the case that shows the leak of
// suppressing each report on its own, and that the quarter decision of
// the same organisation does not leak.
func TestIssueScenarioOldApproachLeaks(t *testing.T) {
	for _, minBase := range []int{5, 10} {
		in := quarterOf(issueScenario(), OrgSettings{MinBase: minBase})
		old := smallLeaks(attack(oldReports(in)), 5)
		if len(old) == 0 {
			t.Fatalf("min_base %d: the attacker found no leak in the per-report approach; it should", minBase)
		}
		t.Logf("min_base %d: per-report suppression leaks %d small counts, e.g. %s %s = %s", minBase, len(old), old[0].unit, old[0].key, old[0].value.RatString())
		units, _ := newReports(in)
		if leaks := smallLeaks(attack(units), 5); len(leaks) > 0 {
			t.Errorf("min_base %d: the quarter decision leaks %d small counts, e.g. %s %s = %s", minBase, len(leaks), leaks[0].unit, leaks[0].key, leaks[0].value.RatString())
		}
	}
}

// TestDecideQuarterProperty builds random organisations (1 to 30 teams per
// service, with services of one and of two teams among them) with many
// small cells, publishes every report of the quarter from the decision and
// attacks them all together with an exact rational solver: no count from 1
// to threshold−1, and no figure of a unit below the minimum base, is ever
// worked out. The same attack on the per-report approach must find leaks.
func TestDecideQuarterProperty(t *testing.T) {
	cases := 24
	if testing.Short() {
		cases = 8
	}
	oldLeaks := 0
	for seed := range uint64(cases) {
		rng := rand.New(rand.NewPCG(seed, 0xd15c))
		settings := OrgSettings{SuppressionThreshold: []int{0, 3, 7}[rng.IntN(3)], MinBase: []int{0, 3, 15}[rng.IntN(3)]}
		var services [][]Rollup
		for s := range 1 + rng.IntN(3) {
			n := []int{1, 2, 1 + rng.IntN(30)}[(int(seed)+s)%3]
			if seed%4 == 3 {
				n = 1 + rng.IntN(4) // small services are the hard case
			}
			var teams []Rollup
			for range n {
				teams = append(teams, randomRollup(rng, []int{rng.IntN(8), rng.IntN(20), rng.IntN(60)}[rng.IntN(3)]))
			}
			services = append(services, teams)
		}
		in := quarterOf(services, settings)
		th := settings.Threshold()
		oldLeaks += len(smallLeaks(attack(oldReports(in)), th))
		units, _ := newReports(in)
		all := attack(units)
		for _, l := range smallLeaks(all, th) {
			t.Errorf("seed %d: %s %s = %s can be worked out", seed, l.unit, l.key, l.value.RatString())
		}
		for _, l := range all {
			if belowBase(in, l.unit) && l.value.Sign() != 0 {
				t.Errorf("seed %d: %s is below the minimum base but %s = %s can be worked out", seed, l.unit, l.key, l.value.RatString())
			}
		}
		if t.Failed() {
			t.Fatalf("seed %d failed", seed)
		}
	}
	if oldLeaks == 0 {
		t.Fatal("the attack found no leak in the per-report approach: it cannot tell a leak")
	}
	t.Logf("per-report approach: %d small counts worked out over %d organisations; quarter decision: none", oldLeaks, cases)
}

func belowBase(in QuarterData, name string) bool {
	check := func(u DisclosureUnit) bool {
		return u.Meta.Scope.Level+"/"+u.Meta.Scope.Slug == name && u.Rollup.Total >= 1 && u.Rollup.Total < in.Settings.MinBaseOf()
	}
	if check(in.Org) {
		return true
	}
	for _, s := range in.Services {
		if check(s.Unit) {
			return true
		}
		for _, t := range s.Teams {
			if check(t) {
				return true
			}
		}
	}
	return false
}
