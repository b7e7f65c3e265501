package survey

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkDecideQuarter200Teams decides the quarter of an organisation of
// 200 teams in 5 services with random, skewed rollups (many small cells):
// the budget is 1 s per decision (docs/performance.md).
func BenchmarkDecideQuarter200Teams(b *testing.B) {
	rng := rand.New(rand.NewPCG(200, 5))
	var services [][]Rollup
	for range 5 {
		var teams []Rollup
		for range 40 {
			teams = append(teams, randomRollup(rng, rng.IntN(60)))
		}
		services = append(services, teams)
	}
	in := quarterOf(services, OrgSettings{})
	b.ResetTimer()
	hidden := 0
	for range b.N {
		hidden = DecideQuarter(in).Hidden
	}
	b.ReportMetric(float64(hidden), "hidden-figures")
}
