package themes

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// TrainOptions are the settings of Train. The zero value is not useful;
// start from DefaultTrainOptions.
type TrainOptions struct {
	Features  FeatureOptions
	MinDF     int     // drop features seen in fewer training comments
	C         float64 // SVM cost for sub-themes
	PosWeight float64 // extra cost on positive examples of sub-themes
	SentC     float64 // SVM cost for sentiment classes
	Epochs    int
	// CalibFolds is the number of internal cross-validation folds used to
	// choose per-label thresholds; below 2, every threshold is Threshold.
	CalibFolds int
	Threshold  float64 // default threshold, and the one thresholds shrink to
	// Shrink pulls a label's tuned threshold towards the shared one:
	// weight positives/(positives+Shrink) on the tuned value.
	Shrink float64
	// Fallback: when no sub-theme passes its threshold, the best one still
	// fires if it misses by at most Fallback (0: never).
	Fallback float64
	// NBBeta and SentNBBeta mix naive Bayes feature scaling into the
	// sub-theme and sentiment models (0: none, 1: full; see nbScale).
	NBBeta, SentNBBeta float64
	// Stack adds a second stage: one linear model per output over all
	// first-stage scores (label co-occurrence, themes informing sentiment),
	// fitted on out-of-fold scores with cost StackC. Needs CalibFolds >= 2.
	// BlankAugment also trains sentiment on every row with its prompt kind
	// and FFT score removed, so that it stays accurate when they are unknown.
	BlankAugment bool
	Stack        bool
	StackThemes  bool // also restack the sub-themes, not only sentiment
	StackC       float64
	Seed         uint64
}

// DefaultTrainOptions are the settings chosen by cross-validation on the
// shared training file (docs/themes.md).
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{
		Features:     DefaultFeatureOptions(),
		MinDF:        2,
		C:            0.2,
		PosWeight:    1,
		SentC:        0.05,
		Epochs:       40,
		CalibFolds:   3,
		Threshold:    0,
		Shrink:       3,
		Fallback:     0,
		NBBeta:       0.5,
		SentNBBeta:   0.5,
		BlankAugment: true,
		Stack:        true,
		StackC:       0.05,
		Seed:         1,
	}
}

// dataset is a featurised training set.
type dataset struct {
	x    *csr
	ex   []Example
	skip []bool // placeholder rows: handled by rule, not used to tune thresholds
	// blank holds the same rows featurised without prompt kind and FFT
	// score (nil unless TrainOptions.BlankAugment).
	blank *csr
}

// featurise builds the vocabulary from rows and turns every row into a
// sparse vector.
func featurise(rows []Example, o TrainOptions) (*vocab, *dataset) {
	var s scratch
	docs := make([][]uint64, len(rows))
	var all []uint64
	skip := make([]bool, len(rows))
	var blank [][]uint64
	if o.BlankAugment {
		blank = make([][]uint64, len(rows))
	}
	for i, r := range rows {
		o.Features.extract(&s, r.Input)
		skip[i] = isPlaceholder(s.norm)
		h := slices.Clone(s.hashes)
		slices.Sort(h)
		docs[i] = h
		all = append(all, slices.Compact(slices.Clone(h))...)
		if blank != nil {
			o.Features.extract(&s, Input{Text: r.Text})
			blank[i] = slices.Clone(s.hashes)
			for _, x := range blank[i] {
				if x&blockMask == blockMeta {
					all = append(all, x)
				}
			}
		}
	}
	slices.Sort(all)
	v := &vocab{}
	n := float64(len(rows))
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if j-i >= o.MinDF || all[i]&blockMask == blockMeta {
			v.keys = append(v.keys, all[i])
			v.idf = append(v.idf, float32(math.Log((1+n)/(1+float64(j-i)))+1))
		}
		i = j
	}
	v.buildIndex()
	vectors := func(docs [][]uint64) *csr {
		x := &csr{cols: len(v.keys), ptr: []int{0}}
		for _, h := range docs {
			s.hashes = h
			o.Features.vectorise(&s, v)
			x.add(s.idx, s.val)
		}
		return x
	}
	d := &dataset{x: vectors(docs), ex: rows, skip: skip}
	if blank != nil {
		d.blank = vectors(blank)
	}
	return v, d
}

