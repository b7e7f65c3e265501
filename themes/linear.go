package themes

import (
	"math"
	"math/rand/v2"
)

// csr is a sparse matrix in compressed-row form: row i has the columns
// idx[ptr[i]:ptr[i+1]] with values val[ptr[i]:ptr[i+1]].
type csr struct {
	ptr  []int
	idx  []int32
	val  []float32
	cols int
}

func (m *csr) rows() int { return len(m.ptr) - 1 }

func (m *csr) add(idx []int32, val []float32) {
	m.idx = append(m.idx, idx...)
	m.val = append(m.val, val...)
	m.ptr = append(m.ptr, len(m.idx))
}

// subset returns the rows in sel, in that order, sharing no memory with m.
func (m *csr) subset(sel []int) *csr {
	return m.appendRows(&csr{cols: m.cols, ptr: make([]int, 1, len(sel)+1)}, sel)
}

// appendRows appends the rows in sel to out and returns it.
func (m *csr) appendRows(out *csr, sel []int) *csr {
	for _, i := range sel {
		out.add(m.idx[m.ptr[i]:m.ptr[i+1]], m.val[m.ptr[i]:m.ptr[i+1]])
	}
	return out
}

// svmParams are the settings of one binary L2-regularised, L2-loss linear
// SVM trained by dual coordinate descent (Hsieh et al., ICML 2008, as in
// LIBLINEAR's solver 1).
type svmParams struct {
	C      float64 // cost of a negative example's loss
	CPos   float64 // cost of a positive example's loss
	Epochs int
	Eps    float64
	Seed   uint64
}

// Products in the training arithmetic are wrapped in float64(...)
// conversions: the Go spec lets a compiler fuse x*y+z into one FMA
// instruction (it does on arm64) unless a conversion rounds the product, and
// fused and unfused results differ in the last bit. The conversions keep the
// model bytes the same on every architecture.

// trainSVM fits w (len m.cols) and a bias for labels y (+1/-1). The bias is
// a constant feature of value 1 and is regularised like the others. The
// visiting order comes from a seeded generator, so results are reproducible.
func trainSVM(m *csr, y []int8, p svmParams) (w []float64, bias float64) {
	n := m.rows()
	w = make([]float64, m.cols)
	alpha := make([]float64, n)
	diag := make([]float64, n)
	qd := make([]float64, n)
	for i := 0; i < n; i++ {
		c := p.C
		if y[i] > 0 {
			c = p.CPos
		}
		diag[i] = 0.5 / c
		s := 1.0 // bias feature
		for k := m.ptr[i]; k < m.ptr[i+1]; k++ {
			s += float64(float64(m.val[k]) * float64(m.val[k]))
		}
		qd[i] = s + diag[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(p.Seed, 0x7468656d6573))
	for epoch := 0; epoch < p.Epochs; epoch++ {
		rng.Shuffle(n, func(a, b int) { order[a], order[b] = order[b], order[a] })
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			lo, hi := m.ptr[i], m.ptr[i+1]
			yi := float64(y[i])
			g := bias
			for k := lo; k < hi; k++ {
				g += float64(w[m.idx[k]] * float64(m.val[k]))
			}
			g = float64(yi*g) - 1 + float64(diag[i]*alpha[i])
			pg := g
			if alpha[i] == 0 && g > 0 {
				pg = 0
			}
			maxPG = max(maxPG, pg)
			minPG = min(minPG, pg)
			if math.Abs(pg) < 1e-12 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/qd[i], 0)
			d := (alpha[i] - old) * yi
			for k := lo; k < hi; k++ {
				w[m.idx[k]] += float64(d * float64(m.val[k]))
			}
			bias += d
		}
		if maxPG-minPG < p.Eps {
			break
		}
	}
	return w, bias
}

// dot returns the score of row i under (w, bias).
func (m *csr) dot(i int, w []float64, bias float64) float64 {
	s := bias
	for k := m.ptr[i]; k < m.ptr[i+1]; k++ {
		s += float64(w[m.idx[k]] * float64(m.val[k]))
	}
	return s
}
