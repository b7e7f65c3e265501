package survey

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Known values: the Wilson score interval with z = 1.959964,
//
//	(p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n).
//
// 8/10: p = 0.8, z² = 3.841459; centre 0.99207, half-width 0.31362,
// denominator 1.38415 → [0.4902, 0.9433]. 0/10 → [0, z²/(n+z²)] =
// [0, 0.2775]; 10/10 is its mirror image. 45/100 → [0.3561, 0.5476]
// (Newcombe 1998, method 3, gives the same to four places).
func TestWilson(t *testing.T) {
	tests := []struct {
		n, total  int
		low, high float64
	}{
		{8, 10, 0.4902, 0.9433},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{45, 100, 0.3561, 0.5476},
		{1, 1, 0.2065, 1},
	}
	for _, tt := range tests {
		low, high := Wilson(tt.n, tt.total)
		if !near(low, tt.low, 5e-5) || !near(high, tt.high, 5e-5) {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tt.n, tt.total, low, high, tt.low, tt.high)
		}
		if low < 0 || high > 1 || low > high {
			t.Errorf("Wilson(%d, %d) = [%v, %v] is not inside [0, 1]", tt.n, tt.total, low, high)
		}
	}
	if low, high := Wilson(0, 0); low != 0 || high != 0 {
		t.Errorf("Wilson(0, 0) = [%v, %v], want [0, 0]", low, high)
	}
}

// Known values, by hand with the pooled standard error
// se = sqrt(P(1−P)(1/n1 + 1/n2)), P = (x1+x2)/(n1+n2), and p = erfc(|z|/√2):
//
//	60/100 vs 45/100: P = 0.525, se = 0.070622, z = 0.15/0.070622 = 2.1240, p = 0.0337
//	10/20 vs 5/20:    P = 0.375, se = 0.153093, z = 0.25/0.153093 = 1.6330, p = 0.1025
//	120/200 vs 100/200: P = 0.55, se = 0.049749, z = 2.0101, p = 0.0444
func TestTwoProportionZ(t *testing.T) {
	tests := []struct {
		n1, t1, n2, t2 int
		z, p           float64
	}{
		{60, 100, 45, 100, 2.1240, 0.0337},
		{45, 100, 60, 100, -2.1240, 0.0337},
		{10, 20, 5, 20, 1.6330, 0.1025},
		{120, 200, 100, 200, 2.0101, 0.0444},
		{30, 50, 30, 50, 0, 1},
	}
	for _, tt := range tests {
		z, p := TwoProportionZ(tt.n1, tt.t1, tt.n2, tt.t2)
		if !near(z, tt.z, 5e-5) || !near(p, tt.p, 5e-5) {
			t.Errorf("TwoProportionZ(%d/%d, %d/%d) = z %.4f p %.4f, want z %.4f p %.4f", tt.n1, tt.t1, tt.n2, tt.t2, z, p, tt.z, tt.p)
		}
	}
	// No variation or no data: nothing to test.
	for _, c := range [][4]int{{0, 10, 0, 10}, {10, 10, 5, 5}, {1, 0, 1, 5}} {
		if z, p := TwoProportionZ(c[0], c[1], c[2], c[3]); z != 0 || p != 1 {
			t.Errorf("TwoProportionZ(%v) = %v, %v; want 0, 1", c, z, p)
		}
	}
}
