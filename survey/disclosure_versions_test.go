package survey

import (
	"math/rand/v2"
	"testing"
)

// TestCorrectionProperty publishes a random team's report, adds 1 to
// threshold−1 late responses to that team, decides the quarter again with
// the published figures (the correction) and compares the two versions as
// a reader holding both, and every live report of the quarter, would:
//   - nothing hidden in the first version is shown in the correction;
//   - no figure shown in both changed by 1 to threshold−1;
//   - the exact attack on every report of the corrected quarter works out
//     no figure of the team that changed by 1 to threshold−1.
func TestCorrectionProperty(t *testing.T) {
	cases := 12
	if testing.Short() {
		cases = 4
	}
	for seed := range uint64(cases) {
		rng := rand.New(rand.NewPCG(seed, 0xc0de))
		var services [][]Rollup
		for range 1 + rng.IntN(2) {
			var teams []Rollup
			for range 1 + rng.IntN(4) {
				teams = append(teams, randomRollup(rng, 5+rng.IntN(40)))
			}
			services = append(services, teams)
		}
		settings := OrgSettings{MinBase: 5}
		th := settings.Threshold()
		si := rng.IntN(len(services))
		ti := rng.IntN(len(services[si]))
		slug := quarterOf(services, settings).Services[si].Teams[ti].Meta.Scope.Slug

		before := quarterOf(services, settings)
		d1 := DecideQuarter(before)
		v1, _ := d1.Report(LevelTeam, slug, ReportView{})
		f1 := ReportFigures(v1)

		services[si][ti].Add(randomRollup(rng, 1+rng.IntN(th-1)))
		after := quarterOf(services, settings)
		after.Services[si].Teams[ti].Published = f1
		units, d2 := newReports(after)
		v2, _ := d2.Report(LevelTeam, slug, ReportView{})
		f2 := ReportFigures(v2)

		truth := prepareUnit(services[si][ti], after.Services[si].Teams[ti].Meta, settings).b.byKey // unsuppressed
		// small: the figure changed by 1 to threshold−1 since version 1.
		small := func(key string) bool {
			a, b := f1[key], truth[key]
			if a == nil || b == nil {
				return false
			}
			d := b.n - *a
			return d != 0 && d > -th && d < th
		}
		for key, a := range f1 {
			b, ok := f2[key]
			if !ok {
				continue
			}
			if a == nil && b != nil {
				t.Errorf("seed %d: %s hidden in version 1, shown (%d) in the correction", seed, key, *b)
			}
			if a != nil && b != nil && small(key) {
				t.Errorf("seed %d: %s shown as %d then %d", seed, key, *a, *b)
			}
		}
		for _, l := range attack(units) {
			if l.unit == LevelTeam+"/"+slug && small(l.key) {
				t.Errorf("seed %d: %s changed by a few since version 1, and the reports of the quarter give it (%s)", seed, l.key, l.value.RatString())
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
}
