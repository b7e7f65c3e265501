package themes

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// RiskExample is one labelled comment: Kind is a Risk* kind, or "-" when
// the comment must not be flagged.
type RiskExample struct {
	Kind, Text string
	// Real marks a comment from real feedback (not written for the
	// corpus): the alert threshold is calibrated on these too.
	Real bool
}

// Risky reports whether the example is a disclosure.
func (e RiskExample) Risky() bool { return e.Kind != "-" }

// ReadRiskExamples reads "kind<TAB>comment" lines; blank lines and lines
// starting with # are skipped. An unknown kind is an error naming the line.
func ReadRiskExamples(r io.Reader) ([]RiskExample, error) {
	var out []RiskExample
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, text, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("line %d: want kind<TAB>comment", n)
		}
		if kind != "-" && riskRank(kind) == len(riskKindOrder) {
			return nil, fmt.Errorf("line %d: unknown risk kind %q", n, kind)
		}
		out = append(out, RiskExample{Kind: kind, Text: text})
	}
	return out, sc.Err()
}

// RiskTrainOptions are the settings of TrainRisk.
type RiskTrainOptions struct {
	C         float64 // SVM cost
	PosWeight float64 // extra cost on risky examples: recall matters more
	KindC     float64
	MinDF     int
	Epochs    int
	Folds     int // internal folds for the thresholds
	// AlertPrecision is the out-of-fold precision the alert threshold must
	// reach; ReviewRecall the recall that alerts plus reviews must reach.
	AlertPrecision, ReviewRecall float64
	// ReviewMargin keeps a band of at least this width below the alert
	// threshold for review, however well the training scores separate:
	// comments unlike the corpus land there.
	ReviewMargin float64
	// RealFalseAlertRate caps the share of real clean comments (examples
	// marked Real) that may raise an alert out of fold: the alert threshold
	// is raised above the score of the rest. Real feedback is almost all
	// clean, so precision on the synthetic corpus alone overstates alert
	// precision on a trust's traffic. 0 leaves the threshold alone.
	RealFalseAlertRate float64
	Seed               uint64
}

// DefaultRiskTrainOptions are the settings chosen by cross-validation on
// the training corpus only (docs/redaction-and-risk.md).
func DefaultRiskTrainOptions() RiskTrainOptions {
	return RiskTrainOptions{C: 0.5, PosWeight: 2, KindC: 0.5, MinDF: 2, Epochs: 60, Folds: 5,
		AlertPrecision: 0.90, ReviewRecall: 0.99, ReviewMargin: 0.25, RealFalseAlertRate: 0.002, Seed: 11}
}

// riskData is a featurised set.
type riskData struct {
	x    *csr
	rows []RiskExample
	rule []Risk
}

func riskFeaturise(rows []RiskExample, o FeatureOptions, minDF int) (*vocab, [][]uint64, []Risk) {
	var s scratch
	docs := make([][]uint64, len(rows))
	rules := make([]Risk, len(rows))
	var all []uint64
	for i, r := range rows {
		rules[i] = riskExtract(&s, &o, r.Text)
		docs[i] = slices.Clone(s.hashes)
		h := slices.Clone(s.hashes)
		slices.Sort(h)
		all = append(all, slices.Compact(h)...)
	}
	slices.Sort(all)
	v := &vocab{}
	n := float64(len(rows))
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if j-i >= minDF || all[i]&blockMask == blockMeta {
			v.keys = append(v.keys, all[i])
			v.idf = append(v.idf, float32(math.Log((1+n)/(1+float64(j-i)))+1))
		}
		i = j
	}
	v.buildIndex()
	return v, docs, rules
}

func riskVectors(docs [][]uint64, o FeatureOptions, v *vocab) *csr {
	var s scratch
	x := &csr{cols: len(v.keys), ptr: []int{0}}
	for _, h := range docs {
		s.hashes = h
		o.vectorise(&s, v)
		x.add(s.idx, s.val)
	}
	return x
}

// TrainRisk fits the risk model to rows. The thresholds come from
// out-of-fold scores on rows alone.
func TrainRisk(rows []RiskExample, opts RiskTrainOptions) (*RiskModel, error) {
	if len(rows) < 2*opts.Folds {
		return nil, fmt.Errorf("themes: %d risk examples are too few", len(rows))
	}
	f, err := riskFit(rows, opts)
	if err != nil {
		return nil, err
	}
	oof := riskOutOfFold(rows, opts)
	f.Review, f.Alert = riskThresholds(rows, oof, opts)
	return newRiskModel(f), nil
}

