package survey

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkBuildReport builds a report (with the previous quarter) from
// rollups of 500 and 50 responses: the CPU part of a report read.
func BenchmarkBuildReport(b *testing.B) {
	for _, n := range []int{50, 500} {
		rng := rand.New(rand.NewPCG(uint64(n), 9))
		cur, prev := randomRollup(rng, n), randomRollup(rng, n)
		meta := ReportMeta{Quarter: Quarter{Year: 2026, Q: 3}, Questions: propSurvey.Sections[0].Questions, Framework: propFramework}
		b.Run(map[int]string{50: "responses=50", 500: "responses=500"}[n], func(b *testing.B) {
			for b.Loop() {
				BuildReport(cur, &prev, meta, OrgSettings{})
			}
		})
	}
}