// Train fits a model to rows. It writes one progress line per stage to
// progress (which may be nil). The result depends only on rows and opts.
func Train(rows []Example, opts TrainOptions, progress io.Writer) (*Model, error) {
	if len(rows) < 10 {
		return nil, fmt.Errorf("themes: %d training rows, want at least 10", len(rows))
	}
	if !slices.ContainsFunc(rows, func(ex Example) bool { return ex.Sentiment > 0 }) {
		return nil, errors.New("themes: no training row has a sentiment")
	}
	if progress == nil {
		progress = io.Discard
	}
	start := time.Now()
	v, d := featurise(rows, opts)
	fmt.Fprintf(progress, "themes: %d comments, %d features (%.1fs)\n", len(rows), len(v.keys), time.Since(start).Seconds())
	m := &Model{features: opts.Features, vocab: *v, fallback: float32(opts.Fallback)}
	for j := range m.threshold {
		m.threshold[j] = float32(opts.Threshold)
	}
	if opts.CalibFolds >= 2 {
		oof, err := outOfFold(d, opts, progress, start)
		if err != nil {
			return nil, err
		}
		if opts.Stack {
			m.stacked = true
			m.stack, m.stackBias = fitStack(d, oof, opts)
			for i := range oof {
				m.applyStack(&oof[i])
			}
		}
		m.threshold = tuneThresholds(d, oof, opts)
	}
	fmt.Fprintf(progress, "themes: training the final model (%.1fs)\n", time.Since(start).Seconds())
	w, bias, err := fitAll(d, opts, nil)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(progress, "themes: done (%.1fs)\n", time.Since(start).Seconds())
	m.w, m.bias = w, bias
	m.quantise()
	return m, nil
}

// fitAll trains the numOut scorers on d and returns their weights,
// feature-major, and biases.
func fitAll(d *dataset, opts TrainOptions, step func(int)) ([]float32, [numOut]float32, error) {
	x := d.x
	n := x.rows()
	out := make([]float32, x.cols*numOut)
	var bias [numOut]float32
	y := make([]int8, n)
	for j := 0; j < numOut; j++ {
		if step != nil {
			step(j)
		}
		sub, sel := x, []int(nil)
		p := svmParams{C: opts.C, CPos: opts.C * opts.PosWeight, Epochs: opts.Epochs, Eps: 0.1, Seed: opts.Seed + uint64(j)}
		if j < numThemes {
			for i, ex := range d.ex {
				y[i] = -1
				if slices.Contains(ex.Labels, j) {
					y[i] = 1
				}
			}
		} else {
			p.C, p.CPos = opts.SentC, opts.SentC
			class := j - numThemes + 1
			sel = sel[:0]
			for i, ex := range d.ex {
				if ex.Sentiment > 0 {
					sel = append(sel, i)
				}
			}
			if len(sel) == 0 {
				return nil, bias, errors.New("themes: no rows have a sentiment")
			}
			sub = x.subset(sel)
			rowsOf := sel
			if d.blank != nil {
				// Teach sentiment to do without the FFT score and prompt
				// kind too, as callers do not always know them.
				sub = d.blank.appendRows(sub, sel)
				rowsOf = append(slices.Clone(sel), sel...)
				if cap(y) < len(rowsOf) {
					y = make([]int8, len(rowsOf))
				}
			}
			y = y[:cap(y)]
			for k, i := range rowsOf {
				y[k] = -1
				if d.ex[i].Sentiment == class {
					y[k] = 1
				}
			}
		}
		beta := opts.NBBeta
		if j >= numThemes {
			beta = opts.SentNBBeta
		}
		fit, scale := sub, []float64(nil)
		if beta > 0 {
			scale = nbScale(sub, y[:sub.rows()], beta)
			fit = &csr{ptr: sub.ptr, idx: sub.idx, val: make([]float32, len(sub.val)), cols: sub.cols}
			for k, c := range sub.idx {
				fit.val[k] = sub.val[k] * float32(scale[c])
			}
		}
		w, b := trainSVM(fit, y[:sub.rows()], p)
		for k, wk := range w {
			if scale != nil {
				wk *= scale[k]
			}
			out[k*numOut+j] = float32(wk)
		}
		bias[j] = float32(b)
	}
	return out, bias, nil
}

// nbScale returns per-feature scales in the spirit of NBSVM (Wang and
// Manning, 2012): features whose presence differs most between positive and
// negative rows (by the naive Bayes log-count ratio) are scaled up, which
// under L2 regularisation means they are penalised less. The scale is
// (1-beta) + beta*|r|.
func nbScale(m *csr, y []int8, beta float64) []float64 {
	p := make([]float64, m.cols)
	q := make([]float64, m.cols)
	var np, nq float64
	for i := 0; i < m.rows(); i++ {
		t := q
		if y[i] > 0 {
			t = p
		}
		for k := m.ptr[i]; k < m.ptr[i+1]; k++ {
			t[m.idx[k]]++
		}
	}
	for f := range p {
		p[f]++
		q[f]++
		np += p[f]
		nq += q[f]
	}
	for f := range p {
		r := math.Log(p[f] / np * nq / q[f])
		p[f] = 1 - beta + float64(beta*math.Abs(r))
	}
	return p
}

