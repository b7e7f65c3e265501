package survey

// audit looks for hidden cells that a reader could still work out exactly
// by combining the published totals: the linear system "each total equals
// the sum of its cells" (and "twins are equal"), in the unknown hidden
// cells, is put in reduced row echelon form; a hidden cell is exposed when
// a row of that form names it alone. Complementary suppression group by
// group cannot see such chains across groups (in a role × FFT table, a
// hidden cell whose row and column each hold another hidden cell can still
// be a "bridge" that the table's margins pin down). For each exposed cell
// that must be protected the audit hides one more cell next to it and
// reports true, so that the caller can run complementary suppression and
// the audit again.
func (b *builder) audit() bool {
	sys := newLinSystem()
	for _, p := range b.parts {
		if !p.exact {
			continue
		}
		row := map[*Cell]float64{}
		if p.total.Suppressed {
			row[p.total]++
		}
		for _, m := range p.members {
			if m.Suppressed {
				row[m]--
			}
		}
		sys.add(row)
	}
	for _, tw := range b.twins {
		if tw[0].Suppressed && tw[1].Suppressed {
			sys.add(map[*Cell]float64{tw[0]: 1, tw[1]: -1})
		}
	}
	added := false
	for _, c := range sys.determined() {
		if !b.mustProtect(c) {
			continue
		}
		if n := b.neighbour(c); n != nil {
			n.Suppressed = true
			added = true
		}
	}
	return added
}

// mustProtect reports whether a hidden cell must not be worked out. A
// hidden zero that can be worked out says only "none"; the threshold
// protects non-zero counts.
func (b *builder) mustProtect(c *Cell) bool {
	if b.protectPrimaryOnly {
		return c.primary
	}
	return c.n != 0
}

// index records which exact groups hold each cell (for neighbour).
func (b *builder) index() {
	b.partsOf = map[*Cell][]int{}
	for i, p := range b.parts {
		if !p.exact {
			continue
		}
		b.partsOf[p.total] = append(b.partsOf[p.total], i)
		for _, m := range p.members {
			b.partsOf[m] = append(b.partsOf[m], i)
		}
	}
	b.twinsOf = map[*Cell][]*Cell{}
	for _, tw := range b.twins {
		b.twinsOf[tw[0]] = append(b.twinsOf[tw[0]], tw[1])
		b.twinsOf[tw[1]] = append(b.twinsOf[tw[1]], tw[0])
	}
}

// neighbour picks a visible cell to hide so that an exposed cell is no
// longer pinned down: the smallest non-zero visible cell (or else any
// visible cell, or the total) of an exact group that holds the exposed
// cell. When every group holding it is hidden whole, the search goes on
// through the hidden cells of those groups (and twins), nearest first, to
// the groups whose visible figures pin it down.
func (b *builder) neighbour(x *Cell) *Cell {
	if b.partsOf == nil {
		b.index()
	}
	seen := map[*Cell]bool{x: true}
	frontier := []*Cell{x}
	for len(frontier) > 0 {
		var best *Cell
		var next []*Cell
		for _, h := range frontier {
			for _, i := range b.partsOf[h] {
				p := b.parts[i]
				if c := secondary(p); c != nil && (best == nil || better(c, best)) {
					best = c
				}
				for _, m := range append([]*Cell{p.total}, p.members...) {
					if m.Suppressed && !seen[m] {
						seen[m] = true
						next = append(next, m)
					}
				}
			}
			for _, t := range b.twinsOf[h] {
				if !t.Suppressed {
					if best == nil || better(t, best) {
						best = t
					}
				} else if !seen[t] {
					seen[t] = true
					next = append(next, t)
				}
			}
		}
		if best != nil {
			return best
		}
		frontier = next
	}
	return nil
}

func better(a, b *Cell) bool {
	if (a.n > 0) != (b.n > 0) {
		return a.n > 0
	}
	return a.n < b.n
}