// riskFit fits the weights (not the thresholds).
func riskFit(rows []RiskExample, opts RiskTrainOptions) (riskModelFile, error) {
	fo := riskFeatureOptions()
	v, docs, _ := riskFeaturise(rows, fo, opts.MinDF)
	x := riskVectors(docs, fo, v)
	y := make([]int8, len(rows))
	var risky []int
	for i, r := range rows {
		y[i] = -1
		if r.Risky() {
			y[i] = 1
			risky = append(risky, i)
		}
	}
	if len(risky) == 0 || len(risky) == len(rows) {
		return riskModelFile{}, fmt.Errorf("themes: risk examples need both risky and clean comments")
	}
	p := svmParams{C: opts.C, CPos: opts.C * opts.PosWeight, Epochs: opts.Epochs, Eps: 0.05, Seed: opts.Seed}
	w, b := trainSVM(x, y, p)
	f := riskModelFile{Version: riskModelVersion, Features: fo, Keys: v.keys, IDF: v.idf, W: toF32(w), Bias: float32(b)}
	xr := x.subset(risky)
	for k, kind := range riskKindOrder {
		yk := make([]int8, len(risky))
		for j, i := range risky {
			yk[j] = -1
			if rows[i].Kind == kind {
				yk[j] = 1
			}
		}
		pk := svmParams{C: opts.KindC, CPos: opts.KindC, Epochs: opts.Epochs, Eps: 0.05, Seed: opts.Seed + uint64(k) + 1}
		wk, bk := trainSVM(xr, yk, pk)
		f.KindW = append(f.KindW, toF32(wk))
		f.KindBias = append(f.KindBias, float32(bk))
	}
	return f, nil
}

func toF32(w []float64) []float32 {
	out := make([]float32, len(w))
	for i, x := range w {
		out[i] = float32(x)
	}
	return out
}

// riskOutOfFold returns each row's score and rule result from a model
// trained without its fold.
func riskOutOfFold(rows []RiskExample, opts RiskTrainOptions) []Risk {
	fold := folds(len(rows), opts.Folds, opts.Seed)
	out := make([]Risk, len(rows))
	for k := 0; k < opts.Folds; k++ {
		var train []RiskExample
		var test []int
		for i, r := range rows {
			if fold[i] == k {
				test = append(test, i)
			} else {
				train = append(train, r)
			}
		}
		f, err := riskFit(train, opts)
		if err != nil {
			continue // a fold without both classes: its rows keep score 0
		}
		f.Alert, f.Review = float32(math.Inf(1)), float32(math.Inf(1))
		m := newRiskModel(f)
		for _, i := range test {
			out[i] = m.Detect(rows[i].Text)
		}
	}
	return out
}

// riskThresholds picks the alert threshold as the lowest score at which
// alerts (rules or score) reach opts.AlertPrecision out of fold, raised if
// need be so that at most opts.RealFalseAlertRate of real clean comments
// raise an alert, and the review threshold as the highest score at which
// alerts plus reviews reach opts.ReviewRecall, at least opts.ReviewMargin
// below the precision-based alert threshold.
func riskThresholds(rows []RiskExample, oof []Risk, opts RiskTrainOptions) (review, alert float32) {
	type pt struct {
		score float64
		risky bool
	}
	var pts []pt
	pos, ruleTP, ruleFP := 0, 0, 0
	for i, r := range rows {
		if r.Risky() {
			pos++
		}
		if oof[i].Flag { // a rule fired: an alert whatever the score
			if r.Risky() {
				ruleTP++
			} else {
				ruleFP++
			}
			continue
		}
		pts = append(pts, pt{oof[i].Score, r.Risky()})
	}
	slices.SortFunc(pts, func(a, b pt) int { return -cmpF(a.score, b.score) })
	alert, review = float32(math.Inf(1)), float32(math.Inf(1))
	tp, fp := ruleTP, ruleFP
	for i, p := range pts {
		if p.risky {
			tp++
		} else {
			fp++
		}
		if i+1 < len(pts) && pts[i+1].score == p.score {
			continue
		}
		if float64(tp)/float64(tp+fp) >= opts.AlertPrecision {
			alert = float32(p.score)
		}
		if review == float32(math.Inf(1)) && float64(tp)/float64(max(pos, 1)) >= opts.ReviewRecall {
			review = float32(p.score)
		}
	}
	// The review band reaches below the precision-based threshold, so
	// comments the real-comment cap lifts out of the alerts go to review
	// instead of being lost.
	review = min(review, alert-float32(opts.ReviewMargin))
	return review, max(alert, riskRealAlert(rows, oof, opts.RealFalseAlertRate))
}

