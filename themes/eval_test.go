package themes

import (
	"math"
	"strings"
	"testing"
)

func TestConfusionF1(t *testing.T) {
	tests := []struct {
		name         string
		gold, pred   [][]int
		micro, macro float64
	}{
		{"perfect", [][]int{{0}, {1, 2}}, [][]int{{0}, {1, 2}}, 1, 1},
		{"nothing predicted", [][]int{{0}, {1}}, [][]int{nil, nil}, 0, 0},
		// label 0: tp 1 fp 1 → F1 2/3; label 1: fn 1 → 0; label 2: tp 1 → 1.
		// micro: tp 2, fp 1, fn 1 → 4/6.
		{"mixed", [][]int{{0}, {1, 2}, nil}, [][]int{{0}, {2}, {0}}, 4.0 / 6, (2.0/3 + 0 + 1) / 3},
		// Labels absent from gold and predictions do not count in macro-F1.
		{"unused labels", [][]int{{3}}, [][]int{{3}}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newConfusion(numThemes)
			for i := range tt.gold {
				c.add(tt.gold[i], tt.pred[i])
			}
			micro, macro := c.f1()
			if math.Abs(micro-tt.micro) > 1e-9 || math.Abs(macro-tt.macro) > 1e-9 {
				t.Errorf("f1() = %.4f, %.4f; want %.4f, %.4f", micro, macro, tt.micro, tt.macro)
			}
		})
	}
}

func TestMajorsAndSentiment3(t *testing.T) {
	// Competence & training (Staff), Parking (Service location, travel &
	// transport), Positive experience (General), Staffing levels (Staff).
	got := majors([]int{3, 18, 28, 31})
	want := []int{0, 1, 9}
	if len(got) != len(want) {
		t.Fatalf("majors = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("majors = %v, want %v", got, want)
		}
	}
	for s, want := range map[int]int{1: 1, 2: 1, 3: 2, 4: 3, 5: 3} {
		if got := sentiment3(s); got != want {
			t.Errorf("sentiment3(%d) = %d, want %d", s, got, want)
		}
	}
}

func TestCrossValidate(t *testing.T) {
	rows := mustRows(t)[:300]
	m, err := CrossValidate(rows, 2, quickOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Comments != 300 || m.SentimentRows == 0 || len(m.PerLabel) != numThemes {
		t.Errorf("counts: %+v", m)
	}
	for name, v := range map[string]float64{"micro": m.MicroF1, "macro": m.MacroF1, "major micro": m.MajorMicroF1,
		"exact": m.ExactMatch, "sentiment5": m.Sentiment5, "sentiment3": m.Sentiment3} {
		if v <= 0 || v > 1 {
			t.Errorf("%s = %v, want in (0, 1]", name, v)
		}
	}
	if m.Sentiment3 < m.Sentiment5 {
		t.Errorf("3-class accuracy %v below 5-class %v", m.Sentiment3, m.Sentiment5)
	}
	if !strings.Contains(m.String(), "micro-F1") || !strings.Contains(m.LabelTable(), "Parking") {
		t.Errorf("String/LabelTable incomplete:\n%s\n%s", m, m.LabelTable())
	}
	if _, err := CrossValidate(rows, 1, quickOptions(), nil); err == nil {
		t.Error("CrossValidate with 1 fold: want an error")
	}
}
