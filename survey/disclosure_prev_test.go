package survey

import (
	"math/rand/v2"
	"testing"
)

// withPrev returns the quarter of cur with every unit's previous-quarter
// rollup (and published figures) taken from prev, an organisation of the
// same shape.
func withPrev(cur, prev QuarterData) QuarterData {
	link := func(u *DisclosureUnit, p DisclosureUnit) {
		r := p.Rollup
		u.Prev, u.PrevPublished = &r, p.Published
	}
	link(&cur.Org, prev.Org)
	for i := range cur.Services {
		link(&cur.Services[i].Unit, prev.Services[i].Unit)
		for j := range cur.Services[i].Teams {
			link(&cur.Services[i].Teams[j], prev.Services[i].Teams[j])
		}
	}
	return cur
}

// TestChangesCompareWithPublishedFiguresOnly: a change against the
// previous quarter is shown only where the previous quarter's own decision
// (with its corrections) shows the figure, so the previous percentage never
// gives back a figure hidden there.
func TestChangesCompareWithPublishedFiguresOnly(t *testing.T) {
	for seed := range uint64(10) {
		rng := rand.New(rand.NewPCG(seed, 0xbeef))
		shape := [][]int{{1 + rng.IntN(3)}, {2, 1 + rng.IntN(5)}}
		mk := func() [][]Rollup {
			var out [][]Rollup
			for _, s := range shape {
				var teams []Rollup
				for range s[len(s)-1] {
					teams = append(teams, randomRollup(rng, 5+rng.IntN(50)))
				}
				out = append(out, teams)
			}
			return out
		}
		settings := OrgSettings{MinBase: 5}
		prev := quarterOf(mk(), settings)
		// The previous quarter has a published (and so constrained) team.
		first := DecideQuarter(prev)
		rep, _ := first.Report(LevelTeam, "s2-t1", ReportView{})
		prev.Services[1].Teams[0].Published = ReportFigures(rep)
		prev.Services[1].Teams[0].Rollup.Add(randomRollup(rng, 2))
		// Service and organisation sums follow the late responses.
		prevSums := quarterOf([][]Rollup{teamRollups(prev.Services[0]), teamRollups(prev.Services[1])}, settings)
		prev.Services[1].Unit.Rollup, prev.Org.Rollup = prevSums.Services[1].Unit.Rollup, prevSums.Org.Rollup
		own := DecideQuarter(prev)

		cur := withPrev(quarterOf(mk(), settings), prev)
		d := DecideQuarter(cur)
		check := func(u DisclosureUnit) {
			level, slug := u.Meta.Scope.Level, u.Meta.Scope.Slug
			now, _ := d.Report(level, slug, ReportView{})
			then, _ := own.Report(level, slug, ReportView{})
			old := ReportFigures(then)
			walkCells(now, func(key string, c *Cell) {
				if c.Change != nil && c.Change.Previous != nil && old[key] == nil {
					t.Errorf("seed %d: %s %s compares with %v%%, but the previous quarter hides it", seed, slug, key, *c.Change.Previous)
				}
			})
		}
		check(cur.Org)
		for _, s := range cur.Services {
			check(s.Unit)
			for _, tm := range s.Teams {
				check(tm)
			}
		}
	}
}

func teamRollups(s DisclosureService) []Rollup {
	var out []Rollup
	for _, t := range s.Teams {
		out = append(out, t.Rollup)
	}
	return out
}
