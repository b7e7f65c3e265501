package survey

import (
	"math"
	"slices"
)

// suppress decides which cells are hidden. It runs once over every cell
// and group of a report; nothing is published before it has run.
func (b *builder) suppress() {
	b.primaries()
	b.secondaries()
}

// primaries hides the small counts and the cells of small groups.
func (b *builder) primaries() {
	for _, c := range b.cells {
		if c.n >= 1 && c.n < b.t {
			c.Suppressed, c.primary, c.why = true, true, ReasonSmallCount
		}
	}
	// A group whose total is small is hidden whole, zeros included: a
	// visible zero beside a hidden total of 3 would say "all of them
	// answered the other way".
	for _, p := range b.parts {
		if p.total.n >= 1 && p.total.n < b.t {
			for _, m := range p.members {
				if !m.Suppressed {
					m.Suppressed, m.why = true, ReasonSmallGroup
				}
			}
		}
	}
}

// secondaries runs complementary suppression until nothing changes, then
// an exact audit of what the published totals still pin down; repeat while
// the audit hides more.
func (b *builder) secondaries() {
	for {
		b.complementary()
		if !b.audit() {
			return
		}
	}
}

// complementary hides cells until, among every total and its cells, never
// exactly one value is hidden: a single hidden value could be recovered by
// subtraction, so a second one is hidden too.
func (b *builder) complementary() {
	for changed := true; changed; {
		changed = false
		for _, tw := range b.twins {
			if tw[0].Suppressed != tw[1].Suppressed {
				tw[0].Suppressed, tw[1].Suppressed = true, true
				changed = true
			}
		}
		for _, p := range b.parts {
			// A visible total of 0 says every cell is 0: nothing to protect.
			if !p.total.Suppressed && p.total.n == 0 {
				continue
			}
			if hiddenIn(p) == 1 {
				if c := secondary(p); c != nil {
					c.Suppressed = true
					changed = true
				}
			}
		}
	}
}

// hiddenIn counts the suppressed values among a group's total and cells.
func hiddenIn(p partition) int {
	n := 0
	if p.total.Suppressed {
		n++
	}
	for _, m := range p.members {
		if m.Suppressed {
			n++
		}
	}
	return n
}

// secondary picks the cell to hide beside a single hidden one: the
// smallest non-zero visible cell (it hides least and protects most), or
// else any visible cell.
func secondary(p partition) *Cell {
	if c := smallestVisible(p.members); c != nil {
		return c
	}
	if !p.total.Suppressed {
		return p.total
	}
	return nil
}

// publish fills the visible fields of every cell from its raw values.
func (b *builder) publish() {
	for _, c := range b.cells {
		c.Count, c.Percent, c.Low, c.High = nil, nil, nil, nil
		if c.Suppressed {
			c.Reason = c.why
			if c.Reason == "" {
				c.Reason = ReasonProtectsOther
			}
			continue
		}
		n := c.n
		c.Count, c.Reason = &n, ""
		if !b.showPercent(c) {
			continue
		}
		lo, hi := Wilson(c.n, c.base.n)
		c.Percent = round(100*float64(c.n)/float64(c.base.n), 1)
		c.Low, c.High = round(100*lo, 1), round(100*hi, 1)
	}
}

// showPercent reports whether a cell's percentage may be shown: its count
// and its base are visible, the base is not empty, and the report (and the
// cell's role column) has enough responses.
func (b *builder) showPercent(c *Cell) bool {
	return b.pctOK && !c.noPct && !c.Suppressed && c.base != nil &&
		!c.base.Suppressed && c.base.n > 0
}

// compare sets the change against the previous quarter on every cell that
// has a percentage in both quarters.
func (b *builder) compare(old *builder) {
	for _, c := range b.cells {
		if c.base == nil {
			continue
		}
		o := old.byKey[c.key]
		if o == nil {
			continue
		}
		ch := &Change{}
		c.Change = ch
		if c.Percent == nil || o.Percent == nil {
			ch.Suppressed = c.Suppressed || o.Suppressed || c.base.Suppressed || o.base.Suppressed ||
				!b.pctOK || !old.pctOK || c.noPct || o.noPct
			continue
		}
		z, p := TwoProportionZ(c.n, c.base.n, o.n, o.base.n)
		prev := 100 * float64(o.n) / float64(o.base.n)
		cur := 100 * float64(c.n) / float64(c.base.n)
		ch.Previous = round(prev, 1)
		ch.Difference = round(cur-prev, 1)
		ch.Z = round(z, 2)
		ch.P = round(p, 4)
		ch.Significant = p < 0.05
	}
}

// emerging keeps the emerging terms that may be shown: none below the
// quote minimum, none used fewer times than the threshold, and a previous
// count below the threshold is hidden.
func (b *builder) emerging(terms []EmergingTerm) []EmergingTerm {
	out := []EmergingTerm{}
	if !b.pctOK {
		return out
	}
	for _, t := range terms {
		if t.CountCurrent == nil || *t.CountCurrent < b.t {
			continue
		}
		cur := *t.CountCurrent
		e := EmergingTerm{Term: t.Term, Z: round2(t.Z), CountCurrent: &cur}
		if t.CountPrevious != nil {
			prev := *t.CountPrevious
			if prev >= 1 && prev < b.t {
				e.Suppressed = true
			} else {
				e.CountPrevious = &prev
			}
		}
		out = append(out, e)
	}
	return out
}

// sortThemes orders themes by visible count, largest first; suppressed
// themes come last in framework order, so that the order itself says
// nothing about hidden counts.
func sortThemes(ts []ThemeResult) {
	slices.SortStableFunc(ts, func(a, b ThemeResult) int {
		switch {
		case a.Count == nil && b.Count == nil:
			return 0
		case a.Count == nil:
			return 1
		case b.Count == nil:
			return -1
		}
		return *b.Count - *a.Count
	})
}

func round(x float64, places int) *float64 {
	p := math.Pow(10, float64(places))
	v := math.Round(x*p) / p
	if v == 0 {
		v = 0 // no negative zero
	}
	return &v
}

func round2(x float64) float64 { return *round(x, 2) }
