package survey

import (
	"maps"
	"slices"
)

// joint holds every unit of a quarter and one builder whose cells, groups
// and twins are those of all units plus the groups that link the units
// (a parent's figure and its children's), so that suppression runs over
// the whole quarter at once.
type joint struct {
	units   []*jointUnit
	b       *builder // the union; its cells are the units' cells
	minBase int
	// hier are the cross-unit groups (parent figure, children's figures),
	// where the NHS cascade rule applies.
	hier []partition
}

type jointUnit struct {
	meta      ReportMeta
	u         *unitBuild
	belowBase bool
	prevOK    bool
	published map[string]*int
	children  []*jointUnit
}

// newJoint prepares every unit of the quarter (or, with prev, of the
// previous quarter) and links them.
func newJoint(in QuarterData, prev bool) *joint {
	j := &joint{b: &builder{t: in.Settings.Threshold(), quoteMin: in.Settings.QuoteMin(), byKey: map[string]*Cell{}},
		minBase: in.Settings.MinBaseOf()}
	org := j.add(in.Org, in.Settings, prev)
	for _, s := range in.Services {
		su := j.add(s.Unit, in.Settings, prev)
		org.children = append(org.children, su)
		for _, t := range s.Teams {
			su.children = append(su.children, j.add(t, in.Settings, prev))
		}
	}
	for _, ju := range j.units {
		j.link(ju)
	}
	return j
}

// add prepares one unit and merges its cells into the joint builder.
func (j *joint) add(du DisclosureUnit, settings OrgSettings, prev bool) *jointUnit {
	r, meta := du.Rollup, du.Meta
	ju := &jointUnit{meta: meta, published: du.Published, prevOK: du.Prev != nil && du.Prev.Total > 0}
	if prev {
		r = Rollup{}
		if du.Prev != nil {
			r = *du.Prev
		}
		meta.Quarter = meta.Quarter.Prev()
		ju.published = du.PrevPublished
	}
	ju.u = prepareUnit(r, meta, settings)
	b := ju.u.b
	ju.belowBase = r.Total >= 1 && r.Total < j.minBase
	if ju.belowBase {
		b.pctOK = false
	}
	j.b.cells = append(j.b.cells, b.cells...)
	j.b.parts = append(j.b.parts, b.parts...)
	j.b.twins = append(j.b.twins, b.twins...)
	j.units = append(j.units, ju)
	return ju
}

// link adds the groups that tie a unit's figures to its children's: each
// figure of the parent is the sum of the same figure of its children (a
// child without the figure has none of it).
func (j *joint) link(p *jointUnit) {
	if len(p.children) == 0 {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(p.u.b.byKey)) {
		pc := p.u.b.byKey[key]
		var members []*Cell
		sum := 0
		for _, ch := range p.children {
			if c := ch.u.b.byKey[key]; c != nil {
				members = append(members, c)
				sum += c.n
			}
		}
		if sum != pc.n || len(members) == 0 {
			continue
		}
		if len(members) == 1 {
			j.b.twins = append(j.b.twins, [2]*Cell{pc, members[0]})
			continue
		}
		part := partition{total: pc, members: members, exact: true}
		j.b.parts = append(j.b.parts, part)
		j.hier = append(j.hier, part)
	}
}

// suppress runs the primary rules per unit, then the secondary rules, the
// cascade rule and the exact audit over the whole quarter until stable.
func (j *joint) suppress() {
	for _, ju := range j.units {
		ju.u.b.primaries()
		j.minimumBase(ju)
		j.correction(ju)
	}
	j.b.protectPrimaryOnly = true
	j.b.index()
	for {
		j.b.complementary()
		if j.cascade() {
			continue
		}
		if !j.b.audit() {
			return
		}
	}
}

// minimumBase hides every figure of a unit below the minimum base and
// protects its non-zero ones like small counts.
func (j *joint) minimumBase(ju *jointUnit) {
	if !ju.belowBase {
		return
	}
	for _, c := range ju.u.b.cells {
		if !c.Suppressed {
			c.Suppressed, c.why = true, ReasonBelowMinBase
		}
		if c.n > 0 {
			c.primary = true
		}
	}
}

// correction applies the versions rule to a team whose report has been
// published: every figure hidden in the latest published version stays
// hidden, and every figure that changed since by 1 to threshold−1 is
// hidden; both are protected like small counts, so that differencing the
// versions reveals nothing of the late responses.
func (j *joint) correction(ju *jointUnit) {
	if ju.published == nil {
		return
	}
	for _, key := range slices.Sorted(maps.Keys(ju.u.b.byKey)) {
		c := ju.u.b.byKey[key]
		old, ok := ju.published[key]
		if !ok {
			continue
		}
		diff := c.n
		if old != nil {
			diff = c.n - *old
		}
		if diff < 0 {
			diff = -diff
		}
		if old == nil || (diff >= 1 && diff < j.b.t) {
			if !c.Suppressed {
				c.why = ReasonCorrection
			}
			c.Suppressed = true
			c.primary = c.primary || c.n > 0
		}
	}
}

// cascade applies the NHS cascade rule: where a parent's figure is hidden,
// at least two of its children's figures are hidden (the smallest
// non-zero first). Reports whether it hid anything.
func (j *joint) cascade() bool {
	changed := false
	for _, p := range j.hier {
		if !p.total.Suppressed || p.total.n == 0 {
			continue
		}
		for hiddenMembers(p) < 2 {
			c := smallestVisible(p.members)
			if c == nil {
				break
			}
			c.Suppressed = true
			changed = true
		}
	}
	return changed
}

func hiddenMembers(p partition) int {
	n := 0
	for _, m := range p.members {
		if m.Suppressed {
			n++
		}
	}
	return n
}

// smallestVisible returns the smallest non-zero visible cell, or else any
// visible cell, or nil.
func smallestVisible(cs []*Cell) *Cell {
	var best, anyVisible *Cell
	for _, m := range cs {
		if m.Suppressed {
			continue
		}
		if anyVisible == nil {
			anyVisible = m
		}
		if m.n > 0 && (best == nil || m.n < best.n) {
			best = m
		}
	}
	if best != nil {
		return best
	}
	return anyVisible
}
