package themes

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Metrics are the scores of a model on labelled comments.
type Metrics struct {
	Comments                   int
	MicroF1, MacroF1           float64 // sub-themes
	MajorMicroF1, MajorMacroF1 float64 // major categories
	ExactMatch                 float64 // predicted sub-theme set equals the coders'
	SentimentRows              int
	Sentiment5, Sentiment3     float64      // accuracy, 5-class and 1–2/3/4–5
	TrainSeconds               float64      // wall-clock, mean per fold
	TrainCPUSeconds            float64      // process CPU time, mean per fold
	CommentsPerSecond          float64      // full Analyse, including redaction and risk, wall-clock
	CommentsPerCPUSecond       float64      // the same per second of process CPU time
	PerLabel                   []LabelScore // one per sub-theme, framework order
}

// LabelScore is one sub-theme's precision, recall and F1.
type LabelScore struct {
	Name                  string
	Support, Predicted    int // gold and predicted counts
	Precision, Recall, F1 float64
}

func (c confusion) perLabel() []LabelScore {
	out := make([]LabelScore, len(c.tp))
	for j := range c.tp {
		tp, fp, fn := float64(c.tp[j]), float64(c.fp[j]), float64(c.fn[j])
		ls := LabelScore{Name: SubThemes[j], Support: c.tp[j] + c.fn[j], Predicted: c.tp[j] + c.fp[j]}
		if tp+fp > 0 {
			ls.Precision = tp / (tp + fp)
		}
		if tp+fn > 0 {
			ls.Recall = tp / (tp + fn)
		}
		if tp > 0 {
			ls.F1 = 2 * tp / (2*tp + fp + fn)
		}
		out[j] = ls
	}
	return out
}

// LabelTable formats PerLabel as a table.
func (m Metrics) LabelTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-58s %7s %9s %9s %6s %6s\n", "sub-theme", "support", "predicted", "precision", "recall", "F1")
	for _, l := range m.PerLabel {
		fmt.Fprintf(&b, "%-58s %7d %9d %9.3f %6.3f %6.3f\n", l.Name, l.Support, l.Predicted, l.Precision, l.Recall, l.F1)
	}
	return b.String()
}

// confusion counts true positives, false positives and false negatives per
// label.
type confusion struct{ tp, fp, fn []int }

func newConfusion(n int) confusion {
	return confusion{make([]int, n), make([]int, n), make([]int, n)}
}

func (c confusion) add(gold, pred []int) {
	for _, g := range gold {
		if slices.Contains(pred, g) {
			c.tp[g]++
		} else {
			c.fn[g]++
		}
	}
	for _, p := range pred {
		if !slices.Contains(gold, p) {
			c.fp[p]++
		}
	}
}

// f1 returns micro-F1, and macro-F1 over the labels that occur in the gold
// standard or the predictions (a label absent from both has no F1).
func (c confusion) f1() (micro, macro float64) {
	var tp, fp, fn, n int
	for j := range c.tp {
		tp += c.tp[j]
		fp += c.fp[j]
		fn += c.fn[j]
		if d := 2*c.tp[j] + c.fp[j] + c.fn[j]; d > 0 {
			macro += 2 * float64(c.tp[j]) / float64(d)
			n++
		}
	}
	if d := 2*tp + fp + fn; d > 0 {
		micro = 2 * float64(tp) / float64(d)
	}
	if n > 0 {
		macro /= float64(n)
	}
	return micro, macro
}

func majors(labels []int) []int {
	var seen [16]bool
	for _, l := range labels {
		seen[majorOfSub[l]] = true
	}
	var out []int
	for i := range MajorCategories {
		if seen[i] {
			out = append(out, i)
		}
	}
	return out
}

func sentiment3(s int) int {
	switch {
	case s <= 2:
		return 1
	case s == 3:
		return 2
	}
	return 3
}

// scorer accumulates Metrics over predictions.
type scorer struct {
	sub, maj             confusion
	n, exact, sn, s5, s3 int
}

func newScorer() *scorer {
	return &scorer{sub: newConfusion(numThemes), maj: newConfusion(len(MajorCategories))}
}

