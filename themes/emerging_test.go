package themes

import (
	"math"
	"strings"
	"testing"
)

func emRepeat(n int, s string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestEmergingTerms(t *testing.T) {
	previous := append(emRepeat(40, "Kind staff, clean ward, good food."),
		emRepeat(5, "Parking was fine.")...)
	current := append(emRepeat(40, "Kind staff, clean ward, good food."),
		emRepeat(30, "Parking was impossible, the car park is always full. Dr Nguyen agreed.")...)
	got := EmergingTerms(current, previous, EmergingOptions{})
	if len(got) == 0 {
		t.Fatal("no terms")
	}
	terms := map[string]EmergingTerm{}
	for _, e := range got {
		terms[e.Term] = e
	}
	for _, want := range []string{"parking", "car park", "impossible"} {
		if _, ok := terms[want]; !ok {
			t.Errorf("missing rising term %q in %v", want, got)
		}
	}
	for _, bad := range []string{"the", "was", "nguyen", "name", "staff", "kind"} {
		if _, ok := terms[bad]; ok {
			t.Errorf("term %q should not be returned", bad)
		}
	}
	for i := 1; i < len(got); i++ {
		if got[i].Z > got[i-1].Z || got[i].Z == got[i-1].Z && got[i].Term < got[i-1].Term {
			t.Errorf("not sorted at %d: %v then %v", i, got[i-1], got[i])
		}
	}
	p := terms["parking"]
	if p.CountCurrent != 30 || p.CountPrevious != 5 {
		t.Errorf("parking counts = %d/%d, want 30/5", p.CountCurrent, p.CountPrevious)
	}
}

// TestEmergingTermsFormula checks one z-score against the formula by hand.
func TestEmergingTermsFormula(t *testing.T) {
	current := []string{"alpha beta", "alpha gamma", "alpha delta"}
	previous := []string{"beta gamma", "delta beta", "alpha"}
	got := EmergingTerms(current, previous, EmergingOptions{MinCount: 1, Limit: 100})
	var alpha *EmergingTerm
	for i := range got {
		if got[i].Term == "alpha" {
			alpha = &got[i]
		}
	}
	if alpha == nil {
		t.Fatalf("alpha missing from %v", got)
	}
	// Unigrams: current 6 tokens (alpha 3), previous 5 tokens (alpha 1).
	yc, yp, nc, np := 3.0, 1.0, 6.0, 5.0
	aw, a0 := yc+yp, nc+np
	delta := math.Log((yc+aw)/(nc+a0-yc-aw)) - math.Log((yp+aw)/(np+a0-yp-aw))
	z := delta / math.Sqrt(1/(yc+aw)+1/(yp+aw))
	if math.Abs(alpha.Z-z) > 1e-12 || math.Abs(alpha.LogOdds-delta) > 1e-12 {
		t.Errorf("alpha z = %v log-odds %v, want %v %v", alpha.Z, alpha.LogOdds, z, delta)
	}
}

func TestEmergingTermsOptions(t *testing.T) {
	var current, previous []string
	for i := 0; i < 30; i++ {
		current = append(current, "waiting list ward "+strings.Repeat("x", 0)+"noise")
		previous = append(previous, "ward quiet")
	}
	if got := EmergingTerms(current, previous, EmergingOptions{Limit: 2}); len(got) != 2 {
		t.Errorf("Limit 2 returned %d terms", len(got))
	}
	if got := EmergingTerms(current, previous, EmergingOptions{MinCount: 1000}); len(got) != 0 {
		t.Errorf("MinCount 1000 returned %v", got)
	}
	if got := EmergingTerms(nil, nil, EmergingOptions{}); len(got) != 0 {
		t.Errorf("empty input returned %v", got)
	}
	// Deterministic on ties: "list" and "waiting" have the same counts.
	a := EmergingTerms(current, previous, EmergingOptions{})
	b := EmergingTerms(current, previous, EmergingOptions{})
	if len(a) != len(b) {
		t.Fatal("different lengths")
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run differs at %d: %v vs %v", i, a[i], b[i])
		}
	}
}

func BenchmarkEmergingTerms(b *testing.B) {
	var cur, prev []string
	for i := 0; i < 500; i++ {
		cur = append(cur, piiBenchComment, riskBenchComment)
		prev = append(prev, riskBenchComment)
	}
	b.ReportAllocs()
	for b.Loop() {
		EmergingTerms(cur, prev, EmergingOptions{})
	}
}
