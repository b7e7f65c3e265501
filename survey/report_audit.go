package survey

import "math"

// audit looks for hidden cells that a reader could still work out exactly
// by combining the published totals: the linear system "each total equals
// the sum of its cells" (and "twins are equal"), in the unknown hidden
// cells, is put in reduced row echelon form; a hidden cell is exposed when
// a row of that form names it alone. Complementary suppression group by
// group cannot see such chains across groups (in a role × FFT table, a
// hidden cell whose row and column each hold another hidden cell can still
// be a "bridge" that the table's margins pin down). For each exposed cell
// the audit hides one more cell next to it and reports true, so that the
// caller can run complementary suppression and the audit again.
func (b *builder) audit() bool {
	vars := map[*Cell]int{}
	var cols []*Cell
	col := func(c *Cell) int {
		if i, ok := vars[c]; ok {
			return i
		}
		vars[c] = len(cols)
		cols = append(cols, c)
		return len(cols) - 1
	}
	type term struct {
		col  int
		coef float64
	}
	var rows [][]term
	addRow := func(cells []*Cell, coefs []float64) {
		var r []term
		for i, c := range cells {
			if c.Suppressed {
				r = append(r, term{col(c), coefs[i]})
			}
		}
		if len(r) > 0 {
			rows = append(rows, r)
		}
	}
	for _, p := range b.parts {
		if !p.exact {
			continue
		}
		cells := append([]*Cell{p.total}, p.members...)
		coefs := make([]float64, len(cells))
		coefs[0] = 1
		for i := 1; i < len(coefs); i++ {
			coefs[i] = -1
		}
		addRow(cells, coefs)
	}
	for _, tw := range b.twins {
		addRow(tw[:], []float64{1, -1})
	}
	if len(cols) == 0 {
		return false
	}
	m := make([][]float64, len(rows))
	for i, r := range rows {
		m[i] = make([]float64, len(cols))
		for _, t := range r {
			m[i][t.col] += t.coef
		}
	}
	exposed := determined(m, len(cols))
	added := false
	for _, j := range exposed {
		// A hidden zero that can be worked out says only "none"; the
		// threshold protects non-zero counts.
		if cols[j].n == 0 {
			continue
		}
		if c := b.neighbour(cols[j]); c != nil {
			c.Suppressed = true
			added = true
		}
	}
	return added
}

// determined returns the columns whose value the system m·x = k fixes,
// whatever k: those whose unit vector lies in the row space of m.
func determined(m [][]float64, n int) []int {
	const eps = 1e-9
	pivotOf := make([]int, 0, n) // pivot column of each reduced row
	r := 0
	for c := 0; c < n && r < len(m); c++ {
		best := r
		for i := r + 1; i < len(m); i++ {
			if math.Abs(m[i][c]) > math.Abs(m[best][c]) {
				best = i
			}
		}
		if math.Abs(m[best][c]) < eps {
			continue
		}
		m[r], m[best] = m[best], m[r]
		inv := 1 / m[r][c]
		for j := c; j < n; j++ {
			m[r][j] *= inv
		}
		for i := range m {
			if i == r || math.Abs(m[i][c]) < eps {
				continue
			}
			f := m[i][c]
			for j := c; j < n; j++ {
				m[i][j] -= f * m[r][j]
			}
		}
		pivotOf = append(pivotOf, c)
		r++
	}
	var out []int
	for i, c := range pivotOf {
		alone := true
		for j := 0; j < n && alone; j++ {
			alone = j == c || math.Abs(m[i][j]) < eps
		}
		if alone {
			out = append(out, c)
		}
	}
	return out
}

// neighbour picks a visible cell to hide so that an exposed cell is no
// longer pinned down: the smallest non-zero visible cell (or else any
// visible cell, or the total) of an exact group that holds the exposed
// cell.
func (b *builder) neighbour(x *Cell) *Cell {
	var best *Cell
	for _, p := range b.parts {
		if !p.exact || !p.has(x) {
			continue
		}
		if c := secondary(p); c != nil && (best == nil || better(c, best)) {
			best = c
		}
	}
	return best
}

func better(a, b *Cell) bool {
	if (a.n > 0) != (b.n > 0) {
		return a.n > 0
	}
	return a.n < b.n
}

func (p partition) has(c *Cell) bool {
	if p.total == c {
		return true
	}
	for _, m := range p.members {
		if m == c {
			return true
		}
	}
	return false
}