func (s *scorer) add(ex Example, p Prediction) {
	s.n++
	s.sub.add(ex.Labels, p.Labels)
	s.maj.add(majors(ex.Labels), majors(p.Labels))
	if slices.Equal(ex.Labels, p.Labels) {
		s.exact++
	}
	if ex.Sentiment > 0 {
		s.sn++
		if ex.Sentiment == p.Sentiment {
			s.s5++
		}
		if sentiment3(ex.Sentiment) == sentiment3(p.Sentiment) {
			s.s3++
		}
	}
}

func (s *scorer) metrics() Metrics {
	m := Metrics{Comments: s.n, SentimentRows: s.sn}
	m.MicroF1, m.MacroF1 = s.sub.f1()
	m.PerLabel = s.sub.perLabel()
	m.MajorMicroF1, m.MajorMacroF1 = s.maj.f1()
	if s.n > 0 {
		m.ExactMatch = float64(s.exact) / float64(s.n)
	}
	if s.sn > 0 {
		m.Sentiment5 = float64(s.s5) / float64(s.sn)
		m.Sentiment3 = float64(s.s3) / float64(s.sn)
	}
	return m
}

// Evaluate scores m on labelled rows.
func Evaluate(m *Model, rows []Example) Metrics {
	sc := newScorer()
	for _, ex := range rows {
		sc.add(ex, m.Predict(ex.Input))
	}
	return sc.metrics()
}

// CrossValidate trains on k-1 folds and tests on the remaining one, k times,
// and returns the pooled scores of the held-out predictions. Folds are drawn
// with opts.Seed, so the result is reproducible.
func CrossValidate(rows []Example, k int, opts TrainOptions, progress io.Writer) (Metrics, error) {
	if k < 2 || k > len(rows) {
		return Metrics{}, fmt.Errorf("themes: %d folds for %d rows", k, len(rows))
	}
	if progress == nil {
		progress = io.Discard
	}
	fold := folds(len(rows), k, opts.Seed)
	sc := newScorer()
	var trainTime, analyseTime, trainCPU, analyseCPU time.Duration
	for f := 0; f < k; f++ {
		var train, test []Example
		for i, fi := range fold {
			if fi == f {
				test = append(test, rows[i])
			} else {
				train = append(train, rows[i])
			}
		}
		fmt.Fprintf(progress, "fold %d/%d: training on %d comments\n", f+1, k, len(train))
		t0, c0 := time.Now(), cpuTime()
		m, err := Train(train, opts, progress)
		if err != nil {
			return Metrics{}, err
		}
		trainTime += time.Since(t0)
		trainCPU += cpuTime() - c0
		e := NewEngine(m)
		t0, c0 = time.Now(), cpuTime()
		for _, ex := range test {
			e.Analyse(ex.Input)
		}
		analyseTime += time.Since(t0)
		analyseCPU += cpuTime() - c0
		for _, ex := range test {
			sc.add(ex, m.Predict(ex.Input))
		}
	}
	met := sc.metrics()
	met.TrainSeconds = trainTime.Seconds() / float64(k)
	met.TrainCPUSeconds = trainCPU.Seconds() / float64(k)
	if analyseTime > 0 {
		met.CommentsPerSecond = float64(len(rows)) / analyseTime.Seconds()
	}
	if analyseCPU > 0 {
		met.CommentsPerCPUSecond = float64(len(rows)) / analyseCPU.Seconds()
	}
	return met, nil
}

// String formats the metrics as the eval command prints them.
func (m Metrics) String() string {
	return fmt.Sprintf(`comments                 %d
sub-themes   micro-F1    %.3f
sub-themes   macro-F1    %.3f
major        micro-F1    %.3f
major        macro-F1    %.3f
exact-match accuracy     %.3f
sentiment rows           %d
sentiment 5-class acc.   %.3f
sentiment 3-class acc.   %.3f
training time (s/fold)   %.2f wall-clock, %.2f CPU
comments per second      %.0f wall-clock, %.0f per CPU second
`, m.Comments, m.MicroF1, m.MacroF1, m.MajorMicroF1, m.MajorMacroF1, m.ExactMatch,
		m.SentimentRows, m.Sentiment5, m.Sentiment3, m.TrainSeconds, m.TrainCPUSeconds,
		m.CommentsPerSecond, m.CommentsPerCPUSecond)
}