// fitStack fits the second stage on out-of-fold first-stage scores.
// Placeholder rows are left out: a rule handles them.
func fitStack(d *dataset, oof [][numOut]float32, opts TrainOptions) (a [numOut][numOut]float32, b [numOut]float32) {
	x := &csr{cols: numOut, ptr: []int{0}}
	var rows []int
	idx := make([]int32, numOut)
	for k := range idx {
		idx[k] = int32(k)
	}
	for i := range oof {
		if d.skip[i] {
			continue
		}
		x.add(idx, oof[i][:])
		rows = append(rows, i)
	}
	y := make([]int8, len(rows))
	for j := 0; j < numOut; j++ {
		if j < numThemes && !opts.StackThemes {
			a[j][j] = 1
			continue
		}
		sub, sel := x, []int(nil)
		for r, i := range rows {
			ex := d.ex[i]
			if j < numThemes {
				y[r] = -1
				if slices.Contains(ex.Labels, j) {
					y[r] = 1
				}
				continue
			}
			if ex.Sentiment > 0 {
				y[len(sel)] = -1
				if ex.Sentiment == j-numThemes+1 {
					y[len(sel)] = 1
				}
				sel = append(sel, r)
			}
		}
		if j >= numThemes {
			sub = x.subset(sel)
		}
		p := svmParams{C: opts.StackC, CPos: opts.StackC, Epochs: 100, Eps: 0.01, Seed: opts.Seed + 1000 + uint64(j)}
		w, bias := trainSVM(sub, y[:sub.rows()], p)
		for k, wk := range w {
			a[j][k] = float32(wk)
		}
		b[j] = float32(bias)
	}
	return a, b
}

// folds assigns each of n rows to one of k folds, reproducibly.
func folds(n, k int, seed uint64) []int {
	perm := rand.New(rand.NewPCG(seed, 0x666f6c6473)).Perm(n)
	f := make([]int, n)
	for pos, i := range perm {
		f[i] = pos % k
	}
	return f
}

// outOfFold returns, for every row of d, the scores of a model trained
// without that row's fold.
func outOfFold(d *dataset, opts TrainOptions, progress io.Writer, start time.Time) ([][numOut]float32, error) {
	k := opts.CalibFolds
	fold := folds(d.x.rows(), k, opts.Seed^0xca11)
	scores := make([][numOut]float32, d.x.rows())
	for f := 0; f < k; f++ {
		var trainSel, testSel []int
		for i, fi := range fold {
			if fi == f {
				testSel = append(testSel, i)
			} else {
				trainSel = append(trainSel, i)
			}
		}
		sub := &dataset{x: d.x.subset(trainSel)}
		if d.blank != nil {
			sub.blank = d.blank.subset(trainSel)
		}
		for _, i := range trainSel {
			sub.ex = append(sub.ex, d.ex[i])
		}
		fmt.Fprintf(progress, "themes: calibrating thresholds, fold %d/%d (%.1fs)\n", f+1, k, time.Since(start).Seconds())
		w, bias, err := fitAll(sub, opts, nil)
		if err != nil {
			return nil, err
		}
		for _, i := range testSel {
			sc := &scores[i]
			*sc = bias
			for p := d.x.ptr[i]; p < d.x.ptr[i+1]; p++ {
				v := d.x.val[p]
				row := w[int(d.x.idx[p])*numOut:]
				for j := range sc {
					sc[j] += float32(v * row[j])
				}
			}
		}
	}
	return scores, nil
}

// tuneThresholds picks, for every sub-theme, the threshold on out-of-fold
// scores that maximises that label's F1, shrunk towards opts.Threshold in
// proportion to how few positives the label has.
func tuneThresholds(d *dataset, oof [][numOut]float32, opts TrainOptions) [numThemes]float32 {
	var th [numThemes]float32
	type pt struct {
		s   float32
		pos bool
	}
	for j := 0; j < numThemes; j++ {
		var pts []pt
		npos := 0
		for i, ex := range d.ex {
			if d.skip[i] {
				continue
			}
			p := slices.Contains(ex.Labels, j)
			if p {
				npos++
			}
			pts = append(pts, pt{oof[i][j], p})
		}
		th[j] = float32(opts.Threshold)
		if npos == 0 {
			continue
		}
		slices.SortStableFunc(pts, func(a, b pt) int {
			switch {
			case a.s > b.s:
				return -1
			case a.s < b.s:
				return 1
			}
			return 0
		})
		// Walk down the scores: predicting positive for the top r rows.
		best, bestT, tp := -1.0, opts.Threshold, 0
		for r := 0; r < len(pts); r++ {
			if pts[r].pos {
				tp++
			}
			if r+1 < len(pts) && pts[r+1].s == pts[r].s {
				continue
			}
			f1 := 2 * float64(tp) / float64(r+1+npos)
			if f1 > best {
				best = f1
				next := float64(pts[r].s) - 1
				if r+1 < len(pts) {
					next = float64(pts[r+1].s)
				}
				bestT = (float64(pts[r].s) + next) / 2
			}
		}
		wt := float64(npos) / (float64(npos) + opts.Shrink)
		th[j] = float32(float64(wt*bestT) + float64((1-wt)*opts.Threshold))
	}
	return th
}