// riskRealAlert returns the lowest threshold at which at most rate of the
// real clean comments raise an alert out of fold (rule alerts included),
// or -Inf when there are no real clean comments or rate is 0.
func riskRealAlert(rows []RiskExample, oof []Risk, rate float64) float32 {
	var scores []float64
	clean, ruleFP := 0, 0
	for i, r := range rows {
		if !r.Real || r.Risky() {
			continue
		}
		clean++
		if oof[i].Flag {
			ruleFP++
		} else {
			scores = append(scores, oof[i].Score)
		}
	}
	if clean == 0 || rate <= 0 {
		return float32(math.Inf(-1))
	}
	allowed := int(rate*float64(clean)) - ruleFP
	if allowed < 0 {
		allowed = 0
	}
	if allowed >= len(scores) {
		return float32(math.Inf(-1))
	}
	slices.SortFunc(scores, func(a, b float64) int { return -cmpF(a, b) })
	return math.Nextafter32(float32(scores[allowed]), float32(math.Inf(1)))
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// RiskMetrics counts a detector's results on labelled comments.
type RiskMetrics struct {
	Risky, Clean int
	// AlertTP/AlertFP count alerts; AnyTP/AnyFP count alerts and reviews.
	AlertTP, AlertFP, AnyTP, AnyFP int
	KindRight                      int // alerts of the right kind
}

// Add counts one result.
func (m *RiskMetrics) Add(ex RiskExample, got Risk) {
	if ex.Risky() {
		m.Risky++
	} else {
		m.Clean++
	}
	if got.Level == "" {
		return
	}
	switch {
	case ex.Risky():
		m.AnyTP++
		if got.Flag {
			m.AlertTP++
			if got.Kind == ex.Kind {
				m.KindRight++
			}
		}
	default:
		m.AnyFP++
		if got.Flag {
			m.AlertFP++
		}
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// String reports recall and precision at the alert level and for alerts
// plus reviews.
func (m RiskMetrics) String() string {
	return fmt.Sprintf("risky %d, clean %d; alerts: recall %.3f (%d/%d) precision %.3f (%d/%d), kind right %d/%d; alerts+review: recall %.3f (%d/%d) precision %.3f (%d/%d), clean comments sent to review %d",
		m.Risky, m.Clean, ratio(m.AlertTP, m.Risky), m.AlertTP, m.Risky, ratio(m.AlertTP, m.AlertTP+m.AlertFP), m.AlertTP, m.AlertTP+m.AlertFP,
		m.KindRight, m.AlertTP, ratio(m.AnyTP, m.Risky), m.AnyTP, m.Risky, ratio(m.AnyTP, m.AnyTP+m.AnyFP), m.AnyTP, m.AnyTP+m.AnyFP, m.AnyFP-m.AlertFP)
}

// EvaluateRisk scores m on rows.
func EvaluateRisk(m *RiskModel, rows []RiskExample) RiskMetrics {
	var out RiskMetrics
	for _, r := range rows {
		out.Add(r, m.Detect(r.Text))
	}
	return out
}

// CrossValidateRisk trains on k-1 folds of rows (thresholds tuned inside
// them) and scores the k-th, for every fold.
func CrossValidateRisk(rows []RiskExample, k int, opts RiskTrainOptions) (RiskMetrics, error) {
	got, err := CrossValidateRiskRows(rows, k, opts)
	var out RiskMetrics
	if err != nil {
		return out, err
	}
	for i, r := range rows {
		out.Add(r, got[i])
	}
	return out, nil
}

// CrossValidateRiskRows returns each row's result from a model trained
// (thresholds included) on the other k-1 folds.
func CrossValidateRiskRows(rows []RiskExample, k int, opts RiskTrainOptions) ([]Risk, error) {
	fold := folds(len(rows), k, opts.Seed+100)
	out := make([]Risk, len(rows))
	for f := 0; f < k; f++ {
		var train []RiskExample
		var test []int
		for i, r := range rows {
			if fold[i] == f {
				test = append(test, i)
			} else {
				train = append(train, r)
			}
		}
		m, err := TrainRisk(train, opts)
		if err != nil {
			return nil, err
		}
		for _, i := range test {
			out[i] = m.Detect(rows[i].Text)
		}
	}
	return out, nil
}
