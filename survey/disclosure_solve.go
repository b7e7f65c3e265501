package survey

import (
	"math"
	"slices"
)

// linSystem is a sparse linear system over the hidden cells, kept in
// reduced row echelon form as rows are added: each pivot row has a pivot
// column that no other pivot row holds. A cell is determined by the system
// (whatever the visible values) exactly when its column is a pivot whose
// row holds nothing else: its unit vector lies in the row space. Rows only
// meet through shared columns, so unrelated blocks of the quarter (another
// team's table) never touch each other and the work stays near linear in
// the number of equations.
type linSystem struct {
	ids   map[*Cell]int
	cells []*Cell
	rows  map[int]map[int]float64 // pivot column → its row
	occ   map[int]map[int]bool    // column → pivot columns whose rows hold it
}

const linEps = 1e-9

func newLinSystem() *linSystem {
	return &linSystem{ids: map[*Cell]int{}, rows: map[int]map[int]float64{}, occ: map[int]map[int]bool{}}
}

func (s *linSystem) col(c *Cell) int {
	if i, ok := s.ids[c]; ok {
		return i
	}
	s.ids[c] = len(s.cells)
	s.cells = append(s.cells, c)
	return len(s.cells) - 1
}

// add reduces an equation (cell → coefficient) against the pivot rows and
// keeps it as a new pivot row when it is independent.
func (s *linSystem) add(eq map[*Cell]float64) {
	row := map[int]float64{}
	for c, v := range eq {
		if math.Abs(v) > linEps {
			row[s.col(c)] += v
		}
	}
	// Eliminate every pivot column the row holds. Pivot rows hold no other
	// pivot column, so one pass over the pivots present suffices.
	var pivots []int
	for c := range row {
		if s.rows[c] != nil {
			pivots = append(pivots, c)
		}
	}
	for _, p := range pivots {
		f := row[p]
		if f == 0 {
			continue
		}
		for c, v := range s.rows[p] {
			row[c] -= f * v
		}
	}
	for c, v := range row {
		if math.Abs(v) < linEps {
			delete(row, c)
		}
	}
	if len(row) == 0 {
		return
	}
	p := s.pickPivot(row)
	inv := 1 / row[p]
	for c := range row {
		row[c] *= inv
	}
	row[p] = 1
	// Remove the new pivot column from every other pivot row.
	for q := range s.occ[p] {
		r := s.rows[q]
		f := r[p]
		for c, v := range row {
			nv := r[c] - f*v
			if math.Abs(nv) < linEps {
				delete(r, c)
				s.unocc(c, q)
			} else {
				if _, had := r[c]; !had {
					s.setOcc(c, q)
				}
				r[c] = nv
			}
		}
	}
	s.rows[p] = row
	for c := range row {
		s.setOcc(c, p)
	}
}

// pickPivot chooses the row's column held by the fewest pivot rows (the
// least fill-in when it is eliminated from them), the lowest id on ties.
func (s *linSystem) pickPivot(row map[int]float64) int {
	best, bestN := -1, 0
	for c := range row {
		n := len(s.occ[c])
		if best == -1 || n < bestN || (n == bestN && c < best) {
			best, bestN = c, n
		}
	}
	return best
}

func (s *linSystem) setOcc(c, q int) {
	if s.occ[c] == nil {
		s.occ[c] = map[int]bool{}
	}
	s.occ[c][q] = true
}

func (s *linSystem) unocc(c, q int) {
	delete(s.occ[c], q)
}

// determined returns the cells whose value the system fixes.
func (s *linSystem) determined() []*Cell {
	var out []int
	for p, r := range s.rows {
		if len(r) == 1 {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	cells := make([]*Cell, len(out))
	for i, p := range out {
		cells[i] = s.cells[p]
	}
	return cells
}
