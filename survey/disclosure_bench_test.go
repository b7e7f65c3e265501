package survey

import (
	"math/rand/v2"
	"testing"
)

// benchQuarter is an organisation of 200 teams in 5 services with random,
// skewed rollups (many small cells) of up to 60 responses per team; with
// prev, every unit also has a previous quarter to compare with.
func benchQuarter(prev bool) QuarterData {
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
	if prev {
		prevOf := func(u *DisclosureUnit) {
			p := randomRollup(rng, u.Rollup.Total)
			u.Prev = &p
		}
		// Sums do not matter for the benchmark's cost; each unit gets a
		// previous rollup of its own size.
		prevOf(&in.Org)
		for i := range in.Services {
			prevOf(&in.Services[i].Unit)
			for j := range in.Services[i].Teams {
				prevOf(&in.Services[i].Teams[j])
			}
		}
	}
	return in
}

// BenchmarkDecideQuarter200Teams decides the quarter of an organisation of
// 200 teams in 5 services: the budget is 1 s per decision
// (docs/performance.md). "prev" decides the previous quarter too, as a
// read of a report with quarter-on-quarter changes does.
func BenchmarkDecideQuarter200Teams(b *testing.B) {
	for _, prev := range []bool{false, true} {
		name := "current"
		if prev {
			name = "with-prev"
		}
		b.Run(name, func(b *testing.B) {
			in := benchQuarter(prev)
			hidden := 0
			for b.Loop() {
				hidden = DecideQuarter(in).Hidden
			}
			b.ReportMetric(float64(hidden), "hidden-figures")
		})
	}
}
